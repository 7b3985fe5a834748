"""The engine in its own process: what the app and the CLI use.

``EngineProcess`` implements the engine contract by talking to ``worker.py`` over pipes
(``protocol.py``). The model's native code runs there; if it dies — a crash in llama.cpp,
the system killing it for memory, a user ending it in the task manager — this side raises
``EngineFailure`` with a German sentence, keeps nothing half-done, and starts a fresh
process on the next request. After the second crash in a row the fresh process is limited to
a safer CPU variant (``variants.SAFE_LADDER``), and ``notice`` says so.

A cancel reaches the worker at once (a ``Cancel`` message sent from the cancelling thread);
if the worker has not finished within ``CANCEL_GRACE`` seconds, it is stopped and restarted
on the next request, so a cancel never takes longer than that.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .. import childproc, paths
from ..catalog import ModelEntry, memory_problem, require_loadable
from ..errors import ContextOverflow, EngineFailure, WerkstattError
from ..progress import CancelToken, Progress, no_progress
from . import gpu, safemode
from . import protocol as p
from .backends import safer_candidates
from .contract import Generation, Stats, physical_cores

CANCEL_GRACE = 0.8  # seconds a cancelled worker may take before it is stopped
POLL = 0.05
LOG_LIMIT = 2 << 20  # engine.log is rotated beyond this size
CRASHES_BEFORE_SAFE_MODE = 2
RESTART_NOTE = "Ihr Text und der bisherige Entwurf bleiben erhalten; die KI-Engine wird neu gestartet."
_EOF = object()


def describe_exit(code: int | None) -> str:
    """One German sentence on how the engine process ended."""
    if code is None:
        return "Die KI-Engine antwortet nicht mehr."
    if code in (-signal.SIGSEGV, 0xC0000005, -0x3FFFFFFB):  # POSIX signal, Windows status
        return "Die KI-Engine ist abgestürzt (Speicherzugriffsfehler)."
    if code == -getattr(signal, "SIGKILL", 9):
        return ("Die KI-Engine wurde vom System beendet (z. B. weil der Arbeitsspeicher knapp "
                "wurde).")
    if code == -getattr(signal, "SIGILL", 4) or code == 0xC000001D:
        return "Die KI-Engine ist abgestürzt (Prozessorbefehl nicht unterstützt)."
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"Die KI-Engine wurde unerwartet beendet (Signal {name})."
    return f"Die KI-Engine wurde unerwartet beendet (Code {code})."


def log_file() -> Path:
    path = paths.user_dir() / "engine.log"
    try:
        if path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_suffix(".log.1"))
    except OSError:
        pass
    return path


class _Worker:
    """One running engine process and the thread that reads its replies."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "GGML_BACKEND_PATH"}
        with log_file().open("ab") as log:
            paths.private(Path(log.name))
            self.proc = childproc.popen("werkstatt.engine.worker", stderr=log, env=env)
        self.replies: queue.Queue[Any] = queue.Queue()
        self._write_lock = threading.Lock()
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True,
                         name="engine-replies").start()

    def _read(self, stream: IO[bytes]) -> None:
        """The reader owns the worker's stdout: it reads until the end and closes it."""
        try:
            for line in stream:
                try:
                    self.replies.put(p.decode(line))
                except p.ProtocolError:
                    continue  # never expected: the worker's stdout carries nothing else
        except (OSError, ValueError):
            pass
        finally:
            stream.close()
            self.replies.put(_EOF)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send(self, message: p.Message) -> bool:
        """False if the process is gone (its death is reported by the reader)."""
        try:
            with self._write_lock:
                assert self.proc.stdin is not None
                self.proc.stdin.write(p.encode(message))
                self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def exit_code(self, wait: float = 5.0) -> int | None:
        try:
            return self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, graceful: bool = True) -> None:
        if self.proc.poll() is None:
            if graceful and self.send(p.Shutdown()):
                try:
                    self.proc.wait(2)
                except subprocess.TimeoutExpired:
                    pass
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass


