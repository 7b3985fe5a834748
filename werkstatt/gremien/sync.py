"""Fetch a council's papers from its OParl endpoint: the application's only network access.

Off unless the machine policy names the host (``council_sync_hosts``); started only by the
user (``werkstatt gremien sync URL``, the button in the Gremien view), never by itself. It
sends nothing but GET requests for the endpoint's public lists and files: no document
content, no search words, no user data. Redirects and file URLs to a host the policy does
not name are refused.

What it fetches: the System (or a Body given directly), each Body's lists of
organizations, meetings and papers (following the specification's ``links.next``
pagination, with ``modified_since`` after a complete sync), and the papers' files. Each list
page is saved as it arrives, with the position in ``state.json``: an interrupted sync goes
on from the next page, and a file download from the byte it reached (HTTP Range). A file
over ``council_max_file_mb`` is skipped and reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from .. import __version__, atomic, paths
from ..errors import WerkstattError
from ..policy import Policy
from ..progress import CancelToken, Progress, no_progress
from .oparl import FILES_DIR, file_url, local_name

LISTS = ("organization", "meeting", "paper")  # a Body's lists we fetch (no persons)
MAX_PAGE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100_000  # a server whose "next" never ends
TIMEOUT = 30.0
CHUNK = 64 * 1024


class SyncRefused(WerkstattError):
    """The policy does not allow this sync."""


@dataclass
class SyncReport:
    pages: int = 0
    objects: int = 0
    files: int = 0
    skipped: list[str] = field(default_factory=list)
    folder: Path | None = None

    def describe(self) -> str:
        text = f"{self.pages} Listenseiten, {self.objects} Objekte, {self.files} Dateien geladen"
        return text + (f"; {len(self.skipped)} Hinweise" if self.skipped else "") + "."


def host_of(url: str) -> str:
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parsed.scheme)
    return host if parsed.port in (None, default) else f"{host}:{parsed.port}"


def check_allowed(url: str, policy: Policy) -> str:
    """The URL's host if the policy allows fetching from it, else ``SyncRefused``."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise SyncRefused(f"„{url}“ ist keine OParl-Adresse (http:// oder https://).")
    if not policy.council_sync_hosts:
        raise SyncRefused("Der Abgleich mit einem Ratsinformationssystem ist auf diesem PC nicht "
                          "freigegeben (Richtlinie council_sync_hosts). Dokumente lassen sich aus "
                          "einem Ordner importieren.")
    host = host_of(url)
    if host not in policy.council_sync_hosts and (parsed.hostname or "") not in \
            policy.council_sync_hosts:
        allowed = ", ".join(policy.council_sync_hosts)
        raise SyncRefused(f"Der Server „{host}“ ist nicht freigegeben (erlaubt: {allowed}).")
    return host


def describe_plan(url: str, policy: Policy) -> str:
    """What a sync will do, for the button's confirmation (German)."""
    host = check_allowed(url, policy)
    return (f"Die KI-Werkstatt lädt von „{host}“ die öffentlichen Listen der Gremien, Sitzungen "
            f"und Vorlagen (OParl) und die Dateien der Vorlagen bis je {policy.council_max_file_mb} "
            "MB. Gesendet werden nur Abrufe dieser Listen und Dateien, keine Texte, Suchwörter "
            "oder Angaben zu Ihnen.")


def sync_folder(url: str) -> Path:
    """Where a sync from ``url``'s host is saved (one folder per host, in user data)."""
    name = re.sub(r"[^a-z0-9.-]+", "_", host_of(url)) or "server"
    return paths.user_dir() / "gremien-sync" / name


