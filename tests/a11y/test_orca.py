"""Orca, the GNOME screen reader, reads the app (issue 30, "Done when"): the main window, a
letter being written and done, the feedback form. Orca runs on the test's AT-SPI bus without a
speech synthesiser; ``orca_speech.py`` writes every utterance ("SPEECH OUTPUT") to the test
artefact ``orca-speech.txt`` as it is spoken (what a blind user would have heard, in order)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from werkstatt.settings import Settings

from .atspi import SYSTEM_PYTHON, spin
from .every_window import DATA

pytestmark = pytest.mark.atspi
SPOKEN = re.compile(r"SPEECH OUTPUT: '(.*)'")
ORCA = Path(__file__).with_name("orca_speech.py")


def spoken(log) -> list[str]:
    if not log.exists():
        return []
    return SPOKEN.findall(log.read_text(encoding="utf-8", errors="replace"))


@pytest.fixture
def orca(tmp_path, artifacts, qapp):
    """Orca with its own preferences folder, recording what it says (no --replace: that
    would end every Orca of this user)."""
    if not shutil.which("orca"):
        pytest.fail("Orca fehlt (scripts/system-deps.sh a11y)")
    log = artifacts / "orca-speech.txt"
    log.unlink(missing_ok=True)
    reader = subprocess.Popen([SYSTEM_PYTHON, str(ORCA), str(log), "-u", str(tmp_path / "orca")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    spin(lambda: "Screen reader on." in spoken(log), 60)  # Orca asks this app too: keep answering
    yield log
    reader.terminate()
    try:
        reader.wait(2)  # (Orca 43 often waits for a speech server that never came)
    except subprocess.TimeoutExpired:
        reader.kill()


@pytest.mark.clause("11.5.2", "11.2.1.1")
def test_orca_reads_the_window_a_letter_and_the_feedback_form(orca, qtbot, fake_engine,
                                                             letters_in_one_piece, artifacts):
    """In order: the window's title and the focused search field, the letter's start and its
    end with length and Quellenabgleich, then the feedback form's quality buttons."""
    from ui.main_window import MainWindow

    settings = Settings()
    settings.set("letterhead_asked", True)
    window = MainWindow(settings=settings, engine_factory=lambda: fake_engine)
    qtbot.addWidget(window)
    window.select_template("buergerbrief")
    for key, value in {"anrede": "Frau", "name": "Schmidt", "betreff": "Ihr Antrag",
                       "anschrift": "Musterweg 12, 23552 Lübeck"}.items():
        window.input.form.set_value(key, value)
    window.input.document.setPlainText((DATA / "stichpunkte.txt").read_text(encoding="utf-8"))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.session.ready, timeout=10_000)
    window.picker.search.setFocus(Qt.FocusReason.TabFocusReason)
    spin(lambda: any("Vorlagen suchen" in line for line in spoken(orca)), 30)
    window.controls.generate_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window.controls.generate_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    spin(lambda: any("Entwurf fertig" in line for line in spoken(orca)), 60)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # bewerten
    spin(lambda: any("Qualität 3" in line for line in spoken(orca)), 30)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Left)  # the mark beside it, inside the group
    spin(lambda: any("Qualität 2" in line for line in spoken(orca)), 30)
    qtbot.wait(300)  # (the event loop turns: Orca's questions are answered)
    lines = spoken(orca)
    window.shutdown()

    def first(text: str) -> int:
        return next(i for i, line in enumerate(lines) if text in line)

    assert first("KI-Werkstatt") < first("Vorlagen suchen") < first("wird geschrieben")
    assert first("wird geschrieben") < first("Entwurf fertig") < first("Qualität")
    done = lines[first("Entwurf fertig")]
    assert "Wörter" in done and "Quellenabgleich" in done
    assert lines[first("Qualität 3") + 1] == "not selected radio button"  # its state and role
    assert first("Qualität 3") < first("Qualität 2")