class EngineProcess:
    """The local model behind a process boundary. Use it from one thread at a time
    (``cancel`` tokens may be set from any thread)."""

    server = ""  # the model runs on this PC

    def __init__(self, entry: ModelEntry, context_tokens: int = 8192,
                 threads: int | None = None, gpu_allowed: bool = True) -> None:
        self.entry = entry
        # why the worker may not try the GPU: IT's policy, or a crash with it in this session
        self.gpu_off = "" if gpu_allowed else gpu.OFF_BY_POLICY
        self.n_ctx = min(context_tokens, entry.context_length)
        self.threads = threads or physical_cores()
        self.stats = Stats()
        self.load_seconds = 0.0
        self.memory_warning = ""
        self.backend: dict[str, Any] = {}  # what the worker reported on its CPU backend
        self.notice = ""  # a German sentence the user should see (safe mode)
        self.crashes_in_a_row = 0
        remembered = safemode.load()  # a PC whose engine crashed before starts safe
        self.candidates: tuple[str, ...] = remembered.candidates if remembered else ()
        self._instead_of = remembered.instead_of if remembered else ""
        self._worker: _Worker | None = None
        self._ready = False  # the worker has the model loaded
        self._lock = threading.RLock()

    # lifecycle ---------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._ready and self._worker is not None and self._worker.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._worker.pid if self._worker is not None else None

    @property
    def variant(self) -> str:
        return str(self.backend.get("variant", ""))

    def load(self, progress: Progress = no_progress) -> None:
        """Verify the model and start the engine process with it (once; again after a crash)."""
        with self._lock:
            if self.loaded:
                return
            started = time.monotonic()
            refuse, self.memory_warning = memory_problem(self.entry)
            if refuse:
                raise WerkstattError(self.memory_warning)
            path = require_loadable(self.entry)
            progress(0.3, "KI-Engine wird gestartet, Modell wird geprüft …")
            self.close()
            self._worker = _Worker()
            try:
                reply = self._request(p.Load(str(path), self.n_ctx, self.threads,
                                             list(self.candidates), self.entry.sha256,
                                             self.gpu_off))
            except EngineFailure:
                self.close()
                if self.gpu_off or gpu.remembered(gpu.probe_key(safemode.engine_build())) != gpu.PROBING:
                    raise
                self.gpu_off = gpu.CRASHED  # the worker died in the graphics driver's code:
                self.load(progress)  # once more on the CPU alone
                return
            except BaseException:
                self.close()
                raise
            assert isinstance(reply, p.Loaded)
            self._ready = True
            self.backend = reply.backend
            if self.candidates:
                instead = f" statt „{self._instead_of}“" if self._instead_of else ""
                self.notice = (f"Die KI-Engine läuft nach wiederholten Abstürzen mit der "
                               f"sichereren CPU-Variante „{self.variant}“{instead}.")
            self.load_seconds = time.monotonic() - started
            progress(1.0, "Modell bereit")

    def close(self) -> None:
        with self._lock:
            self._ready = False
            if self._worker is not None:
                self._worker.stop()
                self._worker = None

    # requests ----------------------------------------------------------------------------
    def _running(self) -> _Worker:
        if not self.loaded:
            self.load()  # a worker that died between requests is reaped and replaced
        assert self._worker is not None
        return self._worker

    def _died(self, worker: _Worker) -> EngineFailure:
        """The worker is gone: reap it, count the crash, choose the next variant."""
        code = worker.exit_code()
        worker.stop(graceful=False)
        self._forget(worker)
        self.crashes_in_a_row += 1
        reason = describe_exit(code)
        next_step = RESTART_NOTE
        used = self.backend.get("gpu") or {}
        if used.get("used"):  # the graphics driver, most likely: the CPU from now on
            self.gpu_off = gpu.CRASHED
            device = gpu.Device(str(used.get("device", "")), str(used.get("kind", "")),
                                int(used.get("memory_mb", 0)))
            gpu.remember(gpu.verdict_key(device, self.entry.sha256, safemode.engine_build()),
                         gpu.CRASHED)
            return EngineFailure(reason, RESTART_NOTE.replace("neu gestartet",
                                                              "ohne Grafikprozessor neu gestartet"))
        if self.crashes_in_a_row >= CRASHES_BEFORE_SAFE_MODE:
            self._instead_of = self.variant
            self.candidates = safer_candidates(self.variant) or ("x64",)
            if code in safemode.NATIVE_CRASHES:
                safemode.remember(self.candidates, self.variant)
            instead = f" (statt „{self.variant}“)" if self.variant else ""
            next_step = RESTART_NOTE.replace(
                "neu gestartet", f"mit einer sichereren CPU-Variante{instead} neu gestartet")
        return EngineFailure(reason, next_step)

    def _forget(self, worker: _Worker) -> None:
        if self._worker is worker:
            self._worker = None
            self._ready = False

    def _receive(self, worker: _Worker, timeout: float | None = None) -> p.Message | None:
        try:
            reply = worker.replies.get(timeout=timeout)
        except queue.Empty:
            return None
        if reply is _EOF:
            raise self._died(worker)
        if isinstance(reply, p.Failed):
            if reply.kind == "overflow":
                raise ContextOverflow(reply.message, reply.prompt_tokens, reply.limit)
            if reply.kind == "user":
                raise WerkstattError(reply.message)
            raise WerkstattError(f"Interner Fehler in der KI-Engine: {reply.message}")
        assert isinstance(reply, p.Message)
        return reply

    def _request(self, message: p.Message) -> p.Message:
        worker = self._worker if isinstance(message, p.Load) else self._running()
        assert worker is not None
        worker.send(message)
        reply = self._receive(worker)
        assert reply is not None
        return reply

    def count_tokens(self, text: str) -> int:
        with self._lock:
            reply = self._request(p.CountTokens(text))
            assert isinstance(reply, p.Count)
            return reply.n

    def count_prompt(self, system: str, user: str, answer_prefix: str = "") -> int:
        with self._lock:
            reply = self._request(p.CountPrompt(system, user, answer_prefix))
            assert isinstance(reply, p.Count)
            return reply.n

    def stream(self, system: str, user: str, params: Generation,
               cancel: CancelToken | None = None, progress: Progress = no_progress,
               seed: int | None = None, answer_prefix: str = "") -> Iterator[str]:
        """Yield the answer in chunks (starting with ``answer_prefix``); stops early, without
        an error, when ``cancel`` is set. Raises ``EngineFailure`` if the process dies."""
        cancel = cancel or CancelToken()
        with self._lock:
            worker = self._running()
            self.stats = Stats(params=params.as_dict())
            cancelled_at: list[float] = []

            def on_cancel() -> None:
                cancelled_at.append(time.monotonic())
                worker.send(p.Cancel())

            worker.send(p.Generate(system, user, params.as_dict(), seed, answer_prefix))
            cancel.add_callback(on_cancel)
            finished = False  # the worker sent its last reply (or is gone)
            try:
                while True:
                    try:
                        reply = self._receive(worker, POLL)
                    except BaseException:
                        finished = True  # it failed or died: nothing left to drain
                        raise
                    if reply is None:
                        if cancelled_at and time.monotonic() - cancelled_at[0] > CANCEL_GRACE:
                            self._stop_unresponsive(worker)
                            finished = True
                            return
                        continue
                    if isinstance(reply, p.Chunk):
                        yield reply.text
                    elif isinstance(reply, p.Progress):
                        progress(reply.fraction, reply.message)
                    elif isinstance(reply, p.Done):
                        self.stats = Stats.from_dict(reply.stats)
                        self.crashes_in_a_row = 0
                        finished = True
                        return
            finally:
                cancel.remove_callback(on_cancel)
                if not finished:  # the caller stopped reading: stop the worker's generation
                    self._drain(worker)

    def _stop_unresponsive(self, worker: _Worker) -> None:
        """A cancelled worker that did not stop in time: end it; the next request restarts."""
        worker.stop(graceful=False)
        self._forget(worker)
        self.stats.cancelled = True
        self.stats.finish_reason = "cancelled"

    def _drain(self, worker: _Worker) -> None:
        worker.send(p.Cancel())
        deadline = time.monotonic() + CANCEL_GRACE
        try:
            while time.monotonic() < deadline:
                reply = self._receive(worker, POLL)
                if isinstance(reply, p.Done):
                    self.stats = Stats.from_dict(reply.stats)
                    return
        except WerkstattError:
            return  # it failed or died meanwhile; the next request sees a fresh process
        self._stop_unresponsive(worker)
