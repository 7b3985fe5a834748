"""Feedback store: migrations, refusal of foreign/newer/broken files, privacy, crash safety."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from sqlite_utils import Database

from werkstatt.errors import WerkstattError
from werkstatt.feedback.schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from werkstatt.feedback.store import FeedbackStore, FileKind, Rating, inspect_file

ENTRY = {"template_id": "zusammenfassung", "participant_id": "P-1", "quality": 4,
         "problems": ["zu lang"], "minutes_saved": 5}


def test_blank_database_gets_current_schema(tmp_path):
    """A new file gets every migration, WAL mode and the readable tables."""
    path = tmp_path / "f.sqlite"
    with FeedbackStore(path) as store:
        store.add(ENTRY)
        assert store.meta()["schema_version"] == str(SCHEMA_VERSION)
        assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = store.db["entries"].columns_dict
    for column in ("uuid", "created_utc", "template_hash", "model_sha256", "quality",
                   "problems", "synthetic", "source_file", "had_kipass", "schema_version"):
        assert column in columns
    assert inspect_file(path).kind is FileKind.FEEDBACK


@pytest.mark.parametrize("released", range(1, len(MIGRATION_NAMES)))
def test_every_released_schema_migrates(tmp_path, released):
    """A file written with each older schema opens, keeps its entries, and is migrated."""
    path = tmp_path / "old.sqlite"
    db = Database(path)
    migrations.apply(db, stop_before=MIGRATION_NAMES[released])
    db["entries"].insert({"uuid": "u1", "created_utc": "2026-10-01T10:00:00+00:00",
                          "template_id": "protokoll", "participant_id": "P-9", "quality": 2,
                          "problems": "[]"})
    db.close()
    assert inspect_file(path).schema_version == released
    with FeedbackStore(path) as store:
        rows = store.entries()
        assert [r["uuid"] for r in rows] == ["u1"] and rows[0]["synthetic"] == 0
    assert inspect_file(path).schema_version == SCHEMA_VERSION


def test_newer_schema_is_refused_untouched(tmp_path):
    """A file from a newer build is refused with a German message and left byte-identical."""
    path = tmp_path / "new.sqlite"
    with FeedbackStore(path) as store:
        store.add(ENTRY)
        store.db["_sqlite_migrations"].insert({"migration_set": "werkstatt-feedback",
                                               "name": "m099_future", "applied_at": "x"})
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.read_bytes()
    with pytest.raises(WerkstattError, match="neueren Version.*nicht verändert"):
        FeedbackStore(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content,kind", [
    (b"Hallo, ich bin Text", FileKind.NOT_SQLITE),
    ("foreign", FileKind.FOREIGN),
    ("truncated", FileKind.DAMAGED),
])
def test_foreign_and_broken_files_are_refused(tmp_path, content, kind):
    """Other SQLite apps, truncated files and non-SQLite files get a clear German message."""
    path = tmp_path / "x.sqlite"
    if content == "foreign":
        Database(path)["contacts"].insert({"name": "Anna"})
    elif content == "truncated":
        with FeedbackStore(tmp_path / "full.sqlite") as store:
            for _ in range(300):
                store.add({**ENTRY, "comment": "x" * 500})
            store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = (tmp_path / "full.sqlite").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    assert inspect_file(path).kind is kind
    with pytest.raises(WerkstattError, match=kind.value):
        FeedbackStore(path)
    assert path.read_bytes() == before


def test_texts_are_stored_only_with_opt_in(engine_free_draft, tmp_path):
    """Without the opt-in no document or result text is stored."""
    from werkstatt.feedback.entry import make_entry

    draft, document = engine_free_draft
    with FeedbackStore(tmp_path / "f.sqlite") as store:
        store.add(make_entry(draft, Rating(quality=3), document, participant="P-1"))
        store.add(make_entry(draft, Rating(quality=5, store_texts=True), document,
                              participant="P-1", texts_allowed=True))
        store.add(make_entry(draft, Rating(quality=4, store_texts=True), document,
                              participant="P-1", texts_allowed=False))  # IT's policy says no
        rows = sorted(store.entries(), key=lambda r: r["quality"])
    assert rows[0]["input_text"] is None and rows[0]["output_text"] is None
    assert rows[0]["input_chars"] == len(document) and rows[0]["template_hash"]
    assert rows[1]["input_text"] is None and rows[1]["output_text"] is None
    assert rows[2]["input_text"] == document and rows[2]["output_text"] == draft.text


def test_delete_and_snapshot(tmp_path):
    """Participants can delete entries; the export is a consistent, openable copy."""
    with FeedbackStore(tmp_path / "f.sqlite") as store:
        keep = store.add(ENTRY)
        drop = store.add(ENTRY)
        assert store.delete([drop]) == 1
        out = store.export_for_pilot_lead(tmp_path, "P-1")
    assert out.name.startswith("feedback-P-1-")
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT uuid FROM entries").fetchall() == [(keep,)]
    conn.close()


def test_rating_validation():
    """A rating outside the scale is a German error."""
    with pytest.raises(WerkstattError, match="1 bis 5"):
        Rating(quality=7).validate()
    with pytest.raises(WerkstattError, match="Problemkategorie"):
        Rating(quality=3, problems=["langweilig"]).validate()


def test_killed_writer_keeps_every_committed_entry(tmp_path):
    """SIGKILL at an arbitrary moment: the file opens and every committed entry is there."""
    path = tmp_path / "f.sqlite"
    writer = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from werkstatt.feedback.store import FeedbackStore
        store = FeedbackStore(Path({str(path)!r}))
        i = 0
        while True:
            uid = store.add({{"template_id": "t", "participant_id": "P", "quality": 3,
                              "comment": "x" * 2000, "uuid": f"{{sys.argv[1]}}-{{i}}"}})
            print(uid, flush=True)
            i += 1
    """)
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-c", writer, str(attempt)],
                                stdout=subprocess.PIPE, text=True)
        committed = []
        deadline = time.monotonic() + 30
        while len(committed) < 50 + 37 * attempt and time.monotonic() < deadline:
            line = proc.stdout.readline().strip()
            if line:
                committed.append(line)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with FeedbackStore(path) as store:
            stored = {r["uuid"] for r in store.entries()}
        assert set(committed) <= stored
        assert inspect_file(path).kind is FileKind.FEEDBACK



