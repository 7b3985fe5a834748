"""Child processes of the app: the engine (``engine.process``) and the document readers
(``documents.isolated``). Both start the same way — this Python, a module of ours, no console
window on Windows, the project folder as working directory — and die without taking the app
or the user's text with them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any

from . import paths
from .errors import WerkstattError


def popen(module: str, stderr: IO[bytes] | int | None = subprocess.DEVNULL,
          env: dict[str, str] | None = None,
          preexec: Callable[[], None] | None = None) -> subprocess.Popen[bytes]:
    """Start ``python -m module`` with pipes on stdin and stdout."""
    return subprocess.Popen(
        [interpreter(), "-m", module],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
        cwd=str(paths.PROJECT_ROOT), env=env if env is not None else dict(os.environ),
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        preexec_fn=preexec if sys.platform != "win32" else None,
    )


def interpreter() -> str:
    """This Python; on Windows its ``pythonw.exe`` twin where there is one, so a child never
    opens a console window, even when the CLI (``python.exe``) starts it."""
    if sys.platform == "win32":
        windowless = os.path.join(os.path.dirname(sys.executable), "pythonw.exe")
        if os.path.isfile(windowless):
            return windowless
    return sys.executable


def memory_cap(limit_bytes: int) -> Callable[[], None]:
    """For ``popen``: the child's address space is capped (POSIX), so even one huge
    allocation fails inside the child (MemoryError) instead of filling the PC's memory."""
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    return apply


def run(module: str, data: bytes, timeout: float, memory: int) -> tuple[int | None, bytes]:
    """Run a child on ``data``: (exit code, its stdout); exit code None if it was killed
    because it took longer than ``timeout`` seconds or grew beyond ``memory`` bytes."""
    import threading

    proc = popen(module, preexec=memory_cap(memory * 2))  # address space > resident memory
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read() if proc.stdout else b""),
                              daemon=True)
    reader.start()

    def write() -> None:  # in a thread, so the limits hold while the data goes in
        try:
            assert proc.stdin is not None
            proc.stdin.write(data)
            proc.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass  # it died early; its exit code says why

    threading.Thread(target=write, daemon=True).start()
    killed = _watch(proc, timeout, memory)
    reader.join(timeout=5)
    return (None if killed else proc.returncode), (out[0] if out else b"")


def ask(module: str, info: dict[str, Any], data: bytes, timeout: float,
        memory: int) -> dict[str, Any]:
    """A reader child (``serve`` on its side) on ``data``: its answer, or a German
    ``WerkstattError`` — its own message, or that it was killed past a limit or died."""
    name = str(info.get("name", ""))
    code, out = run(module, json.dumps(info).encode("utf-8") + b"\n" + data, timeout, memory)
    if code is None:
        raise WerkstattError(
            f"„{name}“ wurde nicht gelesen: Das Lesen brauchte mehr als {timeout:.0f} "
            f"Sekunden oder mehr als {memory // 2**20} MB Arbeitsspeicher "
            "(Verdacht auf eine präparierte Datei).")
    try:
        answer = json.loads(out)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise WerkstattError(f"„{name}“ konnte nicht gelesen werden (Leseprozess beendet, "
                             f"Code {code}).")
    if not answer.get("ok"):
        raise WerkstattError(str(answer.get("message")))
    return answer


def serve(answer: Callable[[dict[str, Any], bytes], dict[str, Any]]) -> None:
    """The child's side of ``ask``: stdin one JSON line (``name`` and what else the caller
    sends) and the bytes; stdout one JSON object, ``{"ok": true, …}`` or
    ``{"ok": false, "message"}``."""
    header, _, data = sys.stdin.buffer.read().partition(b"\n")
    info = json.loads(header)
    try:
        result = answer(info, data)
    except MemoryError:
        result = {"ok": False, "message": f"„{info.get('name')}“ wird beim Lesen zu groß."}
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    sys.stdout.flush()


def _watch(proc: subprocess.Popen[Any], timeout: float, memory: int) -> bool:
    """Wait for the child; kill it past the time or memory limit (True if killed).
    The resident memory is sampled (Windows has no address-space cap here)."""
    import time

    import psutil

    deadline = time.monotonic() + timeout
    try:
        watched = psutil.Process(proc.pid)
    except psutil.Error:
        watched = None
    while proc.poll() is None:
        over = False
        if watched is not None:
            try:
                over = watched.memory_info().rss > memory
            except psutil.Error:
                pass
        if over or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            return True
        time.sleep(0.02)
    return False
