"""A local OParl 1.1 server for the sync tests: a synthetic corpus on 127.0.0.1.

``OParlServer`` binds a free port first, then generates its corpus with
``base=http://127.0.0.1:{port}/oparl`` (so every URL in the data points back at it) and serves,
from a daemon thread:

* the System at ``{base}/`` and its list of bodies (``system["body"]``),
* the Body's lists (``organization``, ``person``, ``meeting``, ``paper``) in pages of
  ``page_size`` with ``links.next``; ``?page=N`` picks a page, no ``page`` means page 1, and a
  ``modified_since`` parameter is kept in the ``links`` (the data is not filtered, so a second
  sync sees every object again),
* each File's content at its ``downloadUrl``, with HTTP Range (``206`` and ``Content-Range``;
  ``416`` past the end).

Knobs (each keyed by the full URL, without ``modified_since``; change them between syncs):
``fail`` (URL -> status), ``cut`` (URL -> bytes: the first answer announces the whole length,
sends that many bytes and closes the connection), ``content`` (URL -> bytes that replace a
file), ``no_length`` (send a file without ``Content-Length``), ``ignore_range`` (answer 200 with
the whole file even to a Range request), ``redirect`` (URL -> Location for a 302), ``raw``
(URL -> bytes served as JSON as they are), ``drip`` (URL -> seconds between two bytes of the
body: a server that answers slowly) and ``broken`` (URL -> bytes written instead of an HTTP
answer, then the connection closes: a bad status line, a chunked body cut short).

With ``tls`` (an ``ssl.SSLContext`` with the server's certificate) it serves https.

Every request is logged in ``requests`` (method, path, Host, headers, body), whatever its
method; the server answers everything but GET with 405.
"""

from __future__ import annotations

import json
import re
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from werkstatt.gremien import synthetic

CorpusFactory = Callable[[str], synthetic.Corpus]


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # as sent: path and query
    host: str  # the Host header
    headers: dict[str, str]  # lower-case names
    body: bytes
    client: str  # the peer's address

    @property
    def params(self) -> dict[str, str]:
        return dict(parse_qsl(urlparse(self.path).query))


def without_param(url: str, key: str) -> str:
    parsed = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(parsed.query, keep_blank_values=True) if k != key]
    return urlunparse(parsed._replace(query=urlencode(query)))


def with_param(url: str, key: str, value: str) -> str:
    parsed = urlparse(without_param(url, key))
    query = parse_qsl(parsed.query, keep_blank_values=True) + [(key, value)]
    return urlunparse(parsed._replace(query=urlencode(query)))


