"""The summary pipeline: header facts stated exactly, the model's points grounded, facts completed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from werkstatt import council, pipeline, summary
from werkstatt.pipeline import Request
from werkstatt.templates import get_template

EVALSET = Path(__file__).resolve().parents[2] / "benchmarks" / "evalset"


def document(name: str) -> str:
    return next(EVALSET.glob(f"{name}-*.txt")).read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_worum_and_status_come_from_the_header():
    """Reference, lead, Betreff; the Bürgerschaft's result and the committee vote on the paper."""
    p = council.parse(document("01"))
    assert summary.describe(p) == ("Vorlage VO/2023/12419-02 (Bürgermeisterkanzlei): Kein Ankauf des "
                                   "Gebäudes der Bundesbank in Lübeck durch die Stadt.")
    lines = summary.status(p, p.body, [], 2)
    assert lines[:2] == ["- Bürgerschaft der Hansestadt Lübeck, 28.09.2023: geändert beschlossen.",
                         "- Abstimmung im Hauptausschuss über die Vorlage „Kein Ankauf des Gebäudes der "
                         "Bundesbank in Lübeck durch die Stadt“: 8 Ja-Stimmen, 6 Nein-Stimmen."]
    assert any("Musikhochschule" in line for line in lines[2:])  # a mandate


def test_missing_facts_are_added_with_their_sentence():
    """The amount the points lack comes in with the sentence it stands in."""
    p = council.parse(document("01"))
    added = summary.missing_facts(p.body, ["Kein Ankauf (VO/2023/12419-02)."], 3)
    assert any("3,6 Mio. Euro sind zu streichen" in s for s in added)


def test_sentences_do_not_end_at_ordinals_and_abbreviations():
    """'119. Änderung', 'St. Jürgen', '3,6 Mio. Euro', '§ 3 Abs. 2' stay inside one sentence."""
    text = ("Die 119. Änderung für St. Jürgen kostet 3,6 Mio. Euro nach § 3 Abs. 2 BauGB. "
            "\n- Zweitens: ein Punkt.")
    assert [s for _, _, s in summary.sentences(text)] == [
        "Die 119. Änderung für St. Jürgen kostet 3,6 Mio. Euro nach § 3 Abs. 2 BauGB.",
        "Zweitens: ein Punkt."]


@pytest.fixture
def points():
    body = ("Der Bürgermeister wird beauftragt, unverzüglich eine Task Force Theater Lübeck einzurichten. "
            "In der Januarsitzung 2026 möge der Bürgermeister über die Umsetzung berichten. "
            "Wie viele Kinder stehen auf der Warteliste?")
    return summary._Points(["Einrichtung einer Task Force Theater Lübeck."], 5, body,
                           "Nenne die wichtigsten Aussagen dieses Dokuments als Stichpunkte.")


def test_points_are_taken_as_the_sentence_they_come_from(points):
    """A fragment or a numbered copy becomes the document's sentence; the marker goes."""
    shown = points.take("- 2. In der Januarsitzung 2026 möge der Bürgermeister berichten")
    assert shown == "- In der Januarsitzung 2026 möge der Bürgermeister über die Umsetzung berichten.\n"


@pytest.mark.parametrize("line", [
    "- Die Task Force wird im Januar über die Umsetzung berichten und Gelder verteilen.",  # mixed up
    "- Wer hat die Task Force beauftragt und warum?",  # a question the document does not ask
    "- Nenne die wichtigsten Aussagen dieses Dokuments als Stichpunkte.",  # the instruction
    "- Hier ist eine Zusammenfassung des Textes:",  # meta talk
    "- kurz",  # too short
])
def test_ungrounded_and_instruction_lines_are_dropped(points, line):
    """What no single document sentence says, and the model's talk, never become points."""
    assert points.take(line) is None


def test_a_heading_ends_the_points(points):
    """The model starting its own section ends the points."""
    assert points.take("## Was ist zu tun?") is None and points.done


@pytest.mark.model
def test_summary_of_an_extract_from_the_minutes(engine):
    """Real model, real ALLRIS extract: three sections, the motion with its vote and result as
    recorded, no 'einstimmig', no speaker list."""
    draft = pipeline.generate(engine, Request.build(get_template("zusammenfassung"), {"laenge": "kurz"},
                                                    document("12")), seed=1)
    text = draft.text
    assert [h for h in summary.HEADINGS if h in text] == list(summary.HEADINGS)
    assert "wurde mit 37 Ja-Stimmen und 5 Nein-Stimmen unverändert beschlossen." in text
    assert "sprechen" not in text
    assert not re.search(r"(?<!nicht )einstimmig", text, re.IGNORECASE)
    points = text.split(summary.HEADINGS[1])[1].split(summary.HEADINGS[2])[0]
    bullets = [line for line in points.splitlines() if line.startswith("- ")]
    assert 1 <= len(bullets) <= summary.LIMIT["kurz"]
    assert draft.stats.completion_tokens > 0 and not draft.notes


@pytest.mark.model
def test_a_text_of_a_few_sentences_keeps_all_of_them(engine, data):
    """Three sentences need no choosing: each is in the summary once, and no note is needed
    (the model used to echo the prompt's questions here and leave one sentence out)."""
    text = (data / "amtstext.txt").read_text(encoding="utf-8")
    draft = pipeline.generate(engine, Request.build(get_template("zusammenfassung"), {"laenge": "kurz"},
                                                    text), seed=1)
    for _, _, sentence in summary.sentences(text):
        assert draft.text.count(sentence) == 1
    assert not draft.notes and "?" not in draft.text.replace(summary.HEADINGS[0], "")
