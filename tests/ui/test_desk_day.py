"""A day at the desk: nothing typed is lost, the result area says what the draft is, the
keyboard path flows, the feedback form presets nothing (issue 14, the parts done so far)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox

from ui.accessibility import mnemonic_letters
from werkstatt.feedback.entry import feedback_path
from werkstatt.feedback.store import FeedbackStore

from .test_main_window import make_window

LETTER = {"anrede": "Herr", "name": "Berg", "betreff": "Ihr Antrag", "anschrift": "Hauptstr. 1\n23552 Lübeck"}


def fill_letter(window) -> None:
    window.select_template("buergerbrief")
    for field_id, value in LETTER.items():
        window.input.form.set_value(field_id, value)
    window.input.document.setPlainText("- Antrag bewilligt\n- Gebühr 60 Euro")


def generate(qtbot, window) -> None:
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)


def test_field_values_stay_with_their_template(qtbot, fake_engine):
    """Switching to another template and back keeps the letter's fields."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    window.select_template("zusammenfassung")
    window.select_template("buergerbrief")
    assert {k: window.input.form.values()[k] for k in LETTER} == LETTER


def test_a_carried_document_is_named_and_cleared_in_one_undoable_step(qtbot, fake_engine):
    """The notes typed for the letter stay when switching to the summary, with a note saying
    where they come from; "Dokument leeren" empties the field, Ctrl+Z brings them back."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    assert not window.input.carried.isVisible()
    window.select_template("zusammenfassung")
    assert window.input.carried.isVisible() and "Brief an Bürgerinnen" in window.input.carried.text()
    window.select_template("einfache-sprache")  # still named after where it was written
    assert "Brief an Bürgerinnen" in window.input.carried.text()
    window.input.clear_button.click()
    assert window.input.document.toPlainText() == "" and not window.input.carried.isVisible()
    window.input.document.undo()
    assert "Gebühr 60 Euro" in window.input.document.toPlainText()


def test_regenerating_keeps_the_edited_draft_in_the_history(qtbot, fake_engine):
    """An edited draft survives "Erzeugen" in the Verlauf and comes back as edited."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    pane = window.pane
    pane.result.setPlainText(pane.result.toPlainText() + "\nMeine Ergänzung.")
    generate(qtbot, window)
    assert pane.history.count() == 2 and "Meine Ergänzung" not in pane.result.toPlainText()
    assert pane.history.itemText(0).count(":") == 2  # seconds: two drafts of a minute differ
    pane.show_version(0)
    assert pane.result.toPlainText().endswith("Meine Ergänzung.")
    assert pane.draft is pane.versions[0].draft and pane.note.isVisible()


def test_closing_with_an_unsaved_edit_asks(qtbot, fake_engine, monkeypatch, tmp_path):
    """Closing asks while an edited draft is unsaved; "Nein" keeps the window open; after
    saving nothing is asked."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    window.pane.result.setPlainText(window.pane.result.toPlainText() + "\nGeändert.")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.No))
    window.close()
    assert window.isVisible() and asked and "nicht gespeichert" in asked[0]
    window.pane.save(path=str(tmp_path / "brief.docx"))
    assert window.pane.may_discard() and len(asked) == 1


def test_the_result_area_says_it_is_a_draft_and_when_it_was_cut(qtbot, fake_engine):
    """A permanent note on every draft; an answer that hit the token limit says so."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    assert window.pane.note.isVisible() and "bitte" in window.pane.note.text()
    assert "Unvollständig" not in window.pane.note.text()
    fake_engine.finish_reason = "length"
    generate(qtbot, window)
    assert "Unvollständig" in window.pane.note.text()


