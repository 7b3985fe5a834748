"""The „Effizienzkonzept“ window, opened from Auswertung: catalogue table, matrix and ranking,
timeline, texts and the concept document, by keyboard and for screen readers (issue 29, item 7)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QWidget

from werkstatt.efficiency.store import Catalogue
from werkstatt.feedback.demo import write_demo

from .test_main_window import make_window


def concept_window(qtbot, fake_engine, tmp_path):
    """Auswertung with two merged demo files, then its „Effizienzkonzept …“ with the demo catalogue."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    write_demo(a, 300, seed=1)
    write_demo(b, 200, seed=2)
    evaluation = make_window(qtbot, fake_engine).show_evaluation()
    evaluation.merge_files([a, b], tmp_path / "pilot.sqlite")
    qtbot.waitUntil(lambda: evaluation.report is not None, timeout=30_000)
    window = evaluation.show_concept()
    qtbot.waitUntil(lambda: window.busy == 0, timeout=30_000)
    window.load_demo()
    qtbot.waitUntil(lambda: window.busy == 0 and window.view is not None, timeout=60_000)
    return window


def test_the_window_shows_catalogue_matrix_ranking_and_timeline(qtbot, fake_engine, tmp_path,
                                                                 no_blocking_dialogs):
    """Opened from Auswertung it takes the merged feedback; with the demo catalogue it shows 50
    processes, the matrix, the ranking with reasons, the phases and the Gantt chart, and saves
    the concept."""
    window = concept_window(qtbot, fake_engine, tmp_path)
    assert window.feedback == tmp_path / "pilot.sqlite"
    assert "pilot.sqlite (500 Bewertungen)" in window.feedback_label.text()
    assert window.table.rowCount() == 50 and window.ranking.rowCount() == 50
    assert not window.matrix.pixmap().isNull() and not window.gantt.pixmap().isNull()
    assert window.ranking.item(0, 4).text().startswith("Quick Win:")
    assert window.schedule.item(0, 0).text() == "Phase 1: Quick Wins"
    assert "Quick Wins" in window.status.text() and "Demo-Katalog" in window.status.text()
    window.save(tmp_path / "konzept.docx")
    qtbot.waitUntil(lambda: window.busy == 0, timeout=60_000)
    assert (tmp_path / "konzept.docx").stat().st_size > 50_000


def test_edits_are_checked_like_an_import_and_weights_rerank(qtbot, fake_engine, tmp_path,
                                                             no_blocking_dialogs):
    """Text in a number cell: a German warning naming the column, the stored value back; a
    good edit is stored; all weight on effort puts the cheapest process first; a phase's
    start set by hand is kept."""
    window = concept_window(qtbot, fake_engine, tmp_path)
    cell = window.table.item(0, 2)
    before = cell.text()
    cell.setText("viele")
    qtbot.waitUntil(lambda: window.busy == 0 and window.table.item(0, 2).text() == before, timeout=30_000)
    assert any("Spalte „Fälle pro Jahr“: „viele“ ist keine Zahl." in m for m in no_blocking_dialogs)
    window.table.item(0, 2).setText("20.000")
    qtbot.waitUntil(lambda: window.busy == 0 and window.table.item(0, 2).text() == "20.000", timeout=30_000)
    with Catalogue(None) as catalogue:
        assert catalogue.processes()[0].cases_per_year == 20_000
    for box, value in zip(window.weights, (0, 100, 0), strict=True):
        box.setValue(value)
    window.apply_rules()
    qtbot.waitUntil(lambda: window.busy == 0, timeout=30_000)
    efforts = [float(window.ranking.item(r, 3).text().rstrip("*").replace(",", "."))
               for r in range(window.ranking.rowCount())]
    assert efforts == sorted(efforts)
    row = next(r for r in range(window.schedule.rowCount())
               if window.schedule.item(r, 0).text().startswith("Phase 2"))
    window.schedule.item(row, 1).setText("01.03.2027")
    qtbot.waitUntil(lambda: window.busy == 0, timeout=30_000)
    row = next(r for r in range(window.schedule.rowCount())
               if window.schedule.item(r, 0).text().startswith("Phase 2"))
    assert window.schedule.item(row, 1).text() == "01.03.2027"
    assert window.schedule.item(row, 4).text() == "von Hand"


def test_a_refused_import_names_row_and_column_and_changes_nothing(qtbot, fake_engine, tmp_path,
                                                                  no_blocking_dialogs):
    """A CSV with text in a number column: one German warning with row and column; the
    catalogue keeps its 50 processes."""
    window = concept_window(qtbot, fake_engine, tmp_path)
    bad = tmp_path / "katalog.csv"
    bad.write_text("Prozess;Organisationseinheit;Fälle pro Jahr;Minuten je Fall\nPass;Bürgerservice;"
                   "viele;5\n", encoding="utf-8")
    window.import_file(bad)
    qtbot.waitUntil(lambda: window.busy == 0, timeout=30_000)
    assert any("Zeile 2, Spalte C („Fälle pro Jahr“): „viele“ ist keine Zahl." in m
               for m in no_blocking_dialogs)
    assert window.table.rowCount() == 50


def test_every_control_is_named_and_has_its_own_alt_letter(qtbot, fake_engine, tmp_path):
    """Buttons, tables, fields and charts carry accessible names; no two Alt+letters clash."""
    window = concept_window(qtbot, fake_engine, tmp_path)
    letters: list[str] = []
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QPushButton):
            assert widget.accessibleName(), widget.text()
        text = widget.text() if isinstance(widget, (QPushButton, QLabel)) else ""
        if "&" in text and not text.startswith("<"):
            letters.append(text[text.index("&") + 1].lower())
    tabs = window.findChild(QTabWidget)
    letters += [tabs.tabText(i)[tabs.tabText(i).index("&") + 1].lower() for i in range(tabs.count())]
    assert len(letters) == len(set(letters)), sorted(letters)
    for widget in (window.table, window.ranking, window.schedule, window.matrix, window.gantt,
                   window.hours, window.days, window.team, window.start, *window.weights,
                   *window.texts.values()):
        assert widget.accessibleName(), widget


def test_the_window_fits_an_office_screen_on_every_tab(qtbot, fake_engine, tmp_path):
    """On 1366 × 768 every control of every tab lies inside the screen and the window."""
    from ui import placement

    from .fit_check import problems_of

    window = concept_window(qtbot, fake_engine, tmp_path)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        assert problems_of(window, placement.FRAME) == [], window.tabs.tabText(index)
