"""The pilot lead's merge: many workstation files into one database, idempotent.

Entries are de-duplicated by UUID; each new entry records where it really came from (the
file's name, this merge's time), whatever the entry itself claims. A source is only ever read
as bytes: it and its write-ahead log are copied into a temporary folder, the log is folded
into the copy, and the copy is attached read-only and immutable. Nothing is written to a
source or its copy, so their triggers never run, and nothing (no ``-shm``) appears beside a
source. Older schemas need no migration: the columns both have are copied, the others take
this build's defaults. Entries of the wrong shape or length are left out and counted
(``validation``); a file that is not a feedback database is reported and skipped, and the
merge carries on with the rest.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import sqlitecheck
from ..errors import WerkstattError
from ..progress import CancelToken, Progress, no_progress
from . import validation
from .store import FeedbackStore, FileKind, inspect_file

MAX_SOURCE_ENTRIES = 100_000  # one PC in a pilot: a few thousand ratings at most
_PROVENANCE = ("source_file", "imported_utc")


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


def _private_copy(source: Path, workdir: Path) -> Path:
    """``source`` and its write-ahead log, copied byte by byte into ``workdir`` (nothing is
    opened beside the source), the log folded into the copy so that it reads whole when
    immutable. A damaged file is left as it is, for ``inspect_file`` to name."""
    copy = workdir / "source.sqlite"
    shutil.copyfile(source, copy)
    wal = Path(f"{source}-wal")
    if not wal.is_file() or wal.stat().st_size == 0:
        return copy
    shutil.copyfile(wal, f"{copy}-wal")
    with copy.open("rb") as fh:
        if fh.read(16) != sqlitecheck.SQLITE_MAGIC:
            return copy
    conn = sqlite3.connect(copy)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # a checkpoint: pages, never SQL
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()
    return copy


def _merge_one(store: FeedbackStore, source: Path, workdir: Path, now: str) -> SourceResult:
    result = SourceResult(source)
    copy = _private_copy(source, workdir)
    try:
        check = inspect_file(copy, immutable=True)
        if check.kind is not FileKind.FEEDBACK:
            result.rejected = check.message(source)
            return result
        conn = store.db.conn
        conn.execute("ATTACH DATABASE ? AS src", [sqlitecheck.uri(copy, mode="ro", immutable="1")])
        try:
            _insert(conn, result, now)
        finally:
            conn.execute("DETACH DATABASE src")
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return result


def _insert(conn: sqlite3.Connection, result: SourceResult, now: str) -> None:
    """The valid entries of the attached ``src`` into ``main``, counted into ``result``."""
    name = result.path.name
    problem = validation.table_problem(conn, "src", "entries")
    if problem:
        result.rejected = f"„{name}“ ist keine gültige Feedback-Datenbank ({problem})."
        return
    total = conn.execute("SELECT count(*) FROM src.entries").fetchone()[0]
    if total > MAX_SOURCE_ENTRIES:
        result.rejected = (f"„{name}“ hat mehr als {MAX_SOURCE_ENTRIES} Einträge und wurde "
                           "nicht zusammengeführt.")
        return
    main = set(validation.columns(conn, "main"))
    columns = [c for c in validation.columns(conn, "src") if c in main and c not in _PROVENANCE]
    valid = validation.valid_clause("src.entries", columns)
    admitted = conn.execute(f"SELECT count(*) FROM src.entries WHERE {valid}").fetchone()[0]
    result.invalid = total - admitted
    names = ", ".join([*columns, *_PROVENANCE])
    select = ", ".join([*(f"src.entries.{c}" for c in columns), ":source_file", ":imported_utc"])
    with conn:
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO main.entries ({names}) SELECT {select} FROM src.entries "
            f"WHERE {valid}", {"source_file": name, "imported_utc": now})
        result.new = cursor.rowcount
        result.duplicate = admitted - result.new
        if result.new:
            conn.execute(
                "INSERT INTO imports (source_file, imported_utc, new, duplicate) "
                "VALUES (?, ?, ?, ?)", [name, now, result.new, result.duplicate])


def _same_file(a: Path, b: Path) -> bool:
    """The same file, also by another name (a link); a sidecar of ``b`` counts as ``b``."""
    try:
        if a.resolve() in {b.resolve(), *(Path(f"{b.resolve()}{s}") for s in ("-wal", "-shm"))}:
            return True
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def merge(sources: list[Path], output: Path, progress: Progress = no_progress,
          cancel: CancelToken | None = None) -> MergeResult:
    """Merge ``sources`` into ``output`` (created if missing). Re-running changes nothing."""
    cancel = cancel or CancelToken()
    output = Path(output)
    store = FeedbackStore(output)
    store.set_meta("merged", "1")
    # A merge can simply be run again, so it trades per-file fsync for speed.
    store.db.conn.execute("PRAGMA synchronous=NORMAL")
    store.db.conn.execute("PRAGMA cache_size=-65536")
    store.db.conn.execute("PRAGMA trusted_schema=OFF")  # a source's schema calls nothing unsafe
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    result = MergeResult(output)
    try:
        with tempfile.TemporaryDirectory(prefix="werkstatt-merge-") as tmp:
            for i, source in enumerate(sources):
                cancel.check()
                source = Path(source)
                if _same_file(source, output):
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
