"""Every window and dialog fits an office screen: 1366 × 768 and 1280 × 720, each with a
40-pixel taskbar, and the free 1366 × 768 the other UI tests use (each in its own Qt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("width, height", [(1366, 768), (1366, 728), (1280, 680)])
def test_every_control_is_on_the_screen(tmp_path, width, height):
    """Erzeugen, Abbrechen, the status bar and every other control of every window lie
    inside the screen's free area and their window, none squashed, the draft at least a
    third of the main window with the feedback form unfolded."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({
        "synchronousWindowSystemEvents": True, "windowFrameMargins": False,
        "screens": [{"name": "office", "x": 0, "y": 0, "width": width, "height": height,
                     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
           "WERKSTATT_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "tests.ui.fit_check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_dialog_taller_than_the_screen_scrolls_and_keeps_its_buttons(qtbot):
    """A dialog whose rows do not fit the screen (Einstellungen at 200 %) gets them in a
    scroll area, in their order and Tab order, its buttons below it and on the screen."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QScrollArea, QVBoxLayout

    from ui import placement

    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout()
    edits = [QLineEdit(dialog) for _ in range(40)]
    for number, edit in enumerate(edits):
        form.addRow(f"Feld {number}:", edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    tall = dialog.sizeHint()
    placement.fit(dialog, tall)
    dialog.show()
    free = placement.room(dialog.screen())
    assert tall.height() > free.height() >= dialog.height()
    area = dialog.findChild(QScrollArea, "scaled_contents")
    assert area is not None and area.widget().isAncestorOf(edits[-1])
    assert not area.isAncestorOf(buttons) and buttons.geometry().bottom() < dialog.height()
    chain, widget = [], edits[0]
    while len(chain) < len(edits):
        if isinstance(widget, QLineEdit):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == edits
