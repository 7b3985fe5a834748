"""The model file the engine maps is the file it hashed, hashed before any parser reads it.

A verdict cached by path, size and modification time can be forged from the user's side
(replace the file, reset the time, or edit the cache). So the engine opens the model file
once and hashes that open file completely; only a file whose SHA-256 matches the catalogue
reaches llama.cpp's GGUF parser (a parser bug cannot be reached by a hostile file on a
writable share). Hashing first costs about 0.3 s per 500 MB and warms the page cache that
the load then reads. On Linux llama.cpp loads ``/proc/self/fd/N``, the very file that is open;
on Windows the handle is opened without write or delete sharing, so nobody can change or
replace the file while the engine has it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from ..progress import Progress, no_progress

CHUNK = 8 << 20


class PinnedFile:
    """A read-only handle on the model file for the engine's lifetime."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = _open_locked(path)
        self.sha256 = ""

    @property
    def load_path(self) -> str:
        """The name under which llama.cpp opens the same file."""
        proc = f"/proc/self/fd/{self.fd}"
        return proc if sys.platform.startswith("linux") and os.path.exists(proc) else str(self.path)

    def digest(self, progress: Progress = no_progress) -> str:
        """The open file's SHA-256, read to its end (once; ``progress`` from 0 to 1)."""
        if not self.sha256:
            digest = hashlib.sha256()
            total = max(os.fstat(self.fd).st_size, 1)
            done = 0
            with os.fdopen(os.dup(self.fd), "rb") as fh:  # the same open file, its own handle
                fh.seek(0)
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    done += len(chunk)
                    progress(done / total, "Modell wird geprüft …")
            self.sha256 = digest.hexdigest()
        return self.sha256

    def close(self) -> None:
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
