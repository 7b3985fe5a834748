"""Council papers saved from ALLRIS by hand (tests/data/allris): pages of ALLRIS net and
ALLRIS 4 read from their structure, PDFs and text through ``council``, hostile files refused
with one German line."""

from __future__ import annotations

import random
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from werkstatt import council
from werkstatt.errors import WerkstattError
from werkstatt.gremien import allris
from werkstatt.gremien.allris import Consultation, Relative, SavedPaper, isolated
from werkstatt.gremien.allris.words import iso

DATA = Path(__file__).resolve().parents[2] / "data" / "allris"
EVALSET = Path(__file__).resolve().parents[3] / "benchmarks" / "evalset"

KRIPPEN = "vo020_VO-2020-09602.htm"  # ALLRIS net, windows-1252 without a declared charset
THEATER = "vo020_2023-12437-09-02.html"  # ALLRIS 4, UTF-8
BUNDESBANK = "vo020_VO-2023-12419-02.htm"  # ALLRIS net, Stammbaum of three versions
AUSZUG_PDF = "auszug_VO-2025-14739-01.pdf"
PAGES = [KRIPPEN, THEATER, BUNDESBANK]
BUERGERSCHAFT = "Bürgerschaft der Hansestadt Lübeck"

HEADERS = {
    KRIPPEN: {
        "reference": "VO/2020/09602",
        "subject": "Antwort auf die Anfrage des BM Antje Jansen zu V0/2019/08426-01 sowie "
                   "V0/2019/08426: Bedarf Krippenplätze",
        "paper_type": "Vorlage", "status": "öffentlich", "date": "", "lead": "Fachbereichs-Dienste"},
    THEATER: {
        "reference": "2023/12437-09-02",
        "subject": "Austauschantrag der Unabhängigen Volt-PARTEI/ Linke+ GAL zu: Haushalt 2024: "
                   "Finanzielle Förderung der freien Theater in Lübeck",
        "paper_type": "Antrag", "status": "öffentlich", "date": "2023-09-21",
        "lead": "Geschäftstelle Unabhängige-Volt-PARTEI"},
    BUNDESBANK: {
        "reference": "VO/2023/12419-02",
        "subject": "Kein Ankauf des Gebäudes der Bundesbank in Lübeck durch die Stadt",
        "paper_type": "Vorlage", "status": "öffentlich", "date": "", "lead": "Bürgermeisterkanzlei"},
}
HAUSHALTSSITZUNG = Consultation("2023-09-28", BUERGERSCHAFT, "Entscheidung", "geändert beschlossen")
CONSULTATIONS = {
    KRIPPEN: [Consultation("", "Senat", "Senatsberatung", ""),
              Consultation("2021-02-25", BUERGERSCHAFT, "Kenntnisnahme",
                           "zur Kenntnis genommen / ohne Votum")],
    THEATER: [HAUSHALTSSITZUNG],
    BUNDESBANK: [HAUSHALTSSITZUNG],
}
BUNDESBANK_FAMILY = [
    Relative("VO/2023/12419", "AM Bernhard Simon (CDU): Kein Ankauf des Gebäudes der Bundesbank in "
             "Lübeck durch die Stadt", ""),
    Relative("VO/2023/12419-01", "AM Juleka Schulte-Ostermann (GAL) Änderungsantrag zu VO/2023/12419 AM "
             "Bernhard Simon (CDU): Ankauf des Gebäudes der Bundesbank in Lübeck durch die Stadt", ""),
    Relative("VO/2023/12419-02", "Kein Ankauf des Gebäudes der Bundesbank in Lübeck durch die Stadt", ""),
]
# What a page carries around its paper: menus, header fields, buttons, scripts, styles, footers.
FURNITURE = ["Sitzungskalender", "Gremien", "Recherche", "Rathaus", "Leben in Lübeck", "Impressum",
             "Datenschutz", "ALLRIS", "Reduzieren", "Zum Inhalt", "Dokumente", "Sammeldokument",
             "Breite Straße 62", "Betreff", "Federführend", "Bearbeit", "Dezernent", "Status",
             "Beratungsfolge", "Sitzung der Bürgerschaft", "Stammbaum", "document.title", "font-family",
             "Wicket", "Vorlage - "]


def page(name: str) -> SavedPaper:
    return allris.parse_html(allris.decode_html((DATA / name).read_bytes()), name)


def evalset_text(number: str) -> str:
    raw = next(EVALSET.glob(f"{number}-*.txt")).read_text(encoding="utf-8")
    return raw.split("\n\n", 1)[1]  # without the set's "Quelle:" lines


