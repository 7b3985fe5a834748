"""Fetch a council's papers from its OParl endpoint: the application's only network access.

Off unless the machine policy names the server (``council_sync_hosts``: scheme, host and port
exactly, see ``fetch``); started only by the user (``werkstatt gremien sync URL``, the button
in the Gremien view), never by itself. It sends nothing but GET requests for the endpoint's
public lists and files: no document content, no search words, no user data. Redirects and
links to a server the policy does not name, or from https to http, are refused; a proxy only
as the policy names one; each request ends at its deadline or within a second of a cancel.

What it fetches: the System (or a Body given directly), each Body's lists of
organizations, meetings and papers (following the specification's ``links.next``
pagination, with ``modified_since`` after a complete sync), and the papers' files. Each list
page is parsed in a reader child (``parsing``) and saved as it arrives, with the position in
``sync-state``: an interrupted sync goes on from the next page, and a file download from the
byte it reached (HTTP Range). A file over ``council_max_file_mb`` is skipped and reported, and
so is a file that fails for itself (a bad link, an error, a refused server): one file never
stops the sync, and a bad link never stays in the state to fail the next one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .. import atomic, paths
from ..errors import WerkstattError
from ..policy import Policy
from ..progress import CancelToken, Progress, no_progress
from . import parsing
from .fetch import Client, RangeDone, SyncRefused, check_allowed, host_of, origin, short
from .oparl import FILES_DIR
from .parsing import LISTS
from .untrusted import printable

MAX_PAGE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100_000  # a server whose "next" never ends
CHUNK = 64 * 1024
_LOCAL_NAME = re.compile(r"[0-9a-f]{24}(\.[a-z0-9]{1,5})?")  # oparl.local_name

__all__ = ["LISTS", "SyncRefused", "SyncReport", "check_allowed", "describe_plan", "host_of",
           "sync", "sync_folder"]


@dataclass
class SyncReport:
    pages: int = 0
    objects: int = 0
    files: int = 0
    skipped: list[str] = field(default_factory=list)
    folder: Path | None = None

    def describe(self) -> str:
        from .display import count  # German singular and plural

        text = (f"{count(self.pages, 'Listenseite', 'n')}, {count(self.objects, 'Objekt', 'e')}, "
                f"{count(self.files, 'Datei', 'en')} geladen")
        return text + (f"; {count(len(self.skipped), 'Hinweis', 'e')}" if self.skipped else "") + "."


def describe_plan(url: str, policy: Policy) -> str:
    """What a sync will do, for the button's confirmation (German)."""
    host = check_allowed(url, policy)
    return (f"Die KI-Werkstatt lädt von „{host}“ die öffentlichen Listen der Gremien, Sitzungen "
            f"und Vorlagen (OParl) und die Dateien der Vorlagen bis je {policy.council_max_file_mb} "
            "MB. Gesendet werden nur Abrufe dieser Listen und Dateien, keine Texte, Suchwörter "
            "oder Angaben zu Ihnen.")


def sync_folder(url: str) -> Path:
    """Where a sync from ``url``'s server is saved (one folder per server, in user data)."""
    name = re.sub(r"[^a-z0-9.-]+", "_", host_of(url)) or "server"
    return paths.user_dir() / "gremien-sync" / name