class _Guard(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a host the policy allows."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:
        check_allowed(newurl, self.policy)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Client:
    def __init__(self, policy: Policy, cancel: CancelToken) -> None:
        self.policy, self.cancel = policy, cancel
        self.opener = urllib.request.build_opener(_Guard(policy))
        self.opener.addheaders = [("User-Agent", f"KI-Werkstatt/{__version__} (OParl-Abgleich)"),
                                  ("Accept", "application/json")]

    def open(self, url: str, start: int = 0) -> Any:
        check_allowed(url, self.policy)
        request = urllib.request.Request(url, method="GET")
        if start:
            request.add_header("Range", f"bytes={start}-")
        try:
            return self.opener.open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as exc:
            total = str(exc.headers.get("Content-Range", "")).rpartition("/")[2]
            if exc.code == 416 and start and total.isdigit() and int(total) == start:
                raise _RangeDone() from None
            raise WerkstattError(f"Der Server meldet Fehler {exc.code} für {_short(url)}.") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise WerkstattError(f"Der Server für {_short(url)} ist nicht erreichbar "
                                 f"({reason}).") from None

    def json(self, url: str) -> dict[str, Any]:
        self.cancel.check()
        with self.open(url) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            raise WerkstattError(f"Die Antwort von {_short(url)} ist zu groß.")
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise WerkstattError(f"{_short(url)} liefert kein gültiges OParl-JSON.") from None
        if not isinstance(value, dict):
            raise WerkstattError(f"{_short(url)} liefert kein gültiges OParl-JSON.")
        return value

    def download(self, url: str, target: Path, limit: int, sha1: str = "") -> int:
        """Fetch ``url`` into ``target``, going on from a ``.part`` an earlier attempt left.
        Returns the size; a file over ``limit`` bytes raises and leaves nothing. With the
        File's ``sha1Checksum``, a copy that does not match (the file changed on the server
        between two attempts) is fetched once more from the start."""
        size = self._fetch(url, target, limit)
        if sha1 and _sha1(target) != sha1.lower():
            target.unlink()
            size = self._fetch(url, target, limit)
            if _sha1(target) != sha1.lower():
                target.unlink()
                raise WerkstattError(f"{_short(url)}: die Prüfsumme der Datei stimmt nicht.")
        return size

    def _fetch(self, url: str, target: Path, limit: int) -> int:
        part = target.with_name(target.name + ".part")
        start = part.stat().st_size if part.exists() else 0
        try:
            response = self.open(url, start)
        except _RangeDone:
            part.replace(target)  # an earlier attempt had it all but was stopped before this
            return start
        with response:
            if start and response.status != 206:
                start = 0  # the server ignores Range: start over
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and start + int(length) > limit:
                part.unlink(missing_ok=True)
                raise _TooLarge(start + int(length))
            size = start
            with part.open("ab" if start else "wb") as out:
                while True:
                    self.cancel.check()
                    try:
                        block = response.read(CHUNK)
                    except OSError as exc:
                        raise WerkstattError(f"Download von {_short(url)} unterbrochen ({exc}); "
                                             "der nächste Abgleich setzt ihn fort.") from None
                    if not block:
                        break
                    size += len(block)
                    if size > limit:
                        out.close()
                        part.unlink(missing_ok=True)
                        raise _TooLarge(size)
                    out.write(block)
            if length and length.isdigit() and size < start + int(length):
                raise WerkstattError(f"Download von {_short(url)} unterbrochen; der nächste "
                                     "Abgleich setzt ihn fort.")
        part.replace(target)
        return size


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()  # noqa: S324 - OParl's sha1Checksum, an integrity check only
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _RangeDone(Exception):
    """A resumed download's ``.part`` already holds the whole file (HTTP 416)."""


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _short(url: str) -> str:
    """Host and path for a message (never a user name or password the URL may carry)."""
    return f"{host_of(url)}{urlparse(url).path}"[:120]


def _with_param(url: str, key: str, value: str) -> str:
    parsed = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(parsed.query) if k != key] + [(key, value)]
    return urlunparse(parsed._replace(query=urlencode(query)))


