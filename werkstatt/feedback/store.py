"""The per-workstation feedback database: one SQLite file, WAL, one transaction per entry.

Opening checks the file first, read-only: a file that is not SQLite, belongs to another
application, is damaged, or was written by a newer KI-Werkstatt is refused with a German
message and left untouched. Older schemas are migrated.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from .. import __version__, atomic, sqlitecheck
from ..errors import WerkstattError
from .schema import DB_KIND, MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION, migrations

QUALITY_LABELS = {1: "unbrauchbar", 2: "schwach", 3: "brauchbar", 4: "gut", 5: "sehr gut"}
EFFORTS = ("keine", "gering", "erheblich", "unbrauchbar")
WOULD_USE = ("ja", "nein", "unsicher")
NOT_GIVEN = "keine Angabe"  # the preset of every optional answer: stored as NULL, never guessed
PROBLEMS = (
    "sachlich falsch", "erfunden (halluziniert)", "unvollständig", "Ton/Stil unpassend",
    "Format", "Sprache/Grammatik", "zu lang", "zu kurz",
)


class FileKind(Enum):
    BLANK = "leer"
    FEEDBACK = "Feedback-Datenbank"
    NOT_SQLITE = "keine SQLite-Datei"
    DAMAGED = "beschädigt oder abgeschnitten"
    FOREIGN = "keine Feedback-Datenbank der KI-Werkstatt"
    NEWER = "von einer neueren Version der KI-Werkstatt"


@dataclass(frozen=True)
class FileCheck:
    kind: FileKind
    applied: tuple[str, ...] = ()
    detail: str = ""

    @property
    def schema_version(self) -> int:
        return len(self.applied)

    def message(self, path: Path) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"„{path.name}“ ist {self.kind.value}{detail}."


def inspect_file(path: Path, *, immutable: bool = False) -> FileCheck:
    """What a file is, read-only: never changes the file (``immutable``: creates nothing
    beside it either)."""
    check = sqlitecheck.inspect(path, MIGRATION_SET, "entries", MIGRATION_NAMES, immutable=immutable)
    return FileCheck(_KINDS[check.kind], check.applied, check.detail)


_KINDS = {sqlitecheck.Kind.BLANK: FileKind.BLANK, sqlitecheck.Kind.OURS: FileKind.FEEDBACK,
          sqlitecheck.Kind.NOT_SQLITE: FileKind.NOT_SQLITE, sqlitecheck.Kind.DAMAGED: FileKind.DAMAGED,
          sqlitecheck.Kind.FOREIGN: FileKind.FOREIGN, sqlitecheck.Kind.NEWER: FileKind.NEWER}


@dataclass
class Rating:
    """What the participant says about one result."""

    quality: int
    correction_effort: str = NOT_GIVEN
    minutes_saved: float | None = None  # None: not given
    would_use: str = NOT_GIVEN
    problems: list[str] = field(default_factory=list)
    comment: str = ""
    store_texts: bool = False  # explicit opt-in, off by default

    def validate(self) -> None:
        if self.quality not in QUALITY_LABELS:
            raise WerkstattError("Bitte die Qualität von 1 bis 5 bewerten.")
        if self.correction_effort not in (NOT_GIVEN, *EFFORTS):
            raise WerkstattError(f"Unbekannter Korrekturaufwand „{self.correction_effort}“.")
        if self.would_use not in (NOT_GIVEN, *WOULD_USE):
            raise WerkstattError(f"Unbekannte Antwort „{self.would_use}“.")
        unknown = [p for p in self.problems if p not in PROBLEMS]
        if unknown:
            raise WerkstattError(f"Unbekannte Problemkategorie „{unknown[0]}“.")


def _now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class FeedbackStore:
    """One feedback database file. Use from one thread (a sqlite connection is per thread)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        check = inspect_file(self.path)
        if check.kind is FileKind.BLANK and not create:
            raise WerkstattError(f"„{self.path}“ enthält keine Feedback-Daten.")
        if check.kind not in (FileKind.BLANK, FileKind.FEEDBACK):
            raise WerkstattError(check.message(self.path) + " Die Datei wurde nicht verändert.")
        try:
            self.db, migrated = sqlitecheck.open_migrated(
                self.path, migrations, {"kind": DB_KIND, "schema_version": str(SCHEMA_VERSION)},
                ("synchronous=FULL", "secure_delete=ON"))  # deleted entries are overwritten
            if migrated:
                with self.db.conn:
                    meta = self.db.table("meta")
                    if not meta.count_where("key = 'created_utc'"):
                        meta.insert({"key": "created_utc", "value": _now_utc()})
        except sqlite3.Error as exc:
            raise WerkstattError(f"Die Feedback-Datenbank „{self.path}“ kann nicht geöffnet "
                                 f"werden ({exc}).") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> FeedbackStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # facts ---------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.db.table("meta").rows}

    def set_meta(self, key: str, value: str) -> None:
        with self.db.conn:
            self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    # entries -------------------------------------------------------------------------
    def add(self, record: dict[str, Any]) -> str:
        """Store one entry in one transaction; returns its UUID."""
        row = dict(record)
        row.setdefault("uuid", str(uuid.uuid4()))
        row.setdefault("created_utc", _now_utc())
        row.setdefault("app_version", __version__)
        row["schema_version"] = SCHEMA_VERSION
        if isinstance(row.get("problems"), list | tuple):
            row["problems"] = json.dumps(list(row["problems"]), ensure_ascii=False)
        if isinstance(row.get("params_json"), dict):
            row["params_json"] = json.dumps(row["params_json"], ensure_ascii=False)
        try:
            with self.db.conn:
                self.db.table("entries").insert(row)
        except sqlite3.Error as exc:
            raise WerkstattError(f"Die Bewertung konnte nicht gespeichert werden ({exc}).") from None
        return str(row["uuid"])

    def entries(self) -> list[dict[str, Any]]:
        rows = list(self.db.table("entries").rows_where(order_by="created_utc desc"))
        for row in rows:
            row["problems"] = json.loads(row["problems"] or "[]")
        return rows

    def delete(self, uuids: list[str]) -> int:
        """Delete entries so that nothing of them stays in the file: overwritten pages
        (``secure_delete``), the file rebuilt without free pages, the write-ahead log emptied."""
        with self.db.conn:
            cursor = self.db.conn.executemany("DELETE FROM entries WHERE uuid = ?",
                                              [(u,) for u in uuids])
        try:
            self.db.conn.execute("VACUUM")
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise WerkstattError(f"Die Feedback-Datenbank konnte nach dem Löschen nicht "
                                 f"bereinigt werden ({exc}).") from None
        return cursor.rowcount

    def snapshot(self, target: Path) -> Path:
        """A consistent copy written atomically by ``VACUUM INTO``: live rows only, no free
        pages (a page copy would carry what was deleted)."""
        try:
            return atomic.write_via(target, lambda tmp: self.db.conn.execute("VACUUM INTO ?",
                                                                          (str(tmp),)))
        except sqlite3.Error as exc:
            raise WerkstattError(f"Export nach „{target}“ nicht möglich ({exc}).") from None

    def export_for_pilot_lead(self, folder: Path, participant_id: str) -> Path:
        """The snapshot named with participant id and date, ready to hand over."""
        if not folder.is_dir():
            raise WerkstattError(f"Der Ordner „{folder}“ existiert nicht.")
        stamp = dt.date.today().isoformat()
        target = folder / f"feedback-{participant_id}-{stamp}.sqlite"
        if target.exists():
            target = folder / f"feedback-{participant_id}-{stamp}-{dt.datetime.now():%H%M%S}.sqlite"
        return self.snapshot(target)
