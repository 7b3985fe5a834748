"""The pilot lead's merge: many workstation files into one database, idempotent.

Entries are de-duplicated by UUID; each new entry keeps its provenance (source file,
import time). Sources are read from a temporary copy, so they are never changed, and older
schemas are migrated on that copy. A file that is not a feedback database is reported and
skipped; the merge carries on with the rest.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WerkstattError
from ..progress import CancelToken, Progress, no_progress
from .schema import SCHEMA_VERSION
from .store import FeedbackStore, FileKind, inspect_file


@dataclass
class SourceResult:
    path: Path
    new: int = 0
    duplicate: int = 0
    invalid: int = 0  # entries of the wrong shape (types, ranges): left out
    rejected: str = ""  # German reason; empty when merged


@dataclass
class MergeResult:
    output: Path
    sources: list[SourceResult] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def duplicate(self) -> int:
        return sum(s.duplicate for s in self.sources)

    @property
    def rejected(self) -> list[SourceResult]:
        return [s for s in self.sources if s.rejected]


def _columns(conn: sqlite3.Connection, schema: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info(entries)")]


_AFFINITY = {"INTEGER": ("integer",), "FLOAT": ("integer", "real"), "REAL": ("integer", "real"),
             "TEXT": ("text",)}


def _valid_rows(conn: sqlite3.Connection, columns: list[str]) -> str:
    """A WHERE clause that admits only entries of the right shape: each value of its column's
    type (or empty), the rating 1 to 5, minutes within ±600, problems a JSON list. A hand-made
    or damaged file cannot slip text into figures the report computes with."""
    types = {r[1]: str(r[2]).upper() for r in conn.execute("PRAGMA main.table_info(entries)")}
    checks = []
    for column in columns:
        allowed = _AFFINITY.get(types.get(column, ""), ())
        if allowed:
            kinds = ", ".join(f"'{k}'" for k in ("null", *allowed))
            checks.append(f"typeof(src.entries.{column}) IN ({kinds})")
    checks += ["src.entries.quality BETWEEN 1 AND 5",
               "coalesce(src.entries.minutes_saved, 0) BETWEEN -600 AND 600",
               "json_valid(coalesce(src.entries.problems, '[]'))",
               "json_type(coalesce(src.entries.problems, '[]')) = 'array'"]
    return " AND ".join(checks)


def _merge_one(store: FeedbackStore, source: Path, workdir: Path, now: str) -> SourceResult:
    result = SourceResult(source)
    check = inspect_file(source)
    if check.kind is not FileKind.FEEDBACK:
        result.rejected = check.message(source)
        return result
    copy = workdir / "source.sqlite"
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{copy}{suffix}")
    if check.schema_version < SCHEMA_VERSION:
        FeedbackStore(copy).close()  # migrates the copy to this build's schema
    conn = store.db.conn
    conn.execute("ATTACH DATABASE ? AS src", [str(copy)])
    try:
        columns = [c for c in _columns(conn, "main") if c in _columns(conn, "src")]
        provenance = {"source_file", "imported_utc"}
        select = ", ".join(
            f"coalesce(src.entries.{c}, :{c})" if c in provenance else f"src.entries.{c}"
            for c in columns)
        names = ", ".join(columns)
        valid = _valid_rows(conn, columns)
        total = conn.execute("SELECT count(*) FROM src.entries").fetchone()[0]
        admitted = conn.execute(f"SELECT count(*) FROM src.entries WHERE {valid}").fetchone()[0]
        result.invalid = total - admitted
        with conn:
            cursor = conn.execute(
                f"INSERT OR IGNORE INTO main.entries ({names}) SELECT {select} FROM src.entries "
                f"WHERE {valid}", {"source_file": source.name, "imported_utc": now})
            result.new = cursor.rowcount
            result.duplicate = admitted - result.new
            if result.new:
                conn.execute(
                    "INSERT INTO imports (source_file, imported_utc, new, duplicate) "
                    "VALUES (?, ?, ?, ?)", [source.name, now, result.new, result.duplicate])
    finally:
        conn.execute("DETACH DATABASE src")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return result


def merge(sources: list[Path], output: Path, progress: Progress = no_progress,
          cancel: CancelToken | None = None) -> MergeResult:
    """Merge ``sources`` into ``output`` (created if missing). Re-running changes nothing."""
    cancel = cancel or CancelToken()
    output = Path(output)
    resolved_output = output.resolve()
    store = FeedbackStore(output)
    store.set_meta("merged", "1")
    # A merge can simply be run again, so it trades per-file fsync for speed.
    store.db.conn.execute("PRAGMA synchronous=NORMAL")
    store.db.conn.execute("PRAGMA cache_size=-65536")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    result = MergeResult(output)
    try:
        with tempfile.TemporaryDirectory(prefix="werkstatt-merge-") as tmp:
            for i, source in enumerate(sources):
                cancel.check()
                source = Path(source)
                if source.resolve() == resolved_output:
                    result.sources.append(SourceResult(source, rejected=(
                        f"„{source.name}“ ist die Zieldatei selbst.")))
                    continue
                if not source.is_file():
                    result.sources.append(SourceResult(source, rejected=(
                        f"„{source}“ gibt es nicht.")))
                    continue
                try:
                    result.sources.append(_merge_one(store, source, Path(tmp), now))
                except (sqlite3.Error, WerkstattError, OSError) as exc:
                    result.sources.append(SourceResult(source, rejected=(
                        f"„{source.name}“ konnte nicht gelesen werden ({exc}).")))
                progress((i + 1) / len(sources), f"{i + 1} von {len(sources)} Dateien")
    finally:
        store.close()
    return result
