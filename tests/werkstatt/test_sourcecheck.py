"""Quellenabgleich: every invented figure, date, reference and name is found; equal facts in
other spellings are not."""

from __future__ import annotations

import docx
import pytest

from werkstatt.cli import main
from werkstatt.sourcecheck import check, summary

SOURCE = """Vorlage - VO/2023/12419-02 (bezüglich V0/2019/08426)
Dezernent/in: Bürgermeister Jan LindenauBezüglich: Senatorin Monika Frank
Der Hauptausschuss hat am 12.09.23 mit 8 Ja-Stimmen und 6 Nein-Stimmen beschlossen.
In 2019 waren 1.590 U3-Plätze belegt; 60 Prozent der Kosten erstattet das Land Schleswig-Holstein.
Die Mittel in Höhe von 3,6 Mio. Euro sind zu streichen. Die Bürgerschaft tagte am 28.09.2023.
Ergebnisse spätestens im Juni 2026, Anträge der CDU und der GAL. Die Hansestadt Lübeck baut.
"""


@pytest.mark.parametrize("fact", [
    "VO/2023/12419-02", "VO/2019/08426", "12.09.2023", "12. September 2023", "28.9.23",
    "28. September", "Juni 2026", "1590 Plätze", "1.590", "3.600.000 Euro", "3,6 Millionen Euro",
    "60 %", "Bürgermeister Lindenau", "Senatorin Frank", "Land Schleswig-Holstein", "CDU",
    "die Lübecker Verwaltung", "Stadt Lübeck", "2019", "im Jahr 2023",
])
def test_facts_from_the_source_in_other_spellings_are_found(fact):
    """The same fact, written differently, is not flagged."""
    assert check(f"- {fact} steht fest.", [SOURCE]) == []


@pytest.mark.parametrize("fact, kind, text", [
    ("4,2 Mio. Euro", "Betrag", "4,2 Mio."), ("15.10.2023", "Datum", "15.10.2023"),
    ("30. Juni 2026", "Datum", "30. Juni 2026"), ("Juli 2026", "Datum", "Juli 2026"),
    ("VO/2024/11111", "Aktenzeichen", "VO/2024/11111"), ("1.600 Plätze", "Zahl", "1.600"),
    ("37 Ja-Stimmen", "Zahl", "37"), ("Herr Schmidt", "Name", "Schmidt"),
    ("die Stadt Kiel", "Name", "Kiel"), ("die SPD", "Name", "SPD"),
    ("480.000 Euro", "Betrag", "480.000"),
])
def test_invented_facts_are_flagged_with_kind_and_position(fact, kind, text):
    """Each invented fact is one finding of the right kind at its place in the draft."""
    draft = f"## Ergebnis\n- Laut Vorlage: {fact}.\n"
    findings = check(draft, [SOURCE])
    assert [(f.kind, f.text) for f in findings] == [(kind, text)]
    assert draft[findings[0].start:findings[0].end] == text


def test_list_numbers_and_ordinary_nouns_are_not_flagged():
    """Numbered lists, headings and capitalised common nouns are no facts to check."""
    draft = "## Was ist zu tun?\n1. Die Verwaltung prüft.\n2. Der Ausschuss berät die Vorlage.\n"
    assert check(draft, [SOURCE]) == []


def test_summary_sentence():
    """The status-bar count is German and singular/plural-correct."""
    assert summary(check("- 37 und 38", [SOURCE])) == "2 Angaben nicht im Dokument gefunden"
    assert summary(check("- 37", [SOURCE])) == "1 Angabe nicht im Dokument gefunden"


def test_cli_check_lists_every_invented_fact(tmp_path, capsys):
    """`werkstatt check SOURCE --draft FILE.docx`: one line per fact, exit 1."""
    source = tmp_path / "vorlage.txt"
    source.write_text(SOURCE, encoding="utf-8")
    draft = tmp_path / "entwurf.docx"
    d = docx.Document()
    d.add_paragraph("Der Hauptausschuss hat mit 8 zu 6 Stimmen beschlossen.")
    d.add_paragraph("Die Stadt Kiel zahlt 4,2 Mio. Euro bis zum 15.10.2023.")
    d.save(draft)
    code = main(["check", str(source), "--draft", str(draft)])
    out, _ = capsys.readouterr()
    lines = out.strip().splitlines()
    assert code == 1
    assert lines[:3] == ["Zeile 2: Name „Kiel“ steht nicht im Dokument",
                         "Zeile 2: Betrag „4,2 Mio.“ steht nicht im Dokument",
                         "Zeile 2: Datum „15.10.2023“ steht nicht im Dokument"]
    assert lines[-1] == "Quellenabgleich: 3 Angaben nicht im Dokument gefunden."


def test_cli_check_clean_draft_exits_0_and_bad_file_exits_2(tmp_path, capsys):
    """A faithful draft exits 0; a missing draft file is one German line and exit 2."""
    source = tmp_path / "vorlage.txt"
    source.write_text(SOURCE, encoding="utf-8")
    draft = tmp_path / "entwurf.txt"
    draft.write_text("3,6 Mio. Euro werden gestrichen (VO/2023/12419-02).", encoding="utf-8")
    assert main(["check", str(source), "--draft", str(draft)]) == 0
    assert "stehen im Dokument" in capsys.readouterr().out
    assert main(["check", str(source), "--draft", str(tmp_path / "fehlt.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and err.count("\n") == 1
