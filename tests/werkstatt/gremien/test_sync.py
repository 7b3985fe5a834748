"""``werkstatt.gremien.sync`` against a local OParl server (``oparl_server.py``): pagination,
file downloads and their resumption, the size limit, server errors, the policy's hosts and
redirects, what goes over the wire, and a second sync with ``modified_since``."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from werkstatt.errors import WerkstattError
from werkstatt.gremien.library import Library
from werkstatt.gremien.oparl import FILES_DIR, local_name
from werkstatt.gremien.sync import LISTS, SyncRefused, check_allowed, describe_plan, sync
from werkstatt.policy import Policy

from .oparl_server import OParlServer, without_param

# what urllib sends besides the URL; anything else (a cookie, credentials, a body) is a leak
PLAIN_HEADERS = {"host", "user-agent", "accept", "accept-encoding", "connection", "range"}


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a sync does lands outside the test's folder (the shared conftest does this too)."""
    home = tmp_path / "home"
    monkeypatch.setenv("WERKSTATT_HOME", str(home))
    return home


def allow(server: OParlServer, max_mb: int = 50) -> Policy:
    """The test server by name, scheme and port (plain http must be written out)."""
    return Policy(council_sync_hosts=(f"http://{server.host}",), council_max_file_mb=max_mb)


def file_of(folder: Path, paper: dict[str, Any]) -> Path:
    return folder / FILES_DIR / local_name(paper["mainFile"])


def part_of(folder: Path, paper: dict[str, Any]) -> Path:
    target = file_of(folder, paper)
    return target.with_name(target.name + ".part")


def state(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "sync-state").read_text(encoding="utf-8"))


def assert_plain_gets(server: OParlServer) -> None:
    """Every request was a GET to 127.0.0.1:port with nothing but the URL: no body, no
    credentials or cookies, no query but the pagination and ``modified_since``."""
    assert server.requests
    for request in server.requests:
        assert request.method == "GET", request
        assert request.host == server.host, request
        assert request.client == "127.0.0.1", request
        assert request.body == b"", request
        assert set(request.headers) <= PLAIN_HEADERS, request.headers
        assert "content-length" not in request.headers and "transfer-encoding" not in request.headers
        assert request.headers["user-agent"].startswith("KI-Werkstatt/")
        assert set(request.params) <= {"page", "modified_since"}, request.path


def known_urls(server: OParlServer) -> set[str]:
    """The URLs a sync may fetch: the System, the bodies, the three lists' pages, the files."""
    urls = {server.url, *server.corpus.files}
    for name in ("body", *LISTS):
        urls |= {server.page_url(name, n) for n in range(1, server.page_count(name) + 1)}
    return urls


def request_urls(server: OParlServer) -> list[str]:
    return [without_param(server.full_url(r), "modified_since") for r in server.requests]


def expected_pages(server: OParlServer) -> int:
    return sum(server.page_count(name) for name in LISTS)


def expected_objects(server: OParlServer) -> int:
    corpus = server.corpus
    return 1 + len(corpus.organizations) + len(corpus.meetings) + len(corpus.papers)


def import_folder(tmp_path: Path, folder: Path) -> tuple[Library, Any]:
    library = Library(tmp_path / "gremien.sqlite")
    return library, library.import_paths([folder])


def own_problems(report: Any) -> list[str]:
    """The import's problems but the one about ``state.json`` (see test_state_file_...)."""
    return [p for p in report.problems if not p.startswith("sync-state")]


# 1. full sync ------------------------------------------------------------------------------

