"""One request's deadline and the user's cancel (the sync's ``fetch.Client``).

``Watch`` shuts the request's connection down when either comes, which ends a read that
waits on the server at once; ``connect`` replaces ``socket.create_connection`` (http.client's
``_create_connection`` hook) and looks up the name and connects in steps of ``STEP`` seconds
that look at both, so nothing waits out a timeout of its own after "Abbrechen".
"""

from __future__ import annotations

import errno
import os
import select
import socket
import threading
import time
from typing import Any

from ..progress import CancelToken

TIMEOUT = 30.0  # one connect or one read
STEP = 0.1  # how often a name lookup or a connect looks at the deadline and the cancel


class Watch:
    """One request's deadline and the user's cancel: either shuts its connections down, which
    ends a read that waits (the socket is kept as a duplicate, so this also holds during a
    TLS handshake and through a proxy's tunnel)."""

    def __init__(self, cancel: CancelToken, seconds: float) -> None:
        self.cancel, self.seconds = cancel, seconds
        self.end = time.monotonic() + seconds
        self.reason = ""  # "cancel" or "deadline" once stopped
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.stop, ("deadline",))
        self._timer.daemon = True

    def __enter__(self) -> Watch:
        self._timer.start()
        self.cancel.add_callback(self._cancelled)
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        self.cancel.remove_callback(self._cancelled)
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()

    def _cancelled(self) -> None:
        self.stop("cancel")

    def stop(self, reason: str) -> None:
        with self._lock:
            if self.reason:
                return
            self.reason = reason
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def check(self) -> None:
        if self.reason:
            raise Stopped(self.reason)

    def connect(self, address: tuple[str, int], timeout: Any = TIMEOUT,
                source_address: Any = None) -> socket.socket:
        """``socket.create_connection`` in steps that end on a cancel or the deadline."""
        wait = timeout if isinstance(timeout, (int, float)) else TIMEOUT
        infos = self._resolve(*address)
        last: OSError = OSError(errno.EHOSTUNREACH, "keine Adresse")
        for family, kind, proto, _name, target in infos:
            sock = socket.socket(family, kind, proto)
            try:
                self._connect(sock, target, time.monotonic() + wait)
            except OSError as exc:
                sock.close()
                last = exc
                continue
            except BaseException:
                sock.close()
                raise
            sock.settimeout(wait)
            with self._lock:
                self._sockets.append(sock.dup())
                stopped = self.reason
            if stopped:
                _shut(sock)
            return sock
        raise last

    def _resolve(self, host: str, port: int) -> list[Any]:
        found: list[Any] = []
        done = threading.Event()

        def lookup() -> None:
            try:
                found.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
            except OSError as exc:
                found.append(exc)
            finally:
                done.set()

        threading.Thread(target=lookup, name="oparl-lookup", daemon=True).start()
        while not done.wait(STEP):
            self.check()
        self.check()
        if isinstance(found[0], OSError):
            raise found[0]
        return list(found[0])

    def _connect(self, sock: socket.socket, target: Any, until: float) -> None:
        sock.setblocking(False)
        code = sock.connect_ex(target)
        if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035):
            raise _refused(code)
        while code != 0:
            self.check()
            if time.monotonic() > min(until, self.end):
                raise TimeoutError(errno.ETIMEDOUT, "Zeitüberschreitung")
            _, writable, failed = select.select([], [sock], [sock], STEP)
            if writable or failed:
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    raise _refused(code)
                break
        sock.setblocking(True)


class Stopped(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refused(code: int) -> OSError:
    refused = code in (errno.ECONNREFUSED, 10061)  # 10061: Windows' WSAECONNREFUSED
    return OSError(code, "Verbindung abgelehnt" if refused else os.strerror(code))


def _shut(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # not connected (any more)
