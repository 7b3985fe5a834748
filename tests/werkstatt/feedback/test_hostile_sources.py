"""The pilot lead's merge and report against hostile workstation files (issue 25, item 10)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from werkstatt.cli import main
from werkstatt.errors import WerkstattError
from werkstatt.feedback import report
from werkstatt.feedback.merge import merge
from werkstatt.feedback.schema import MIGRATION_NAMES, migrations

from .test_merge_report import fixed_db


def old_schema_db(path: Path) -> Path:
    """A workstation file of the first schema (merging it once meant migrating a copy)."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    db["entries"].insert({"uuid": "alt-1", "created_utc": "2026-09-01T08:00:00+00:00",
                          "template_id": "protokoll", "participant_id": "P-x", "quality": 3,
                          "problems": "[]"})
    db.close()
    return path


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def test_a_sources_triggers_never_run(tmp_path, monkeypatch):
    """A trigger that would fill the disk (on meta, fired by migrating the copy) never runs:
    its side-effect table stays empty and the temporary folder stays small."""
    source = old_schema_db(tmp_path / "falle.sqlite")
    conn = sqlite3.connect(source)
    conn.executescript("""
        CREATE TABLE spur (b BLOB);
        CREATE TRIGGER fuelle_meta AFTER INSERT ON meta BEGIN
            INSERT INTO spur SELECT zeroblob(5000000) FROM entries;
        END;
        CREATE TRIGGER fuelle_migrationen AFTER INSERT ON _sqlite_migrations BEGIN
            INSERT INTO spur VALUES (2);
        END;""")
    conn.close()
    before = source.read_bytes()
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    seen: list[int] = []
    real_unlink = Path.unlink

    def measuring_unlink(self, missing_ok=False):  # the copy's size just before it goes
        if self.parent.parent == temp and self.exists():
            seen.append(sum(f.stat().st_size for f in self.parent.iterdir()))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", measuring_unlink)
    result = merge([source], tmp_path / "pilot.sqlite")
    assert result.new == 1 and not result.rejected
    assert source.read_bytes() == before
    assert max(seen, default=0) < 2 * len(before), seen
    check = sqlite3.connect(tmp_path / "pilot.sqlite")
    assert not check.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    check.close()


def test_a_huge_text_value_is_left_out(tmp_path):
    """An entry with a 20 MB department is counted as invalid and never reaches the merged
    database; the other entries of that file are merged and the report stays small."""
    source = fixed_db(tmp_path / "gross.sqlite")
    conn = sqlite3.connect(source)
    conn.execute("UPDATE entries SET department = ? WHERE uuid = 'P-a-0'", ["B" * 20_000_000])
    conn.commit()
    conn.close()
    out = tmp_path / "pilot.sqlite"
    result = merge([source], out)
    assert (result.new, result.sources[0].invalid) == (4, 1)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT max(length(department)) FROM entries").fetchone()[0] < 100
    conn.close()
    assert out.stat().st_size < 1_000_000
    data = report.compute(out)
    assert data.entries == 4


def test_entries_record_the_real_source_file(tmp_path):
    """A row claiming to come from another workstation's file is recorded under the file it
    really came from, with this merge's import time."""
    source = fixed_db(tmp_path / "arbeitsplatz-7.sqlite")
    conn = sqlite3.connect(source)
    conn.execute("UPDATE entries SET source_file = 'arbeitsplatz-1.sqlite', "
                 "imported_utc = '2020-01-01T00:00:00+00:00'")
    conn.commit()
    conn.close()
    out = tmp_path / "pilot.sqlite"
    merge([source], out)
    conn = sqlite3.connect(out)
    rows = set(conn.execute("SELECT source_file, imported_utc LIKE '2020%' FROM entries"))
    conn.close()
    assert rows == {("arbeitsplatz-7.sqlite", 0)}


def test_merge_creates_nothing_beside_a_wal_source(tmp_path):
    """A workstation file in WAL mode (as the app leaves it, e.g. in IT's feedback folder) is
    merged with the entries still in its write-ahead log, and no -shm or -wal appears beside it."""
    source = tmp_path / "live" / "feedback-P-1.sqlite"
    source.parent.mkdir()
    fixed_db(source)
    assert source.read_bytes()[18:20] == b"\x02\x02"  # WAL mode, closed cleanly
    assert sidecars(source) == []
    out = tmp_path / "pilot.sqlite"
    assert merge([source], out).new == 5
    assert sidecars(source) == []
    # an open writer: the newest entry is only in the -wal beside the file
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO entries (uuid, created_utc, template_id, participant_id, quality) "
                   "VALUES ('neu-1', '2026-10-09T09:00:00+00:00', 'protokoll', 'P-a', 4)")
    writer.commit()
    assert sidecars(source) == ["feedback-P-1.sqlite-shm", "feedback-P-1.sqlite-wal"]
    shm = Path(f"{source}-shm").read_bytes()
    wal = Path(f"{source}-wal").read_bytes()
    assert merge([source], out).new == 1
    assert Path(f"{source}-wal").read_bytes() == wal and Path(f"{source}-shm").read_bytes() == shm
    writer.close()


def test_a_source_that_is_the_target_by_another_name_is_refused(tmp_path):
    """The merged database under a second name (a hard link) is refused, not merged into itself."""
    out = tmp_path / "pilot.sqlite"
    merge([fixed_db(tmp_path / "a.sqlite")], out)
    alias = tmp_path / "kopie-von-pilot.sqlite"
    os.link(out, alias)
    result = merge([alias], out)
    assert result.rejected and "Zieldatei" in result.rejected[0].rejected


