"""The engine process: owns llama.cpp, answers the protocol on its stdin and stdout.

    python -m werkstatt.engine.worker     (started by ``EngineProcess``, never by hand)

Native code may print to stdout; so the protocol keeps the original stdout for itself and
points file descriptor 1 at stderr, which the parent sends to ``engine.log``. A reader
thread takes requests off stdin so that a ``Cancel`` reaches the running generation at once;
the main thread handles the other requests one after another. End of stdin (the parent is
gone) ends the process.
"""

from __future__ import annotations

import faulthandler
import os
import queue
import signal
import sys
import threading
from pathlib import Path
from typing import BinaryIO

from ..errors import ContextOverflow, WerkstattError
from ..progress import CancelToken
from . import protocol as p
from .contract import Generation
from .local import LocalEngine


class Channel:
    """The protocol's output side; any thread may send."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._lock = threading.Lock()

    def send(self, message: p.Message) -> None:
        data = p.encode(message)
        with self._lock:
            self._out.write(data)
            self._out.flush()


def _read_requests(source: BinaryIO, inbox: queue.Queue[tuple[p.Message, CancelToken | None]]) -> None:
    """Queue requests; a Cancel sets the token of the latest Generate right away."""
    latest: CancelToken | None = None
    for line in source:
        try:
            message = p.decode(line)
        except p.ProtocolError as exc:
            print(f"engine worker: {exc}", file=sys.stderr, flush=True)
            continue
        if isinstance(message, p.Cancel):
            if latest is not None:
                latest.cancel()
            continue
        token = None
        if isinstance(message, p.Generate):
            token = latest = CancelToken()
        inbox.put((message, token))
    if latest is not None:  # the parent is gone: no one reads the rest of the answer
        latest.cancel()
    inbox.put((p.Shutdown(), None))


def _generate(engine: LocalEngine, request: p.Generate, cancel: CancelToken, channel: Channel) -> None:
    params = Generation(**{**request.params, "stop": tuple(request.params.get("stop", ()))})
    for text in engine.stream(request.system, request.user, params, cancel,
                              lambda f, m: channel.send(p.Progress(f, m)), request.seed,
                              request.answer_prefix):
        channel.send(p.Chunk(text))
    channel.send(p.Done(engine.stats.as_dict()))


def serve(source: BinaryIO, out: BinaryIO) -> None:
    channel = Channel(out)
    inbox: queue.Queue[tuple[p.Message, CancelToken | None]] = queue.Queue()
    threading.Thread(target=_read_requests, args=(source, inbox), daemon=True).start()
    engine: LocalEngine | None = None
    while True:
        request, token = inbox.get()
        if isinstance(request, p.Shutdown):
            break
        try:
            if isinstance(request, p.Load):
                engine = LocalEngine(Path(request.path), request.n_ctx, request.threads,
                                     tuple(request.candidates), sha256=request.sha256,
                                     gpu_off=request.gpu_off)
                engine.load()
                assert engine.backend is not None
                channel.send(p.Loaded(engine.backend.as_dict(), engine.load_seconds, os.getpid()))
                continue
            if engine is None:
                raise WerkstattError("Das Modell ist nicht geladen.")
            if isinstance(request, p.CountTokens):
                channel.send(p.Count(engine.count_tokens(request.text)))
            elif isinstance(request, p.CountPrompt):
                channel.send(p.Count(engine.count_prompt(request.system, request.user,
                                                         request.answer_prefix)))
            elif isinstance(request, p.Generate):
                _generate(engine, request, token or CancelToken(), channel)
        except ContextOverflow as exc:
            channel.send(p.Failed("overflow", str(exc), exc.prompt_tokens, exc.limit))
        except WerkstattError as exc:
            channel.send(p.Failed("user", str(exc)))
        except (BrokenPipeError, ConnectionError):
            break  # the parent is gone
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
            channel.send(p.Failed("internal", f"{type(exc).__name__}: {exc}"))
    if engine is not None:
        engine.close()


def main() -> None:
    faulthandler.enable(sys.stderr)  # a native crash leaves a Python stack in engine.log
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    # Native libraries load before the thread that reads stdin starts. On Windows stdin is a
    # synchronous pipe: while that thread waits in ReadFile, every other call on the handle
    # waits too, and a DLL's C runtime start-up queries the standard handles. Importing
    # llama_cpp (numpy) after the reader had started hung the engine (seen under Wine).
    import llama_cpp  # noqa: F401

    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints cannot corrupt it
    sys.stdout = sys.stderr
    try:
        serve(sys.stdin.buffer, protocol_out)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
