"""The desk, second look (issue 26): an unusable draft is shown as what it is, the note over
the draft keeps its place, drafts are told apart, and the keyboard stays on the work."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.werkstatt.test_unusable_drafts import GOOD, ScriptedEngine

from .test_desk_day import fill_letter, generate
from .test_main_window import make_window


@pytest.mark.usefixtures("letters_in_one_piece")
def test_an_unusable_draft_is_marked_and_not_handed_over(qtbot, no_blocking_dialogs, tmp_path):
    """Unusable twice: a red note, read-only, no check verdict, no copy or save, the clock
    stopped and a status line that agrees; „Trotzdem übernehmen“ makes it a draft."""
    window = make_window(qtbot, ScriptedEngine("", ""))
    fill_letter(window)
    generate(qtbot, window)
    pane = window.pane
    assert "Kein brauchbarer Entwurf" in pane.note.text() and pane.accept_button.isVisible()
    assert pane.result.isReadOnly() and not pane.source_check.label.isVisible()
    assert not pane.save_button.isEnabled() and not pane.copy_button.isEnabled()
    assert pane.save(path=str(tmp_path / "brief.docx")) is None
    assert not (tmp_path / "brief.docx").exists()
    assert window.statusBar().currentMessage().startswith("Kein brauchbarer Entwurf")
    assert not window.controls.timer.isActive()
    qtbot.waitUntil(lambda: len(no_blocking_dialogs) == 1)  # the reason, said once
    assert "unbrauchbar" in pane.history.itemText(0)
    pane.accept_button.click()
    assert not pane.result.isReadOnly() and pane.save_button.isEnabled()
    assert not pane.accept_button.isVisible() and "Kein brauchbarer" not in pane.note.text()
    assert pane.save(path=str(tmp_path / "brief.docx")).exists()


@pytest.mark.usefixtures("letters_in_one_piece")
def test_the_note_over_the_draft_stays_while_it_streams(qtbot, fake_engine):
    """The note is there before, while and after a draft streams, at the same place: the text
    under it does not jump."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    pane = window.pane
    before = pane.result.mapTo(window, pane.result.rect().topLeft())
    window.generate()
    qtbot.waitUntil(lambda: "Wort2" in pane.result.toPlainText(), timeout=10_000)
    assert pane.note.isVisible() and "entsteht" in pane.note.text()
    assert pane.result.mapTo(window, pane.result.rect().topLeft()) == before
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    assert pane.note.isVisible() and pane.result.mapTo(window, pane.result.rect().topLeft()) == before


@pytest.mark.usefixtures("letters_in_one_piece")
def test_drafts_are_told_apart_and_a_cancelled_one_stays_marked(qtbot, fake_engine):
    """Letters to the same person differ in the Verlauf by their body's first words and
    length; a cancelled one says so in the list and over the text after the status fades."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    fake_engine.words = 5
    generate(qtbot, window)
    pane = window.pane
    first, second = pane.history.itemText(0), pane.history.itemText(1)
    assert "Sehr geehrter" not in first and "Wort1" in first and first.split(" – ")[1:] != \
        second.split(" – ")[1:]
    fake_engine.words, fake_engine.delay = 200, 0.05
    window.generate()
    qtbot.waitUntil(lambda: "Wort3" in pane.result.toPlainText(), timeout=10_000)
    window.cancel_generation()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    window.statusBar().clearMessage()  # as after the status message's 10 seconds
    assert pane.history.itemText(2).endswith("abgebrochen")
    assert pane.note.text().startswith("Abgebrochen")
    assert [label.endswith("abgebrochen") for label in pane.unsaved()] == []  # nothing edited


def test_the_keyboard_stays_on_the_work(qtbot, fake_engine):
    """Erzeugen by keyboard: Abbrechen has the focus while the draft streams, the draft
    afterwards; saving a rating hands the focus back to the draft, never the template search."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    window.activateWindow()
    button = window.controls.generate_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=2_000)
    button.click()
    assert window.controls.cancel_button.hasFocus()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    assert window.pane.result.hasFocus(), QApplication.focusWidget()
    panel = window.feedback_panel
    panel.focus_form()
    panel.quality_group.button(4).setChecked(True)
    panel.save()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
    assert window.pane.result.hasFocus(), QApplication.focusWidget()
    assert not window.picker.search.hasFocus()


@pytest.mark.usefixtures("letters_in_one_piece")
def test_an_unusable_draft_stays_marked_when_it_comes_back_from_the_verlauf(qtbot, no_blocking_dialogs):
    """Fetched back from the Verlauf, an unusable draft is still read-only and unsaved-able."""
    window = make_window(qtbot, ScriptedEngine("", "", GOOD))
    fill_letter(window)
    generate(qtbot, window)
    generate(qtbot, window)
    pane = window.pane
    assert pane.save_button.isEnabled()
    pane.show_version(0)
    assert pane.result.isReadOnly() and not pane.save_button.isEnabled()
    pane.show_version(1)
    assert not pane.result.isReadOnly() and pane.save_button.isEnabled()
