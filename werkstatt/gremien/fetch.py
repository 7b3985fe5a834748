"""The sync's HTTP: which addresses the policy allows, and requests that end on time.

Allowed (``check_allowed``) is exactly the scheme, host and port an entry of
``council_sync_hosts`` names: "ris.luebeck.de" is https on 443 only, "ris.luebeck.de:8443"
https on that port, "http://127.0.0.1:8080" plain http on that port (IT writes the scheme
for a test server). A sync that starts on https follows no link or redirect to http. An
address with a user name or password is refused, and never printed or stored.

Requests (``Client``) go through a proxy only when the policy names one
(``council_sync_proxy``): ``HTTP_PROXY`` and the system's proxy settings are ignored. Each
request has an overall deadline, not only a timeout per read (a server that drips one byte
at a time ends there), and a cancel closes its connection at once: a sync ends within a
second of "Abbrechen". The name lookup and the connect wait in short steps that look at both.
"""

from __future__ import annotations

import http.client
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import Cancelled, WerkstattError
from ..policy import Policy
from ..progress import CancelToken
from .deadline import TIMEOUT, Stopped, Watch
from .untrusted import printable

PAGE_SECONDS = 60.0  # one list page, from connecting to its last byte
FILE_SECONDS = 300.0  # one file (a download cut there goes on at the next sync)
DEFAULT_PORTS = {"http": 80, "https": 443}


class SyncRefused(WerkstattError):
    """The policy does not allow this sync (or this address)."""


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        """As a policy entry names it: "host" (https on 443), "host:8443", "http://host:8080"."""
        text = self.host if self.port == DEFAULT_PORTS[self.scheme] else f"{self.host}:{self.port}"
        return printable(text if self.scheme == "https" else f"http://{text}", 120)


def origin(url: Any) -> Origin | None:
    """Scheme, host and port of an http(s) URL; None for anything else or a malformed one."""
    if not isinstance(url, str):
        return None
    try:
        parsed = urlsplit(url.strip())
        port = parsed.port
    except ValueError:  # "http://[::1", "http://host:99999"
        return None
    if parsed.scheme not in DEFAULT_PORTS or not parsed.hostname:
        return None
    return Origin(parsed.scheme, parsed.hostname.lower(),
                  port if port is not None else DEFAULT_PORTS[parsed.scheme])


def entry_origin(entry: str) -> Origin | None:
    """A policy entry's origin: without a scheme it means https."""
    text = entry.strip().lower().rstrip("/")
    return origin(text if "://" in text else f"https://{text}")


def host_of(url: str) -> str:
    """The URL's origin as a policy entry names it ('' for no http(s) URL)."""
    found = origin(url)
    return str(found) if found else ""


def without_credentials(url: str) -> str:
    """``url`` for a message: no user name or password, no control characters."""
    return printable(re.sub(r"//[^/?#]*@", "//", url), 120)


def check_allowed(url: Any, policy: Policy, secure: bool = False) -> str:
    """The URL's origin if the policy allows fetching from it, else ``SyncRefused``; with
    ``secure`` (a sync that started on https) plain http is refused."""
    where = origin(url)
    if where is None:
        shown = without_credentials(url) if isinstance(url, str) else ""
        raise SyncRefused(f"„{shown}“ ist keine OParl-Adresse (http:// oder https://).")
    if "@" in urlsplit(url.strip()).netloc:
        raise SyncRefused(f"Die Adresse für „{where}“ enthält einen Benutzernamen oder ein "
                          "Kennwort; der Abgleich ruft nur öffentliche Listen ab und sendet keine "
                          "Zugangsdaten.")
    if not policy.council_sync_hosts:
        raise SyncRefused("Der Abgleich mit einem Ratsinformationssystem ist auf diesem PC nicht "
                          "freigegeben (Richtlinie council_sync_hosts). Dokumente lassen sich aus "
                          "einem Ordner importieren.")
    if secure and where.scheme != "https":
        raise SyncRefused(f"„{where}“ ist unverschlüsselt (http); ein Abgleich über https "
                          "wechselt nicht zu http.")
    if where not in {entry_origin(entry) for entry in policy.council_sync_hosts}:
        allowed = ", ".join(policy.council_sync_hosts)
        raise SyncRefused(f"Der Server „{where}“ ist nicht freigegeben (erlaubt: {allowed}).")
    return str(where)


def short(url: str) -> str:
    """Host and path for a message (never a user name or password the URL may carry)."""
    found = origin(url)
    if found is None:
        return ""
    where = found.host if found.port == DEFAULT_PORTS[found.scheme] else f"{found.host}:{found.port}"
    return printable(f"{where}{urlsplit(url.strip()).path}", 120)


