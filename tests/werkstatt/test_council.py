"""Council papers as ALLRIS prints them: header, Beratungsfolge, votes and text told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkstatt import council

EVALSET = Path(__file__).resolve().parents[2] / "benchmarks" / "evalset"


def paper(name: str) -> council.Paper:
    raw = next(EVALSET.glob(f"{name}-*.txt")).read_text(encoding="utf-8")
    return council.parse(raw.split("\n\n", 1)[1])  # without the set's "Quelle:" lines


def test_vorlage_header_beratungsfolge_and_inline_vote():
    """A Vorlage: reference, Betreff, lead, the Bürgerschaft's result and the committee vote."""
    p = paper("01")
    assert (p.kind, p.reference) == ("Vorlage", "VO/2023/12419-02")
    assert p.title == "Kein Ankauf des Gebäudes der Bundesbank in Lübeck durch die Stadt"
    assert p.lead == "Bürgermeisterkanzlei"
    assert [(s.body, s.date, s.result) for s in p.steps] == [
        ("Bürgerschaft der Hansestadt Lübeck", "28.09.2023", "geändert beschlossen")]
    assert [(v.who, v.yes, v.no) for v in p.votes] == [("Hauptausschuss", 8, 6)]


def test_noise_is_left_out_and_lists_become_sentences():
    """No table of contents, Stammbaum or header in the text; a mandate list reads whole."""
    body = paper("01").body
    assert "Stammbaum" not in body and "Bernhard Simon" not in body and "Status" not in body
    assert "Der Bürgermeister wird beauftragt, die Musikhochschule Lübeck sowie das Land" in body
    assert not body.startswith("Beschlussvorschlag")


def test_extract_from_minutes_with_vote_table():
    """An Auszug: session, committee, result; the vote table's numbers, not its labels."""
    p = paper("12")
    assert p.kind == "Auszug" and p.session == "20. Sitzung der Bürgerschaft der Hansestadt Lübeck"
    assert (p.committee, p.outcome) == ("Bürgerschaft der Hansestadt Lübeck", "unverändert beschlossen")
    assert [(v.yes, v.no, v.abstain) for v in p.votes] == [(37, 5, None)]
    assert "einstimmig" not in p.body and "Task Force" in p.body
    assert p.body.startswith("BM Möller")  # the Wortprotokoll after the table of contents


def test_votes_of_two_committees_and_wrapped_lines():
    """Two committees' votes with their names; lines a PDF wrapped are joined again."""
    p = paper("05")
    assert [(v.who, v.yes, v.no, v.abstain) for v in p.votes] == [
        ("Ausschuss für Soziales", 5, 5, 2), ("Bauausschuss", 6, 9, 0)]
    assert "„Kurswechsel Wohnungsmarktpolitik“" in p.body
    assert "5 Ja-Stimmen" not in p.body


def test_hyphenated_line_breaks_are_joined():
    """'Haushalts-' + blank line + 'jahr' is 'Haushaltsjahr' again."""
    assert "Haushaltsjahr 2024" in paper("03").body


@pytest.mark.parametrize("text", ["Ein einfacher Bericht ohne Kopf.\n\nZweiter Absatz.", ""])
def test_plain_text_is_its_own_body(text):
    """A document without council structure comes back unchanged as its body."""
    p = council.parse(text)
    assert not p.structured and p.body == text.strip()


def test_first_line_title():
    """'Beschlussvorlage VO/2026/0815: Sanierung …' as the first line is kind, reference, title."""
    p = council.parse("Beschlussvorlage VO/2026/0815: Sanierung der Turnhalle\n\nText folgt.")
    assert (p.kind, p.reference, p.title) == ("Beschlussvorlage", "VO/2026/0815",
                                              "Sanierung der Turnhalle")
    assert p.body == "Text folgt."


def test_a_first_line_title_keeps_the_paragraph_after_it_out():
    """"Beschlussvorlage VO/…: Title", a blank line, a long paragraph: the title ends at its line."""
    p = council.parse("Beschlussvorlage VO/2026/0815: Sanierung der Turnhalle der Grundschule Marli\n\n"
                      "Der Bereich Schule und Sport schlägt vor, die Turnhalle der Grundschule Marli "
                      "zu sanieren.\n")
    assert (p.kind, p.reference) == ("Beschlussvorlage", "VO/2026/0815")
    assert p.title == "Sanierung der Turnhalle der Grundschule Marli"
    assert p.body.startswith("Der Bereich Schule und Sport")
