"""The feedback database schema as named migrations (never edit one that shipped; add one).

Tables (readable in the sqlite-utils CLI and Datasette):
- ``entries``: one row per rating, with what was rated (template, model, figures).
- ``meta``: key/value facts about the file (kind, participant, created).
- ``imports``: in a merged database, one row per merged source file (provenance).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "werkstatt-feedback"
DB_KIND = "ki-werkstatt-feedback"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_entries(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("entries").create(
        {
            "uuid": str,
            "created_utc": str,
            "app_version": str,
            "template_id": str,
            "template_version": str,
            "template_hash": str,
            "model_id": str,
            "model_sha256": str,
            "params_json": str,
            "input_chars": int,
            "input_tokens": int,
            "output_chars": int,
            "output_tokens": int,
            "generation_seconds": float,
            "tokens_per_second": float,
            "participant_id": str,
            "department": str,
            "quality": int,
            "correction_effort": str,
            "minutes_saved": float,
            "would_use": str,
            "problems": str,
            "comment": str,
            "input_text": str,
            "output_text": str,
            "schema_version": int,
        },
        pk="uuid",
        not_null={"uuid", "created_utc", "template_id", "participant_id", "quality"},
    )
    db.table("entries").create_index(["template_id"])
    db.table("entries").create_index(["created_utc"])


@migrations()
def m002_provenance(db: Database) -> None:
    """Merged databases record where each entry came from; demo data is marked."""
    db.table("entries").add_column("synthetic", int, not_null_default=0)
    db.table("entries").add_column("source_file", str)
    db.table("entries").add_column("imported_utc", str)
    db.table("imports").create(
        {"id": int, "source_file": str, "imported_utc": str, "new": int, "duplicate": int,
         "rejected_reason": str},
        pk="id",
    )


@migrations()
def m003_kipass(db: Database) -> None:
    """Whether the participant had passed the KI-Pass when rating (governance)."""
    db.table("entries").add_column("had_kipass", int)


@migrations()
def m004_inference_server(db: Database) -> None:
    """Server mode: the inference server ("host:port") that wrote the rated draft; empty
    for the model on the participant's PC."""
    db.table("entries").add_column("inference_server", str, not_null_default="")


# in order; each is registered under its function's name
MIGRATION_NAMES = [m.__name__ for m in (m001_entries, m002_provenance, m003_kipass,
                                        m004_inference_server)]
SCHEMA_VERSION = len(MIGRATION_NAMES)
