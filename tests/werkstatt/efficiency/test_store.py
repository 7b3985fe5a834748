"""The catalogue file: its own migrations, refused when foreign or newer, edits checked like
imports (issue 29, item 1)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from werkstatt.efficiency.fields import Process
from werkstatt.efficiency.rules import Rules
from werkstatt.efficiency.schema import MIGRATION_NAMES
from werkstatt.efficiency.store import Catalogue
from werkstatt.errors import WerkstattError

PROCESS = Process("Wohngeld bescheiden", "Wohngeldstelle", 7000, 120.0, templates=("buergerbrief",))


def test_a_blank_file_gets_the_schema(tmp_path):
    """From a blank file: every table and column of m001, the kind in meta, WAL."""
    with Catalogue(tmp_path / "k.sqlite"):
        pass
    db = Database(tmp_path / "k.sqlite")
    assert db["processes"].columns_dict["cases_per_year"] is int
    assert db["processes"].columns_dict["minutes_per_case"] is float
    assert {"process_templates", "settings", "schedule", "texts", "imports", "meta"} <= set(db.table_names())
    assert dict(db.execute("SELECT key, value FROM meta").fetchall())["kind"] == "ki-werkstatt-effizienz"
    assert [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")] == MIGRATION_NAMES


def test_foreign_newer_and_broken_files_are_refused_untouched(tmp_path, pilot_db):
    """A feedback database, a catalogue from a newer version, a text file: each refused with a
    German line; the bytes stay as they were."""
    newer = tmp_path / "neu.sqlite"
    with Catalogue(newer):
        pass
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('werkstatt-effizienz', 'm999_zukunft', '2030-01-01')")
    conn.commit()
    conn.close()
    text = tmp_path / "text.sqlite"
    text.write_text("kein SQLite", encoding="utf-8")
    for path, says in ((pilot_db, "kein Prozesskatalog der KI-Werkstatt"),
                       (newer, "von einer neueren Version der KI-Werkstatt (Schema-Stand m999_zukunft)"),
                       (text, "keine SQLite-Datei")):
        before = path.read_bytes()
        with pytest.raises(WerkstattError, match="Die Datei wurde nicht verändert") as info:
            Catalogue(path)
        assert says in str(info.value) and path.read_bytes() == before


def test_an_edited_cell_is_checked_like_an_imported_one(catalogue):
    """The table's edits: text in a number column, an unknown template, a duplicate name are
    refused with the column's name; a good value is stored."""
    pid = catalogue.add(PROCESS)
    catalogue.add(Process("Anderer", "Wohngeldstelle", 1, 1.0))
    with pytest.raises(WerkstattError, match="Spalte „Fälle pro Jahr“: „viele“ ist keine Zahl."):
        catalogue.set_value(pid, "cases_per_year", "viele")
    with pytest.raises(WerkstattError, match="Spalte „Vorlagen“: die Vorlage „x“ gibt es nicht"):
        catalogue.set_value(pid, "templates", "x")
    with pytest.raises(WerkstattError, match="„anderer“ \\(Wohngeldstelle\\) gibt es schon"):
        catalogue.set_value(pid, "name", "anderer")
    with pytest.raises(WerkstattError, match="gibt es schon"):
        catalogue.add(PROCESS)
    changed = catalogue.set_value(pid, "cases_per_year", "7.500")
    assert changed.cases_per_year == 7500 == catalogue.processes()[0].cases_per_year
    catalogue.set_value(pid, "templates", "protokoll, buergerbrief")
    assert catalogue.processes()[0].templates == ("protokoll", "buergerbrief")


def test_rules_texts_schedule_and_feedback_are_kept(catalogue, tmp_path):
    """What the pilot lead sets survives closing the file; the vetted text comes back on reset."""
    catalogue.set_rules(Rules(weight_benefit=60, quick_win_hours=300, start="2027-02-01"))
    catalogue.set_text("organisation", "Eigener Text")
    catalogue.set_schedule("phase:1", "2027-02-01", "")
    (tmp_path / "pilot.sqlite").write_bytes(b"")
    assert catalogue.feedback_path() == tmp_path / "pilot.sqlite"  # beside the catalogue
    catalogue.set_feedback_path(tmp_path / "anders.sqlite")
    catalogue.close()
    with Catalogue(catalogue.path) as again:
        assert again.rules() == Rules(weight_benefit=60, quick_win_hours=300, start="2027-02-01")
        assert again.text("organisation") == "Eigener Text"
        assert again.schedule() == {"phase:1": ("2027-02-01", "")}
        assert again.feedback_path() == tmp_path / "anders.sqlite"
        again.set_text("organisation", None)
        again.set_schedule("phase:1", "", "")
        assert again.text("organisation") is None and again.schedule() == {}


def test_bad_rules_are_refused_in_german(catalogue):
    """Weights all zero, a team of none, a date that is none: one German line each."""
    from werkstatt.efficiency.rules import with_values

    for values, says in (({"weight_benefit": "0", "weight_effort": "0", "weight_evidence": "0"},
                          "Mindestens ein Gewicht"),
                         ({"team": "0"}, "Personen im Team"), ({"start": "31.02.2027"}, "kein Datum"),
                         ({"quick_win_hours": "viel"}, "„viel“ ist keine Zahl")):
        with pytest.raises(WerkstattError, match=says):
            with_values(Rules(), **values)
    assert with_values(Rules(), quick_win_hours="1.500").quick_win_hours == 1500


def test_the_concept_package_loads_no_qt_and_no_model():
    """Every module of werkstatt.efficiency imports without PySide6, the engine or the
    council sync: the concept never asks the model and never goes online."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent("""
        import sys, pkgutil, importlib, werkstatt.efficiency as package
        for m in pkgutil.iter_modules(package.__path__):
            importlib.import_module("werkstatt.efficiency." + m.name)
        bad = [m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "ui.", "llama_cpp",
               "werkstatt.engine", "werkstatt.gremien.sync"))]
        assert not bad, bad
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
