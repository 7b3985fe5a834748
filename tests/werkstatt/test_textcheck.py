"""What a reader sees in a writing draft, by rule: frame lines the model wrote, doubled
closings, unbacked sentences, changed facts, foreign lines, placeholders; good letters pass."""

from __future__ import annotations

import time

import pytest

from werkstatt import textcheck

NOTES = """- Antrag auf Bewohnerparkausweis vom 3. November ist eingegangen
- Ausweis wird bewilligt
- Gebühr 60 Euro pro Jahr, Zahlung per Überweisung
- Ausweis kommt in etwa zwei Wochen per Post"""
SOURCES = [NOTES, "Frau", "Schmidt", "Ihr Antrag auf einen Bewohnerparkausweis", "Max Muster"]
GOOD = """Sehr geehrte Frau Schmidt,

Ihr Antrag auf einen Bewohnerparkausweis vom 3. November ist bei uns eingegangen. Wir bewilligen
Ihnen den Ausweis. Die Gebühr beträgt 60 Euro pro Jahr. Bitte zahlen Sie die Gebühr per
Überweisung. Der Ausweis kommt in etwa zwei Wochen per Post zu Ihnen.

Mit freundlichen Grüßen

Max Muster"""
# The README's showcase letter of issue 27, as the default model wrote it.
SHOWCASE = """Sehr geehrte Frau Schmidt,

Ich möchte Ihnen einen Bewohnerparkausweis anbieten, der aufgrund Ihrer Antrag ist eingegangen.
Bitte beachten Sie, dass diese Beträge nur für die Verwaltung Lübeck sind.

Sincerely,

Mit freundlichen Grüßen

Max Muster"""


def test_a_good_letter_raises_no_alarm():
    """A letter that says the notes in plain sentences: nothing unbacked, changed or foreign."""
    found = textcheck.check_draft(GOOD, SOURCES)
    assert len(found.sentences) == 5
    assert found.unbacked == [] and found.facts == [] and found.foreign == []
    assert found.model_frame == [] and found.doubled_closings == 0 and found.placeholders == []
    assert found.penalty() == 0


def test_a_model_written_sincerely_is_foreign_frame_and_a_doubled_closing():
    """"Sincerely," before the app's closing: a foreign line, a model-written closing, doubled."""
    found = textcheck.check_draft(SHOWCASE, SOURCES)
    assert found.foreign == ["Sincerely,"]
    assert found.model_frame == ["Sincerely,"]
    assert found.doubled_closings == 1
    assert "Sincerely" not in textcheck.body(SHOWCASE)


def test_the_salutation_repeated_before_the_closing_is_model_written():
    """A second "Sehr geehrte …" and a German closing of the model are found; the app's are not."""
    text = ("Sehr geehrte Frau Schmidt,\n\nIhr Ausweis wird bewilligt.\n\nViele Grüße\n\n"
            "Sehr geehrte Frau Schmidt,\n\nMit freundlichen Grüßen\n\nMax Muster")
    found = textcheck.frame(text)
    assert found.model_written == ["Sehr geehrte Frau Schmidt,", "Viele Grüße"]
    assert found.doubled_closings == 1
    assert textcheck.body(text) == "Ihr Ausweis wird bewilligt."


def test_an_invented_sentence_is_unbacked_and_named():
    """The showcase's invented sentence is unbacked, with the words the notes lack."""
    why = textcheck.unbacked("Bitte beachten Sie, dass diese Beträge nur für die Verwaltung Lübeck sind.",
                             SOURCES)
    assert why and "Beträge" in why
    assert textcheck.unbacked("Ich wünsche dir viel Glück!", SOURCES)
    assert textcheck.unbacked("Bitte zahlen Sie bis zum Ende des Jahres.", SOURCES)  # invented deadline


@pytest.mark.parametrize("sentence", [
    "Ihr Antrag ist bei uns eingegangen.",  # "eingegangen" from "eingegangen", "Antrag" from the notes
    "Der Parkausweis kommt mit der Post.",  # a compound's part of "Bewohnerparkausweis"
    "Die Ausweisgebühr zahlen Sie bitte per Überweisung.",  # compound of two note words, "Zahlung"
    "Vielen Dank für Ihre Nachricht.",  # letter vocabulary
])
def test_sentences_of_the_notes_in_other_forms_are_backed(sentence):
    """Inflected forms, compounds of note words and common letter words back a sentence."""
    assert textcheck.unbacked(sentence, SOURCES) == ""


def test_vetted_phrases_back_a_sentence():
    """A sentence of the template's vetted phrases is backed only when the phrase is given."""
    sentence = "Gegen diesen Bescheid können Sie innerhalb eines Monats Widerspruch erheben."
    assert textcheck.unbacked(sentence, SOURCES)
    assert textcheck.unbacked(sentence, SOURCES, vetted=[sentence]) == ""


def test_a_changed_date_is_changed_and_an_extra_amount_invented():
    """"nach dem 16. Juni" for "bis 15. Juni" is a changed fact; a name nowhere in the notes is
    invented."""
    issues = textcheck.fact_issues("Bitte reichen Sie die Unterlagen nach dem 16. Juni ein. Frau Meier "
                                   "hilft Ihnen.", ["- Unterlagen bis 15. Juni einreichen"])
    assert [(i.text, i.changed) for i in issues] == [("16. Juni", True), ("Meier", False)]
    assert "15. Juni" in issues[0].note


def test_foreign_lines_and_placeholders():
    """English lines (known phrases, English function words, CJK) and placeholders are found;
    German lines are not."""
    text = ("Best regards, Max\nYour Place\nThank you for your application.\n我们\n"
            "Die Gebühr beträgt 60 Euro.\nAm XX.XX.XXXX um [Uhrzeit] bei <Name>, {{name}}")
    assert textcheck.foreign_lines(text) == ["Best regards, Max", "Your Place",
                                             "Thank you for your application.", "我们"]
    assert textcheck.placeholders(text) == ["XX.XX.XXXX", "[Uhrzeit]", "<Name>", "{{name}}"]


def test_instruction_text_is_found():
    """The model repeating its instructions counts as instruction text."""
    instructions = "Erkläre jeden Stichpunkt in einem ganzen Satz, in zwei bis drei kurzen Absätzen."
    text = "Hier ist der Brief mit den Stichpunkten. Erkläre jeden Stichpunkt in einem ganzen Satz."
    assert textcheck.instruction_text(text, instructions, NOTES)


def test_candidates_rank_by_penalty():
    """A draft with a foreign closing and an invented sentence ranks below the good letter."""
    good = textcheck.check_draft(GOOD, SOURCES)
    bad = textcheck.check_draft(SHOWCASE, SOURCES)
    assert good.penalty() < bad.penalty()


def test_checks_are_fast():
    """A letter is checked in well under a second (the pipelines rank several candidates)."""
    started = time.perf_counter()
    for _ in range(10):
        textcheck.check_draft(GOOD, SOURCES)
    assert (time.perf_counter() - started) / 10 < 0.5


def test_the_apps_own_marks_are_no_left_over_placeholders():
    """The minutes' "[offen]" and a letter's unsigned closing are marks the app sets on purpose
    (and says so); a model's "[Ihr Name]" is a placeholder left over."""
    from werkstatt.minutes.results import OPEN
    from werkstatt.templates import SIGNATURE_GAP

    assert {OPEN, SIGNATURE_GAP} == set(textcheck.APP_MARKS)
    draft = f"- {OPEN}: Listen, bis 15.2.\n{SIGNATURE_GAP}\n[Ihr Name]"
    assert textcheck.placeholders(draft) == ["[Ihr Name]"]
