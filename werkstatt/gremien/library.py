"""The council library: OParl objects and papers saved from ALLRIS in one SQLite file, with a
full-text index of their text.

Opening checks the file first, read-only (``sqlitecheck``): a file that is not SQLite, is
damaged, belongs to another application or to a newer KI-Werkstatt is refused with a German
message and left untouched. A damaged full-text index (it passes ``quick_check``) is found by
FTS5's own check when the library opens, or when a search fails, and rebuilt from the text.
Importing the same objects again replaces them (by OParl id, or by reference for saved
papers), so a second sync or import never duplicates a paper.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__, paths, sqlitecheck
from ..errors import Cancelled, WerkstattError
from ..progress import CancelToken, Progress, no_progress
from . import search as searching
from .display import NOT_IN_LIBRARY, count, german_date
from .importing import Importer, ImportReport
from .oparl import distinct_files
from .schema import DB_KIND, MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION, migrations
from .search import Hit, split_passages

_T = TypeVar("_T")
_REFUSED = {sqlitecheck.Kind.NOT_SQLITE: "keine SQLite-Datei",
            sqlitecheck.Kind.DAMAGED: "beschädigt oder abgeschnitten",
            sqlitecheck.Kind.FOREIGN: "keine Gremien-Bibliothek der KI-Werkstatt",
            sqlitecheck.Kind.NEWER: "von einer neueren Version der KI-Werkstatt"}


def default_path() -> Path:
    return paths.user_dir() / "gremien.sqlite"


@dataclass(frozen=True)
class Passage:
    id: int
    paper_id: str
    reference: str
    title: str
    label: str
    text: str

    @property
    def citation(self) -> str:
        return f"[{self.reference or searching.shortened(self.title, 40)}, {self.label}]"


@dataclass(frozen=True)
class LastImport:
    """The latest import or sync as the library keeps it (table ``imports``)."""

    source: str
    imported_utc: str  # ISO, UTC
    papers: int
    files: int
    notes: list[str]

    def when(self) -> str:
        """'05.01.2026, 10:00 Uhr' in local time ('' when unknown)."""
        try:
            moment = dt.datetime.fromisoformat(self.imported_utc)
        except ValueError:
            return ""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone().strftime("%d.%m.%Y, %H:%M Uhr")


class Library:
    """One library file. Use from one thread (a sqlite connection is per thread)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        check = sqlitecheck.inspect(self.path, MIGRATION_SET, "papers", MIGRATION_NAMES)
        if check.kind in _REFUSED:
            detail = f" ({check.detail})" if check.detail else ""
            raise WerkstattError(f"„{self.path.name}“ ist {_REFUSED[check.kind]}{detail}. Die "
                                 "Datei wurde nicht verändert.")
        try:
            self.db, _ = sqlitecheck.open_migrated(self.path, migrations, {
                "kind": DB_KIND, "schema_version": str(SCHEMA_VERSION), "app_version": __version__})
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc).lower():
                raise WerkstattError("Die Volltextsuche (SQLite FTS5) fehlt in dieser "
                                     "Installation; bitte die IT verständigen.") from None
            raise WerkstattError(f"Die Gremien-Bibliothek „{self.path}“ kann nicht geöffnet "
                                 f"werden ({exc}).") from None
        except sqlite3.Error as exc:
            raise WerkstattError(f"Die Gremien-Bibliothek „{self.path}“ kann nicht geöffnet "
                                 f"werden ({exc}).") from None
        searching.repair_index(self.db)  # a damaged index finds nothing, or fails every search

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # importing -----------------------------------------------------------------------
    def import_paths(self, sources: Iterable[Path], progress: Progress = no_progress,
                     cancel: CancelToken | None = None, max_file_mb: int = 50,
                     notes: Iterable[str] = ()) -> ImportReport:
        """OParl folders and files (``*.json``) and papers saved from ALLRIS (HTML, PDF, …),
        see ``importing.py``; no file over ``max_file_mb`` (the policy's
        ``council_max_file_mb``) is read. ``notes`` (a sync's) are reported and kept first."""
        return Importer(self.db, max_file_mb).import_paths(sources, progress, cancel, notes)

    def last_import(self) -> LastImport | None:
        """The latest import or sync with every note it made ("Hinweise"), None before the
        first."""
        row = self.db.execute("SELECT source, imported_utc, papers, files, problems FROM imports "
                              "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        try:
            notes = json.loads(row[4] or "[]")
        except ValueError:
            notes = []
        return LastImport(str(row[0] or ""), str(row[1] or ""), int(row[2] or 0), int(row[3] or 0),
                          [str(n) for n in notes] if isinstance(notes, list) else [])

    # reading -------------------------------------------------------------------------
    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM papers").fetchone()[0])

    def search(self, query: str, *, body: str = "", paper_type: str = "", date_from: str = "",
               date_to: str = "", status: str = "", limit: int = 50) -> list[Hit]:
        """Papers for the words or reference of ``query``, best first; with filters only,
        the newest papers that pass them."""
        filters = searching.Filters(body, paper_type, date_from, date_to, status)
        return self._searching(lambda: searching.search(self.db, query, filters, limit))

    def passages_for(self, question: str, limit: int = 6) -> list[Passage]:
        rows = self._searching(lambda: searching.passages(self.db, question, limit))
        return [Passage(**row) for row in rows]

    def _searching(self, run: Callable[[], _T]) -> _T:
        """A full-text query; when it fails on a damaged index, the index is checked,
        rebuilt (``search.repair_index``) and the query run again."""
        try:
            return run()
        except sqlite3.DatabaseError:
            if not searching.repair_index(self.db):
                raise
        return run()

    def passage(self, passage_id: int) -> Passage | None:
        row = self.db.execute("SELECT id, paper_id, reference, title, label, text FROM passages "
                              "WHERE id = ?", [passage_id]).fetchone()
        return Passage(*row) if row else None

    def choices(self) -> dict[str, list[str]]:
        """The values the filters offer: bodies, paper types, statuses present."""
        def values(sql: str) -> list[str]:
            return [r[0] for r in self.db.execute(sql) if r[0]]
        return {
            "paper_type": values("SELECT DISTINCT paper_type FROM papers ORDER BY 1"),
            "status": values("SELECT DISTINCT status FROM papers ORDER BY 1"),
            "body": values("SELECT DISTINCT body FROM papers ORDER BY 1"),
        }

    def body_names(self) -> dict[str, str]:
        return {r[0]: json.loads(r[1]).get("name") or r[0] for r in self.db.execute(
            "SELECT id, json FROM objects WHERE type = 'Body'")}

    def paper(self, pid: str) -> dict[str, Any] | None:
        """A paper with its files, consultations, related papers and text passages."""
        rows = list(self.db.table("papers").rows_where("id = ?", [pid]))
        if not rows:
            return None
        paper = rows[0]
        paper["files"] = distinct_files(list(self.db.table("files").rows_where(  # older imports
            "paper_id = ?", [pid], order_by="role desc, name")))
        paper["consultations"] = [
            dict(c, organization=self._organization_names(c["organization"]),
                 meeting=self._meeting_name(c["meeting_id"]))
            for c in self.db.table("consultations").rows_where("paper_id = ?", [pid],
                                                               order_by="date")]
        paper["related"] = self.related(pid)
        paper["passages"] = [Passage(*r) for r in self.db.execute(
            "SELECT id, paper_id, reference, title, label, text FROM passages WHERE paper_id = ? "
            "ORDER BY position", [pid])]
        return paper

    def related(self, pid: str) -> list[dict[str, Any]]:
        """Papers linked either way (OParl relations, ALLRIS Stammbaum), oldest first. One
        that is not in the library has no ``id``; its ``url`` is the link (OParl), if any."""
        out: dict[str, dict[str, Any]] = {}
        pairs = self.db.execute(
            "SELECT other_id, kind FROM relations WHERE paper_id = ? UNION "
            "SELECT paper_id, kind FROM relations WHERE other_id = ? OR other_id = "
            "(SELECT 'ref:' || reference FROM papers WHERE id = ?)", [pid, pid, pid]).fetchall()
        for other, kind in pairs:
            if other.startswith("ref:"):
                found = self.db.execute("SELECT id, reference, name, date FROM papers WHERE "
                                        "reference = ?", [other[4:]]).fetchone()
                row, url = found or ("", other[4:], f"({NOT_IN_LIBRARY})", ""), ""
            else:
                variants = _url_variants(other)
                found = self.db.execute(
                    "SELECT id, reference, name, date FROM papers WHERE id IN "
                    f"({','.join('?' * len(variants))})", variants).fetchone()
                row, url = found or ("", "", f"({NOT_IN_LIBRARY})", ""), other
            if row[0] != pid:
                out.setdefault(row[0] or other, {"id": row[0], "reference": row[1], "name": row[2],
                                                 "date": row[3], "kind": kind,
                                                 "url": "" if row[0] else url})
        return sorted(out.values(), key=lambda r: (r["date"], r["reference"]))

    def predecessor(self, pid: str) -> dict[str, Any] | None:
        """The previous version in the family tree: the newest related paper in the library
        that is older than this one (or has the same reference stem)."""
        paper = self.paper(pid)
        if paper is None:
            return None
        older = [r for r in paper["related"] if r["id"] and r["date"] <= paper["date"]]
        return older[-1] if older else None

    def _meeting_name(self, meeting_id: str) -> str:
        row = self.db.execute("SELECT name FROM meetings WHERE id = ?", [meeting_id]).fetchone()
        return str(row[0]) if row and row[0] else ""

    def _organization_names(self, encoded: str) -> str:
        names = []
        for org in json.loads(encoded or "[]"):
            row = self.db.execute("SELECT coalesce(nullif(name, ''), short_name) FROM organizations "
                                  "WHERE id = ?", [org]).fetchone()
            if row and row[0]:
                names.append(row[0])
            elif not org.startswith(("http://", "https://")):
                names.append(org)  # a name already (saved ALLRIS pages)
        return ", ".join(names)

    def meetings(self, limit: int = 200) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT m.id, m.name, m.start, (SELECT count(*) FROM agenda_items "
                                  "a WHERE a.meeting_id = m.id) AS items FROM meetings m "
                                  "ORDER BY m.start DESC LIMIT ?", [limit]))

    def agenda(self, meeting_id: str) -> list[dict[str, Any]]:
        """A meeting's agenda items in order, each with the paper it consults (if any)."""
        return list(self.db.query("""
            SELECT a.number, a.name, a.result, p.id AS paper_id, p.reference, p.name AS paper_name
            FROM agenda_items a
            LEFT JOIN consultations c ON c.id = a.consultation_id OR c.agenda_item_id = a.id
            LEFT JOIN papers p ON p.id = c.paper_id
            WHERE a.meeting_id = ? GROUP BY a.id ORDER BY a.position, a.number""", [meeting_id]))

    def paper_text(self, pid: str, chars: int = 0) -> str:
        """The paper as one document for a template: its header the way ALLRIS prints it
        (``council.parse`` reads it back), then its files' text. ``chars`` > 0 cuts it."""
        paper = self.paper(pid)
        if paper is None:
            raise WerkstattError("Diese Vorlage ist nicht (mehr) in der Bibliothek.")
        head = [f"Betreff: {paper['name']}"]
        if paper["reference"]:
            head.append(f"Vorlage: {paper['reference']}")
        if paper["paper_type"]:
            head.append(f"Vorlagenart: {paper['paper_type']}")
        if paper["date"]:
            head.append(f"Datum: {german_date(paper['date'])}")
        if paper["lead"]:
            head.append(f"Federführend: {paper['lead']}")
        if paper["consultations"]:
            head.append("Beratungsfolge:")
            for c in paper["consultations"]:
                role = c["role"] or "Beratung"
                role = role if role.startswith("zur ") else f"zur {role}"
                head.append(f"{c['organization'] or 'Gremium'} {role}")
                if c["date"]:
                    head.append(german_date(c["date"]))
                if c["result"] and re.match(r"\d+\.\s+Sitzung", c["meeting"]):
                    head.append(f"{c['meeting']} {c['result']}")  # as ALLRIS prints it
                elif c["result"]:
                    head.append(f"Ergebnis: {c['result']}")
        body = "\n\n".join(p.text for p in paper["passages"] if p.label != "Betreff")
        text = "\n".join(head) + "\n\n" + body
        return text[:chars] if chars > 0 else text


def _url_variants(url: str) -> list[str]:
    """The forms one OParl id may take in another object's link: http or https, with or
    without a trailing slash."""
    out = {url}
    for old, new in (("http://", "https://"), ("https://", "http://")):
        if url.startswith(old):
            out.add(new + url[len(old):])
    for form in list(out):
        out.add(form[:-1] if form.endswith("/") else form + "/")
    return [url, *sorted(out - {url})]


__all__ = ["Cancelled", "Hit", "ImportReport", "LastImport", "Library", "Passage", "count",
           "split_passages"]