def outcome(path: Path) -> SavedPaper | WerkstattError:
    """``read_saved``'s answer; any exception other than a WerkstattError fails the test."""
    try:
        return allris.read_saved(path)
    except WerkstattError as exc:
        return exc


@pytest.mark.parametrize("name", PAGES)
def test_header_fields_from_the_page(name: str) -> None:
    paper = page(name)
    assert {key: getattr(paper, key) for key in HEADERS[name]} == HEADERS[name]
    assert paper.source == name


@pytest.mark.parametrize("name", PAGES)
def test_beratungsfolge_in_order(name: str) -> None:
    """Both rhythms of rows (a row per body, a row per session) and ALLRIS 4's table; a body
    that has not met yet keeps its place without a date."""
    assert page(name).consultations == CONSULTATIONS[name]


def test_stammbaum_lists_every_version() -> None:
    assert page(BUNDESBANK).family == BUNDESBANK_FAMILY
    assert page(KRIPPEN).family == [] and page(THEATER).family == []


def test_windows_1252_without_declaration() -> None:
    """ALLRIS net pages often come as windows-1252 without saying so: umlauts come out right."""
    data = (DATA / KRIPPEN).read_bytes()
    assert b"charset" not in data.lower()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    paper = page(KRIPPEN)
    assert paper.subject.endswith("Bedarf Krippenplätze")
    assert "Über die Versorgung in der Kindertagesbetreuung" in paper.text
    for bad in ("\ufffd", "Ã", "Â"):
        assert bad not in paper.text + paper.subject + paper.lead


def test_declared_charsets() -> None:
    """ISO-8859-1 is read as windows-1252 (as browsers do); a BOM or UTF-8 wins; junk falls back."""
    assert allris.decode_html(b'<meta charset="iso-8859-1"><p>\x80 \xe4</p>').endswith("€ ä</p>")
    assert "Bürger" in allris.decode_html('<meta charset="utf-8">Bürger'.encode())
    assert "Bürger" in allris.decode_html(b"\xef\xbb\xbfB\xc3\xbcrger")
    assert "Bürger" in allris.decode_html(b'<meta charset="rot13">B\xfcrger')
    assert "Bürger" in allris.decode_html(b'<meta charset="no-such-codec">B\xfcrger')
    assert page(BUNDESBANK).lead == "Bürgermeisterkanzlei"  # declared ISO-8859-1, umlaut in cp1252


@pytest.mark.parametrize("name", PAGES)
def test_text_is_the_paper_without_page_furniture(name: str) -> None:
    """From the first section on, headings on lines of their own, no contents list twice."""
    text = page(name).text
    lines = text.split("\n")
    assert lines[0] == "Beschlussvorschlag" and lines[1] == ""
    assert text.count("Beschlussvorschlag") == 1
    assert "Begründung" in lines
    for word in FURNITURE:
        assert word not in text, word


def test_text_keeps_what_the_paper_says() -> None:
    assert "Die im Haushalt 2023 für den Erwerb eingestellten Mittel in Höhe von 3,6 Mio. Euro sind zu " \
           "streichen." in page(BUNDESBANK).text
    assert page(BUNDESBANK).text.endswith("Anlagen\n\nKeine")
    assert "um einen Ansatz von zusätzlich 250 T€ aufgestockt" in page(THEATER).text
    krippen = page(KRIPPEN).text
    assert "Frage 1:\n\nWie viele Kinder standen zum 01.08.2019 auf der Krippenwarteliste?" in krippen


def test_text_reads_back_with_council() -> None:
    """The text is what ``council`` expects: sections by heading, the committee's vote inline."""
    paper = council.parse(page(BUNDESBANK).text)
    assert "Der Bürgermeister wird beauftragt" in paper.decision_text()
    assert [(v.who, v.yes, v.no) for v in paper.votes] == [("Hauptausschuss", 8, 6)]


def test_read_saved_parses_pages_in_a_child_process() -> None:
    """``read_saved`` reads a page as ``parse_html`` does (there under the reader limits)."""
    for name in PAGES:
        path = DATA / name
        saved = allris.read_saved(path)
        expected = allris.parse_html(allris.decode_html(path.read_bytes()), str(path))
        assert asdict(saved) == asdict(expected)