def test_full_sync_fetches_every_page_and_file(oparl: Callable[..., OParlServer],
                                               tmp_path: Path) -> None:
    server = oparl(papers=15, page_size=7)
    corpus = server.corpus
    assert server.page_count("paper") == 3  # pagination: 7 + 7 + 1
    assert all("text" not in p["mainFile"] for p in corpus.papers)  # must be downloaded
    folder = tmp_path / "sync"
    report = sync(server.url, allow(server), folder=folder)

    assert report.folder == folder
    assert report.skipped == []
    assert report.pages == expected_pages(server)
    assert report.objects == expected_objects(server)
    assert report.files == len(corpus.files) >= len(corpus.papers)
    for name in LISTS:  # every page, each once
        for number in range(1, server.page_count(name) + 1):
            assert len(server.requested(server.page_url(name, number))) == 1, (name, number)
    assert not any("/persons" in r.path for r in server.requests)  # no persons fetched
    assert set(request_urls(server)) == known_urls(server)
    for paper in corpus.papers:
        assert file_of(folder, paper).read_bytes() == corpus.files[server.file_url(paper)]
    assert not list((folder / FILES_DIR).glob("*.part"))
    assert state(folder)["lists"] == {} and state(folder)["complete_since"]
    assert_plain_gets(server)

    library, imported = import_folder(tmp_path, folder)  # the real reader: a child per file
    with library:
        assert own_problems(imported) == []
        assert imported.papers == library.count() == len(corpus.papers)
        assert imported.files == len(corpus.files)
        for paper in (corpus.papers[0], corpus.papers[8], corpus.papers[-1]):  # pages 1, 2, 3
            hits = library.search(paper["reference"])
            assert hits and hits[0].paper_id == paper["id"]
            assert hits[0].reference == paper["reference"]
            stored = library.paper(paper["id"])
            assert stored is not None and stored["files"][0]["problem"] == ""
            assert any(p.label != "Betreff" for p in stored["passages"])  # the file's text

        # a word that only one paper's file has (not its title) finds that paper
        found = 0
        for paper in corpus.papers:
            word = _unique_word(corpus, paper)
            if word:
                hits = library.search(word)
                assert paper["id"] in [h.paper_id for h in hits], word
                found += 1
        assert found >= 3


def _unique_word(corpus: Any, paper: dict[str, Any]) -> str:
    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[^\W\d_]{9,}", text)}

    mine = words(corpus.files[paper["mainFile"]["downloadUrl"]].decode("utf-8")) - words(
        " ".join(p["name"] for p in corpus.papers))
    for other in corpus.papers:
        if other is not paper:
            mine -= words(corpus.files[other["mainFile"]["downloadUrl"]].decode("utf-8"))
    return min(mine) if mine else ""


# 2. an interrupted download goes on -----------------------------------------------------------

@pytest.mark.parametrize("server_ranges", [True, False], ids=["range", "range-ignored"])
def test_interrupted_download_resumes_with_range(oparl: Callable[..., OParlServer], tmp_path: Path,
                                                 fast_reader: None, server_ranges: bool) -> None:
    server = oparl(papers=8)
    corpus = server.corpus
    paper = corpus.papers[3]
    url = server.file_url(paper)
    original = corpus.files[url]
    cut = len(original) // 2
    server.cut[url] = cut
    if not server_ranges:
        server.ignore_range.add(url)
    folder = tmp_path / "sync"

    first = sync(server.url, allow(server), folder=folder)
    assert first.files == len(corpus.files) - 1
    assert len(first.skipped) == 1
    assert paper["reference"] in first.skipped[0] and "unterbrochen" in first.skipped[0]
    assert "setzt ihn fort" in first.skipped[0]
    assert not file_of(folder, paper).exists()
    assert part_of(folder, paper).read_bytes() == original[:cut]
    assert not state(folder)["files"][url].get("done")
    assert "range" not in server.requested(url)[0].headers

    server.clear_log()
    second = sync(server.url, allow(server), folder=folder)
    assert second.skipped == [] and second.files == 1
    assert request_urls(server) == [url]  # the lists were complete: only the file again
    assert server.requests[0].headers.get("range") == f"bytes={cut}-"
    assert file_of(folder, paper).read_bytes() == original
    assert not part_of(folder, paper).exists()
    assert state(folder)["complete_since"]
    assert_plain_gets(server)

    library, imported = import_folder(tmp_path, folder)
    with library:
        assert own_problems(imported) == []
        assert library.count() == len(corpus.papers)


