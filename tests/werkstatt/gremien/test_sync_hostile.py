"""The sync against a slow, broken or hostile OParl server (issue 25): deadlines and cancel,
proxies, exactly the scheme, host and port the policy names, no https → http, bad values and
links that cost only themselves, broken HTTP answers, and no control characters or
credentials in what the sync prints and stores."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from werkstatt.errors import Cancelled, WerkstattError
from werkstatt.gremien.sync import SyncRefused, sync
from werkstatt.policy import Policy
from werkstatt.progress import CancelToken

from .oparl_server import OParlServer
from .test_sync import allow, assert_plain_gets, file_of, part_of, state

UNSHOWN = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))}
CUT_CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n{\"data\": ["


class Trap:
    """A proxy that never forwards: it logs each request line and answers 502."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                trap.lines.append(self.requestline)
                self.send_response(502)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_CONNECT = do_GET  # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    proxy = Trap()
    yield proxy
    proxy.stop()


def shown(texts: list[str]) -> None:
    for text in texts:
        assert not set(text) & UNSHOWN, repr(text)


# deadlines and cancel ------------------------------------------------------------------------

def test_cancel_ends_a_sync_within_a_second_while_a_page_drips(
        oparl: Callable[..., OParlServer], tmp_path: Path) -> None:
    """"Abbrechen" while the server drips a page byte by byte ends the sync within a second."""
    server = oparl(papers=3)
    server.drip[server.url] = 0.2  # the System, some 400 bytes: over a minute
    token = CancelToken()
    threading.Timer(1.0, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        sync(server.url, allow(server), folder=tmp_path / "sync", cancel=token)
    assert time.monotonic() - started < 2.0


def test_a_dripping_page_ends_at_its_deadline_and_a_slow_file_costs_only_itself(
        oparl: Callable[..., OParlServer], tmp_path: Path, fast_reader: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request has an overall deadline (not only a timeout per read): a 24-byte page
    dripped at 0.3 s a byte fails at it with a German line; a dripping file is noted, kept
    as far as it came and resumed by the next sync, while the other files come."""
    from werkstatt.gremien import fetch

    monkeypatch.setattr(fetch, "PAGE_SECONDS", 1.5)
    monkeypatch.setattr(fetch, "FILE_SECONDS", 1.5)
    server = oparl(papers=4)
    page = server.page_url("organization", 1)
    server.raw[page] = b'{"data": [], "links":{}}'  # 24 bytes
    server.drip[page] = 0.3
    folder = tmp_path / "sync"
    started = time.monotonic()
    with pytest.raises(WerkstattError, match="antwortet zu langsam") as caught:
        sync(server.url, allow(server), folder=folder)
    assert time.monotonic() - started < 3.5
    assert "nicht fertig in 2 Sekunden" in str(caught.value)
    del server.drip[page]

    paper = server.corpus.papers[1]
    url = server.file_url(paper)
    server.drip[url] = 0.05
    report = sync(server.url, allow(server), folder=folder)
    assert report.files == len(server.corpus.files) - 1
    assert [n for n in report.skipped if "antwortet zu langsam" in n][0].startswith(paper["reference"])
    assert 0 < part_of(folder, paper).stat().st_size < len(server.corpus.files[url])
    del server.drip[url]
    server.clear_log()
    again = sync(server.url, allow(server), folder=folder)
    assert again.files == 1 and again.skipped == []
    assert server.requests[0].headers["range"].startswith("bytes=")
    assert file_of(folder, paper).read_bytes() == server.corpus.files[url]


# proxies ---------------------------------------------------------------------------------------

def test_proxy_variables_of_the_environment_are_ignored(
        oparl: Callable[..., OParlServer], tmp_path: Path, trap: Trap,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP_PROXY and its kin do not redirect the sync: requests go to the named server."""
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
                 "all_proxy"):
        monkeypatch.setenv(name, trap.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = oparl(papers=3)
    report = sync(server.url, allow(server), folder=tmp_path / "sync")
    assert trap.lines == []
    assert report.files == len(server.corpus.files)
    assert_plain_gets(server)


def test_the_policy_proxy_carries_every_request(oparl: Callable[..., OParlServer],
                                                tmp_path: Path, trap: Trap,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """With council_sync_proxy every request goes through that proxy (no_proxy or not)."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = oparl(papers=3)
    policy = Policy(council_sync_hosts=(f"http://{server.host}",), council_sync_proxy=trap.url)
    with pytest.raises(WerkstattError, match="Fehler 502"):
        sync(server.url, policy, folder=tmp_path / "sync")
    assert trap.lines == [f"GET {server.url} HTTP/1.1"]
    assert server.requests == []


# scheme, host and port -------------------------------------------------------------------------

def test_the_policy_names_servers_with_or_without_scheme_and_one_proxy() -> None:
    """council_sync_hosts takes "host", "host:port" and "http(s)://host[:port]";
    council_sync_proxy one plain http(s) address; anything else locks with a German line."""
    from werkstatt.policy import PolicyError, validate

    policy = validate({"council_sync_hosts": ["ris.example.de", "RIS.example.de:8443",
                                              "http://127.0.0.1:8080", "https://ris.example.de/"],
                       "council_sync_proxy": "http://proxy.stadt.luebeck.de:8080/"}, None, "T")
    assert policy.council_sync_hosts == ("ris.example.de", "ris.example.de:8443",
                                         "http://127.0.0.1:8080", "https://ris.example.de/")
    assert policy.council_sync_proxy == "http://proxy.stadt.luebeck.de:8080"
    for bad in ("ftp://ris.example.de", "ris.example.de:70000", "http://nutzer@ris.example.de",
                "ris.example.de/oparl"):
        with pytest.raises(PolicyError, match="council_sync_hosts ist kein Hostname"):
            validate({"council_sync_hosts": [bad]}, None, "T")
    for bad in ("http://nutzer:pw@proxy:8080", "http://proxy:8080/pfad", "socks5://proxy:1080"):
        with pytest.raises(PolicyError, match="council_sync_proxy .* ist keine Proxy-Adresse"):
            validate({"council_sync_proxy": bad}, None, "T")


def test_a_host_without_scheme_allows_https_on_its_port_only(
        oparl: Callable[..., OParlServer], tmp_path: Path) -> None:
    """"127.0.0.1" or "127.0.0.1:port" in the policy no longer open plain http, or any port."""
    server = oparl(papers=2)
    for entries in (("127.0.0.1",), (server.host,)):
        with pytest.raises(SyncRefused, match="nicht freigegeben"):
            sync(server.url, Policy(council_sync_hosts=entries), folder=tmp_path / "sync")
    assert server.requests == []


def test_https_works_and_never_goes_down_to_http(oparl: Callable[..., OParlServer],
                                                 tmp_path: Path, tls: ssl.SSLContext) -> None:
    """A whole sync over https (certificate checked); a redirect from it to http on the same
    host is refused, even where the policy allows that http server, and so is an http file."""
    secure = oparl(papers=3, tls=tls)
    plain = oparl(papers=3)
    policy = Policy(council_sync_hosts=(secure.host, plain.host, f"http://{plain.host}"))
    report = sync(secure.url, policy, folder=tmp_path / "one")
    assert report.files == len(secure.corpus.files) and report.skipped == []

    secure.redirect[secure.url] = plain.url
    with pytest.raises(SyncRefused, match="unverschlüsselt"):
        sync(secure.url, policy, folder=tmp_path / "two")
    del secure.redirect[secure.url]
    paper = secure.corpus.papers[0]
    paper["mainFile"]["downloadUrl"] = plain.file_url(plain.corpus.papers[0])
    report = sync(secure.url, policy, folder=tmp_path / "three")
    assert report.files == len(secure.corpus.files) - 1
    assert len(report.skipped) == 1 and "unverschlüsselt" in report.skipped[0]
    assert plain.requests == []


# bad values and links --------------------------------------------------------------------------

def test_bad_links_cost_only_themselves_and_stay_out_of_the_state(
        oparl: Callable[..., OParlServer], tmp_path: Path, fast_reader: None) -> None:
    """A malformed link, a port out of range and a link with a password: each file is noted
    and skipped, the rest comes, the password is in no note and not in the sync state."""
    server = oparl(papers=6)
    papers = server.corpus.papers
    bad = {0: "http://[::1/vorlage.pdf", 1: "http://127.0.0.1:99999/oparl/x.txt",
           2: f"http://wuser7:s3cr3tpw@{server.host}/oparl/x.txt"}
    for index, link in bad.items():
        papers[index]["mainFile"]["downloadUrl"] = papers[index]["mainFile"]["accessUrl"] = link
    folder = tmp_path / "sync"
    for _ in range(2):  # and the next sync does not stumble over them either
        report = sync(server.url, allow(server), folder=folder)
        assert len(report.skipped) == 3, report.skipped
        assert all(any(papers[i]["reference"] in n for n in report.skipped) for i in bad)
        assert not any("s3cr3tpw" in n or "wuser7" in n for n in report.skipped)
        assert "s3cr3tpw" not in (folder / "sync-state").read_text(encoding="utf-8")
        assert state(folder)["complete_since"]
    assert report.files == len(server.corpus.files) - 3


def test_a_bad_link_left_in_the_sync_state_no_longer_fails_every_sync(
        oparl: Callable[..., OParlServer], tmp_path: Path) -> None:
    """A sync state with a malformed list position and file link (as an older version could
    leave it) is repaired by the sync itself: no error, and the round completes."""
    server = oparl(papers=3)
    folder = tmp_path / "sync"
    sync(server.url, allow(server), folder=folder)
    (folder / "sync-state").write_text(json.dumps({
        "url": server.url, "complete_since": "2026-01-01T00:00:00+00:00",
        "lists": {"http://[::1/papers": {"next": "http://[::1/papers", "pages": 0}},
        "files": {"http://[::1/a.pdf": {"name": "0" * 24 + ".pdf", "size": None, "sha1": "",
                                        "label": "VO/1"},
                  "http://x/../../b": {"name": "../../etc/passwd", "label": "VO/2"}}}),
        encoding="utf-8")
    report = sync(server.url, allow(server), folder=folder)
    assert len(report.skipped) == 2 and all("keine OParl-Adresse" in n for n in report.skipped)
    assert state(folder)["lists"] == {} and state(folder)["files"] == {}
    assert sync(server.url, allow(server), folder=folder).skipped == []


# broken answers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["bad-status-line", "chunked-cut", "deep-json"])
def test_a_broken_list_page_gives_a_german_line_and_the_next_sync_goes_on(
        oparl: Callable[..., OParlServer], tmp_path: Path, answer: str) -> None:
    """A bad status line, a chunked body cut short, JSON nested 100,000 deep: a German line
    (no unexpected error), and once the server is well again the sync completes."""
    server = oparl(papers=3)
    page = server.page_url("meeting", 1)
    if answer == "bad-status-line":
        server.broken[page] = b"\x1b[31mKAPUTT\r\n\r\n"
    elif answer == "chunked-cut":
        server.broken[page] = CUT_CHUNKED
    else:
        server.raw[page] = b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    folder = tmp_path / "sync"
    with pytest.raises(WerkstattError) as caught:
        sync(server.url, allow(server), folder=folder)
    shown([str(caught.value)])
    assert "KAPUTT" not in str(caught.value)
    server.broken.clear()
    server.raw.clear()
    report = sync(server.url, allow(server), folder=folder)
    assert report.skipped == [] and state(folder)["complete_since"]


def test_a_broken_file_answer_skips_that_file_only(oparl: Callable[..., OParlServer],
                                                   tmp_path: Path) -> None:
    """A file whose answer breaks off (chunked, cut) is noted; the other files come."""
    server = oparl(papers=4)
    paper = server.corpus.papers[2]
    server.broken[server.file_url(paper)] = CUT_CHUNKED
    report = sync(server.url, allow(server), folder=tmp_path / "sync")
    assert report.files == len(server.corpus.files) - 1
    assert len(report.skipped) == 1 and report.skipped[0].startswith(paper["reference"])


def test_control_characters_from_the_server_never_reach_a_line(
        oparl: Callable[..., OParlServer], tmp_path: Path) -> None:
    """A reference with escape sequences and a link to a host with one: the notes and the
    progress lines show neither (a terminal or log would run them)."""
    server = oparl(papers=3)
    papers = server.corpus.papers
    papers[0]["reference"] = "\x1b]0;übernommen\x07\x1b[2JVO/2026/1\u202e"
    papers[0]["mainFile"]["size"] = 99 * 2**20  # skipped, with its label
    papers[1]["reference"] = "VO/\x9b31m2026/2"
    papers[1]["mainFile"]["downloadUrl"] = "http://ev\x1bil.example/x.txt"
    lines: list[str] = []
    report = sync(server.url, allow(server), folder=tmp_path / "sync",
                  progress=lambda _fraction, message: lines.append(message))
    assert len(report.skipped) == 2
    shown(report.skipped + lines)
    assert "VO/2026/1" in report.skipped[0] or "VO/2026/1" in report.skipped[1]
