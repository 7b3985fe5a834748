"""In the window: a thrown-away attempt disappears; a draft unusable twice is said plainly
(the "prompt" way, on a letter written in one piece: the "letter" way falls back to the notes)."""

from __future__ import annotations

import pytest

from tests.werkstatt.test_unusable_drafts import GOOD, ScriptedEngine

from .test_main_window import make_window


def letter_window(qtbot, engine):
    window = make_window(qtbot, engine)
    window.select_template("buergerbrief")
    for field, value in (("anrede", "Frau"), ("name", "Muster"), ("betreff", "Antrag")):
        window.input.form.set_value(field, value)
    window.input.document.setPlainText("- Antrag bewilligt\n- 60 Euro")
    return window


@pytest.mark.usefixtures("letters_in_one_piece")
def test_second_attempt_replaces_the_first(qtbot, no_blocking_dialogs):
    """An empty first answer is cleared from the editor; only the second attempt remains."""
    window = letter_window(qtbot, ScriptedEngine("", GOOD))
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    text = window.pane.result.toPlainText()
    assert text.count("Sehr geehrte Frau Muster,") == 1 and GOOD in text
    assert no_blocking_dialogs == []


@pytest.mark.usefixtures("letters_in_one_piece")
def test_unusable_draft_is_said_in_a_message(qtbot, no_blocking_dialogs):
    """Twice unusable: a German warning says so; the text stays for the employee to see."""
    window = letter_window(qtbot, ScriptedEngine("", ""))
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    assert len(no_blocking_dialogs) == 1 and "unbrauchbar" in no_blocking_dialogs[0]
