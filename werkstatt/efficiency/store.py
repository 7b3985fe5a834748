"""The process catalogue: one SQLite file (``effizienz.sqlite`` in the user folder by default),
with its own migrations like the council library.

Opening checks the file first, read-only (``sqlitecheck``): a file that is not SQLite, is
damaged, belongs to another application (a feedback database, the council library) or to a
newer KI-Werkstatt is refused with a German message and left untouched. Every change is one
transaction: an import either replaces or extends the catalogue as a whole, or changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__, paths, sqlitecheck
from ..errors import WerkstattError
from . import rules as rules_module
from .fields import BY_KEY, PROCESS_KEYS, FieldError, Process, check
from .rules import Rules
from .schema import DB_KIND, MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION, migrations

_REFUSED = {sqlitecheck.Kind.NOT_SQLITE: "keine SQLite-Datei",
            sqlitecheck.Kind.DAMAGED: "beschädigt oder abgeschnitten",
            sqlitecheck.Kind.FOREIGN: "kein Prozesskatalog der KI-Werkstatt",
            sqlitecheck.Kind.NEWER: "von einer neueren Version der KI-Werkstatt"}
_BOOLS = ("fachverfahren", "art22", "codetermination", "demo")


def default_path() -> Path:
    return paths.user_dir() / "effizienz.sqlite"


@dataclass(frozen=True)
class Changes:
    """What an import or edit changed (the window decides whether to refresh)."""

    new: int = 0
    updated: int = 0
    removed: int = 0

    def describe(self) -> str:
        return f"{self.new} neu, {self.updated} aktualisiert, {self.removed} entfernt"


class Catalogue:
    """One catalogue file. Use from one thread (a sqlite connection is per thread)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        check_file = sqlitecheck.inspect(self.path, MIGRATION_SET, "processes", MIGRATION_NAMES)
        if check_file.kind in _REFUSED:
            detail = f" ({check_file.detail})" if check_file.detail else ""
            raise WerkstattError(f"„{self.path.name}“ ist {_REFUSED[check_file.kind]}{detail}. "
                                 "Die Datei wurde nicht verändert.")
        try:
            self.db, _ = sqlitecheck.open_migrated(self.path, migrations, {
                "kind": DB_KIND, "schema_version": str(SCHEMA_VERSION), "app_version": __version__},
                ("synchronous=FULL", "trusted_schema=OFF"))  # a file's schema calls nothing unsafe
        except sqlite3.Error as exc:
            raise WerkstattError(f"Der Prozesskatalog „{self.path}“ kann nicht geöffnet werden "
                                 f"({exc}).") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # reading ------------------------------------------------------------------------------
    def processes(self) -> list[Process]:
        """Every process in catalogue order (as imported or added)."""
        links: dict[int, list[str]] = {}
        for pid, template in self.db.execute(
                "SELECT process_id, template_id FROM process_templates ORDER BY rowid"):
            links.setdefault(pid, []).append(template)
        result = []
        for row in self.db.table("processes").rows_where(order_by="id"):
            values = {k: row[k] for k in PROCESS_KEYS if k in row and k != "templates"}
            for key in _BOOLS:
                values[key] = bool(values.get(key))
            for key in ("legal_basis", "data_category", "leika", "effort_class", "annex3",
                        "figures_source", "note"):
                values[key] = values.get(key) or ""
            result.append(Process(**values, templates=tuple(links.get(row["id"], ()))))
        return result

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM processes").fetchone()[0])

    # writing ------------------------------------------------------------------------------
    def _row(self, process: Process) -> dict[str, Any]:
        row = {k: v for k, v in process.values().items() if k not in ("templates", "id")}
        row["key"] = process.key
        for key in _BOOLS:
            row[key] = int(bool(row[key]))
        return row

    def _insert(self, process: Process) -> int:
        pk = self.db.table("processes").insert(self._row(process)).last_pk
        assert pk is not None
        pid = int(pk)
        self._link(pid, process.templates)
        return pid

    def _link(self, pid: int, templates: tuple[str, ...]) -> None:
        self.db.execute("DELETE FROM process_templates WHERE process_id = ?", [pid])
        for template in templates:
            self.db.execute("INSERT INTO process_templates VALUES (?, ?)", [pid, template])

    def store(self, processes: list[Process], *, replace: bool = False, source: str = "") -> Changes:
        """Processes in by their key (name and unit): new ones added, known ones updated;
        ``replace`` removes the others. One transaction: all or nothing."""
        existing = {p.key: p for p in self.processes()}
        incoming = {p.key for p in processes}
        new = updated = 0
        conn = self.db.conn
        with conn:
            for process in processes:
                old = existing.get(process.key)
                if old is None:
                    self._insert(process)
                    new += 1
                    continue
                self.db.table("processes").update(old.id, self._row(process))
                self._link(old.id, process.templates)
                updated += 1
            removed = [p for p in existing.values() if p.key not in incoming] if replace else []
            for process in removed:
                self._delete(process.id)
            changes = Changes(new, updated, len(removed))
            self.db.table("imports").insert({
                "source": source, "imported_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "new": changes.new, "updated": changes.updated, "removed": changes.removed})
        return changes

    def _delete(self, pid: int) -> None:
        self.db.execute("DELETE FROM process_templates WHERE process_id = ?", [pid])
        self.db.execute("DELETE FROM processes WHERE id = ?", [pid])

    def delete(self, ids: list[int]) -> Changes:
        with self.db.conn:
            for pid in ids:
                self._delete(pid)
        return Changes(removed=len(ids))

    def add(self, process: Process) -> int:
        """A new process (the table's „Prozess hinzufügen“); its name must be new in its unit."""
        if self.db.execute("SELECT 1 FROM processes WHERE key = ?", [process.key]).fetchone():
            raise WerkstattError(f"„{process.name}“ ({process.department}) gibt es schon.")
        with self.db.conn:
            return self._insert(process)

    def set_value(self, pid: int, key: str, raw: object) -> Process:
        """One cell edited in the window: checked like an imported one; a German
        ``WerkstattError`` names the column and why."""
        current = {p.id: p for p in self.processes()}.get(pid)
        if current is None:
            raise WerkstattError("Diesen Prozess gibt es nicht mehr.")
        column = BY_KEY[key]
        try:
            changed = current.with_value(key, raw)
        except FieldError as exc:
            raise WerkstattError(f"Spalte „{column.header}“: {exc}") from None
        problems = check(changed)
        if problems:
            raise WerkstattError(f"Spalte „{BY_KEY[problems[0][0]].header}“: {problems[0][1]}")
        if changed.key != current.key and self.db.execute(
                "SELECT 1 FROM processes WHERE key = ? AND id <> ?", [changed.key, pid]).fetchone():
            raise WerkstattError(f"„{changed.name}“ ({changed.department}) gibt es schon.")
        with self.db.conn:
            self.db.table("processes").update(pid, self._row(changed))
            self._link(pid, changed.templates)
        return changed

    # rules, schedule, texts ----------------------------------------------------------------
    def rules(self) -> Rules:
        return rules_module.from_stored({r[0]: r[1] for r in self.db.execute(
            "SELECT key, value FROM settings")})

    def set_rules(self, rules: Rules) -> Rules:
        rules_module.checked(rules)
        with self.db.conn:
            for key, value in rules.stored().items():
                self.db.table("settings").upsert({"key": key, "value": value}, pk="key")
        return rules

    def feedback_path(self) -> Path | None:
        """The merged feedback database the concept reads: the one chosen last, else
        ``pilot.sqlite`` beside the catalogue (the name „Zusammenführen“ suggests)."""
        row = self.db.execute("SELECT value FROM settings WHERE key = 'feedback'").fetchone()
        if row and row[0]:
            return Path(row[0])
        beside = self.path.parent / "pilot.sqlite"
        return beside if beside.is_file() else None

    def set_feedback_path(self, path: Path | None) -> None:
        with self.db.conn:
            self.db.table("settings").upsert(
                {"key": "feedback", "value": str(Path(path).absolute()) if path else ""}, pk="key")

    def schedule(self) -> dict[str, tuple[str, str]]:
        """Dates set by hand: key (``phase:1`` or a process key) → (start, end), ISO or ''."""
        return {r[0]: (r[1] or "", r[2] or "") for r in self.db.execute(
            "SELECT key, start, end FROM schedule")}

    def set_schedule(self, key: str, start: str, end: str) -> None:
        with self.db.conn:
            if not start and not end:
                self.db.execute("DELETE FROM schedule WHERE key = ?", [key])
            else:
                self.db.table("schedule").upsert({"key": key, "start": start, "end": end}, pk="key")

    def text(self, key: str) -> str | None:
        row = self.db.execute("SELECT text FROM texts WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_text(self, key: str, text: str | None) -> None:
        """An edited text block; None brings back the vetted one."""
        with self.db.conn:
            if text is None:
                self.db.execute("DELETE FROM texts WHERE key = ?", [key])
            else:
                self.db.table("texts").upsert({"key": key, "text": text[:100_000]}, pk="key")