class OParlServer:
    """Start with ``start()`` or ``with OParlServer(...) as server``; stop with ``stop()``."""

    def __init__(self, papers: int = 20, *, seed: int = 0, with_text: bool = False,
                 page_size: int = 7, corpus_factory: CorpusFactory | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        self.page_size = page_size
        self.tls = tls
        self.corpus_factory = corpus_factory or (
            lambda base: synthetic.generate(papers, seed=seed, base=base, with_text=with_text))
        self.fail: dict[str, int] = {}
        self.cut: dict[str, int] = {}
        self.content: dict[str, bytes] = {}
        self.no_length: set[str] = set()
        self.ignore_range: set[str] = set()
        self.redirect: dict[str, str] = {}
        self.raw: dict[str, bytes] = {}
        self.drip: dict[str, float] = {}
        self.broken: dict[str, bytes] = {}
        self.requests: list[Request] = []
        self.errors: list[str] = []  # exceptions in the handler (a client that hung up)
        self.lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # life cycle ------------------------------------------------------------------------
    def start(self) -> OParlServer:
        server = self

        class Handler(_Handler):
            owner = server

        httpd = _Server(("127.0.0.1", 0), Handler)
        httpd.owner = self
        if self.tls is not None:
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self._httpd = httpd
        self.port = int(httpd.server_address[1])
        self.host = f"127.0.0.1:{self.port}"
        self.scheme = "https" if self.tls is not None else "http"
        self.base = f"{self.scheme}://{self.host}/oparl"
        self.corpus = self.corpus_factory(self.base)
        self.url = str(self.corpus.system["id"])  # the System: what a user enters
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="oparl-test-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> OParlServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # what it serves --------------------------------------------------------------------
    def list_names(self) -> list[str]:
        return ["body", *self.corpus.lists()]

    def page_url(self, list_name: str, number: int) -> str:
        """A page's URL as ``links.next`` names it (page 1: the list URL itself)."""
        url = self.corpus.list_url(list_name)
        return url if number == 1 else f"{url}?page={number}"

    def page_count(self, list_name: str) -> int:
        return self.corpus.page_count(list_name, self.page_size)

    def file_url(self, paper: dict[str, Any]) -> str:
        return str(paper["mainFile"]["downloadUrl"])

    def file_bytes(self, url: str) -> bytes:
        return self.content.get(url, self.corpus.files.get(url, b""))

    def full_url(self, request: Request) -> str:
        return f"{self.scheme}://{self.host}{request.path}"

    def requested(self, url: str) -> list[Request]:
        """The logged requests for ``url`` (compared without ``modified_since``)."""
        return [r for r in self.requests
                if without_param(self.full_url(r), "modified_since") == url]

    def clear_log(self) -> None:
        with self.lock:
            self.requests.clear()

    def answer(self, url: str, headers: dict[str, str]) -> _Answer:
        """What to send for a GET of ``url`` (the knobs first, then the corpus)."""
        since = dict(parse_qsl(urlparse(url).query)).get("modified_since")
        key = without_param(url, "modified_since")
        with self.lock:
            if key in self.fail:
                return _Answer(self.fail[key], b"{}")
            if key in self.redirect:
                return _Answer(302, b"", {"Location": self.redirect[key]})
            if key in self.raw:
                return _Answer(200, self.raw[key], {"Content-Type": "application/json"})
        corpus = self.corpus
        if key == corpus.system["id"]:
            return _json(corpus.system)
        parsed = urlparse(key)
        bare = urlunparse(parsed._replace(query=""))
        for name in self.list_names():
            if bare == corpus.list_url(name):
                try:
                    number = int(dict(parse_qsl(parsed.query)).get("page", "1"))
                    page = corpus.page(name, number, self.page_size)
                except ValueError:
                    return _Answer(404, b"{}")
                if since:  # a server keeps the filter in its links
                    page["links"] = {k: with_param(v, "modified_since", since)
                                     for k, v in page["links"].items()}
                return _json(page)
        if key in corpus.files or key in self.content:
            return self._file(key, headers.get("range", ""))
        return _Answer(404, b"{}")

    def _file(self, url: str, range_header: str) -> _Answer:
        data = self.file_bytes(url)
        with self.lock:
            cut = self.cut.pop(url, None)
            ignore_range = url in self.ignore_range
            no_length = url in self.no_length
        head = {"Content-Type": "text/plain; charset=utf-8", "Accept-Ranges": "bytes"}
        status, body = 200, data
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", range_header.strip())
        if match and not ignore_range:
            start = int(match.group(1))
            end = min(int(match.group(2)) if match.group(2) else len(data) - 1, len(data) - 1)
            if start >= len(data):
                return _Answer(416, b"", {"Content-Range": f"bytes */{len(data)}"})
            status, body = 206, data[start:end + 1]
            head["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        return _Answer(status, body, head, cut_after=cut, length=not no_length)


@dataclass
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None  # send this many bytes of the body, then hang up
    length: bool = True  # send Content-Length


def _json(obj: dict[str, Any]) -> _Answer:
    return _Answer(200, json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                   {"Content-Type": "application/json; charset=utf-8"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: OParlServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        self.owner.errors.append(repr(sys.exc_info()[1]))  # e.g. the client hung up: no noise


class _Handler(BaseHTTPRequestHandler):
    owner: OParlServer
    protocol_version = "HTTP/1.0"  # one request per connection; a body may end at the close

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def _record(self) -> Request:
        length = self.headers.get("Content-Length")
        body = self.rfile.read(int(length)) if length and length.isdigit() else b""
        request = Request(self.command, self.path, self.headers.get("Host", ""),
                          {k.lower(): v for k, v in self.headers.items()}, body,
                          self.client_address[0])
        with self.owner.lock:
            self.owner.requests.append(request)
        return request

    def do_GET(self) -> None:  # noqa: N802 - the base's name
        request = self._record()
        url = self.owner.full_url(request)
        key = without_param(url, "modified_since")
        if key in self.owner.broken:
            self.wfile.write(self.owner.broken[key])
            self.wfile.flush()
            self.close_connection = True
            return
        answer = self.owner.answer(url, request.headers)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.length:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if key in self.owner.drip:
            for index in range(len(answer.body)):
                self.wfile.write(answer.body[index:index + 1])
                self.wfile.flush()
                time.sleep(self.owner.drip[key])
            return
        if answer.cut_after is not None:
            self.wfile.write(answer.body[:answer.cut_after])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(answer.body)

    def _refuse(self) -> None:
        self._record()
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _refuse  # noqa: N815