def sync(url: str, policy: Policy, folder: Path | None = None, progress: Progress = no_progress,
         cancel: CancelToken | None = None) -> SyncReport:
    """Fetch what ``url`` (an OParl System or Body) offers into ``folder``; see the module."""
    check_allowed(url, policy)
    start = origin(url)
    secure = start is not None and start.scheme == "https"
    folder = folder or sync_folder(url)
    paths.private_dir(folder / "pages")  # in the user folder: only its owner may read it
    paths.private_dir(folder / FILES_DIR)
    cancel = cancel or CancelToken()
    client = Client(policy, cancel, secure)
    state_file = folder / "sync-state"  # not *.json: the import reads those
    state = _load_state(state_file, url)
    report = SyncReport(folder=folder)

    def save_state() -> None:
        atomic.write_text(state_file, json.dumps(state, indent=1))

    def usable(link: str, what: str) -> bool:
        """Whether ``link`` may be fetched; if not, a note (and nothing stored)."""
        try:
            check_allowed(link, policy, secure)
        except SyncRefused as exc:
            report.skipped.append(f"{what}: {exc}")
            return False
        return True

    if not state["lists"]:  # a new round: find the bodies' lists
        state["round_started"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        progress(0.0, f"Verbinde mit {host_of(url)}")
        for body in _bodies(client, url, folder, report):
            for name in LISTS:
                list_url = body.get(name, "")
                if list_url and usable(list_url, f"Liste „{name}“"):
                    if state.get("complete_since"):
                        list_url = _with_param(list_url, "modified_since", state["complete_since"])
                    state["lists"][list_url] = {"next": list_url, "pages": 0}
        save_state()
    _fetch_lists(client, state, folder, report, progress, save_state, usable)
    _fetch_files(client, policy, state, folder, report, progress, save_state, secure)
    if not any(not f.get("done") for f in state["files"].values()):
        state["complete_since"] = state.get("round_started", "")
        state["lists"], state["files"] = {}, {}
        save_state()
    report.skipped = [printable(note) for note in report.skipped]  # server-sent names in them
    progress(1.0, report.describe())
    return report


def _fetch_lists(client: Client, state: dict[str, Any], folder: Path, report: SyncReport,
                 progress: Progress, save_state: Callable[[], None],
                 usable: Callable[[str, str], bool]) -> None:
    """Every list page from the saved position on, each saved as it comes; its papers'
    files are noted in the state."""
    lists = state["lists"]
    for number, position in enumerate(lists.values()):
        fetched: set[str] = set()  # a "next" that leads back to a page already read ends the list
        while position["next"] and position["next"] not in fetched:
            page_url = position["next"]
            fetched.add(page_url)
            if not usable(page_url, f"Liste {number + 1}"):
                position["next"] = None  # a bad link ends its list, now and at the next sync
                save_state()
                break
            progress(0.05 + 0.45 * number / max(1, len(lists)),
                     f"Liste {number + 1} von {len(lists)}, Seite {position['pages'] + 1}")
            raw, page = _page(client, page_url)
            if not page["is_list"]:
                raise WerkstattError(f"{short(page_url)} ist keine OParl-Liste.")
            name = hashlib.sha256(page_url.encode("utf-8", "surrogatepass")).hexdigest()[:20]
            _save(folder / "pages" / f"{name}.json", raw)
            report.pages += 1
            report.objects += int(page["count"])
            for file in page["files"]:
                link = file["url"]
                if link not in state["files"] and usable(link, file["label"] or "Datei"):
                    state["files"][link] = {"name": file["name"], "size": file["size"],
                                            "sha1": file["sha1"], "label": file["label"]}
            following = page["next"]
            position["pages"] += 1
            position["next"] = following if following and following != page_url \
                and position["pages"] < MAX_PAGES else None
            save_state()


def _fetch_files(client: Client, policy: Policy, state: dict[str, Any], folder: Path,
                 report: SyncReport, progress: Progress, save_state: Callable[[], None],
                 secure: bool) -> None:
    """The files not yet fetched; each that fails is noted and the next one follows."""
    limit = policy.council_max_file_mb * 1024 * 1024
    pending = [(u, f) for u, f in state["files"].items() if not f.get("done")]
    for number, (file_link, file) in enumerate(pending):
        client.cancel.check()
        progress(0.5 + 0.5 * number / max(1, len(pending)), f"Datei {number + 1} von {len(pending)}")
        label = file["label"] or "Datei"
        size = file.get("size")
        if isinstance(size, int) and size > limit:
            report.skipped.append(f"{label}: Datei mit {size // 2**20} MB übersprungen "
                                  f"(höchstens {policy.council_max_file_mb} MB).")
            file["done"] = True
            save_state()
            continue
        try:
            check_allowed(file_link, policy, secure)
            download(client, file_link, folder / FILES_DIR / file["name"], limit, file["sha1"])
            report.files += 1
        except _TooLarge as exc:
            report.skipped.append(f"{label}: Datei mit {exc.size // 2**20} MB oder mehr "
                                  f"übersprungen (höchstens {policy.council_max_file_mb} MB).")
        except SyncRefused as exc:  # never better at the next sync: done
            report.skipped.append(f"{label}: {exc}")
        except (WerkstattError, OSError) as exc:  # stays pending: the next sync tries again
            reason = exc if isinstance(exc, WerkstattError) else \
                f"nicht gespeichert ({exc.strerror or type(exc).__name__})."
            report.skipped.append(f"{label}: {reason}")
            save_state()
            continue
        file["done"] = True
        save_state()


def download(client: Client, url: str, target: Path, limit: int, sha1: str = "") -> int:
    """Fetch ``url`` into ``target``, going on from a ``.part`` an earlier attempt left.
    Returns the size; a file over ``limit`` bytes raises and leaves nothing. With the
    File's ``sha1Checksum``, a copy that does not match (the file changed on the server
    between two attempts) is fetched once more from the start."""
    size = _fetch(client, url, target, limit)
    if sha1 and _sha1(target) != sha1.lower():
        target.unlink()
        size = _fetch(client, url, target, limit)
        if _sha1(target) != sha1.lower():
            target.unlink()
            raise WerkstattError(f"{short(url)}: die Prüfsumme der Datei stimmt nicht.")
    return size


def _fetch(client: Client, url: str, target: Path, limit: int) -> int:
    part = target.with_name(target.name + ".part")
    start = part.stat().st_size if part.exists() else 0
    try:
        with client.request(url, start, file=True) as response:
            if start and response.status != 206:
                start = 0  # the server ignores Range: start over
            length = response.headers.get("Content-Length")
            total = start + int(length) if length and length.isdigit() else None
            if total is not None and total > limit:
                part.unlink(missing_ok=True)
                raise _TooLarge(total)
            size = start
            with part.open("ab" if start else "wb") as out:
                paths.private(part)
                while block := response.read(CHUNK):
                    size += len(block)
                    if size > limit:
                        out.close()
                        part.unlink(missing_ok=True)
                        raise _TooLarge(size)
                    out.write(block)
            if total is not None and size < total:
                raise WerkstattError(f"Download von {short(url)} unterbrochen; der nächste "
                                     "Abgleich setzt ihn fort.")
    except RangeDone:
        part.replace(target)  # an earlier attempt had it all but was stopped before this
        return start
    part.replace(target)
    return size


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()  # noqa: S324 - OParl's sha1Checksum, an integrity check only
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _page(client: Client, url: str) -> tuple[bytes, dict[str, Any]]:
    """A page's bytes as they came and its summary, parsed in the reader child."""
    raw = client.read(url, MAX_PAGE_BYTES)
    return raw, parsing.page(short(url), raw)


def _save(path: Path, raw: bytes) -> None:
    atomic.write_via(path, lambda temporary: temporary.write_bytes(raw))


def _with_param(url: str, key: str, value: str) -> str:
    parsed = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parsed.query) if k != key] + [(key, value)]
    return urlunsplit(parsed._replace(query=urlencode(query)))