def test_pdf_through_council() -> None:
    """A PDF (an Auszug) goes through the document reader and ``council.parse``."""
    paper = allris.read_saved(DATA / AUSZUG_PDF)
    assert (paper.reference, paper.paper_type, paper.status, paper.date, paper.lead) == (
        "VO/2025/14739-01", "Auszug", "öffentlich", "2025-11-27", "Geschäftsstelle der CDU-Fraktion")
    assert paper.subject == ("AT: Dringlichkeitsantrag - CDU, BÜ90/DIE GRÜNEN, FDP: Einrichtung einer "
                             "Task Force Theater Lübeck")
    assert "unverzüglich eine Task Force Theater Lübeck einzurichten" in paper.text
    assert paper.source == str(DATA / AUSZUG_PDF)


def test_text_copied_from_allris() -> None:
    """Text as copied from ALLRIS: Beratungsfolge and Stammbaum from the lines."""
    paper = allris.parse_text(evalset_text("01"), "kopie.txt")
    assert (paper.reference, paper.subject, paper.lead) == (
        "VO/2023/12419-02", HEADERS[BUNDESBANK]["subject"], "Bürgermeisterkanzlei")
    assert paper.status == "öffentlich"
    assert paper.consultations == [HAUSHALTSSITZUNG]
    assert [r.reference for r in paper.family] == [r.reference for r in BUNDESBANK_FAMILY]
    assert paper.family[0].subject == BUNDESBANK_FAMILY[0].subject
    assert allris.parse_text(evalset_text("09")).consultations == CONSULTATIONS[KRIPPEN]


def test_other_layouts() -> None:
    """One row per session under a header row; a body meeting twice; the Stammbaum as a list
    after a heading; "Bezüglich:" joins the family; "Betreff: …" in a single cell."""
    markup = """<html><body><h1>Beschlussvorlage - 25-30/01551</h1>
    <table><tr><td>Betreff: Haushaltssatzung 2027</td></tr>
    <tr><td class="kb1">Bezüglich:</td><td><a href="vo020?VOLFDNR=7">25-30/01500</a></td></tr></table>
    <h3>Beratungsfolge</h3>
    <table><tr><th>Datum</th><th>Gremium</th><th>Rolle</th><th>Ergebnis</th></tr>
    <tr><td>03.09.2026</td><td>Hauptausschuss</td><td>Vorberatung</td><td>vertagt</td></tr>
    <tr><td>17.09.2026</td><td>Hauptausschuss</td><td>Vorberatung</td><td>einstimmig empfohlen</td></tr>
    <tr><td>Do., 24.09.2026</td><td>Rat der Stadt</td><td>Entscheidung</td>
        <td>ungeändert beschlossen</td></tr>
    </table>
    <h2>Sachverhalt</h2><p>Der Haushalt wird beschlossen.</p>
    <h2>Stammbaum</h2><ul><li><a href="vo020?VOLFDNR=7">25-30/01500</a>: Eckwerte 2027 (02.03.2026)</li>
    <li><a href="vo020?VOLFDNR=8">25-30/01551</a>: Haushaltssatzung 2027</li></ul>
    </body></html>"""
    paper = allris.parse_html(markup)
    assert (paper.reference, paper.paper_type, paper.subject) == (
        "25-30/01551", "Beschlussvorlage", "Haushaltssatzung 2027")
    assert paper.consultations == [
        Consultation("2026-09-03", "Hauptausschuss", "Vorberatung", "vertagt"),
        Consultation("2026-09-17", "Hauptausschuss", "Vorberatung", "einstimmig empfohlen"),
        Consultation("2026-09-24", "Rat der Stadt", "Entscheidung", "ungeändert beschlossen")]
    assert paper.family == [Relative("25-30/01500", "Eckwerte 2027", "2026-03-02"),
                            Relative("25-30/01551", "Haushaltssatzung 2027", "")]
    assert paper.text == "Sachverhalt\n\nDer Haushalt wird beschlossen."
    repeated = allris.parse_html(
        "<table><tr><td class='kb1'>Beratungsfolge:</td></tr><tr><td><table>"
        "<tr class='zl12'><td title='Erledigt'></td><td>Bauausschuss</td><td>Vorberatung</td></tr>"
        "<tr class='zl11'><td></td><td>05.05.2025</td><td>12. Sitzung des Bauausschusses</td>"
        "<td>vertagt</td></tr>"
        "<tr class='zl11'><td></td><td>02.06.2025</td><td>13. Sitzung des Bauausschusses</td>"
        "<td>empfohlen</td></tr>"
        "</table></td></tr></table><p>Bezüglich: nichts</p>")
    assert [(c.date, c.body, c.result) for c in repeated.consultations] == [
        ("2025-05-05", "Bauausschuss", "vertagt"), ("2025-06-02", "Bauausschuss", "empfohlen")]
    assert repeated.family == [] and repeated.text == "Bezüglich: nichts"
    assert allris.parse_html("<table><tr><td class='kb1'>Bezüglich:</td><td>VO/2024/00001</td></tr></table>"
                             ).family == [Relative("VO/2024/00001", "", "")]