def test_tab_goes_from_the_list_through_the_fields_to_the_document(qtbot, fake_engine):
    """Walking with Tab: search → template list → the template's fields → the document;
    every field label has its own Alt shortcut; Enter in the search picks the match."""
    window = make_window(qtbot, fake_engine)
    window.activateWindow()
    window.picker.search.setFocus()
    qtbot.keyClicks(window.picker.search, "protokoll")
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    assert window.input.template.id == "protokoll" and window.picker.tree.hasFocus()
    window.picker.search.setFocus()
    walked = []
    for _ in range(16):  # a date field takes three Tabs (day, month, year)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        name = QApplication.focusWidget().accessibleName()
        if not walked or walked[-1] != name:
            walked.append(name)
    fields = [f.label for f in window.input.template.fields]
    assert walked[0] == "Vorlagen" and walked[1:1 + len(fields)] == fields, walked
    assert walked[1 + len(fields)] == window.input.template.document_label
    # every field label has an Alt+letter unless all its letters are taken in the window
    taken = mnemonic_letters([w for w in window.findChildren(QLabel) if "&" in w.text()]
                             + window.findChildren(QAbstractButton))
    fields = [w.text() for w in window.input.form.findChildren(QLabel)]
    without = [text for text in fields if "&" not in text]
    assert len(without) <= 1 and all(set(c.lower() for c in t if c.isalpha()) <= taken for t in without)


def test_feedback_presets_nothing(qtbot, fake_engine):
    """Only the quality is chosen: the other answers are stored as not given, not as "gering"."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    panel = window.feedback_panel
    assert panel.effort.currentText() == "keine Angabe" and panel.minutes.text() == "keine Angabe"
    panel.quality_group.button(2).setChecked(True)
    panel.save()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
    with FeedbackStore(feedback_path(window.policy, window.settings)) as store:
        (row,) = store.entries()
    assert row["quality"] == 2
    assert (row["correction_effort"], row["minutes_saved"], row["would_use"]) == (None, None, None)


def test_folders_are_remembered_only_for_what_worked(qtbot, fake_engine, tmp_path):
    """A rejected file does not move the open dialog's folder; saving remembers its own."""
    window = make_window(qtbot, fake_engine)
    good = tmp_path / "gut"
    good.mkdir()
    (good / "notiz.txt").write_text("Ein Text.", encoding="utf-8")
    window.input.open_documents([str(good / "notiz.txt")])
    qtbot.waitUntil(lambda: window.input.document.toPlainText() == "Ein Text.", timeout=5_000)
    bad = tmp_path / "schlecht"
    bad.mkdir()
    (bad / "kaputt.docx").write_bytes(b"kein zip")
    window.input.open_documents([str(bad / "kaputt.docx")])
    qtbot.wait(500)
    assert window.settings.get("last_directory") == str(good)
    fill_letter(window)
    generate(qtbot, window)
    out = tmp_path / "ablage"
    out.mkdir()
    window.pane.save(path=str(out / "brief.docx"))
    assert window.settings.get("save_directory") == str(out)
    assert window.settings.get("last_directory") == str(good)


def test_typing_in_the_preview_says_why_nothing_happens(qtbot, fake_engine):
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    generate(qtbot, window)
    window.pane.preview_button.click()
    qtbot.keyClick(window.pane.preview, Qt.Key.Key_A)
    assert "nur zum Lesen" in window.statusBar().currentMessage()


HEAD = {"letter_organisation": "Hansestadt Lübeck", "letter_unit": "Bereich Stadtgrün",
        "letter_address": "Kronsforder Allee 2-6, 23560 Lübeck", "letter_contact": "Max Muster",
        "letter_phone": "0451 122-0", "letter_email": "stadtgruen@luebeck.de"}


def test_the_letterhead_is_asked_once_and_the_letter_has_no_placeholder(qtbot, fake_engine, tmp_path):
    """Before the first letter the app asks for the letterhead (once); "Unterzeichnet von"
    starts with the contact; given all data, the saved letter has no [placeholder]."""
    import docx

    from ui.settings_dialog import LetterheadDialog

    window = make_window(qtbot, fake_engine, ask_letterhead=True)
    fill_letter(window)
    window.input.form.set_value("zeichen", "66.3-2026/114")
    window.generate()
    (dialog,) = window.findChildren(LetterheadDialog)
    assert window.generation is None and window.pane.result.toPlainText() == ""  # asked first
    for key, value in HEAD.items():
        dialog.box.fields[key].setText(value)
    dialog.save()  # ... then the letter is written, signed by the contact just entered
    qtbot.waitUntil(lambda: window.generation is None and bool(window.pane.versions), timeout=10_000)
    assert window.pane.result.toPlainText().rstrip().endswith("Mit freundlichen Grüßen\n\nMax Muster")
    generate(qtbot, window)
    assert len(window.findChildren(LetterheadDialog)) == 1  # asked once
    window.select_template("zusammenfassung")
    window.select_template("email-antwort")
    assert window.input.form.values()["absender"] == "Max Muster"
    path = window.pane.save(path=str(tmp_path / "brief.docx"))
    document = docx.Document(path)
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for section in document.sections for p in section.first_page_header.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Bereich Stadtgrün" in " ".join(texts)
    assert not [t for t in texts if "[" in t], [t for t in texts if "[" in t]


