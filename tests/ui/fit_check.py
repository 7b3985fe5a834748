"""Opens every window and dialog of the app on one virtual screen and prints, as JSON, each
control that lies outside the screen's free area or outside its window, or is squashed below
its minimum size. Run in its own process (the screen is fixed when Qt starts):

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.ui.fit_check
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

CONTROLS = ("QAbstractButton", "QLineEdit", "QComboBox", "QAbstractSpinBox", "QPlainTextEdit",
            "QTextEdit", "QAbstractItemView", "QStatusBar", "QProgressBar", "QAbstractSlider")


def problems_of(window, frame) -> list[str]:
    """What does not fit in ``window`` (shown) on its screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

    found = []
    name = window.windowTitle() or type(window).__name__
    free = window.screen().availableGeometry()
    outer = window.frameGeometry()
    if outer == window.geometry():  # no window manager: its frame starts at pos()
        outer = QRect(window.pos(), window.size().grownBy(frame))
    if not free.contains(outer):
        found.append(f"{name}: window {outer.getRect()} outside the free area {free.getRect()}")
    inside = window.rect()
    for widget in window.findChildren(QWidget):
        if (not widget.isVisibleTo(window) or widget.inherits("QHeaderView")
                or widget.objectName().startswith("qt_")  # Qt's own parts (a spin box's field)
                or not any(widget.inherits(kind) for kind in CONTROLS)):
            continue
        parent, scrolled = widget.parentWidget(), False
        while parent is not None and parent is not window:
            if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
                scrolled = True  # reachable by scrolling: its scroll area is checked instead
            parent = parent.parentWidget()
        if scrolled:
            continue
        top_left = widget.mapTo(window, widget.rect().topLeft())
        rect = widget.rect().translated(top_left)
        label = widget.accessibleName() or widget.objectName() or type(widget).__name__
        if not inside.contains(rect):
            found.append(f"{name}: {label} at {rect.getRect()} outside the window {inside.getRect()}")
        minimum = widget.minimumSizeHint()
        if minimum.isValid() and rect.height() < min(minimum.height(), 200) - 1:
            found.append(f"{name}: {label} squashed to {rect.height()} px (needs {minimum.height()})")
    return found


def main() -> None:
    os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp())
    os.environ["WERKSTATT_POLICY"] = str(Path(tempfile.mkdtemp()) / "policy.toml")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from tests.ui.conftest import FakeEngine
    from ui import placement
    from ui.main_window import MainWindow
    from ui.settings_dialog import LetterheadDialog
    from werkstatt.governance import Record, load_rules

    Record().acknowledge(load_rules())
    found: list[str] = []
    window = MainWindow(engine_factory=FakeEngine)
    window.show()
    app.processEvents()
    found += problems_of(window, placement.FRAME)
    window.feedback_panel.details_button.setChecked(True)  # the longest state of the form
    app.processEvents()
    found += problems_of(window, placement.FRAME)
    share = window.pane.result_stack.height() / window.height()
    if share < 1 / 3 - 0.01:
        found.append(f"main: the draft has {share:.0%} of the window's height (at least a third)")
    openers = [window.show_gremien, window.show_evaluation, window.show_my_data,
               window.show_kipass, window.show_rules, window.show_settings, window.show_models,
               window.show_system_check, lambda: LetterheadDialog(window.settings, window.policy,
                                                                  window)]
    for open_window in openers:
        other = open_window()
        if other is None:
            continue
        other.show()
        app.processEvents()
        found += problems_of(other, placement.FRAME)
        other.close()
    window.shutdown()
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
