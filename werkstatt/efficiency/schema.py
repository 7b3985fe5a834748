"""The process catalogue's schema as named migrations (never edit one that shipped; add one).

Tables (readable in the sqlite-utils CLI and Datasette):
- ``processes``: one row per administrative process (``fields.COLUMNS``), ``key`` unique
  (name and unit, case and spaces folded); ``demo`` = 1 for the demo catalogue's rows.
- ``process_templates``: which vetted templates serve which process.
- ``settings``: the weights, the quick-win thresholds, the timeline's start and team, the
  merged feedback file the concept reads.
- ``schedule``: dates the pilot lead set by hand (a phase's or a process's start and end).
- ``texts``: the edited text blocks (project organisation, open questions).
- ``imports``: one row per import, with its file and counts.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "werkstatt-effizienz"
DB_KIND = "ki-werkstatt-effizienz"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_catalogue(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("processes").create(
        {"id": int, "key": str, "name": str, "department": str, "cases_per_year": int,
         "minutes_per_case": float, "staff": int, "legal_basis": str, "data_category": str,
         "fachverfahren": int, "leika": str, "estimate_low": float, "estimate_high": float,
         "estimate_adoption": float, "effort_class": str, "effort_days": float, "annex3": str,
         "art22": int, "codetermination": int, "figures_source": str, "note": str, "demo": int},
        pk="id", not_null={"key", "name", "department", "cases_per_year", "minutes_per_case"})
    db.table("processes").create_index(["key"], unique=True)
    db.table("process_templates").create({"process_id": int, "template_id": str},
                                         pk=("process_id", "template_id"))
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("schedule").create({"key": str, "start": str, "end": str}, pk="key")
    db.table("texts").create({"key": str, "text": str}, pk="key")
    db.table("imports").create({"id": int, "source": str, "imported_utc": str, "new": int,
                                "updated": int, "removed": int}, pk="id")


# in order; each is registered under its function's name
MIGRATION_NAMES = [m.__name__ for m in (m001_catalogue,)]
SCHEMA_VERSION = len(MIGRATION_NAMES)
