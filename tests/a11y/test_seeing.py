"""Seeing (issue 30, item 4): contrast measured on the rendered windows, a focus frame that
shows wherever the keyboard goes. Runs offscreen in plain ``make test`` and on the X display of
``make test-a11y``; figures go to ``build/a11y/contrast.json``."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

import ui.accessibility
from ui.accessibility import RING_COLOR

from . import seeing
from .every_window import open_every_window, write_draft

TAB_STOPS = 30  # how far the focus test follows the Tab key through the main window


@pytest.mark.clause("11.1.4.3")
def test_every_window_has_readable_text(main_window, qtbot, tmp_path, artifacts):
    """Every label, button, field and group title of every window (the draft's yellow note,
    placeholders and inactive buttons included) has 4.5:1 (large text 3:1) against what is
    behind it, measured on its rendering; the minimum per window is kept as an artefact."""
    main_window.feedback_panel.details_button.setChecked(True)
    shown = open_every_window(main_window, qtbot, tmp_path)
    assert main_window.pane.note.isVisible()  # the KI-Entwurf note is measured too
    found = {title: seeing.readings(window) for title, window in shown.items()}
    minima = {title: round(min(r.ratio for r in readings), 2) for title, readings in found.items()
              if readings}
    (artifacts / "contrast.json").write_text(json.dumps(
        {"minimum": minima, "controls": sum(len(r) for r in found.values())},
        ensure_ascii=False, indent=1), encoding="utf-8")
    assert len(minima) == len(shown)
    assert [line for readings in found.values() for line in seeing.too_low(readings)] == []


def pale_note(window) -> None:
    window.pane.note.setStyleSheet("background:#fff3c4;color:#b8a060;padding:6px")


def pale_placeholders(window) -> None:
    from PySide6.QtGui import QPalette

    palette = QApplication.palette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a"))
    window.picker.search.setPalette(palette)


CONTRASTS = {"note": (pale_note, "KI-Entwurf"), "placeholder": (pale_placeholders, "Vorlagen suchen")}


@pytest.mark.parametrize("fault", sorted(CONTRASTS))
def test_the_contrast_check_catches_pale_text(main_window, qtbot, fault):
    """A pale KI-Entwurf note or a pale placeholder is reported with its ratio (the check can
    fail)."""
    write_draft(main_window, qtbot)
    assert seeing.too_low(seeing.readings(main_window)) == []
    damage, expected = CONTRASTS[fault]
    damage(main_window)
    qtbot.wait(20)
    low = seeing.too_low(seeing.readings(main_window))
    assert any(expected in line for line in low), low


def ring_shown(window, widget) -> bool:
    """The focus ring's colour along the widget's top and bottom edge, just outside it, and
    3:1 against the window's background (WCAG 1.4.11, 2.4.7)."""
    parent = widget.parentWidget()  # a group with a focus proxy is framed as a whole
    while parent is not None and parent.focusProxy() is widget:
        widget, parent = parent, parent.parentWidget()
    image = window.grab().toImage()
    rect = widget.rect().translated(widget.mapTo(window, QPoint(0, 0)))
    points = [(x, y) for x in range(rect.left() + 4, rect.right() - 3)
              for y in (rect.top() - 1, rect.bottom() + 1)]
    inside = [(x, y) for x, y in points if 0 <= x < image.width() and 0 <= y < image.height()]
    ring = QColor(RING_COLOR)
    hits = sum(QColor(image.pixel(x, y)) == ring for x, y in inside)
    background = QColor(image.pixel(1, image.height() // 2))
    contrast = seeing.ratio((ring.red(), ring.green(), ring.blue()),
                            (background.red(), background.green(), background.blue()))
    return bool(inside) and hits >= len(inside) * 0.6 and contrast >= 3


def frameless_stops(window, qtbot) -> list[str]:
    """Tab from the template search through the main window: each control the focus lands on
    that shows no ring."""
    window.picker.search.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.picker.search.hasFocus)
    missing, seen = [], []
    for _ in range(TAB_STOPS):
        widget = window.focusWidget()
        seen.append(widget)
        if widget.isVisible() and widget.width() > 12 and not ring_shown(window, widget):
            missing.append(widget.accessibleName() or type(widget).__name__)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert len(set(seen)) > 10  # the walk went through the window
    return missing


@pytest.mark.clause("11.2.4.7", "11.2.4.3", "11.1.4.11")
def test_the_focus_shows_on_every_tab_stop_of_the_main_window(main_window, qtbot):
    """Thirty Tab presses through the main window with a draft: each control reached shows the
    ring, 3:1 against the window."""
    write_draft(main_window, qtbot)
    assert frameless_stops(main_window, qtbot) == []


def test_without_the_focus_ring_the_check_reports_each_stop(main_window, qtbot, monkeypatch):
    """With the ring switched off the same walk names the controls (the check can fail)."""
    write_draft(main_window, qtbot)
    monkeypatch.setattr(ui.accessibility.FocusRing, "follow", lambda self, old, new: None)
    ring = ui.accessibility.install_focus_ring(QApplication.instance())
    if ring.frame is not None:
        ring.frame.hide()
    assert "Vorlagen suchen" in frameless_stops(main_window, qtbot)