@pytest.mark.parametrize("sql, reason", [
    ("DROP TABLE entries; CREATE TABLE entries (uuid TEXT PRIMARY KEY, created_utc TEXT, "
     "template_id TEXT, participant_id TEXT, quality INTEGER, department TEXT GENERATED ALWAYS AS "
     "(printf('%.*c', 40000000, 'x'))); INSERT INTO entries (uuid, created_utc, template_id, "
     "participant_id, quality) VALUES ('g1', '2026-10-01T09:00:00+00:00', 'protokoll', 'P-g', 3)",
     "berechnete"),
    ("DROP TABLE entries; CREATE VIRTUAL TABLE entries USING fts5(uuid, created_utc, template_id, "
     "participant_id, quality)", "keine gewöhnliche Tabelle"),
])
def test_generated_columns_and_virtual_tables_are_refused(tmp_path, sql, reason):
    """An entries table with computed columns or a virtual one is refused as a whole."""
    source = fixed_db(tmp_path / "seltsam.sqlite")
    conn = sqlite3.connect(source)
    conn.executescript(sql)
    conn.close()
    result = merge([source], tmp_path / "pilot.sqlite")
    assert result.new == 0 and reason in result.rejected[0].rejected


def test_too_many_entries_are_refused(tmp_path, monkeypatch):
    """A file with more entries than a workstation can have given is refused as a whole."""
    monkeypatch.setattr("werkstatt.feedback.merge.MAX_SOURCE_ENTRIES", 4)
    result = merge([fixed_db(tmp_path / "viele.sqlite")], tmp_path / "pilot.sqlite")
    assert result.new == 0 and "mehr als 4 Einträge" in result.rejected[0].rejected


def test_report_onto_the_database_itself_is_refused(tmp_path, capsys):
    """`report X.sqlite -o X.sqlite` (any format) says so in German and leaves X intact."""
    out = tmp_path / "pilot.sqlite"
    merge([fixed_db(tmp_path / "a.sqlite")], out)
    before = out.read_bytes()
    for extra in ([], ["--format", "csv"]):
        code = main(["feedback", "report", str(out), "-o", str(out), *extra])
        err = capsys.readouterr().err
        assert code == 2 and "Datenbank selbst" in err and "Traceback" not in err
    assert out.read_bytes() == before
    with pytest.raises(WerkstattError, match="Datenbank selbst"):
        report.write(report.compute(out), tmp_path / "." / "pilot.sqlite", "html")
    assert out.read_bytes() == before


def test_report_on_an_unmerged_file_is_one_german_line(tmp_path, capsys):
    """A workstation file (here edited by hand: text as quality) is refused with one German
    line and exit 2, and the file is not changed by the attempt."""
    source = fixed_db(tmp_path / "arbeitsplatz.sqlite")
    conn = sqlite3.connect(source)
    conn.execute("UPDATE entries SET quality = 'sehr gut' WHERE uuid = 'P-a-0'")
    conn.commit()
    conn.close()
    before = source.read_bytes()
    code = main(["feedback", "report", str(source), "-o", str(tmp_path / "r.docx")])
    err = capsys.readouterr().err
    assert code == 2 and "zusammengeführt" in err and len(err.strip().splitlines()) == 1
    assert source.read_bytes() == before and sidecars(source) == []
    assert not (tmp_path / "r.docx").exists()


def test_report_counts_only_valid_entries_of_a_file_claiming_to_be_merged(tmp_path):
    """A hand-made 'merged' file (meta merged = 1) with text in the figures, a huge department
    and an infinite time: those entries are left out and the report still works, read-only."""
    db = fixed_db(tmp_path / "angeblich.sqlite")
    conn = sqlite3.connect(db)
    conn.executescript(f"""
        INSERT INTO meta VALUES ('merged', '1');
        UPDATE entries SET quality = 'sehr gut' WHERE uuid = 'P-a-0';
        UPDATE entries SET department = '{"D" * 5000}' WHERE uuid = 'P-a-1';
        UPDATE entries SET generation_seconds = 1e999 WHERE uuid = 'P-a-2';
        CREATE TABLE spur (n INTEGER);
        CREATE TRIGGER t AFTER UPDATE ON meta BEGIN INSERT INTO spur VALUES (1); END;""")
    conn.close()
    before = db.read_bytes()
    data = report.compute(db)
    assert data.entries == 2 and {g.name for g in data.by_department} <= {"Umwelt", "(ohne Angabe)"}
    assert db.read_bytes() == before and sidecars(db) == []


def test_report_on_an_old_merged_database_leaves_it_unchanged(tmp_path):
    """A merged database of an older schema is reported as it is, never migrated in place."""
    import sqlite_utils

    out = tmp_path / "pilot.sqlite"
    db = sqlite_utils.Database(out)
    migrations.apply(db, stop_before=MIGRATION_NAMES[3])
    db["meta"].insert_all([{"key": "kind", "value": "ki-werkstatt-feedback"},
                           {"key": "merged", "value": "1"}])
    db["entries"].insert_all([{"uuid": f"u{i}", "created_utc": "2026-10-01T09:00:00+00:00",
                               "template_id": "protokoll", "participant_id": "P-a", "quality": q,
                               "problems": "[]", "source_file": "a.sqlite"}
                              for i, q in enumerate([1, 2, 3, 4, 5])])
    db.close()
    before = out.read_bytes()
    assert report.compute(out).entries == 5
    assert out.read_bytes() == before


def test_a_merged_database_with_a_hash_in_its_name(tmp_path):
    """File names with # ? % (legal on Windows and Linux) are opened as themselves."""
    folder = tmp_path / "Pilot #2 100%"
    folder.mkdir()
    source = fixed_db(folder / "arbeitsplatz #1.sqlite")
    out = folder / "gesamt #1.sqlite"
    assert merge([source], out).new == 5
    assert report.compute(out).entries == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("Pilot")] == ["Pilot #2 100%"]
