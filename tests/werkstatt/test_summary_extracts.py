"""Summaries of extracts from the minutes (ALLRIS to020): no source line, heading, speaker list or
empty header as a point; every vote named with the motion it decided; a rejected motion never
a next step (issue 27)."""

from __future__ import annotations

import re
from pathlib import Path

from werkstatt import pipeline, summary
from werkstatt.engine import Stats
from werkstatt.pipeline import Request
from werkstatt.templates import get_template

from .scripted import ScriptedBase

EVALSET = Path(__file__).resolve().parents[2] / "benchmarks" / "evalset"


class EchoEngine(ScriptedBase):
    """Answers every request with the same scripted text (a model that lists whatever it sees)."""

    n_ctx = 8192

    def __init__(self, answer: str) -> None:
        super().__init__()
        self.answer = answer
        self.calls = 0

    def stream(self, system, user, params, cancel=None, progress=None, seed=None, answer_prefix=""):
        self.calls += 1
        self.stats = Stats(completion_tokens=10, generate_seconds=1.0)
        yield answer_prefix
        yield self.answer


def document(name: str) -> str:
    return next(EVALSET.glob(f"{name}-*.txt")).read_text(encoding="utf-8")


def summarise(text: str, answer: str, length: str = "mittel") -> str:
    request = Request.build(get_template("zusammenfassung"), {"laenge": length}, text)
    return pipeline.generate(EchoEngine(answer), request, seed=1).text


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


def every_line(text: str) -> str:
    """A model that offers every line of the document as a point, the worst first."""
    lines = [ln.strip() for ln in text.splitlines() if len(ln.split()) > 2]
    return "\n".join(f"- {ln}" for ln in sorted(lines, key=lambda ln: ("http" not in ln, ":" not in ln)))


def test_source_lines_headings_and_speaker_lists_are_never_points():
    """A model offering the page's "Quelle: https://… Wortprotokoll |" line, the heading "Antwort
    des Bereichs 5.660 …:" and "Hierzu sprechen …" first: none of them reaches the summary."""
    text = document("17")
    answer = ("- Quelle: https://www.luebeck.de/de/rathaus/politik/pil/bi/to020.asp?TOLFDNR=1149512 "
              "Wortprotokoll |\n- Antwort des Bereichs 5.660 Stadtgrün und Verkehr:\n"
              "- Hierzu sprechen AM Ehlers, AM Nissen und AM Wagner.\n"
              "- In der Wakenitzstraße werden im Zuge der Kanalsanierung 14 Linden gefällt.\n")
    first = summarise(text, answer)
    for draft in (first, summarise(text, every_line(text))):
        assert "http" not in draft and "Quelle:" not in draft and "Wortprotokoll" not in draft
        assert not any(b.startswith("Antwort des Bereichs") or b.endswith(":") for b in bullets(draft))
        assert "sprechen" not in draft
    assert "- In der Wakenitzstraße werden im Zuge der Kanalsanierung 14 Linden gefällt." in first


def test_speaker_lists_and_procedure_are_not_in_the_text_the_model_sees():
    """Speaker lists and who left the meeting go; a speaker who also moves something stays."""
    from werkstatt import council

    paper = council.parse("Auszug - Antrag X: Ein Thema\n\nWortprotokoll\n\n"
                          "Hierzu sprechen BM Mählenhoff, BM Dr. Fürter und BM Lötsch. Weiterhin "
                          "spricht AM Schulte-Ostermann erneut.\n\nBM Hönel verlässt die Sitzung um "
                          "21.40 Uhr.\n\nEs spricht BM Möller und beantragt, den Antrag um das Wort "
                          "Tierrechte zu ergänzen.\n\nDer Antrag betrifft 12 Spielplätze.")
    assert "sprechen" not in paper.body and "verlässt" not in paper.body
    assert "Tierrechte" in paper.body and "12 Spielplätze" in paper.body


def test_an_extract_without_the_sessions_header_has_no_empty_brackets():
    """Only "Auszug - Betreff" copied, no session, committee or date: no "Niederschrift ()"."""
    draft = summarise(document("18"), "- Tempo 30 vor allen Grundschulen.")
    assert "()" not in draft
    assert "Auszug aus der Niederschrift: Antrag der SPD-Fraktion: Schulwegsicherheit in Moisling." in draft


def test_a_rejected_motion_is_named_with_its_vote():
    """The extract's vote table on a rejected Antrag: one sentence names the Antrag, its votes and
    "abgelehnt"; the procedural vote names its motion too; no bare "3 Ja-Stimmen" line."""
    text = document("16")
    draft = summarise(text, every_line(text))
    assert ("- Der Antrag der Fraktion Freie Wähler & GAL „Kostenloses Parken für Pflegedienste in der "
            "Altstadt“ wurde mit 3 Ja-Stimmen und 12 Nein-Stimmen abgelehnt.") in draft
    assert ("- Der Vertagungsantrag wurde mit 5 Ja-Stimmen und 10 Nein-Stimmen mehrheitlich "
            "abgelehnt.") in draft
    assert not re.search(r"(?m)^- (Abstimmung: )?\d+ Ja-Stimmen", draft)


def test_a_rejected_motion_is_never_a_next_step():
    """The rejected Antrag's mandate is no next step; chosen as a point it says it was rejected."""
    from werkstatt import council

    text = document("16")
    status = summarise(text, every_line(text), "ausführlich").split(summary.HEADINGS[2])[1]
    assert "beauftragt" not in status
    paper = council.parse(text)
    points = summary.Points([], 5, paper.body, "", summary.rejected_frame(paper))
    shown = points.take("- Der Bürgermeister wird beauftragt, ambulanten Pflegediensten ab dem 1. Juli 2026 "
                        "das kostenlose Parken zu erlauben.")
    assert shown is not None
    assert shown.startswith("- Beantragt, aber abgelehnt: Der Bürgermeister wird beauftragt, ambulanten")


def test_a_vote_by_points_names_each_point_and_keeps_the_rejected_one_out_of_the_next_steps():
    """Punkt 1 accepted, Punkt 2 rejected: each vote quotes its point; only Punkt 1 can be a step."""
    draft = summarise(document("18"), "- Tempo 30 vor allen Grundschulen in Moisling.")
    assert re.search(r"- Punkt 1 des Antrags \(„Der Bürgermeister wird beauftragt, an der Kreuzung .*“\) "
                     r"wurde mit 38 Ja-Stimmen, 7 Nein-Stimmen und 2 Enthaltungen mehrheitlich angenommen\.",
                     draft)
    assert re.search(r"- Punkt 2 des Antrags \(„.*Tempo 30 anzuordnen“\) wurde mit 19 Ja-Stimmen, "
                     r"26 Nein-Stimmen und 2 Enthaltungen mehrheitlich abgelehnt\.", draft)
    assert not re.search(r"(?m)^- (Der Bürgermeister wird beauftragt, vor allen Grundschulen)", draft)


def test_an_accepted_motion_names_itself_with_the_extracts_result():
    """The task force extract: the Dringlichkeitsantrag, its votes and "unverändert beschlossen"."""
    draft = summarise(document("12"), "- Neben dem Theater Lübeck sollen externe Unterstützer angehören.")
    assert ("- Der Dringlichkeitsantrag (CDU, BÜ90/DIE GRÜNEN, FDP) „Einrichtung einer Task Force Theater "
            "Lübeck“ wurde mit 37 Ja-Stimmen und 5 Nein-Stimmen unverändert beschlossen.") in draft
    assert "Der Bürgermeister wird beauftragt, unverzüglich eine Task Force" in draft  # the decision
    assert "sprechen" not in draft