def test_a_deleted_text_leaves_no_trace_in_the_file_or_the_export(tmp_path):
    """An opted-in full text deleted under „Meine Daten“: not in the database file, its
    write-ahead log, nor the export (which is written by VACUUM INTO, not copied by pages)."""
    secret = "GEHEIMNIS-Buergerin-Musterfrau-4711"
    path = tmp_path / "f.sqlite"
    with FeedbackStore(path) as store:
        keep = store.add(ENTRY)
        drop = store.add({**ENTRY, "input_text": secret * 50, "output_text": secret})
        assert store.delete([drop]) == 1
        out = store.export_for_pilot_lead(tmp_path, "P-1")
        files = [p for p in tmp_path.iterdir() if p.is_file()]
        assert all(secret.encode() not in p.read_bytes() for p in files), files
    assert secret.encode() not in path.read_bytes() and secret.encode() not in out.read_bytes()
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT uuid FROM entries").fetchall() == [(keep,)]
    conn.close()


def test_validation_knows_every_column_of_the_schema(tmp_path):
    """The merge's and report's column types and NOT NULLs are those of a fresh database."""
    from werkstatt.feedback import validation

    with FeedbackStore(tmp_path / "neu.sqlite") as store:
        info = store.db.conn.execute("PRAGMA table_info(entries)").fetchall()
    assert {r[1]: r[2] for r in info} == validation.COLUMN_TYPES
    assert {r[1] for r in info if r[3]} == set(validation.NOT_NULL)
