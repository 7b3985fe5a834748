"""The council library: OParl objects and papers saved from ALLRIS in one SQLite file, with a
full-text index of their text.

Opening checks the file first, read-only (``sqlitecheck``): a file that is not SQLite, is
damaged, belongs to another application or to a newer KI-Werkstatt is refused with a German
message and left untouched. Importing the same objects again replaces them (by OParl id, or
by reference for saved papers), so a second sync or import never duplicates a paper.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__, paths, sqlitecheck
from ..errors import Cancelled, WerkstattError
from ..progress import CancelToken, Progress, no_progress
from . import search as searching
from .oparl import (
    FILES_DIR,
    as_list,
    file_text,
    file_url,
    flatten,
    integer,
    kind_of,
    read_file,
    ref,
    refs,
    text_of,
)
from .schema import DB_KIND, MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION, migrations
from .search import split_passages

# Council members' contact data (e-mail, phone, memberships) is no view's business: an export
# may carry it, the library does not keep it (a sync does not fetch it).
NOT_KEPT = {"Person", "Membership"}
SAVED_SUFFIXES = {".htm", ".html", ".pdf", ".docx", ".odt", ".txt", ".rtf"}
_REFUSED = {sqlitecheck.Kind.NOT_SQLITE: "keine SQLite-Datei",
            sqlitecheck.Kind.DAMAGED: "beschädigt oder abgeschnitten",
            sqlitecheck.Kind.FOREIGN: "keine Gremien-Bibliothek der KI-Werkstatt",
            sqlitecheck.Kind.NEWER: "von einer neueren Version der KI-Werkstatt"}


def count(number: int, word: str, plural: str) -> str:
    """'1 Vorlage', '2 Vorlagen' (German plural by its ending)."""
    return f"{number} {word}{'' if number == 1 else plural}"


def default_path() -> Path:
    return paths.user_dir() / "gremien.sqlite"


@dataclass
class ImportReport:
    papers: int = 0
    files: int = 0
    meetings: int = 0
    objects: int = 0
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (f"{count(self.papers, 'Vorlage', 'n')}, {count(self.files, 'Datei', 'en')}, "
                f"{count(self.meetings, 'Sitzung', 'en')} übernommen")
        if self.problems:
            text += f"; {len(self.problems)} Hinweis{'e' if len(self.problems) != 1 else ''}"
        return text + "."


@dataclass(frozen=True)
class Hit:
    paper_id: str
    reference: str
    date: str
    name: str
    paper_type: str
    status: str
    snippet: str = ""


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
        return f"[{self.reference or self.title[:40]}, {self.label}]"


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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # importing -----------------------------------------------------------------------
    def import_paths(self, sources: Iterable[Path], progress: Progress = no_progress,
                     cancel: CancelToken | None = None) -> ImportReport:
        """OParl folders and files (``*.json``) and papers saved from ALLRIS (HTML, PDF, …).
        A file that cannot be read is reported and skipped; the rest is imported."""
        sources = [Path(s) for s in sources]  # iterated twice below
        report = ImportReport()
        jsons: list[tuple[Path, Path]] = []  # (file, its folder for files/)
        saved: list[Path] = []
        found_in_folder: set[Path] = set()  # taken only if they are council papers
        for source in sources:
            if source.is_dir():
                for found in sorted(source.rglob("*")):
                    if FILES_DIR in found.relative_to(source).parts[:-1] or not found.is_file():
                        continue
                    if found.suffix.lower() == ".json":
                        jsons.append((found, source))
                    elif found.suffix.lower() in SAVED_SUFFIXES:
                        saved.append(found)
                        found_in_folder.add(found)
            elif source.suffix.lower() == ".json":
                jsons.append((source, source.parent))
            elif source.exists():
                saved.append(source)
            else:
                raise WerkstattError(f"„{source}“ gibt es nicht.")
        objects: dict[str, tuple[dict[str, Any], Path]] = {}
        for number, (file, folder) in enumerate(jsons):
            if cancel is not None:
                cancel.check()
            progress(0.3 * number / max(1, len(jsons)), f"Lese {file.name}")
            for obj in read_file(file, report.problems):
                for inner in flatten(obj):  # the latest version of an object wins
                    if kind_of(inner) in NOT_KEPT:
                        continue
                    known = objects.get(inner["id"])
                    if known is None or str(inner.get("modified", "")) >= str(
                            known[0].get("modified", "")):
                        objects[inner["id"]] = (inner, folder)
        if objects:
            self._store_oparl(objects, report, progress, cancel)
        if saved:
            from .allris import read_saved
        for number, file in enumerate(saved):
            if cancel is not None:
                cancel.check()
            progress(0.9 + 0.1 * number / max(1, len(saved)), f"Lese {file.name}")
            try:
                paper = read_saved(file)
            except WerkstattError as exc:
                report.problems.append(f"{file.name}: {exc}")
                continue
            if file in found_in_folder and not paper.reference:
                report.problems.append(f"{file.name}: kein Aktenzeichen erkannt, nicht übernommen "
                                       "(einzeln importieren, um sie trotzdem aufzunehmen).")
                continue
            self.store_saved(paper, report)
        self._refresh_status()
        with self.db.conn:
            self.db.table("imports").insert({
                "source": "; ".join(str(s) for s in sources)[:1000],
                "imported_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "papers": report.papers, "files": report.files,
                "problems": json.dumps(report.problems, ensure_ascii=False)})
        progress(1.0, report.describe())
        return report

    def _store_oparl(self, objects: dict[str, tuple[dict[str, Any], Path]], report: ImportReport,
                     progress: Progress, cancel: CancelToken | None) -> None:
        by_kind: dict[str, list[tuple[dict[str, Any], Path]]] = {}
        for obj, folder in objects.values():
            by_kind.setdefault(kind_of(obj), []).append((obj, folder))
        conn = self.db.conn
        with conn:
            self.db.table("objects").upsert_all(
                ({"id": o["id"], "type": kind_of(o), "body": ref(o.get("body")),
                  "json": json.dumps(o, ensure_ascii=False), "modified": str(o.get("modified", "")),
                  "source": str(folder)} for o, folder in objects.values()), pk="id")
            report.objects += len(objects)
            self.db.table("organizations").upsert_all(
                ({"id": o["id"], "body": ref(o.get("body")), "name": text_of(o.get("name")),
                  "short_name": text_of(o.get("shortName")),
                  "organization_type": text_of(o.get("organizationType") or o.get("classification"))}
                 for o, _ in by_kind.get("Organization", [])), pk="id")
            meetings = by_kind.get("Meeting", [])
            self.db.table("meetings").upsert_all(
                ({"id": o["id"], "body": "", "name": text_of(o.get("name")),
                  "start": text_of(o.get("start")), "end": text_of(o.get("end")),
                  "organization": json.dumps(refs(o.get("organization")))}
                 for o, _ in meetings), pk="id")
            report.meetings += len(meetings)
            items = []
            for o, _ in by_kind.get("AgendaItem", []):
                items.append({"id": o["id"], "meeting_id": ref(o.get("meeting")),
                              "number": text_of(o.get("number")), "name": text_of(o.get("name")),
                              "consultation_id": ref(o.get("consultation")),
                              "result": text_of(o.get("result")),
                              "resolution_text": text_of(o.get("resolutionText")),
                              "public": 0 if o.get("public") is False else 1,
                              "position": integer(o.get("order"))})
            by_id = {row["id"]: row for row in items}
            for meeting, _ in meetings:  # embedded items know their meeting by nesting
                for position, item in enumerate(as_list(meeting.get("agendaItem"))):
                    row = by_id.get(item.get("id")) if isinstance(item, dict) else None
                    if row is not None:
                        row["meeting_id"] = row["meeting_id"] or meeting["id"]
                        row["position"] = row["position"] or position + 1
            self.db.table("agenda_items").upsert_all(items, pk="id")
        papers = by_kind.get("Paper", [])
        consultations = {o["id"]: o for o, _ in by_kind.get("Consultation", [])}
        files = {o["id"]: (o, folder) for o, folder in by_kind.get("File", [])}
        for number, (paper, folder) in enumerate(papers):
            if cancel is not None and number % 50 == 0:
                cancel.check()
            if number % 20 == 0:
                progress(0.3 + 0.6 * number / max(1, len(papers)),
                         f"Vorlage {number + 1} von {len(papers)}")
            with conn:
                self._store_paper(paper, folder, consultations, files, report)
        orphans = [c for c in consultations.values() if ref(c.get("paper"))]
        with conn:
            self._store_consultations(orphans)

    def _store_paper(self, paper: dict[str, Any], folder: Path,
                     consultations: dict[str, dict[str, Any]],
                     files: dict[str, tuple[dict[str, Any], Path]], report: ImportReport) -> None:
        pid = paper["id"]
        reference, name = text_of(paper.get("reference")), text_of(paper.get("name"))
        self._forget_paper(pid)
        self.db.table("papers").insert({
            "id": pid, "body": ref(paper.get("body")), "reference": reference, "name": name,
            "paper_type": text_of(paper.get("paperType")), "date": text_of(paper.get("date"))[:10],
            "status": "", "lead": "", "source": "oparl"})
        for kind in ("relatedPaper", "superordinatedPaper", "subordinatedPaper"):
            for other in refs(paper.get(kind)):
                self.db.table("relations").upsert({"paper_id": pid, "other_id": other,
                                                   "kind": kind}, pk=("paper_id", "other_id", "kind"))
        rows = []
        for item in as_list(paper.get("consultation")):
            cid = ref(item)
            if cid in consultations:
                rows.append(dict(consultations[cid], paper=pid))
        self._store_consultations(rows)
        texts: list[tuple[str, str]] = [("", name)]
        for role, value in (("main", paper.get("mainFile")), *(
                ("auxiliary", v) for v in as_list(paper.get("auxiliaryFile")))):
            fid = ref(value)
            if not fid:
                continue
            file, file_folder = files.get(fid, (value if isinstance(value, dict) else {}, folder))
            text, problem = file_text(file, file_folder)
            self.db.table("files").upsert({
                "id": fid, "paper_id": pid, "role": role, "name": text_of(file.get("name")),
                "file_name": text_of(file.get("fileName")), "mime_type": text_of(file.get("mimeType")),
                "url": file_url(file), "chars": len(text), "problem": problem}, pk="id")
            report.files += 1
            if problem:
                report.problems.append(f"{reference or name}: {problem}")
            if text:
                texts.append((fid, text))
        self._store_passages(pid, reference, name, texts)
        report.papers += 1

    def _store_consultations(self, rows: list[dict[str, Any]]) -> None:
        self.db.table("consultations").upsert_all(
            ({"id": c["id"], "paper_id": ref(c.get("paper")), "meeting_id": ref(c.get("meeting")),
              "agenda_item_id": ref(c.get("agendaItem")),
              "organization": json.dumps(refs(c.get("organization"))), "role": text_of(c.get("role")),
              "authoritative": 1 if c.get("authoritative") else 0, "date": "", "result": ""}
             for c in rows), pk="id")

    def store_saved(self, paper: Any, report: ImportReport) -> None:
        """A paper saved from ALLRIS by hand (``allris.SavedPaper``): its id is its reference,
        so saving the same page again replaces it."""
        if not paper.reference and not paper.text.strip():
            report.problems.append(f"{Path(paper.source).name}: keine Vorlage erkannt.")
            return
        pid = "allris:" + (paper.reference or Path(paper.source).name)
        with self.db.conn:
            self._forget_paper(pid)
            self.db.table("papers").insert({
                "id": pid, "body": "", "reference": paper.reference, "name": paper.subject,
                "paper_type": paper.paper_type, "date": paper.date, "status": "",
                "lead": paper.lead, "source": str(paper.source)})
            for number, step in enumerate(paper.consultations):
                self.db.table("consultations").insert({
                    "id": f"{pid}#{number}", "paper_id": pid, "meeting_id": "", "agenda_item_id": "",
                    "organization": json.dumps([step.body], ensure_ascii=False), "role": step.role,
                    "authoritative": 0, "date": step.date, "result": step.result})
            for relative in paper.family:
                if relative.reference and relative.reference != paper.reference:
                    self.db.table("relations").upsert(
                        {"paper_id": pid, "other_id": "ref:" + relative.reference, "kind": "family"},
                        pk=("paper_id", "other_id", "kind"))
            self._store_passages(pid, paper.reference, paper.subject,
                                 [("", paper.subject), (pid, paper.text)])
        report.papers += 1
        report.files += 1

    def _forget_paper(self, pid: str) -> None:
        db = self.db
        db.execute("INSERT INTO passages_fts(passages_fts, rowid, reference, title, text) "
                   "SELECT 'delete', id, reference, title, text FROM passages WHERE paper_id = ?",
                   [pid])
        for table in ("passages", "files", "consultations", "relations"):
            db.execute(f"DELETE FROM {table} WHERE paper_id = ?", [pid])
        db.execute("DELETE FROM papers WHERE id = ?", [pid])

    def _store_passages(self, pid: str, reference: str, title: str,
                        texts: list[tuple[str, str]]) -> None:
        rows: list[dict[str, Any]] = []
        for file_id, text in texts:
            for label, part in split_passages(text) if file_id else [("Betreff", text)]:
                if part.strip():
                    rows.append({"paper_id": pid, "file_id": file_id, "label": label,
                                 "position": len(rows), "reference": reference, "title": title,
                                 "text": part})
        table = self.db.table("passages")
        start = (self.db.execute("SELECT max(id) FROM passages").fetchone()[0] or 0) + 1
        for offset, row in enumerate(rows):
            row["id"] = start + offset
        table.insert_all(rows)
        self.db.execute("INSERT INTO passages_fts(rowid, reference, title, text) SELECT id, "
                        "reference, title, text FROM passages WHERE paper_id = ?", [pid])

    def _refresh_status(self) -> None:
        """Consultations take date and result from their meeting and agenda item; a paper's
        status is the result of its latest consultation that has one."""
        with self.db.conn:
            self.db.execute("""
                UPDATE consultations SET
                  date = coalesce((SELECT substr(start, 1, 10) FROM meetings m
                                   WHERE m.id = consultations.meeting_id), date),
                  result = coalesce((SELECT nullif(result, '') FROM agenda_items a
                                     WHERE a.id = consultations.agenda_item_id), result)
                WHERE meeting_id != '' OR agenda_item_id != ''""")
            self.db.execute("""
                UPDATE papers SET status = coalesce((
                  SELECT result FROM consultations c WHERE c.paper_id = papers.id AND result != ''
                  ORDER BY date DESC LIMIT 1), '')""")

    # reading -------------------------------------------------------------------------
    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM papers").fetchone()[0])

    def search(self, query: str, *, body: str = "", paper_type: str = "", date_from: str = "",
               date_to: str = "", status: str = "", limit: int = 50) -> list[Hit]:
        """Papers for the words or reference of ``query``, best first; with filters only,
        the newest papers that pass them."""
        return searching.search(self.db, query, searching.Filters(
            body, paper_type, date_from, date_to, status), limit)

    def passages_for(self, question: str, limit: int = 6) -> list[Passage]:
        return [Passage(**row) for row in searching.passages(self.db, question, limit)]

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
        paper["files"] = list(self.db.table("files").rows_where("paper_id = ?", [pid],
                                                                 order_by="role desc, name"))
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
        """Papers linked either way (OParl relations, ALLRIS Stammbaum), oldest first."""
        out: dict[str, dict[str, Any]] = {}
        pairs = self.db.execute(
            "SELECT other_id, kind FROM relations WHERE paper_id = ? UNION "
            "SELECT paper_id, kind FROM relations WHERE other_id = ? OR other_id = "
            "(SELECT 'ref:' || reference FROM papers WHERE id = ?)", [pid, pid, pid]).fetchall()
        for other, kind in pairs:
            if other.startswith("ref:"):
                found = self.db.execute("SELECT id, reference, name, date FROM papers WHERE "
                                        "reference = ?", [other[4:]]).fetchone()
                row = found or ("", other[4:], "(nicht in der Bibliothek)", "")
            else:
                found = self.db.execute("SELECT id, reference, name, date FROM papers WHERE id = ?",
                                        [other]).fetchone()
                row = found or ("", "", f"(nicht in der Bibliothek: {other})", "")
            if row[0] != pid:
                out.setdefault(row[0] or other, {"id": row[0], "reference": row[1], "name": row[2],
                                                 "date": row[3], "kind": kind})
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
            head.append(f"Datum: {_german_date(paper['date'])}")
        if paper["lead"]:
            head.append(f"Federführend: {paper['lead']}")
        if paper["consultations"]:
            head.append("Beratungsfolge:")
            for c in paper["consultations"]:
                role = c["role"] or "Beratung"
                role = role if role.startswith("zur ") else f"zur {role}"
                head.append(f"{c['organization'] or 'Gremium'} {role}")
                if c["date"]:
                    head.append(_german_date(c["date"]))
                if c["result"] and re.match(r"\d+\.\s+Sitzung", c["meeting"]):
                    head.append(f"{c['meeting']} {c['result']}")  # as ALLRIS prints it
                elif c["result"]:
                    head.append(f"Ergebnis: {c['result']}")
        body = "\n\n".join(p.text for p in paper["passages"] if p.label != "Betreff")
        text = "\n".join(head) + "\n\n" + body
        return text[:chars] if chars > 0 else text


def _german_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return iso


__all__ = ["Cancelled", "Hit", "ImportReport", "Library", "Passage", "split_passages"]
