"""Importing into the council library: OParl objects (``oparl.py``) and papers saved from
ALLRIS (``allris``) become rows and full-text passages of the library's SQLite file.

Importing the same objects again replaces them (by OParl id, or by reference for saved
papers). The newest ``modified`` of an object wins. Members' contact data is not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..errors import WerkstattError
from ..progress import CancelToken, Progress, no_progress
from .display import count
from .oparl import (
    FILES_DIR,
    as_list,
    distinct_files,
    file_text,
    file_url,
    flatten,
    integer,
    kind_of,
    ref,
    refs,
    text_of,
)
from .parsing import read_files
from .search import repair_index, split_passages
from .untrusted import printable, read_inside

# Council members' contact data (e-mail, phone, memberships) is no view's business: an export
# may carry it, the library does not keep it (a sync does not fetch it).
NOT_KEPT = {"Person", "Membership"}
SAVED_SUFFIXES = {".htm", ".html", ".pdf", ".docx", ".odt", ".txt", ".rtf"}


@dataclass
class ImportReport:
    papers: int = 0
    files: int = 0
    meetings: int = 0
    objects: int = 0
    invalid: int = 0  # objects left out for a value that cannot be stored
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (f"{count(self.papers, 'Vorlage', 'n')}, {count(self.files, 'Datei', 'en')}, "
                f"{count(self.meetings, 'Sitzung', 'en')} übernommen")
        if self.invalid:
            text += "; " + ("1 ungültiges Objekt" if self.invalid == 1 else
                            f"{self.invalid} ungültige Objekte") + " ausgelassen"
        if self.problems:
            text += f"; {len(self.problems)} Hinweis{'e' if len(self.problems) != 1 else ''}"
        return text + "."


class Importer:
    """Writes into one library's database (``Library.import_paths`` uses it)."""

    def __init__(self, db: Database, max_file_mb: int = 50) -> None:
        self.db = db
        self.limit = max_file_mb * 2**20  # the policy's council_max_file_mb

    def import_paths(self, sources: Iterable[Path], progress: Progress = no_progress,
                     cancel: CancelToken | None = None, notes: Iterable[str] = ()) -> ImportReport:
        """OParl folders and files (``*.json``) and papers saved from ALLRIS (HTML, PDF, …).
        A file that cannot be read is reported and skipped, and so is an object with a value
        that cannot be stored; the rest is imported. In a folder only regular files inside it
        are read (``untrusted.read_inside``), each within the size limit. ``notes`` (a sync's)
        come first in the report's problems and are kept with them in ``imports``."""
        sources = [Path(s) for s in sources]  # iterated twice below
        report = ImportReport(problems=list(notes))
        repair_index(self.db)  # a damaged index would fail every paper's update
        jsons: list[tuple[Path, Path, Path | None]] = []  # (file, its folder for files/, root)
        saved: list[tuple[Path, Path | None]] = []  # (file, root)
        found_in_folder: set[Path] = set()  # taken only if they are council papers
        for source in sources:
            if source.is_dir():
                for found in sorted(source.rglob("*")):
                    if FILES_DIR in found.relative_to(source).parts[:-1] or not found.is_file():
                        continue  # a device, FIFO or socket is no file (is_file looks, never opens)
                    if found.suffix.lower() == ".json":
                        jsons.append((found, source, source))
                    elif found.suffix.lower() in SAVED_SUFFIXES:
                        saved.append((found, source))
                        found_in_folder.add(found)
            elif source.suffix.lower() == ".json":
                jsons.append((source, source.parent, None))
            elif source.exists():
                saved.append((source, None))
            else:
                raise WerkstattError(f"„{printable(str(source))}“ gibt es nicht.")
        objects: dict[str, tuple[dict[str, Any], Path]] = {}
        read = read_files([(file, root) for file, _, root in jsons], self.limit, report.problems)
        for number, (index, kept, invalid) in enumerate(read):
            if cancel is not None:
                cancel.check()
            file, folder, _ = jsons[index]
            progress(0.3 * number / max(1, len(jsons)), f"Lese {printable(file.name, 120)}")
            report.invalid += invalid
            for inner in (o for obj in kept for o in flatten(obj)):  # the latest version wins
                if kind_of(inner) in NOT_KEPT:
                    continue
                known = objects.get(inner["id"])
                if known is None or str(inner.get("modified", "")) >= str(
                        known[0].get("modified", "")):
                    objects[inner["id"]] = (inner, folder)
        if objects:
            self._store_oparl(objects, report, progress, cancel)
        self._store_saved_files(saved, found_in_folder, report, progress, cancel)
        self._refresh_status()
        report.problems = [printable(p) for p in report.problems]  # names and texts from outside
        with self.db.conn:
            self.db.table("imports").insert({
                "source": "; ".join(str(s) for s in sources)[:1000],
                "imported_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "papers": report.papers, "files": report.files,
                "problems": json.dumps(report.problems, ensure_ascii=False)})
        progress(1.0, report.describe())
        return report

    def _store_saved_files(self, saved: list[tuple[Path, Path | None]], found_in_folder: set[Path],
                           report: ImportReport, progress: Progress,
                           cancel: CancelToken | None) -> None:
        if saved:
            from .allris import read_saved_data
        for number, (file, root) in enumerate(saved):
            if cancel is not None:
                cancel.check()
            name = printable(file.name, 120)
            progress(0.9 + 0.1 * number / max(1, len(saved)), f"Lese {name}")
            try:
                paper = read_saved_data(file.name, read_inside(file, root, self.limit), str(file))
            except WerkstattError as exc:
                report.problems.append(f"{name}: {exc}")
                continue
            if file in found_in_folder and not paper.reference:
                report.problems.append(f"{name}: kein Aktenzeichen erkannt, nicht übernommen "
                                       "(einzeln importieren, um sie trotzdem aufzunehmen).")
                continue
            self.store_saved(paper, report)

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
                    row = by_id.get(ref(item)) if isinstance(item, dict) else None
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
            try:
                with conn:
                    self._store_paper(paper, folder, consultations, files, report)
            except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:  # that paper only
                report.invalid += 1
                report.problems.append(f"{text_of(paper.get('reference')) or paper['id']}: nicht "
                                       f"übernommen ({type(exc).__name__}).")
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
        for row in distinct_files(self._paper_files(paper, pid, folder, files)):
            text = row.pop("text")
            del row["links"]
            self.db.table("files").upsert(row, pk="id")
            report.files += 1
            if row["problem"]:
                report.problems.append(f"{reference or name}: {row['problem']}")
            if text:
                texts.append((row["id"], text))
        self._store_passages(pid, reference, name, texts)
        report.papers += 1

    def _paper_files(self, paper: dict[str, Any], pid: str, folder: Path,
                     files: dict[str, tuple[dict[str, Any], Path]]) -> list[dict[str, Any]]:
        """The rows of a paper's main and auxiliary files with their text, each id once
        (``oparl.distinct_files`` then finds the same file under two names)."""
        rows: list[dict[str, Any]] = []
        for role, value in (("main", paper.get("mainFile")), *(
                ("auxiliary", v) for v in as_list(paper.get("auxiliaryFile")))):
            fid = ref(value)
            if not fid or any(row["id"] == fid for row in rows):
                continue
            file, file_folder = files.get(fid, (value if isinstance(value, dict) else {}, folder))
            text, problem = file_text(file, file_folder, self.limit)
            rows.append({
                "id": fid, "paper_id": pid, "role": role, "name": text_of(file.get("name")),
                "file_name": text_of(file.get("fileName")), "mime_type": text_of(file.get("mimeType")),
                "url": file_url(file), "chars": len(text), "problem": problem, "text": text,
                "links": refs(file.get("masterFile")) + refs(file.get("derivativeFile"))})
        return rows

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
