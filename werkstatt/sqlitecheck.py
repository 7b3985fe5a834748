"""What an SQLite file is, read-only, before the app opens it for writing.

The feedback database and the council library each have their own migration set: a file
that is not SQLite, is damaged, belongs to another application (or to the other of the
two), or was written by a newer KI-Werkstatt is refused by its caller with a German
message and left untouched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlite_utils import Database, Migrations

from . import paths

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_VALUE_BYTES = 1_000_000  # while checking: no name is longer; a computed one gives NULL


class Kind(Enum):
    BLANK = "blank"  # missing, empty, or SQLite without tables: may be created
    OURS = "ours"
    NOT_SQLITE = "not_sqlite"
    DAMAGED = "damaged"
    FOREIGN = "foreign"
    NEWER = "newer"


@dataclass(frozen=True)
class Check:
    kind: Kind
    applied: tuple[str, ...] = ()  # migration names applied, in order
    detail: str = ""


def uri(path: Path, **params: str) -> str:
    """``path`` as an SQLite URI with ``params`` (e.g. ``mode="ro"``): ``%``, ``?`` and ``#``,
    legal in file names, are escaped, so "Pilot #2.sqlite" is opened as itself."""
    name = str(Path(path).absolute())
    for char, code in (("%", "%25"), ("?", "%3f"), ("#", "%23")):
        name = name.replace(char, code)
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{name}?{query}" if query else f"file:{name}"


def inspect(path: Path, migration_set: str, table: str, known: list[str], *,
            immutable: bool = False) -> Check:
    """Read-only: what ``path`` is for the application whose migrations are ``migration_set``
    (``known`` their names) and whose main table is ``table``. ``immutable``: read the file
    as it is, creating nothing beside it (a write-ahead log beside it is not read)."""
    if not path.exists() or path.stat().st_size == 0:
        return Check(Kind.BLANK)
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            return Check(Kind.NOT_SQLITE)
    try:
        flags = {"mode": "ro", "immutable": "1"} if immutable else {"mode": "ro"}
        conn = sqlite3.connect(uri(path, **flags), uri=True)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return Check(Kind.DAMAGED)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return Check(Kind.BLANK)
            if "_sqlite_migrations" not in tables or table not in tables:
                return Check(Kind.FOREIGN)
            applied = tuple(r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [migration_set]))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Check(Kind.DAMAGED, detail=str(exc))
    if not applied:
        return Check(Kind.FOREIGN)
    unknown = [name for name in applied if name not in known]
    if unknown:
        return Check(Kind.NEWER, applied, f"Schema-Stand {unknown[-1]}")
    return Check(Kind.OURS, applied)


def open_migrated(path: Path, migrations: Migrations, meta: dict[str, str],
                  pragmas: tuple[str, ...] = ()) -> tuple[Database, bool]:
    """The file (checked by ``inspect`` first) in WAL mode, its pending migrations applied and
    then ``meta`` written to its ``meta`` table; and whether it was migrated. Raises
    ``sqlite3.Error``; the caller says it in German."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # uri=True: ATTACH may name a file by URI (read-only, immutable); a plain absolute path is
    # still a plain path (only names beginning with "file:" are URIs)
    conn = sqlite3.connect(str(path.absolute()), timeout=10, uri=True)
    if paths.in_user_dir(path):
        paths.private(path)  # before WAL: SQLite gives -wal and -shm the file's mode
    db = Database(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    for pragma in pragmas:
        conn.execute(f"PRAGMA {pragma}")
    migrated = bool(migrations.pending(db))
    if migrated:
        migrations.apply(db)
        with conn:
            table = db.table("meta")
            for key, value in meta.items():
                table.upsert({"key": key, "value": value}, pk="key")
    return db, migrated
