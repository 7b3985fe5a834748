"""The one request pipeline, without Qt: prepare (every check, rendered once), run (chunks,
then the draft with its figures), export (the edited text in the template's layout)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest

from werkstatt import export, pipeline
from werkstatt.errors import WerkstattError
from werkstatt.governance import Record
from werkstatt.policy import Policy, load_policy
from werkstatt.templates import Template, get_template

from .test_unusable_drafts import GOOD, ScriptedEngine, prompt_letter

ROOT = Path(__file__).resolve().parents[2]
LETTER = {"anrede": "Frau", "name": "Muster", "betreff": "Antrag"}
NOTES = "- Antrag bewilligt\n- 60 Euro"


def test_prepare_checks_everything_before_a_model_is_asked(no_machine_policy, werkstatt_home):
    """Usage rules, IT's template list, required fields and the document: German errors."""
    letter = get_template("buergerbrief")
    with pytest.raises(WerkstattError, match="Pflichtfeld"):
        pipeline.prepare(load_policy(), Record(), letter, {"anrede": "Frau"}, NOTES)
    with pytest.raises(WerkstattError, match="braucht ein Dokument"):
        pipeline.prepare(load_policy(), Record(), letter, LETTER, "  ")
    no_machine_policy.write_text("enabled_templates = ['protokoll']\n", encoding="utf-8")
    with pytest.raises(WerkstattError, match="nicht freigegeben"):
        pipeline.prepare(load_policy(), Record(), letter, LETTER, NOTES)
    (werkstatt_home / "governance.json").unlink()  # the rules not (yet) acknowledged
    with pytest.raises(WerkstattError, match="Nutzungsregeln"):
        pipeline.prepare(Policy(), Record(), letter, LETTER, NOTES)


def test_a_request_renders_once_and_streams_into_a_draft_with_figures(monkeypatch):
    """One render per request; the chunks make the draft; the figures come with it."""
    renders = []
    original = Template.render
    monkeypatch.setattr(Template, "render", lambda self, *a: renders.append(1) or original(self, *a))
    request = pipeline.prepare(Policy(), Record(), prompt_letter(), LETTER, NOTES,
                               ["stichpunkte.txt"])
    response = pipeline.run(ScriptedEngine(GOOD), request, seed=1)
    assert response.draft is None  # nothing is asked before the stream is read
    text = "".join(response)
    draft = response.draft
    assert renders == [1]
    assert draft is not None and GOOD in draft.text and draft.text == text.strip()
    assert draft.stats.completion_tokens == 10 and draft.documents == ("stichpunkte.txt",)
    assert draft.values["anrede"] == "Frau" and draft.model_id == ScriptedEngine().entry.id
    sources = request.sources()  # the letter's own salutation counts as a source
    assert sources[0] == NOTES and any(s.startswith("Sehr geehrte Frau Muster,") for s in sources)
    with pytest.raises(RuntimeError):
        list(response)  # a response streams once


@pytest.mark.model
def test_a_council_paper_through_the_whole_pipeline(engine, data, tmp_path):
    """Real model, real document, real .docx: prepare → run → export, as the CLI and the
    window do it."""
    paper = (data / "beschlussvorlage.txt").read_text(encoding="utf-8")
    request = pipeline.prepare(Policy(), Record(), get_template("zusammenfassung"),
                               {"laenge": "kurz"}, paper, ["beschlussvorlage.txt"])
    chunks = list(pipeline.run(engine, request, seed=1))
    draft = pipeline.generate(engine, request, seed=1)
    assert "".join(chunks).startswith("## Worum geht es?") and "Worum geht es?" in draft.text
    assert draft.stats.completion_tokens > 0 and draft.model_id == engine.entry.id
    edited = draft.text + "\n\nGeprüft: Sachbearbeitung"
    path = export.write_draft(draft, edited, tmp_path / "zusammenfassung.docx", label="KI-Test")
    document = docx.Document(path)
    texts = [p.text for p in document.paragraphs]
    assert "Geprüft: Sachbearbeitung" in texts and texts[-1] == "KI-Test"
    assert document.core_properties.identifier == "zusammenfassung"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("beschlussvorlage.txt" in cell for cell in cells)


def test_the_pipeline_never_imports_qt():
    """Everything the app does runs without a screen: the pipeline loads no Qt."""
    code = textwrap.dedent("""
        import sys
        from werkstatt import cli, export, pipeline
        assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_a_cut_draft_goes_on_from_the_users_text():
    """A letter cut at the length limit goes on from the (edited) text: the old text first,
    the closing once at the end, no second attempt even if the model adds nothing."""
    request = pipeline.prepare(Policy(), Record(), prompt_letter(), LETTER, NOTES)
    first = pipeline.generate(ScriptedEngine(GOOD), request)
    assert first.text.endswith("Mit freundlichen Grüßen\n\n[Unterzeichnende Person]")
    edited = first.text.replace("60 Euro", "60 Euro (bitte bis 1. März zahlen)")
    again = pipeline.continued(request, edited)
    assert again.continues and again.prompt.answer_prefix.endswith("im Jahr.")
    draft = pipeline.generate(ScriptedEngine(""), again)
    assert "bis 1. März zahlen" in draft.text and draft.text.count("Mit freundlichen Grüßen") == 1
    assert not draft.unusable and draft.notes == []
    with pytest.raises(WerkstattError, match="„Zusammenfassung“ kann nicht weitergeschrieben"):
        pipeline.continued(pipeline.prepare(Policy(), Record(), get_template("zusammenfassung"),
                                            {}, "Text."), "## Worum geht es?")
    letter = pipeline.prepare(Policy(), Record(), get_template("buergerbrief"),
                              {"anrede": "Frau", "name": "Muster", "betreff": "X"}, "- Ausweis kommt")
    with pytest.raises(WerkstattError, match="„Brief an Bürgerinnen und Bürger“ kann nicht"):
        pipeline.continued(letter, "Sehr geehrte Frau Muster,")  # not "Eine Zusammenfassung"
