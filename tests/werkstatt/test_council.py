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


def extract(name: str) -> council.Paper:
    return council.parse(next(EVALSET.glob(f"{name}-*.txt")).read_text(encoding="utf-8"))


def test_votes_name_their_motion_and_result():
    """The vote table decides the extract's own Antrag (its Beschlussart the result); "Ja-Stimmen: 5"
    lines after "lässt über den Vertagungsantrag abstimmen" and "Mehrheitliche Ablehnung" decide that."""
    p = extract("16")
    own, adjourn = p.votes
    assert (own.yes, own.no, own.result, own.motion) == (3, 12, "abgelehnt", None)
    assert p.motion().nominative() == ("Der Antrag der Fraktion Freie Wähler & GAL „Kostenloses Parken "
                                       "für Pflegedienste in der Altstadt“")
    assert (adjourn.yes, adjourn.no, adjourn.result) == (5, 10, "mehrheitlich abgelehnt")
    assert adjourn.motion is not None and adjourn.motion.nominative() == "Der Vertagungsantrag"
    assert "Ja-Stimmen" not in p.body and "abstimmen" not in p.body and "Ablehnung" not in p.body
    assert p.rejected_text().startswith("Der Bürgermeister wird beauftragt, ambulanten Pflegediensten")


def test_a_vote_by_points_and_the_rejected_point():
    """ "Abstimmungsergebnis Punkt 2:" with "Mehrheitliche Ablehnung bei": Punkt 2 is the rejected text."""
    p = extract("18")
    assert [(v.point, v.yes, v.no, v.abstain, v.result) for v in p.votes] == [
        (1, 38, 7, 2, "mehrheitlich angenommen"), (2, 19, 26, 2, "mehrheitlich abgelehnt")]
    assert p.rejected_text() == ("Der Bürgermeister wird beauftragt, vor allen Grundschulen in Moisling "
                                 "Tempo 30 anzuordnen.")
    assert "Abstimmungsergebnis" not in p.decision_text()


def test_source_lines_tabs_headings_and_speakers_are_not_body_text():
    """The page's "Quelle: https://…" line, the tab row, the answer's heading and the speaker list
    are no text of the paper; the answer is (as its own section)."""
    p = extract("17")
    assert "http" not in p.body and "Wortprotokoll" not in p.body
    assert "Antwort des Bereichs" not in p.body and "Hierzu sprechen" not in p.body
    assert p.sections["Antwort"].startswith("Zu 1.: In der Wakenitzstraße werden")
    tabs = council.parse("Wortprotokoll | Beschluss | Abstimmungsergebnis\n\nText.")
    assert tabs.body == "Text."


def test_an_inline_vote_keeps_its_own_sentence():
    """ "Der Änderungsantrag wird mit 6 Ja-Stimmen, 8 Nein-Stimmen und 1 Enthaltung abgelehnt." names
    motion and result itself: the sentence is the vote's statement."""
    p = council.parse("Beschluss:\n\nAM Thiel beantragt 8 Prozent. Der Änderungsantrag wird mit "
                      "6 Ja-Stimmen, 8 Nein-Stimmen und 1 Enthaltung abgelehnt.")
    (vote,) = p.votes
    assert vote.statement(p.motion()) == ("Der Änderungsantrag wird mit 6 Ja-Stimmen, 8 Nein-Stimmen und "
                                          "1 Enthaltung abgelehnt.")
