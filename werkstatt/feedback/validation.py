"""Which feedback entries the merge takes and the report counts, decided in SQL, and which
files the report reads at all.

Workstation files come from 50 PCs and may be edited by hand or made to harm: an entry is
admitted only if every value has its column's type, lies within its range and is no longer
than its column's cap; a table that is not an ordinary one (a virtual table, computed
columns) is refused as a whole. The merge and the report apply the same rule, so a file
that only claims to be merged cannot bring in what the merge would have left out. The
report reads merged databases only, read-only: it never migrates, writes or runs anything
in the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .. import sqlitecheck
from ..errors import WerkstattError
from .store import FileKind, inspect_file

# The entries table of this build (schema.py, m001–m004): column -> declared type.
COLUMN_TYPES: dict[str, str] = {
    "uuid": "TEXT", "created_utc": "TEXT", "app_version": "TEXT", "template_id": "TEXT",
    "template_version": "TEXT", "template_hash": "TEXT", "model_id": "TEXT",
    "model_sha256": "TEXT", "params_json": "TEXT", "input_chars": "INTEGER",
    "input_tokens": "INTEGER", "output_chars": "INTEGER", "output_tokens": "INTEGER",
    "generation_seconds": "REAL", "tokens_per_second": "REAL", "participant_id": "TEXT",
    "department": "TEXT", "quality": "INTEGER", "correction_effort": "TEXT",
    "minutes_saved": "REAL", "would_use": "TEXT", "problems": "TEXT", "comment": "TEXT",
    "input_text": "TEXT", "output_text": "TEXT", "schema_version": "INTEGER",
    "synthetic": "INTEGER", "source_file": "TEXT", "imported_utc": "TEXT",
    "had_kipass": "INTEGER", "inference_server": "TEXT",
}
NOT_NULL = frozenset({"uuid", "created_utc", "template_id", "participant_id", "quality",
                      "synthetic", "inference_server"})
REQUIRED = ("uuid", "created_utc", "template_id", "participant_id", "quality")  # since m001

# Longest text (characters) per column; every other text column: SHORT_TEXT. A document
# may have 2,000,000 characters (documents.MAX_TEXT_CHARS), an input several documents.
SHORT_TEXT = 1_000
LONG_TEXT = {"comment": 100_000, "params_json": 100_000, "input_text": 10_000_000,
             "output_text": 10_000_000}
_TYPES = {"INTEGER": ("integer",), "REAL": ("integer", "real"), "TEXT": ("text",)}
_RANGES = {  # beyond the type: what a real entry can hold
    "quality": "BETWEEN 1 AND 5",
    "minutes_saved": "BETWEEN -600 AND 600",
    "generation_seconds": "BETWEEN 0 AND 86400",
    "tokens_per_second": "BETWEEN 0 AND 100000",
    "synthetic": "IN (0, 1)",
    "had_kipass": "IN (0, 1)",
    "created_utc": "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
}
MAX_NUMBER = 1e12  # any other figure: no sum over it can overflow


def text_cap(column: str) -> int:
    return LONG_TEXT.get(column, SHORT_TEXT)


def valid_clause(table: str, columns: Iterable[str]) -> str:
    """A WHERE clause over ``table`` (e.g. ``src.entries``) that admits only entries whose
    ``columns`` (those of this build the file has) are of the right type, range and length."""
    checks = []
    for column in columns:
        kind = COLUMN_TYPES.get(column)
        if kind is None:
            continue
        ref = f"{table}.{column}"
        allowed = _TYPES[kind] if column in NOT_NULL else ("null", *_TYPES[kind])
        checks.append(f"typeof({ref}) IN ({', '.join(repr(k) for k in allowed)})")
        if kind == "TEXT":
            checks.append(f"coalesce(length({ref}), 0) <= {text_cap(column)}")
        if column in _RANGES:
            checks.append(f"coalesce({ref} {_RANGES[column]}, {int(column not in NOT_NULL)})")
        elif kind != "TEXT":
            checks.append(f"coalesce(abs({ref}) <= {MAX_NUMBER:.0f}, 1)")
        if column == "problems":  # a JSON list of texts
            problems = f"coalesce({ref}, '[]')"
            checks += [f"json_valid({problems})", f"json_type({problems}) = 'array'",
                       f"NOT EXISTS (SELECT 1 FROM json_each({problems}) WHERE type <> 'text')"]
    return " AND ".join(checks) or "1"


def table_problem(conn: sqlite3.Connection, schema: str, table: str) -> str:
    """Why ``schema.table`` cannot be read as a feedback table (German, no full stop), or "".
    Virtual tables and computed columns run code on every read; they are never read."""
    row = conn.execute(f"SELECT type, sql FROM {schema}.sqlite_master WHERE name = ? COLLATE NOCASE",
                       [table]).fetchone()
    if row is None or row[0] != "table" or str(row[1] or "").lstrip().upper().startswith("CREATE VIRTUAL"):
        return f"„{table}“ ist keine gewöhnliche Tabelle"
    info = conn.execute(f"PRAGMA {schema}.table_xinfo({table})").fetchall()
    if any(r[6] for r in info):  # hidden: 1 virtual-table column, 2/3 generated
        return f"„{table}“ hat berechnete Spalten"
    missing = [c for c in REQUIRED if c not in {r[1] for r in info}] if table == "entries" else []
    if missing:
        return f"in „{table}“ fehlt die Spalte „{missing[0]}“"
    return ""


def columns(conn: sqlite3.Connection, schema: str, table: str = "entries") -> list[str]:
    """The columns of this build that ``schema.table`` has, in this build's order."""
    present = {r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")}
    return [c for c in COLUMN_TYPES if c in present]


def open_merged(path: Path) -> sqlite3.Connection:
    """A read-only connection to the merged database ``path``; a German ``WerkstattError``
    for anything else. Immutable (nothing created beside it) unless a write-ahead log beside
    it holds entries a merge has just written."""
    immutable = not Path(f"{path}-wal").exists()
    check = inspect_file(path, immutable=immutable)
    if check.kind is FileKind.BLANK:
        raise WerkstattError(f"„{path.name}“ enthält keine Feedback-Daten.")
    if check.kind is not FileKind.FEEDBACK:
        raise WerkstattError(check.message(path))
    flags = {"mode": "ro", "immutable": "1"} if immutable else {"mode": "ro"}
    conn = sqlite3.connect(sqlitecheck.uri(path, **flags), uri=True)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        problem = table_problem(conn, "main", "entries") or table_problem(conn, "main", "meta")
        if problem:
            raise WerkstattError(f"„{path.name}“ ist keine gültige Feedback-Datenbank ({problem}).")
        merged = conn.execute("SELECT count(*) FROM meta WHERE key = 'merged' AND value = '1'")
        if not merged.fetchone()[0]:
            raise WerkstattError(
                f"„{path.name}“ ist noch nicht zusammengeführt: bitte zuerst mit „Dateien "
                "zusammenführen …“ oder „werkstatt feedback merge“ eine Gesamtdatenbank anlegen.")
    except BaseException:
        conn.close()
        raise
    return conn