# 3. the size limit -----------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["content-length", "streamed", "declared"])
def test_file_over_the_limit_is_skipped(oparl: Callable[..., OParlServer], tmp_path: Path,
                                        fast_reader: None, how: str) -> None:
    server = oparl(papers=8)
    corpus = server.corpus
    big = corpus.papers[2]
    url = server.file_url(big)
    if how == "declared":  # the File says so: not even requested
        big["mainFile"]["size"] = 3 * 2**20
    else:
        server.content[url] = (b"Sehr lange Anlage. " * 100_000)[:3 * 2**19]  # 1.5 MB
        if how == "streamed":  # no Content-Length: the limit applies while reading
            server.no_length.add(url)
    folder = tmp_path / "sync"

    report = sync(server.url, allow(server, max_mb=1), folder=folder)
    assert report.files == len(corpus.files) - 1
    assert len(report.skipped) == 1
    note = report.skipped[0]
    assert big["reference"] in note and "übersprungen" in note and "höchstens 1 MB" in note
    assert not file_of(folder, big).exists() and not part_of(folder, big).exists()
    assert sorted(p.name for p in (folder / FILES_DIR).iterdir()) == sorted(
        local_name({"downloadUrl": u}) for u in corpus.files if u != url)
    assert len(server.requested(url)) == (0 if how == "declared" else 1)
    assert state(folder)["complete_since"]  # skipped counts as done: the round is complete
    assert_plain_gets(server)

    library, imported = import_folder(tmp_path, folder)
    with library:
        assert library.count() == len(corpus.papers)
        assert own_problems(imported) == [f"{big['reference']}: Datei nicht heruntergeladen."]
        stored = library.paper(big["id"])
        assert stored is not None and stored["files"][0]["problem"] == "Datei nicht heruntergeladen."


# 4. server errors ------------------------------------------------------------------------------

def test_server_error_on_a_list_page_then_the_next_sync_goes_on(
        oparl: Callable[..., OParlServer], tmp_path: Path, fast_reader: None) -> None:
    server = oparl(papers=15)
    corpus = server.corpus
    failing = server.page_url("paper", 2)
    server.fail[failing] = 500
    folder = tmp_path / "sync"

    with pytest.raises(WerkstattError) as caught:
        sync(server.url, allow(server), folder=folder)
    message = str(caught.value)
    assert message == f"Der Server meldet Fehler 500 für {server.host}/oparl/body/1/papers."
    assert not isinstance(caught.value, SyncRefused)
    saved = state(folder)["lists"]
    assert [p["next"] for p in saved.values()] == [None, None, failing]
    assert list((folder / FILES_DIR).iterdir()) == []  # files come after the lists

    del server.fail[failing]
    server.clear_log()
    report = sync(server.url, allow(server), folder=folder)
    urls = request_urls(server)
    assert urls[:2] == [server.page_url("paper", 2), server.page_url("paper", 3)]  # goes on
    assert server.url not in urls and server.page_url("paper", 1) not in urls
    assert report.pages == 2
    assert report.files == len(corpus.files)
    assert state(folder)["complete_since"]

    library, imported = import_folder(tmp_path, folder)
    with library:
        assert own_problems(imported) == []
        assert library.count() == len(corpus.papers)


def test_server_error_on_a_file_is_reported_and_retried(
        oparl: Callable[..., OParlServer], tmp_path: Path) -> None:
    server = oparl(papers=6)
    paper = server.corpus.papers[1]
    url = server.file_url(paper)
    server.fail[url] = 503
    folder = tmp_path / "sync"

    report = sync(server.url, allow(server), folder=folder)
    assert report.skipped == [f"{paper['reference']}: Der Server meldet Fehler 503 für "
                              f"{server.host}{urlparse(url).path}."]
    assert "complete_since" not in state(folder)

    del server.fail[url]
    server.clear_log()
    again = sync(server.url, allow(server), folder=folder)
    assert request_urls(server) == [url] and again.files == 1 and again.skipped == []
    assert file_of(folder, paper).read_bytes() == server.corpus.files[url]


