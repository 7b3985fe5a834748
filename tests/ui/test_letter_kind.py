"""The letter's kind in the form: proposed from the notes as they are typed, the user's
choice kept (werkstatt/letters/kinds.py proposes, the form shows it)."""

from __future__ import annotations

from .test_main_window import make_window


def test_the_kind_follows_the_notes_until_the_user_picks_one(qtbot, fake_engine):
    """Typing "bewilligt" shows Bewilligung, "abgelehnt" Ablehnung; once the user picks a
    kind, further notes leave it; the e-mail's tone is never changed by the notes."""
    window = make_window(qtbot, fake_engine)
    window.select_template("buergerbrief")
    window.input.document.setPlainText("- Antrag vom 3. November eingegangen\n- Ausweis wird bewilligt")
    assert window.input.form.values()["art"] == "Bewilligung"
    window.input.document.setPlainText("- Antrag wird abgelehnt")
    assert window.input.form.values()["art"] == "Ablehnung"
    combo = window.input.form.editors["art"]
    combo.setCurrentText("Auskunft")
    combo.activated.emit(combo.currentIndex())  # as a click on the entry does
    window.input.document.setPlainText("- Ausweis wird bewilligt")
    assert window.input.form.values()["art"] == "Auskunft"
    window.select_template("email-antwort")
    tone = window.input.form.values()["ton"]
    window.input.document.setPlainText("Antrag abgelehnt")
    assert window.input.form.values()["ton"] == tone


def test_the_belehrung_office_comes_from_the_letterhead(qtbot, fake_engine):
    """Bereich and address for the Rechtsbehelfsbelehrung are no rows in the form: the
    letterhead fills them, and the request carries them."""
    window = make_window(qtbot, fake_engine)
    window.settings.set("letter_unit", "Bereich Bürgerservice")
    window.settings.set("letter_address", "Kronsforder Allee 2-6, 23560 Lübeck")
    window.select_template("buergerbrief")
    form = window.input.form
    assert "bereich" not in form.editors and "bereich_anschrift" not in form.editors
    values = form.values()
    assert values["bereich"] == "Bereich Bürgerservice"
    assert values["bereich_anschrift"] == "Kronsforder Allee 2-6, 23560 Lübeck"
