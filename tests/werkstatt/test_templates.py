"""Templates: the shipped ones load; bad files are refused with the file and key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkstatt.errors import WerkstattError
from werkstatt.templates import get_template, load_templates, parse_template, templates_dir

REQUIRED_IDS = {"zusammenfassung", "buergerbrief", "protokoll", "einfache-sprache", "email-antwort"}

MINIMAL = """
id = "t"
title = "Test"
category = "Test"
description = "d"
version = "1"
document = true
output = "text"
[[fields]]
id = "ton"
label = "Ton"
type = "choice"
options = ["a", "b"]
default = "a"
[prompt]
system = "S"
user = "{{ton}} {{dokument}}"
[generation]
temperature = 0.1
max_tokens = 10
[vetted]
by = "x"
date = "2026-01-01"
"""


def test_shipped_templates_load_and_are_vetted():
    """All required templates ship, each with vetting data and a content hash."""
    templates = {t.id: t for t in load_templates()}
    assert REQUIRED_IDS <= set(templates)
    for t in templates.values():
        assert t.vetted_by and t.vetted_on and len(t.content_hash) == 64


def test_unknown_key_names_file_and_key():
    """An unknown key is an error naming the file and the key."""
    with pytest.raises(WerkstattError, match=r"kaputt\.toml.*unbekannter Schlüssel „farbe“"):
        parse_template(MINIMAL + '\nfarbe = "rot"\n', Path("kaputt.toml"))


def test_unknown_field_key_is_refused():
    """Unknown keys inside a field are errors too."""
    text = MINIMAL.replace('default = "a"', 'default = "a"\nbreite = 3')
    with pytest.raises(WerkstattError, match="fields\\[0\\].*„breite“"):
        parse_template(text, Path("x.toml"))


def test_placeholder_without_field_is_refused():
    """A placeholder with no field is named in the error."""
    text = MINIMAL.replace('user = "{{ton}} {{dokument}}"', 'user = "{{ton}} {{farbe}} {{dokument}}"')
    with pytest.raises(WerkstattError, match="x.toml.*„{{farbe}}“"):
        parse_template(text, Path("x.toml"))


def test_document_placeholder_required_when_document_input():
    """A template with document input must place the document in its prompt."""
    text = MINIMAL.replace('user = "{{ton}} {{dokument}}"', 'user = "{{ton}}"')
    with pytest.raises(WerkstattError, match="dokument"):
        parse_template(text, Path("x.toml"))


def test_missing_key_is_refused():
    """A missing required key is named."""
    text = MINIMAL.replace('version = "1"\n', "")
    with pytest.raises(WerkstattError, match="„version“ fehlt"):
        parse_template(text, Path("x.toml"))


def test_render_fills_fields_and_drops_empty_optional_lines():
    """Choices map to their prompt text; lines of empty optional fields disappear."""
    t = get_template("zusammenfassung")
    prompt = t.render({"laenge": "kurz"}, "Ein Text.")
    assert "allerwichtigsten Aussagen" in prompt.user
    assert "Besonders wichtig" not in prompt.user
    assert "Ein Text." in prompt.user
    prompt = t.render({"fokus": "Kosten"}, "Ein Text.")
    assert "Besonders wichtig: Kosten" in prompt.user


def test_required_field_and_bad_choice_are_german_errors():
    """Missing required values and invalid choices give German messages."""
    letter = get_template("buergerbrief")
    with pytest.raises(WerkstattError, match="Pflichtfeld"):
        letter.render({"anrede": "Frau", "betreff": "X"}, "Punkte")
    with pytest.raises(WerkstattError, match="nicht erlaubt"):
        get_template("zusammenfassung").render({"laenge": "riesig"}, "Text")
    with pytest.raises(WerkstattError, match="braucht ein Dokument"):
        get_template("zusammenfassung").render({}, "   ")
    with pytest.raises(WerkstattError, match="kein Feld „farbe“"):
        get_template("zusammenfassung").render({"farbe": "rot"}, "Text")


def test_salutation_prefix_and_closing():
    """The letter's salutation and closing come from the template, not the model."""
    prompt = get_template("buergerbrief").render(
        {"anrede": "Herr", "name": "Muster", "betreff": "B", "absender": "Eva Beispiel"}, "P")
    assert prompt.answer_prefix == "Sehr geehrter Herr Muster,\n\n"
    assert prompt.closing.startswith("Mit freundlichen Grüßen") and "Eva Beispiel" in prompt.closing


def test_unknown_template_is_german_error():
    """Asking for a template that does not exist says so in German."""
    with pytest.raises(WerkstattError, match="gibt es nicht"):
        get_template("gibtsnicht")


def test_fields_say_which_part_of_the_layout_they_fill(tmp_path):
    """The letter's and the minutes' layout parts come from the templates' fields (``layout``);
    a part the layout does not have is an error naming file and field."""
    letter = get_template("buergerbrief")
    assert letter.layout_values({"anrede": "Herr", "name": "Berg", "betreff": "Antrag"}) == {
        "addressee_form": "Herr", "addressee": "Berg", "subject": "Antrag", "address": "",
        "reference": ""}
    assert set(get_template("protokoll").layout_values({})) >= {"body", "date", "participants"}
    text = (templates_dir() / "buergerbrief.toml").read_text(encoding="utf-8")
    bad = tmp_path / "brief.toml"
    bad.write_text(text.replace('layout = "subject"', 'layout = "fusszeile"'), encoding="utf-8")
    with pytest.raises(WerkstattError, match=r"brief.toml: fields \(betreff\).layout: „fusszeile“"):
        parse_template(bad.read_text(encoding="utf-8"), bad)


def test_document_first_templates_share_their_beginning():
    """The summaries put the document first, after one shared preamble, and their own role
    and task after it; a template that says so must begin its user prompt with the document."""
    first = get_template("zusammenfassung").render({}, "Ein Dokument.")
    second = get_template("vorlage-zusammenfassen").render({}, "Ein Dokument.")
    assert first.system == second.system
    head = 'Dokument:\n"""\nEin Dokument.\n"""\n\n'
    assert first.user.startswith(head) and second.user.startswith(head)
    assert "Sachbearbeiterin" in first.user and "Referentin" in second.user
    broken = MINIMAL.replace("[prompt]", 'document_first = true\n\n[prompt]')
    with pytest.raises(WerkstattError, match="document_first"):
        parse_template(broken, Path("x.toml"))


@pytest.mark.model
def test_a_second_template_on_the_same_document_reuses_its_reading(engine, data):
    """zusammenfassung, then vorlage-zusammenfassen on the same paper: the engine evaluates
    the document once (issue 31, point 2)."""
    from werkstatt.engine import Generation

    paper = (data / "beschlussvorlage.txt").read_text(encoding="utf-8")
    one = Generation(temperature=0.0, max_tokens=1)
    for template in ("zusammenfassung", "vorlage-zusammenfassen"):
        prompt = get_template(template).render({}, paper)
        list(engine.stream(prompt.system, prompt.user, one, seed=1, answer_prefix=prompt.answer_prefix))
    document = engine.count_tokens(paper)
    assert engine.stats.reused_tokens >= document, (engine.stats.reused_tokens, document)
