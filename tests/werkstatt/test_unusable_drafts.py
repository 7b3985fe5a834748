"""A draft that is empty, loops or repeats its instructions is written again, and said so if it
stays bad: never handed over as a finished result (CLI exit 4)."""

from __future__ import annotations

from dataclasses import replace

from werkstatt import pipeline
from werkstatt.cli import main
from werkstatt.drafting import Restart
from werkstatt.engine import Stats
from werkstatt.pipeline import Request
from werkstatt.templates import get_template

from .scripted import ScriptedBase

GOOD = "Ihr Antrag auf einen Bewohnerparkausweis ist bewilligt. Die Gebühr beträgt 60 Euro im Jahr."


class ScriptedEngine(ScriptedBase):
    """Answers each request with the next scripted text (the contract, without a model)."""

    def __init__(self, *answers: str) -> None:
        super().__init__()
        self.answers = list(answers)

    def stream(self, system, user, params, cancel=None, progress=None, seed=None, answer_prefix=""):
        self.stats = Stats(completion_tokens=10, generate_seconds=1.0)
        yield answer_prefix
        yield self.answers.pop(0)


# The "prompt" way's second attempt, on a letter written in one piece (as "buergerbrief" was
# before the "letter" way wrote it sentence by sentence): the user prompt of then, whose
# instructions a leaking model repeats.
PROMPT_USER = """
Betreff: {{betreff}}
Stichpunkte:
{{dokument}}

Schreibe daraus den Brief an {{name}} in der Sie-Form ("Sie", "Ihr Antrag"). Erkläre
jeden Stichpunkt in einem ganzen Satz, in zwei bis drei kurzen Absätzen.
"""


def prompt_letter():
    """``buergerbrief`` written by the "prompt" way in one piece."""
    return replace(get_template("buergerbrief"), pipeline="prompt", user=PROMPT_USER)


def letter(engine):
    template = prompt_letter()
    values = {"anrede": "Frau", "name": "Muster", "betreff": "Antrag"}
    response = pipeline.run(engine, Request.build(template, values, "- Antrag bewilligt\n- 60 Euro"),
                            seed=1)
    chunks = list(response)
    return response.draft, chunks


def test_an_empty_draft_is_written_again():
    """The first answer is empty: a Restart marker, then the second answer is the draft."""
    draft, chunks = letter(ScriptedEngine("", GOOD))
    restarts = [c for c in chunks if isinstance(c, Restart)]
    assert len(restarts) == 1 and "kein Inhalt" in restarts[0].reason
    assert GOOD in draft.text and draft.text.count("Sehr geehrte") == 1
    assert not draft.unusable and draft.notes == []
    assert draft.stats.completion_tokens == 20  # both attempts counted


def test_instructions_in_the_text_trigger_a_second_attempt():
    """The model repeating its instructions is not a finished letter."""
    leak = "Erkläre jeden Stichpunkt in einem ganzen Satz, in zwei bis drei kurzen Absätzen. " + GOOD
    draft, chunks = letter(ScriptedEngine(leak, GOOD))
    assert any(isinstance(c, Restart) for c in chunks) and "Erkläre" not in draft.text


def test_instructions_twice_make_the_draft_unusable(capsys):
    """Repeating the instructions in both attempts is what the note says: unusable (the CLI
    saves nothing), not a draft with a warning."""
    leak = "Erkläre jeden Stichpunkt in einem ganzen Satz, in zwei bis drei kurzen Absätzen. " + GOOD
    draft, _ = letter(ScriptedEngine(leak, leak))
    assert draft.unusable and "zweiten Versuch unbrauchbar" in draft.notes[0]


def test_an_empty_signature_is_a_visible_gap():
    """No "Unterzeichnet von" (no contact in the letterhead): the letter closes with a gap to
    fill, never with a greeting and no name."""
    draft, _ = letter(ScriptedEngine(GOOD))
    assert draft.text.rstrip().endswith("Mit freundlichen Grüßen\n\n[Unterzeichnende Person]")
    signed = pipeline.run(ScriptedEngine(GOOD), Request.build(
        prompt_letter(), {"anrede": "Frau", "name": "Muster", "betreff": "Antrag",
                                       "absender": "Max Muster"}, "- Antrag bewilligt"), seed=1)
    list(signed)
    assert signed.draft.text.rstrip().endswith("Mit freundlichen Grüßen\n\nMax Muster")


def test_twice_unusable_is_said_plainly():
    """Empty twice: the draft is marked unusable with a German note."""
    draft, _ = letter(ScriptedEngine("", " "))
    assert draft.unusable and "zweiten Versuch unbrauchbar" in draft.notes[0]


def test_cli_exits_4_and_saves_nothing(monkeypatch, tmp_path, data, capsys):
    """`werkstatt run` with a model that writes nothing: exit 4, one German line, no file."""
    monkeypatch.setattr("werkstatt.engine.Engine", lambda entry, context, **_: ScriptedEngine("", ""))
    out = tmp_path / "beschluss.docx"  # a template of the "prompt" way (letters fall back to the notes)
    code = main(["run", "beschlussvorschlag", "-i", str(data / "stichpunkte.txt"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 4 and not out.exists()
    assert "zweiter Versuch" in err
    assert err.strip().splitlines()[-1].startswith("Fehler: Der Entwurf ist auch")