def test_not_a_council_paper(tmp_path: Path) -> None:
    """Any other page or text comes back with reference "" and its title or first line."""
    other = tmp_path / "ferien.html"
    other.write_text("<html><head><title>Ferienprogramm 2024/2025</title></head><body>"
                     "<nav><a href='/'>Startseite</a></nav><h1>Sport - 2024/2025</h1>"
                     "<p>2024/2025 gibt es wieder Kurse.</p><footer>Impressum</footer></body></html>",
                     encoding="utf-8")
    paper = allris.read_saved(other)
    assert (paper.reference, paper.subject, paper.consultations, paper.family) == (
        "", "Ferienprogramm 2024/2025", [], [])
    assert paper.text == "Sport - 2024/2025\n2024/2025 gibt es wieder Kurse."
    note = tmp_path / "notiz.txt"
    note.write_text("Einkaufsliste\n\n2024/2025 Milch, Brot\n", encoding="utf-8")
    plain = allris.read_saved(note)
    assert (plain.reference, plain.subject) == ("", "Einkaufsliste")


def test_dates_to_iso() -> None:
    assert [iso(s) for s in ("04.12.2025", "Do, 27.11.2025", "1.2.24", "28. September 2023",
                                     "2026 Sep 3", "2025-12-04", "31.02.2025", "Wahlperiode 2023 - 2028")
            ] == ["2025-12-04", "2025-11-27", "2024-02-01", "2023-09-28", "2026-09-03", "2025-12-04", "", ""]


def test_hostile_pages_end_in_a_german_error_or_an_empty_paper(tmp_path: Path) -> None:
    """100,000 nested tags, binary junk named .html, empty files, a flood of unclosed
    comments: a WerkstattError in German or a harmless paper, never another exception."""
    files = {
        "verschachtelt.html": ("<html><body>" + "<div>" * 100_000 + "tief" + "</div>" * 100_000
                               + "</body></html>").encode(),
        "binaer.html": random.Random(0).randbytes(200_000),
        "binaer-ohne-null.html": bytes(b for b in random.Random(1).randbytes(50_000) if b),
        "leer.html": b"",
        "leerzeichen.htm": b"  \r\n\t ",
        "nur-skript.html": b"<html><script>" + b"alert(1);" * 1000 + b"</script></html>",
        "kommentare.html": b"<p>a</p>" + b"<!--" * 100_000,
        "leer.pdf": b"",
    }
    (tmp_path / "ordner.html").mkdir()
    expected = {"verschachtelt.html": None, "binaer.html": "Binärdaten",
                "binaer-ohne-null.html": "Binärdaten", "leer.html": "ist leer",
                "leerzeichen.htm": "ist leer", "nur-skript.html": "keinen Text",
                "kommentare.html": None, "leer.pdf": "ist leer"}
    results: dict[str, SavedPaper | WerkstattError] = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        started = time.monotonic()
        results[name] = result = outcome(tmp_path / name)
        assert time.monotonic() - started < 25, name
        if expected[name] is None:
            assert isinstance(result, SavedPaper), (name, result)
            assert result.reference == "" and result.consultations == [] and result.family == []
        else:
            assert isinstance(result, WerkstattError) and expected[name] in str(result), (name, result)
            assert f"„{name}“" in str(result)
    deep = results["verschachtelt.html"]
    assert isinstance(deep, SavedPaper) and deep.text == "tief"
    assert "gibt es nicht" in str(outcome(tmp_path / "fehlt.html"))
    assert "ist ein Ordner" in str(outcome(tmp_path / "ordner.html"))


def test_limits_hold_for_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document readers' limits: file size before reading, time in the child process."""
    path = tmp_path / "seite.html"
    path.write_bytes((DATA / THEATER).read_bytes())
    monkeypatch.setattr("werkstatt.documents.MAX_FILE_BYTES", 1000)  # the one size limit
    assert "zu groß" in str(outcome(path))
    monkeypatch.undo()
    monkeypatch.setattr(isolated, "MAX_SECONDS", 0.001)
    result = outcome(path)
    assert isinstance(result, WerkstattError) and "wurde nicht gelesen" in str(result)