def _load_state(path: Path, url: str) -> dict[str, Any]:
    """The saved position of ``url``'s sync; what does not have the shape this code writes
    (a damaged or older file) is dropped, so no entry can fail the sync."""
    fresh: dict[str, Any] = {"url": url, "lists": {}, "files": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return fresh
    if not isinstance(state, dict) or state.get("url") != url:
        return fresh
    lists, files = (value if isinstance(value := state.get(key), dict) else {}
                    for key in ("lists", "files"))
    fresh["lists"] = {
        key: {"next": value["next"] if isinstance(value.get("next"), str) else None,
              "pages": value["pages"] if type(value.get("pages")) is int else 0}
        for key, value in lists.items() if isinstance(key, str) and isinstance(value, dict)}
    fresh["files"] = {
        key: {"name": value["name"], "size": value.get("size") if type(value.get("size")) is int
              else None, "sha1": _text(value.get("sha1")), "label": printable(
                  _text(value.get("label")), 80), "done": value.get("done") is True}
        for key, value in files.items() if isinstance(key, str) and isinstance(value, dict)
        and isinstance(value.get("name"), str) and _LOCAL_NAME.fullmatch(value["name"])}
    for key in ("complete_since", "round_started"):
        if isinstance(state.get(key), str):
            fresh[key] = state[key]
    return fresh


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _bodies(client: Client, url: str, folder: Path, report: SyncReport) -> Iterator[dict[str, str]]:
    """The lists of the Bodies behind ``url``: a Body itself, or a System's body list
    (paginated)."""
    raw, root = _page(client, url)
    _save(folder / "system.json", raw)
    kind = str(root["type"])
    if kind.endswith("/Body"):
        yield root["lists"]
        return
    if not kind.endswith("/System") or not root["body"]:
        raise WerkstattError(f"{short(url)} ist kein OParl-System und keine Körperschaft.")
    page_url: str = root["body"]
    pages, fetched = 0, set()
    while page_url and pages < MAX_PAGES and page_url not in fetched:
        fetched.add(page_url)
        raw, page = _page(client, page_url)
        pages += 1
        _save(folder / "pages" / f"bodies-{pages}.json", raw)
        report.objects += int(page["count"])
        yield from page["bodies"]
        following = page["next"]
        page_url = following if following and following != page_url else ""