def sync(url: str, policy: Policy, folder: Path | None = None, progress: Progress = no_progress,
         cancel: CancelToken | None = None) -> SyncReport:
    """Fetch what ``url`` (an OParl System or Body) offers into ``folder``; see the module."""
    check_allowed(url, policy)
    folder = folder or sync_folder(url)
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / FILES_DIR).mkdir(exist_ok=True)
    cancel = cancel or CancelToken()
    client = Client(policy, cancel)
    limit = policy.council_max_file_mb * 1024 * 1024
    state_file = folder / "sync-state"  # not *.json: the import reads those
    state = _load_state(state_file, url)
    report = SyncReport(folder=folder)

    def save_state() -> None:
        atomic.write_text(state_file, json.dumps(state, indent=1))

    if not state["lists"]:  # a new round: find the bodies' lists
        state["round_started"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        progress(0.0, f"Verbinde mit {host_of(url)}")
        for body in _bodies(client, url, folder, report):
            for name in LISTS:
                list_url = body.get(name)
                if isinstance(list_url, str) and list_url:
                    if state.get("complete_since"):
                        list_url = _with_param(list_url, "modified_since", state["complete_since"])
                    state["lists"][list_url] = {"next": list_url, "pages": 0}
        save_state()
    lists = state["lists"]
    for number, position in enumerate(lists.values()):
        fetched: set[str] = set()  # a "next" that leads back to a page already read ends the list
        while position["next"] and position["next"] not in fetched:
            fetched.add(position["next"])
            page_url = position["next"]
            progress(0.05 + 0.45 * number / max(1, len(lists)),
                     f"Liste {number + 1} von {len(lists)}, Seite {position['pages'] + 1}")
            page = client.json(page_url)
            data = page.get("data")
            if not isinstance(data, list):
                raise WerkstattError(f"{_short(page_url)} ist keine OParl-Liste.")
            name = hashlib.sha256(page_url.encode()).hexdigest()[:20]
            atomic.write_text(folder / "pages" / f"{name}.json", json.dumps(page, ensure_ascii=False))
            report.pages += 1
            report.objects += len(data)
            for paper in data:
                if isinstance(paper, dict) and str(paper.get("type", "")).endswith("/Paper"):
                    for file in _paper_files(paper):
                        state["files"].setdefault(file_url(file), {
                            "name": local_name(file), "size": file.get("size"),
                            "sha1": str(file.get("sha1Checksum") or ""),
                            "label": str(paper.get("reference") or paper.get("name") or "")[:80]})
            links = page.get("links") if isinstance(page.get("links"), dict) else {}
            following = links.get("next") if isinstance(links, dict) else None
            position["pages"] += 1
            position["next"] = following if isinstance(following, str) and following != page_url \
                and position["pages"] < MAX_PAGES else None
            save_state()
    pending = [(u, f) for u, f in state["files"].items() if not f.get("done")]
    for number, (file_link, file) in enumerate(pending):
        cancel.check()
        progress(0.5 + 0.5 * number / max(1, len(pending)), f"Datei {number + 1} von {len(pending)}")
        target = folder / FILES_DIR / file["name"]
        size = file.get("size")
        if isinstance(size, int) and size > limit:
            report.skipped.append(f"{file['label']}: Datei mit {size // 2**20} MB übersprungen "
                                  f"(höchstens {policy.council_max_file_mb} MB).")
            file["done"] = True
            save_state()
            continue
        try:
            check_allowed(file_link, policy)
            client.download(file_link, target, limit, str(file.get("sha1", "")))
            report.files += 1
        except _TooLarge as exc:
            report.skipped.append(f"{file['label']}: Datei mit {exc.size // 2**20} MB oder mehr "
                                  f"übersprungen (höchstens {policy.council_max_file_mb} MB).")
        except SyncRefused as exc:
            report.skipped.append(f"{file['label']}: {exc}")
        except WerkstattError as exc:
            report.skipped.append(f"{file['label']}: {exc}")
            save_state()
            continue  # stays pending: the next sync tries again
        file["done"] = True
        save_state()
    if not any(not f.get("done") for f in state["files"].values()):
        state["complete_since"] = state.get("round_started", "")
        state["lists"], state["files"] = {}, {}
        save_state()
    progress(1.0, report.describe())
    return report


def _load_state(path: Path, url: str) -> dict[str, Any]:
    fresh: dict[str, Any] = {"url": url, "lists": {}, "files": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return fresh
    if not isinstance(state, dict) or state.get("url") != url:
        return fresh
    for key in ("lists", "files"):
        if not isinstance(state.get(key), dict):
            state[key] = {}
    return state


def _bodies(client: Client, url: str, folder: Path, report: SyncReport) -> Iterator[dict[str, Any]]:
    """The Body objects behind ``url``: a Body itself, or a System's body list (paginated)."""
    root = client.json(url)
    atomic.write_text(folder / "system.json", json.dumps(root, ensure_ascii=False))
    kind = str(root.get("type", ""))
    if kind.endswith("/Body"):
        yield root
        return
    if not kind.endswith("/System") or not isinstance(root.get("body"), str):
        raise WerkstattError(f"{_short(url)} ist kein OParl-System und keine Körperschaft.")
    page_url: str | None = root["body"]
    pages, fetched = 0, set()
    while page_url and pages < MAX_PAGES and page_url not in fetched:
        fetched.add(page_url)
        page = client.json(page_url)
        pages += 1
        atomic.write_text(folder / "pages" / f"bodies-{pages}.json",
                          json.dumps(page, ensure_ascii=False))
        for body in page.get("data") or []:
            if isinstance(body, dict):
                report.objects += 1
                yield body
        links = page.get("links") if isinstance(page.get("links"), dict) else {}
        following = links.get("next") if isinstance(links, dict) else None
        page_url = following if isinstance(following, str) and following != page_url else None


def _paper_files(paper: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The paper's files that have no text of their own and a URL to fetch."""
    files = [paper.get("mainFile"), *(paper.get("auxiliaryFile") or [])]
    for file in files:
        if isinstance(file, dict) and file_url(file) and not (
                isinstance(file.get("text"), str) and file["text"].strip()):
            yield file
