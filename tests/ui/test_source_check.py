"""Quellenabgleich in the window: invented figures are marked, listed, counted and reachable by F8."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import FakeEngine
from .test_main_window import fill_plain, make_window

INVENTED = ("## Worum geht es?\n- Die Sanierung kostet 1,2 Millionen Euro und beginnt 2027.\n"
            "- Das Land zahlt 4,8 Mio. Euro bis zum 15.10.2027, sagt Herr Schmidt.\n")


class ScriptedEngine(FakeEngine):
    """Streams a fixed draft: two facts from the test document, three invented ones."""

    def stream(self, system, user, params, cancel=None, progress=None, seed=None,
               answer_prefix=""):
        yield from INVENTED.splitlines(keepends=True)


def test_invented_figures_are_marked_listed_and_counted(qtbot, data):
    """Amount, date and name not in the document: yellow marks, a list, the count, F8."""
    window = make_window(qtbot, ScriptedEngine())
    fill_plain(window, data)
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    check = window.pane.source_check
    assert [f.text for f in check.findings] == ["4,8 Mio.", "15.10.2027", "Schmidt"]
    assert len(window.pane.result.extraSelections()) == 3
    assert window.check_status.text() == "3 Angaben nicht im Dokument gefunden"
    label = check.label.text()
    assert check.label.isVisible() and "„4,8 Mio.“ (Zeile 3)" in label and "Schmidt" in label
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.pane.result.textCursor().selectedText() == "4,8 Mio."
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.pane.result.textCursor().selectedText() == "15.10.2027"


def test_editing_the_draft_rechecks_it(qtbot, data):
    """Correcting the draft removes the marks (after a short pause in typing)."""
    window = make_window(qtbot, ScriptedEngine())
    fill_plain(window, data)
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    window.pane.result.setPlainText(INVENTED.replace("4,8 Mio. Euro bis zum 15.10.2027, sagt Herr Schmidt",
                                                "60 Prozent"))
    qtbot.waitUntil(lambda: window.pane.source_check.findings == [], timeout=2_000)
    assert window.pane.result.extraSelections() == [] and window.check_status.text() == ""
    assert "stehen im Dokument" in window.pane.source_check.label.text()


def test_no_marks_while_streaming(qtbot, fake_engine, data):
    """The check waits for the finished draft; a new generation clears the old marks."""
    fake_engine.words, fake_engine.delay = 200, 0.01
    window = make_window(qtbot, fake_engine)
    fill_plain(window, data)
    window.generate()
    qtbot.waitUntil(lambda: "Wort5" in window.pane.result.toPlainText(), timeout=10_000)
    assert window.pane.source_check.sources is None and not window.pane.source_check.label.isVisible()
    qtbot.waitUntil(lambda: window.generation is None, timeout=20_000)
    assert window.pane.source_check.sources is not None
