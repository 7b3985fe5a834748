"""The model file the engine maps is the file it hashed.

A verdict cached by path, size and modification time can be forged from the user's side
(replace the file, reset the time, or edit the cache). So the engine opens the model file
once, hashes that open file while llama.cpp loads it, and answers no request before the
SHA-256 matches the catalogue. On Linux llama.cpp loads ``/proc/self/fd/N``, the very file
that is open; on Windows the handle is opened without write or delete sharing, so nobody can
change or replace the file while the engine has it.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from pathlib import Path

CHUNK = 8 << 20


class PinnedFile:
    """A read-only handle on the model file for the engine's lifetime."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = _open_locked(path)
        self.sha256 = ""
        self._thread = threading.Thread(target=self._hash, name="model-hash", daemon=True)
        self._thread.start()

    @property
    def load_path(self) -> str:
        """The name under which llama.cpp opens the same file."""
        proc = f"/proc/self/fd/{self.fd}"
        return proc if sys.platform.startswith("linux") and os.path.exists(proc) else str(self.path)

    def _hash(self) -> None:
        digest = hashlib.sha256()
        with os.fdopen(os.dup(self.fd), "rb") as fh:  # the same open file, its own handle
            fh.seek(0)
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        self.sha256 = digest.hexdigest()

    def digest(self) -> str:
        """The file's SHA-256 (waits for the hash that started with the handle)."""
        self._thread.join()
        return self.sha256

    def close(self) -> None:
        self._thread.join()
        os.close(self.fd)


def _open_locked(path: Path) -> int:
    if sys.platform != "win32":
        return os.open(path, os.O_RDONLY)
    import ctypes
    import msvcrt
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    generic_read, share_read, open_existing = 0x80000000, 0x1, 3
    handle = kernel32.CreateFileW(str(path), generic_read, share_read, None, open_existing, 0, None)
    if handle in (None, wintypes.HANDLE(-1).value):
        raise OSError(ctypes.get_last_error(), "Modelldatei nicht lesbar", str(path))
    return msvcrt.open_osfhandle(handle, os.O_RDONLY)
