"""Not by colour alone and the user's colours (issue 30, item 4; EN 301 549 11.1.4.1, 11.7):
the Quellenabgleich's yellow marks are also underlined and listed; under a high-contrast theme
the app's own colours give way to the theme's."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat

import ui.accessibility
from tests.ui.test_main_window import fill_plain
from tests.ui.test_source_check import ScriptedEngine
from ui.accessibility import themed

NOTE = "background:#fff3c4;color:#5c4a00;padding:6px"


@pytest.mark.clause("11.1.4.1")
def test_a_source_mark_is_underlined_and_listed_not_only_yellow(qtbot, data):
    """Each mark in the draft has a wavy underline besides its colour, and the label lists it
    in words."""
    from ui.main_window import MainWindow

    window = MainWindow(engine_factory=ScriptedEngine)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session.ready, timeout=10_000)
    fill_plain(window, data)
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    marks = window.pane.result.extraSelections()
    assert len(marks) == 3
    assert all(m.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline for m in marks)
    assert "„Schmidt“" in window.pane.source_check.label.text()
    window.shutdown()


@pytest.mark.clause("11.7")
def test_a_high_contrast_theme_takes_the_apps_colours_away(monkeypatch):
    """With the system asking for high contrast a style loses its colours (a frame in the
    theme's text colour stands instead); without, it stays as it is."""
    assert themed(NOTE) == NOTE
    monkeypatch.setattr(ui.accessibility, "high_contrast", lambda: True)
    assert themed(NOTE) == "padding:6px;border:2px solid palette(window-text)"
