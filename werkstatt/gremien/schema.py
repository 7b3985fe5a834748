"""The council library's schema as named migrations (never edit one that shipped; add one).

Tables (readable in the sqlite-utils CLI and Datasette):
- ``objects``: every OParl object as imported (JSON), embedded ones extracted.
- ``papers``, ``files``, ``consultations``, ``meetings``, ``agenda_items``,
  ``organizations``, ``relations``: what the views and the search need, one row each.
- ``passages``: the papers' text cut at sections and paragraphs, with the label a citation
  names (``Beschlussvorschlag``, ``Abschnitt 3``); ``passages_fts`` indexes them (FTS5,
  BM25; diacritics folded by the tokenizer, ß/ss and ä/ae by the query).
- ``imports``: one row per import or sync, with what it brought and what it refused.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "werkstatt-gremien"
DB_KIND = "ki-werkstatt-gremien"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_library(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("objects").create({"id": str, "type": str, "body": str, "json": str,
                                "modified": str, "source": str}, pk="id")
    db.table("objects").create_index(["type"])
    db.table("papers").create(
        {"id": str, "body": str, "reference": str, "name": str, "paper_type": str, "date": str,
         "status": str, "lead": str, "source": str}, pk="id")
    for column in ("reference", "date", "paper_type", "body"):
        db.table("papers").create_index([column])
    db.table("files").create(
        {"id": str, "paper_id": str, "role": str, "name": str, "file_name": str,
         "mime_type": str, "url": str, "chars": int, "problem": str}, pk="id")
    db.table("files").create_index(["paper_id"])
    db.table("consultations").create(
        {"id": str, "paper_id": str, "meeting_id": str, "agenda_item_id": str,
         "organization": str, "role": str, "authoritative": int, "date": str, "result": str},
        pk="id")
    db.table("consultations").create_index(["paper_id"])
    db.table("meetings").create({"id": str, "body": str, "name": str, "start": str, "end": str,
                                 "organization": str}, pk="id")
    db.table("meetings").create_index(["start"])
    db.table("agenda_items").create(
        {"id": str, "meeting_id": str, "number": str, "name": str, "consultation_id": str,
         "result": str, "resolution_text": str, "public": int, "position": int}, pk="id")
    db.table("agenda_items").create_index(["meeting_id"])
    db.table("organizations").create({"id": str, "body": str, "name": str, "short_name": str,
                                      "organization_type": str}, pk="id")
    db.table("relations").create({"paper_id": str, "other_id": str, "kind": str},
                                 pk=("paper_id", "other_id", "kind"))
    db.table("relations").create_index(["other_id"])
    db.table("passages").create(
        {"id": int, "paper_id": str, "file_id": str, "label": str, "position": int,
         "reference": str, "title": str, "text": str}, pk="id")
    db.table("passages").create_index(["paper_id"])
    db.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(reference, title, text, "
               "content='passages', content_rowid='id', "
               "tokenize='unicode61 remove_diacritics 2')")
    # reference and subject weigh more than the text (BM25 column weights; ``rank`` uses them)
    db.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES('rank', 'bm25(10.0, 4.0, 1.0)')")
    db.table("imports").create({"id": int, "source": str, "imported_utc": str, "papers": int,
                                "files": int, "problems": str}, pk="id")


# in order; each is registered under its function's name
MIGRATION_NAMES = [m.__name__ for m in (m001_library,)]
SCHEMA_VERSION = len(MIGRATION_NAMES)
