"""Feedback in the app: rate by keyboard, see and delete own data, export, evaluate."""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtCore import Qt

from ui.my_data import COLUMNS
from werkstatt.feedback.demo import write_demo
from werkstatt.feedback.store import FeedbackStore

from .test_main_window import make_window


def generate_once(qtbot, window, data):
    window.select_template("beschlussvorschlag")  # the fake engine's words come through as they are
    window.input.document.setPlainText((data / "beschlussvorlage.txt").read_text(encoding="utf-8"))
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=20_000)
    qtbot.waitUntil(lambda: window.feedback_panel.isVisible(), timeout=2_000)


def stored_rows(werkstatt_home):
    with FeedbackStore(werkstatt_home / "feedback.sqlite") as store:
        return store.entries()


def test_rate_with_keyboard_only(qtbot, fake_engine, data, werkstatt_home):
    """After a result: Ctrl+B, a digit, Tab to the fields, Enter – stored in seconds."""
    window = make_window(qtbot, fake_engine)
    generate_once(qtbot, window, data)
    panel = window.feedback_panel
    started = time.monotonic()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert panel.focusWidget() is not None and panel.isAncestorOf(panel.focusWidget())
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_4)
    panel.minutes.setFocus()
    panel.minutes.selectAll()
    qtbot.keyClicks(panel.minutes, "12")
    panel.problem_boxes["zu lang"].setFocus()
    qtbot.keyClick(panel.problem_boxes["zu lang"], Qt.Key.Key_Space)
    panel.comment.setFocus()
    qtbot.keyClicks(panel.comment, "Gute Gliederung")
    qtbot.keyClick(panel.comment, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)
    assert time.monotonic() - started < 15
    rows = stored_rows(werkstatt_home)
    assert len(rows) == 1
    row = rows[0]
    assert (row["quality"], row["minutes_saved"], row["problems"]) == (4, 12, ["zu lang"])
    assert row["comment"] == "Gute Gliederung" and row["template_id"] == "beschlussvorschlag"
    assert row["input_text"] is None and row["output_text"] is None  # no opt-in
    assert row["participant_id"].startswith("P-") and row["output_tokens"] > 0


def test_opt_in_stores_texts_and_skip_stores_nothing(qtbot, fake_engine, data, werkstatt_home):
    """The opt-in stores both texts; skipping leaves no entry."""
    window = make_window(qtbot, fake_engine)
    generate_once(qtbot, window, data)
    window.feedback_panel.skip()
    assert not window.feedback_panel.isVisible()
    assert not (werkstatt_home / "feedback.sqlite").exists()
    generate_once(qtbot, window, data)
    panel = window.feedback_panel
    panel.quality_group.button(5).setChecked(True)
    panel.store_texts.setChecked(True)
    panel.save()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)
    row = stored_rows(werkstatt_home)[0]
    assert "Marli" in row["input_text"] and "Wort3" in row["output_text"]


def test_quality_is_required(qtbot, fake_engine, data, werkstatt_home):
    """Saving without a quality asks for it instead of storing."""
    window = make_window(qtbot, fake_engine)
    generate_once(qtbot, window, data)
    window.feedback_panel.save()
    assert "Qualität" in window.feedback_panel.hint.text()
    assert not (werkstatt_home / "feedback.sqlite").exists()


def test_my_data_lists_and_deletes(qtbot, fake_engine, data, werkstatt_home):
    """„Meine Daten“ shows every stored rating and deletes the chosen ones."""
    with FeedbackStore(werkstatt_home / "feedback.sqlite") as store:
        store.add({"template_id": "protokoll", "participant_id": "P-1", "quality": 2,
                   "comment": "Erste"})
        store.add({"template_id": "buergerbrief", "participant_id": "P-1", "quality": 5,
                   "comment": "Zweite"})
    window = make_window(qtbot, fake_engine)
    dialog = window.show_my_data()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5_000)
    comments = {dialog.table.item(i, COLUMNS.index("Kommentar")).text() for i in range(2)}
    assert comments == {"Erste", "Zweite"}
    dialog.delete_rows([0])
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    assert len(stored_rows(werkstatt_home)) == 1
    dialog.department.setText("Bereich Umwelt")
    dialog.close()
    assert window.settings.get("department") == "Bereich Umwelt"


def test_export_writes_named_snapshot(qtbot, fake_engine, werkstatt_home, tmp_path, monkeypatch):
    """Export writes feedback-<participant>-<date>.sqlite that opens in SQLite."""
    with FeedbackStore(werkstatt_home / "feedback.sqlite") as store:
        store.add({"template_id": "protokoll", "participant_id": "P-1", "quality": 3})
    messages = []
    monkeypatch.setattr("ui.main_window.QMessageBox.information",
                        lambda parent, title, text: messages.append(text))
    window = make_window(qtbot, fake_engine)
    out = tmp_path / "export"
    out.mkdir()
    window.export_feedback(str(out))
    qtbot.waitUntil(lambda: bool(messages), timeout=5_000)
    files = list(out.glob("feedback-P-*-*.sqlite"))
    assert len(files) == 1
    assert sqlite3.connect(files[0]).execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_evaluation_view_shows_tables_and_charts(qtbot, fake_engine, tmp_path, monkeypatch):
    """The pilot lead merges two files in the app and sees tables and charts."""
    monkeypatch.setattr("ui.evaluation.QMessageBox.information", lambda *a: None)
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    write_demo(a, 80, seed=1)
    write_demo(b, 40, seed=2)
    window = make_window(qtbot, fake_engine)
    view = window.show_evaluation()
    view.merge_files([a, b, a], tmp_path / "pilot.sqlite")
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    assert view.report.entries == 120
    assert view.template_table.rowCount() == 5 and view.department_table.rowCount() >= 2
    assert view.chart_box.count() == 3
    assert "synthetische Demodaten" in view.summary.text()
    view.save(tmp_path / "bericht.docx")
    qtbot.waitUntil(lambda: (tmp_path / "bericht.docx").exists(), timeout=20_000)
    header = view.template_table.horizontalHeader()
    for column in range(view.template_table.columnCount()):  # no header cut
        text = view.template_table.horizontalHeaderItem(column).text()
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
        assert header.sectionSize(column) >= widest, text


def test_evaluation_refuses_unmerged_files_and_saving_over_the_database(qtbot, fake_engine, tmp_path,
                                                                         monkeypatch):
    """A workstation file opened directly, and a report saved over the database, each end in
    one German warning in the window; the database stays as it was."""
    warnings = []
    monkeypatch.setattr("ui.tasks.QMessageBox.warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr("ui.evaluation.QMessageBox.information", lambda *a: None)
    single = tmp_path / "arbeitsplatz.sqlite"
    with FeedbackStore(single) as store:
        store.add({"template_id": "protokoll", "participant_id": "P-1", "quality": 4})
    window = make_window(qtbot, fake_engine)
    view = window.show_evaluation()
    view.load(single)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "noch nicht zusammengeführt" in warnings[0] and view.report is None
    pilot = tmp_path / "pilot.sqlite"
    view.merge_files([single], pilot)
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    before = pilot.read_bytes()
    view.save(pilot)
    qtbot.waitUntil(lambda: len(warnings) == 2, timeout=10_000)
    assert "Datenbank selbst" in warnings[1] and pilot.read_bytes() == before