@pytest.mark.parametrize("problem", ["not-json", "not-a-list", "unreachable"])
def test_broken_answers_give_german_errors(oparl: Callable[..., OParlServer], tmp_path: Path,
                                           problem: str) -> None:
    server = oparl(papers=3)
    url = server.url
    if problem == "not-json":
        server.raw[server.page_url("organization", 1)] = b"<html>Wartungsarbeiten</html>"
        expected = "liefert kein gültiges OParl-JSON"
    elif problem == "not-a-list":
        server.raw[server.page_url("meeting", 1)] = b'{"data": "nichts"}'
        expected = "ist keine OParl-Liste"
    else:
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/oparl/"
        expected = f"Der Server für 127.0.0.1:{port}/oparl/ ist nicht erreichbar"
    policy = Policy(council_sync_hosts=(f"http://{server.host}", f"http://127.0.0.1:{urlparse(url).port}"))
    with pytest.raises(WerkstattError, match=re.escape(expected)):
        sync(url, policy, folder=tmp_path / "sync")


# 5. the policy -------------------------------------------------------------------------------

def test_refused_without_hosts_in_the_policy(oparl: Callable[..., OParlServer],
                                             tmp_path: Path) -> None:
    server = oparl(papers=3)
    folder = tmp_path / "sync"
    for policy in (Policy(), Policy(council_sync_hosts=())):
        with pytest.raises(SyncRefused, match="nicht freigegeben.*council_sync_hosts"):
            sync(server.url, policy, folder=folder)
        with pytest.raises(SyncRefused):
            describe_plan(server.url, policy)
    assert server.requests == []
    assert not folder.exists()


@pytest.mark.parametrize("hosts", [("ris.example.de",), ("127.0.0.2",), ("localhost",),
                                   ("127.0.0.1:1",)])
def test_refused_for_a_host_not_in_the_policy(oparl: Callable[..., OParlServer], tmp_path: Path,
                                              hosts: tuple[str, ...]) -> None:
    server = oparl(papers=3)
    policy = Policy(council_sync_hosts=hosts)
    with pytest.raises(SyncRefused) as caught:
        sync(server.url, policy, folder=tmp_path / "sync")
    assert str(caught.value) == (f"Der Server „http://{server.host}“ ist nicht freigegeben "
                                 f"(erlaubt: {', '.join(hosts)}).")
    with pytest.raises(SyncRefused):
        describe_plan(server.url, policy)
    assert server.requests == []
    assert not (tmp_path / "sync").exists()


def test_policy_host_forms(oparl: Callable[..., OParlServer]) -> None:
    """Scheme, host and port must match an entry exactly; a bare host means https on 443."""
    server = oparl(papers=1)
    assert check_allowed(server.url, allow(server)) == f"http://{server.host}"
    for entries in (("127.0.0.1",), (server.host,), (f"https://{server.host}",),
                    ("http://127.0.0.1",), (f"http://127.0.0.1:{server.port + 1}",)):
        with pytest.raises(SyncRefused, match="nicht freigegeben"):  # every port, plain http: no
            check_allowed(server.url, Policy(council_sync_hosts=entries))
    https = Policy(council_sync_hosts=("ris.example.de", "ris.example.de:8443"))
    assert check_allowed("https://ris.example.de/oparl", https) == "ris.example.de"
    assert check_allowed("https://RIS.example.de:443/oparl", https) == "ris.example.de"
    assert check_allowed("https://ris.example.de:8443/oparl", https) == "ris.example.de:8443"
    for url in ("http://ris.example.de/oparl", "http://ris.example.de:443/", "https://ris.example.de:444/"):
        with pytest.raises(SyncRefused):
            check_allowed(url, https)
    assert "127.0.0.1:" in describe_plan(server.url, allow(server, max_mb=7))
    assert "bis je 7 MB" in describe_plan(server.url, allow(server, max_mb=7))
    for url in ("file:///etc/passwd", f"ftp://{server.host}/oparl/", "127.0.0.1/oparl", ""):
        with pytest.raises(SyncRefused, match="keine OParl-Adresse"):
            check_allowed(url, allow(server))
    assert server.requests == []