class _Guard(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address the policy allows, never from https to http."""

    def __init__(self, policy: Policy, secure: bool) -> None:
        self.policy, self.secure = policy, secure

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:
        check_allowed(newurl, self.policy, self.secure or req.full_url.lower().startswith("https:"))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _PolicyProxy(urllib.request.BaseHandler):
    """Every request through the policy's proxy (no ``no_proxy`` exceptions from the
    environment); https through a CONNECT tunnel."""

    handler_order = 100  # before the handlers that open connections, as ProxyHandler

    def __init__(self, proxy: str) -> None:
        parsed = urlsplit(proxy)
        self.kind, self.hostport = parsed.scheme, parsed.netloc

    def http_open(self, req: Any) -> None:
        req.set_proxy(self.hostport, self.kind)

    https_open = http_open


def _watched(client: Client, connection_class: Any) -> Callable[..., Any]:
    def make(host: str, **kwargs: Any) -> Any:
        connection = connection_class(host, **kwargs)
        watch = client.watch
        if watch is not None:
            connection._create_connection = watch.connect  # http.client's hook for the socket
        return connection
    return make


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_watched(self.client, http_class), req, **kwargs)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_watched(self.client, http_class), req, **kwargs)


class RangeDone(Exception):
    """A resumed download's ``.part`` already holds the whole file (HTTP 416)."""


class Client:
    """GET requests under the policy, each with its deadline; see the module."""

    def __init__(self, policy: Policy, cancel: CancelToken, secure: bool) -> None:
        self.policy, self.cancel, self.secure = policy, cancel, secure
        self.watch: Watch | None = None
        proxy = policy.council_sync_proxy
        handlers: list[Any] = [urllib.request.ProxyHandler({}), _Guard(policy, secure),
                               _HTTP(self), _HTTPS(self)]
        if proxy:
            handlers.append(_PolicyProxy(proxy))
        self.opener = urllib.request.build_opener(*handlers)
        self.opener.addheaders = [("User-Agent", f"KI-Werkstatt/{__version__} (OParl-Abgleich)"),
                                  ("Accept", "application/json")]

    @contextmanager
    def request(self, url: str, start: int = 0, file: bool = False) -> Iterator[Any]:
        """The open response to a GET of ``url`` (from byte ``start``), all of it within
        ``PAGE_SECONDS`` (a ``file``: ``FILE_SECONDS``). Every failure is a German
        ``WerkstattError``, a cancel ``Cancelled``."""
        seconds = FILE_SECONDS if file else PAGE_SECONDS
        self.cancel.check()
        check_allowed(url, self.policy, self.secure)
        request = urllib.request.Request(url, method="GET")
        if start:
            request.add_header("Range", f"bytes={start}-")
        opened = False
        with Watch(self.cancel, seconds) as watch:
            self.watch = watch
            try:
                try:
                    response = self.opener.open(request, timeout=TIMEOUT)
                except urllib.error.HTTPError as exc:
                    if watch.reason:
                        raise Stopped(watch.reason) from None
                    total = str(exc.headers.get("Content-Range", "")).rpartition("/")[2]
                    exc.close()
                    if exc.code == 416 and start and total.isdigit() and int(total) == start:
                        raise RangeDone() from None
                    raise WerkstattError(f"Der Server meldet Fehler {exc.code} für "
                                         f"{short(url)}.") from None
                opened = True
                with response:
                    yield response
                watch.check()  # a read that ended because the watch shut the connection
            except (SyncRefused, RangeDone, Cancelled):
                raise
            except (WerkstattError, OSError, http.client.HTTPException, ValueError,
                    Stopped) as exc:
                raise _failure(url, watch, exc, opened) from None
            finally:
                self.watch = None

    def read(self, url: str, limit: int) -> bytes:
        """The whole answer to a GET of ``url`` (a list page), at most ``limit`` bytes."""
        chunks: list[bytes] = []
        size = 0
        with self.request(url) as response:
            while size <= limit:
                block = response.read(64 * 1024)
                if not block:
                    break
                chunks.append(block)
                size += len(block)
        if size > limit:
            raise WerkstattError(f"Die Antwort von {short(url)} ist zu groß.")
        return b"".join(chunks)


def _failure(url: str, watch: Watch, exc: BaseException, opened: bool) -> BaseException:
    """What the user reads for a request that failed (German, nothing the server chose)."""
    if watch.reason == "cancel":
        return Cancelled()
    if watch.reason == "deadline":
        return WerkstattError(f"{short(url)} antwortet zu langsam (nicht fertig in "
                              f"{watch.seconds:.0f} Sekunden); der nächste Abgleich versucht es "
                              "erneut.")
    if isinstance(exc, WerkstattError):
        return exc
    if not opened and isinstance(exc, http.client.HTTPException):
        return WerkstattError(f"Der Server für {short(url)} antwortet fehlerhaft "
                              f"({_reason(exc)}); der nächste Abgleich versucht es erneut.")
    if not opened:
        return WerkstattError(f"Der Server für {short(url)} ist nicht erreichbar "
                              f"({_reason(exc)}).")
    return WerkstattError(f"Die Übertragung von {short(url)} brach ab ({_reason(exc)}); der "
                          "nächste Abgleich setzt sie fort.")


def _reason(exc: BaseException) -> str:
    """The cause in words of our own (a server's status line never reaches a message)."""
    cause = getattr(exc, "reason", exc) if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, (TimeoutError, socket.timeout)):
        return "Zeitüberschreitung"
    if isinstance(cause, OSError) and cause.strerror:
        return printable(cause.strerror, 80)
    return type(cause).__name__ if isinstance(cause, BaseException) else printable(str(cause), 80)