def test_no_letterhead_question_when_it_fixed_it(qtbot, fake_engine, no_machine_policy):
    """IT's policy fixes the letterhead: nothing to ask."""
    from ui.settings_dialog import LetterheadDialog

    no_machine_policy.write_text("".join(f'{k} = "{v}"\n' for k, v in HEAD.items()), encoding="utf-8")
    window = make_window(qtbot, fake_engine, ask_letterhead=True)
    fill_letter(window)
    generate(qtbot, window)
    assert not window.findChildren(LetterheadDialog)


def test_at_1366_by_768_the_draft_keeps_its_room(qtbot, fake_engine):
    """The common office screen: with the feedback form showing, the draft keeps at least a
    third of the window's height; the letter's fields need no scroll bar of their own."""
    window = make_window(qtbot, fake_engine)
    window.resize(1366, 728)
    fill_letter(window)
    generate(qtbot, window)
    qtbot.wait(100)
    assert window.feedback_panel.isVisible() and not window.feedback_panel.details.isVisible()
    assert window.pane.result.height() >= 728 / 3, window.pane.result.height()
    assert not window.input.form_area.verticalScrollBar().isVisible()
    window.feedback_panel.details_button.click()
    assert window.feedback_panel.details.isVisible() and window.settings.get("feedback_details")


@pytest.mark.usefixtures("letters_in_one_piece")
def test_a_draft_cut_at_the_limit_can_go_on(qtbot, fake_engine):
    """„Weiterschreiben“ appears on a cut draft and continues it, edits included."""
    window = make_window(qtbot, fake_engine)
    fill_letter(window)
    fake_engine.finish_reason = "length"
    generate(qtbot, window)
    pane = window.pane
    assert pane.go_on_button.isVisible()
    pane.result.setPlainText(pane.result.toPlainText().replace("Wort3 ", "Wort3 (geändert) "))
    fake_engine.finish_reason = "stop"
    pane.go_on_button.click()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    text = pane.result.toPlainText()
    assert "Wort3 (geändert)" in text and text.count("Mit freundlichen Grüßen") == 1
    assert text.count("## Ergebnis") == 2  # the fake model wrote on
    assert not pane.go_on_button.isVisible() and pane.history.count() == 2


def test_the_focus_is_seen(qtbot, fake_engine):
    """The focused field wears a blue ring around it (ui/app.py puts it up at start); the
    same field without focus does not."""
    from ui.accessibility import RING_WIDTH, install_focus_ring

    ring = install_focus_ring(QApplication.instance())
    window = make_window(qtbot, fake_engine)
    window.select_template("buergerbrief")
    name = window.input.form.editors["name"]
    qtbot.waitUntil(lambda: name.visibleRegion().boundingRect() == name.rect(), timeout=2_000)

    def blue_pixels() -> int:
        around = name.rect().adjusted(-RING_WIDTH, -RING_WIDTH, RING_WIDTH, RING_WIDTH)
        image = window.grab(around.translated(name.mapTo(window, name.rect().topLeft()))).toImage()
        return sum(1 for x in range(image.width()) for y in (0, 1)
                   if image.pixelColor(x, y).name() == "#005fb8")

    window.activateWindow()
    name.setFocus()
    qtbot.waitUntil(name.hasFocus, timeout=2_000)
    focused = blue_pixels()
    window.picker.search.setFocus()
    qtbot.waitUntil(lambda: not name.hasFocus(), timeout=2_000)
    assert focused > name.width() and blue_pixels() == 0
    ring.close()