def test_redirect_to_another_host_is_refused(oparl: Callable[..., OParlServer],
                                             tmp_path: Path) -> None:
    server = oparl(papers=3)
    # the same server under another name: a request that got through would show in the log
    elsewhere = f"http://localhost:{server.port}/oparl/"
    server.redirect[server.url] = elsewhere
    with pytest.raises(SyncRefused, match="„http://localhost:.*“ ist nicht freigegeben"):
        sync(server.url, allow(server), folder=tmp_path / "sync")
    assert [(r.path, r.host) for r in server.requests] == [("/oparl/", server.host)]


def test_redirect_within_the_host_is_followed(oparl: Callable[..., OParlServer],
                                              tmp_path: Path) -> None:
    server = oparl(papers=3)
    entry = f"{server.base}/start"
    server.redirect[entry] = server.url
    report = sync(entry, allow(server), folder=tmp_path / "sync")
    assert report.files == len(server.corpus.files) and report.skipped == []
    assert_plain_gets(server)


@pytest.mark.parametrize("how", ["redirect", "url"])
def test_file_on_another_host_is_refused_and_reported(oparl: Callable[..., OParlServer],
                                                      tmp_path: Path, how: str) -> None:
    server = oparl(papers=4)
    paper = server.corpus.papers[0]
    url = server.file_url(paper)
    elsewhere = url.replace("127.0.0.1", "localhost")
    if how == "redirect":
        server.redirect[url] = elsewhere
    else:
        paper["mainFile"]["downloadUrl"] = paper["mainFile"]["accessUrl"] = elsewhere
    folder = tmp_path / "sync"
    report = sync(server.url, allow(server), folder=folder)
    assert report.files == len(server.corpus.files) - 1
    assert len(report.skipped) == 1
    assert report.skipped[0].startswith(f"{paper['reference']}: Der Server „http://localhost:")
    assert "nicht freigegeben" in report.skipped[0]
    assert not file_of(folder, paper).exists()
    assert_plain_gets(server)  # nothing went to "localhost"


def test_credentials_in_the_url_are_not_sent(oparl: Callable[..., OParlServer],
                                             tmp_path: Path) -> None:
    """A URL with user:password is refused before anything happens, and no message, plan or
    stored state carries the password."""
    server = oparl(papers=2)
    url = server.url.replace("127.0.0.1", "wuser7:s3cr3tpw@127.0.0.1")
    for attempt in (lambda: sync(url, allow(server), folder=tmp_path / "sync"),
                    lambda: describe_plan(url, allow(server))):
        with pytest.raises(SyncRefused, match="Benutzernamen oder ein Kennwort") as caught:
            attempt()
        assert "s3cr3tpw" not in str(caught.value) and "wuser7" not in str(caught.value)
    with pytest.raises(SyncRefused) as caught:
        check_allowed("ftp://wuser7:s3cr3tpw@127.0.0.1/x", allow(server))
    assert "s3cr3tpw" not in str(caught.value)
    assert server.requests == []
    assert not (tmp_path / "sync").exists()


# 6. what goes over the wire --------------------------------------------------------------------

def test_only_get_requests_with_nothing_but_the_url(oparl: Callable[..., OParlServer],
                                                    tmp_path: Path) -> None:
    server = oparl(papers=10)
    sync(server.url, allow(server), folder=tmp_path / "sync")
    sync(server.url, allow(server), folder=tmp_path / "sync")  # with modified_since
    assert_plain_gets(server)
    assert set(request_urls(server)) <= known_urls(server)
    assert all(not h.startswith(("cookie", "authorization", "referer")) for r in server.requests
               for h in r.headers)
    assert server.errors == []


