"""Each shipped template with the real default model: structure and content of the draft."""

from __future__ import annotations

import re

import pytest

from werkstatt import pipeline
from werkstatt.pipeline import Request
from werkstatt.templates import get_template


def _draft(engine, data, template_id, file, **values):
    document = (data / file).read_text(encoding="utf-8")
    return pipeline.generate(engine, Request.build(get_template(template_id), values, document), seed=7)


@pytest.mark.model
def test_zusammenfassung_names_key_terms(engine, data):
    """A summary of the council paper names its key terms and has the requested sections."""
    draft = _draft(engine, data, "zusammenfassung", "beschlussvorlage.txt", laenge="mittel")
    text = draft.text
    assert "## Worum geht es?" in text and "## Wichtigste Punkte" in text
    key_terms = ["Turnhalle", "Marli", "Dach", "Heizung", "1,2 Millionen", "480.000", "Förder",
                 "2027", "Burgfeld"]
    named = [term for term in key_terms if term in text]
    assert len(named) >= 5, named
    assert "Marli" in text


@pytest.mark.model
def test_buergerbrief_has_salutation_and_closing(engine, data):
    """A letter starts with the salutation and ends with greeting and signer."""
    draft = _draft(engine, data, "buergerbrief", "stichpunkte.txt", anrede="Frau",
                   name="Mustermann", betreff="Ihr Bewohnerparkausweis",
                   absender="Max Muster, Bereich Verkehr")
    text = draft.text
    assert text.startswith("Sehr geehrte Frau Mustermann,")
    assert re.search(r"Mit freundlichen Grüßen\s+Max Muster, Bereich Verkehr$", text)
    body = text.split("\n", 1)[1]
    assert re.search(r"60 Euro|Parkausweis|bewilligt", body)
    assert re.search(r"\b(Sie|Ihr|Ihnen|Ihre)\b", body)


@pytest.mark.model
def test_protokoll_has_every_agenda_item(engine, data):
    """Minutes carry a header and one section for each agenda item of the notes."""
    draft = _draft(engine, data, "protokoll", "sitzungsnotizen.txt",
                   gremium="Dienstbesprechung Schule und Sport", datum="2026-11-20")
    text = draft.text
    assert text.startswith("# Ergebnisprotokoll: Dienstbesprechung Schule und Sport")
    assert "20.11.2026" in text
    for number, topic in ((1, "Turnhalle"), (2, "Schulweg"), (3, "Weihnacht")):
        assert re.search(rf"## TOP {number}\b", text), f"TOP {number} missing"
        assert topic in text
    assert "Beschluss" in text


@pytest.mark.model
def test_einfache_sprache_speaks_to_the_reader(engine, data):
    """The plain-language version uses short bullet sentences with 'Sie' and keeps the fee."""
    draft = _draft(engine, data, "einfache-sprache", "amtstext.txt")
    lines = [ln for ln in draft.text.splitlines() if ln.strip()]
    assert len(lines) >= 3 and all(ln.startswith("- ") for ln in lines)
    assert "60 Euro" in draft.text and "Sie" in draft.text


@pytest.mark.model
def test_email_antwort_answers_with_the_key_points(engine, data):
    """The reply addresses the sender, contains the key points, and closes properly."""
    draft = _draft(engine, data, "email-antwort", "email.txt", anrede="Frau", name="Schröder",
                   stichpunkte="Termin am Dienstag, 2. Dezember, 10 Uhr passt\n"
                               "Bauzeichnungen bitte vorab per E-Mail schicken",
                   absender="Max Muster")
    text = draft.text
    assert text.startswith("Sehr geehrte Frau Schröder,")
    assert re.search(r"Dezember|10 Uhr|Dienstag", text)
    assert text.endswith("Mit freundlichen Grüßen\nMax Muster")


def test_repeated_paragraphs_are_dropped():
    """A paragraph the model repeats appears once in the draft."""
    from werkstatt.drafting import drop_repeated_paragraphs

    loop = "Bitte beachten Sie die Hinweise zur Gebühr."
    assert drop_repeated_paragraphs(f"Anrede,\n\n{loop}\n\n{loop}\n\nGruß") == f"Anrede,\n\n{loop}\n\nGruß"


def test_repetition_guard_notices_a_loop():
    """The third identical line ends generation."""
    from werkstatt.engine import RepetitionGuard

    guard = RepetitionGuard()
    line = "Die Ausweis wird am 3. November eingereicht.\n"
    assert not guard.looping(line) and not guard.looping("kurz\n") and not guard.looping(line)
    assert guard.looping(line)