# 7. a second sync --------------------------------------------------------------------------------

def test_second_sync_uses_modified_since_and_does_not_duplicate(
        oparl: Callable[..., OParlServer], tmp_path: Path, fast_reader: None) -> None:
    server = oparl(papers=12)
    corpus = server.corpus
    folder = tmp_path / "sync"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    sync(server.url, allow(server), folder=folder)
    after = dt.datetime.now(dt.UTC)
    since = state(folder)["complete_since"]
    assert before <= dt.datetime.fromisoformat(since) <= after
    assert not any("modified_since" in r.params for r in server.requests)

    library = Library(tmp_path / "gremien.sqlite")
    with library:
        first = library.import_paths([folder])
        counts = _counts(library)
    assert first.papers == counts["papers"] == len(corpus.papers)

    server.clear_log()
    report = sync(server.url, allow(server), folder=folder)
    assert report.pages == expected_pages(server)  # this server does not filter
    lists = [r for r in server.requests if "/body/1/" in r.path]
    pages = [r for r in lists if "/download/" not in r.path]
    assert len(pages) == expected_pages(server)
    assert all(r.params.get("modified_since") == since for r in pages), [r.path for r in pages]
    assert server.requested(server.url)[0].params == {}  # the System itself: no filter
    assert state(folder)["complete_since"] >= since

    with Library(tmp_path / "gremien.sqlite") as library:
        second = library.import_paths([folder])
        assert second.papers == len(corpus.papers)
        assert _counts(library) == counts
        paper = corpus.papers[-1]
        hits = [h for h in library.search(paper["reference"]) if h.reference == paper["reference"]]
        assert [h.paper_id for h in hits] == [paper["id"]]
    assert_plain_gets(server)


def _counts(library: Library) -> dict[str, int]:
    return {table: int(library.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("papers", "files", "passages", "consultations", "meetings",
                          "organizations", "passages_fts")}


# bugs found ----------------------------------------------------------------------------------

def test_state_file_is_not_reported_by_the_import(oparl: Callable[..., OParlServer],
                                                  tmp_path: Path, fast_reader: None) -> None:
    server = oparl(papers=3)
    folder = tmp_path / "sync"
    sync(server.url, allow(server), folder=folder)
    _library, imported = import_folder(tmp_path, folder)
    _library.close()
    assert imported.problems == []


def test_complete_part_file_is_finished(oparl: Callable[..., OParlServer], tmp_path: Path) -> None:
    server = oparl(papers=3)
    paper = server.corpus.papers[0]
    url = server.file_url(paper)
    server.cut[url] = 10
    folder = tmp_path / "sync"
    sync(server.url, allow(server), folder=folder)
    part_of(folder, paper).write_bytes(server.corpus.files[url])  # all bytes, not yet renamed
    for _ in range(2):
        report = sync(server.url, allow(server), folder=folder)
        assert report.skipped == [], report.skipped
    assert file_of(folder, paper).read_bytes() == server.corpus.files[url]


def test_resume_of_a_changed_file_does_not_mix_versions(oparl: Callable[..., OParlServer],
                                                        tmp_path: Path) -> None:
    server = oparl(papers=3)
    paper = server.corpus.papers[0]
    url = server.file_url(paper)
    old = server.corpus.files[url]
    server.cut[url] = len(old) // 2
    folder = tmp_path / "sync"
    sync(server.url, allow(server), folder=folder)
    new = b"Neue Fassung. " + old
    server.content[url] = new
    report = sync(server.url, allow(server), folder=folder)
    copy = file_of(folder, paper)
    if copy.exists():  # never the old beginning glued to the new end
        assert copy.read_bytes() in (old, new)
    else:  # the new file does not match the paper's sha1Checksum: refused and said
        assert any("Prüfsumme" in note for note in report.skipped)
