"""Letters (DIN 5008 Form B), minutes and summaries as Word and OpenDocument files.

Each layout is read back with python-docx and odfpy, and LibreOffice converts every file to
PDF, where the positions of the address field and the information block are measured.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from odf import opendocument, teletype
from odf.namespaces import STYLENS
from odf.style import PageLayoutProperties
from odf.table import Table as OdfTable
from odf.table import TableCell
from odf.text import H, P, Span
from pypdf import PdfReader

from werkstatt import export
from werkstatt.export.layout import Letter, Letterhead, Report, Source, Table, build, parse_task

PROV = export.Provenance("buergerbrief", "1.1", "Brief an Bürgerinnen und Bürger", "qwen-test",
                         dt.datetime(2026, 11, 25, 10, 30))
CREATED = dt.datetime(2026, 11, 25, 10, 30)
HEAD = Letterhead(unit="Bereich Stadtgrün und Verkehr", address="Kronsforder Allee 2-6, 23560 Lübeck",
                  contact="Max Muster", phone="0451 122-0", email="stadtgruen@luebeck.de")

LETTER = """Sehr geehrte Frau Mustermann,

vielen Dank für Ihren Antrag auf **Sondernutzung** vom 3. November. Wir haben ihn geprüft.

Die Genehmigung gilt vom 1. bis 14. Dezember. Bitte beachten Sie:
- Der Gehweg bleibt 1,5 m frei.
- Die Gebühr beträgt 45 Euro.

Mit freundlichen Grüßen

Max Muster"""
LETTER_VALUES = {"addressee_form": "Frau", "addressee": "Erika Mustermann",
                 "address": "Musterweg 12\n23552 Lübeck",
                 "subject": "Ihr Antrag auf Sondernutzung vom 3. November", "reference": "66.3-2026/114"}

MINUTES = """# Ergebnisprotokoll: Dienstbesprechung Schule und Sport
Datum: 20.11.2026

## TOP 1: Sanierung Turnhalle Marli
**Beratung:** Der Zeitplan wurde vorgestellt.
**Beschluss:** Die Sanierung beginnt im März.
**Aufgaben:**
- Frau Kaya: Angebote einholen, bis 15.12.2026
- Herr Berg: Elternbrief schreiben (bis Ende Januar)

## TOP 2: Verschiedenes
**Beratung:** Keine weiteren Themen.
**Beschluss:** kein Beschluss
**Aufgaben:** keine
"""
MINUTES_VALUES = {"body": "Dienstbesprechung Bereich Schule und Sport", "date": "2026-11-20",
                  "place": "Rathaus, Raum 12", "participants": "Frau Kaya\nHerr Berg\nFrau Ohm",
                  "chair": "Frau Ohm"}

SUMMARY = """## Worum geht es?
Die Turnhalle Marli wird saniert.

## Wichtigste Punkte
- Kosten **1,2 Mio.** Euro
- Förderung 60 %

## Was ist zu tun?
Der Ausschuss entscheidet am 3. Dezember."""

SOURCES = {
    "letter": Source(LETTER, "letter", "Brief", LETTER_VALUES, (), CREATED, HEAD),
    "minutes": Source(MINUTES, "minutes", "Ergebnisprotokoll", MINUTES_VALUES, (), CREATED, HEAD),
    "summary": Source(SUMMARY, "summary", "Zusammenfassung", {}, ("vorlage.pdf", "anlage.docx"),
                      CREATED, HEAD),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """Each layout written once as .docx and as .odt."""
    folder = tmp_path_factory.mktemp("export")
    files = {}
    for kind, source in SOURCES.items():
        for suffix in (".docx", ".odt"):
            files[kind + suffix] = export.write(source.text, folder / f"{kind}{suffix}", PROV, source)
    return files


# layouts ---------------------------------------------------------------------------------

def test_letter_parts_recognised():
    """Salutation, body, closing and signature are taken apart; the address field is filled."""
    letter = build(SOURCES["letter"])
    assert isinstance(letter, Letter)
    assert letter.salutation == "Sehr geehrte Frau Mustermann,"
    assert letter.closing == "Mit freundlichen Grüßen" and letter.signature == ("Max Muster",)
    assert letter.recipient == ("Frau Erika Mustermann", "Musterweg 12", "23552 Lübeck")
    assert dict(letter.info)["Datum"] == "25.11.2026"
    assert dict(letter.info)["Unser Zeichen"] == "66.3-2026/114"
    assert [b.kind for b in letter.body] == ["paragraph", "paragraph", "bullet", "bullet"]


def test_letter_placeholders_where_data_is_missing():
    """Empty letterhead data and a missing address print as visible placeholders."""
    source = Source("Guten Tag Erika Muster,\n\nText.", "letter", "Brief",
                    {"addressee_form": "neutral", "addressee": "Erika Muster"}, (), CREATED, Letterhead())
    letter = build(source)
    assert isinstance(letter, Letter)
    assert letter.recipient == ("Erika Muster", "[Straße Hausnummer]", "[PLZ Ort]")
    info = dict(letter.info)
    assert info["Telefon"] == "[Telefon]" and info["Unser Zeichen"] == "[Aktenzeichen]"
    assert letter.head.value("unit") == "[Bereich]" and letter.subject == "[bitte ergänzen]"
    assert letter.head.address_lines() == ["[Straße Nr.]", "[PLZ Ort]"]
    assert letter.closing == "" and letter.body[0].text == "Text."


def test_edited_subject_line_moves_into_the_subject():
    """A "Betreff:" line the employee typed above the salutation becomes the subject."""
    source = Source("Betreff: Parkausweis\nSehr geehrter Herr Berg,\n\nText.\n\nViele Grüße\nAnna",
                    "letter", "Brief", {}, (), CREATED, HEAD)
    letter = build(source)
    assert isinstance(letter, Letter)
    assert (letter.subject, letter.salutation, letter.closing) == (
        "Parkausweis", "Sehr geehrter Herr Berg,", "Viele Grüße")


@pytest.mark.parametrize("item, expected", [
    ("Frau Kaya: Angebote einholen, bis 15.12.2026", ("Frau Kaya", "Angebote einholen", "15.12.2026")),
    ("Herr Berg: Elternbrief schreiben (bis Ende Januar)",
     ("Herr Berg", "Elternbrief schreiben", "Ende Januar")),
    ("Frau Dr. Ohm prüft die Kosten bis zur nächsten Sitzung",
     ("Frau Dr. Ohm", "Prüft die Kosten", "zur nächsten Sitzung")),
    ("Hausmeister – Schlüssel übergeben", ("Hausmeister", "Schlüssel übergeben", "–")),
    ("Protokoll verteilen", ("–", "Protokoll verteilen", "–")),
    ("Frau Berg vereinbart einen Termin mit dem Bauamt bis Freitag",
     ("Frau Berg", "Vereinbart einen Termin mit dem Bauamt", "Freitag")),
    ("Herr Jansen wartet, bis die Angebote vorliegen",
     ("Herr Jansen", "Wartet, bis die Angebote vorliegen", "–")),
])
def test_task_lines_become_who_what_when(item, expected):
    """Task lines in the usual shapes split into who, what and by when; unknown parts stay "–"."""
    assert parse_task(item) == expected


def test_minutes_header_sections_and_task_table():
    """The facts table has every header field; each TOP is a heading; tasks form a table."""
    report = build(SOURCES["minutes"])
    assert isinstance(report, Report)
    assert report.title == "Ergebnisprotokoll: Dienstbesprechung Schule und Sport"
    facts = dict(report.facts)
    assert list(facts) == ["Gremium", "Sitzung", "Datum", "Ort", "Teilnehmende",
                           "Sitzungsleitung", "Protokoll"]
    assert facts["Datum"] == "20.11.2026" and facts["Teilnehmende"] == "Frau Kaya, Herr Berg, Frau Ohm"
    assert facts["Sitzung"] == "[bitte ergänzen]"
    headings = [e.text for e in report.body if not isinstance(e, Table) and e.kind == "heading"]
    assert headings == ["TOP 1: Sanierung Turnhalle Marli", "TOP 2: Verschiedenes"]
    tables = [e for e in report.body if isinstance(e, Table)]
    assert len(tables) == 1 and tables[0].rows[0] == ("Frau Kaya", "Angebote einholen", "15.12.2026")
    assert not any("Datum: 20.11.2026" in getattr(e, "text", "") for e in report.body)


def test_minutes_labels_written_inline_are_separated():
    """The model sometimes writes "Beschluss:" and "Aufgaben:" inside the Beratung line."""
    text = ("## TOP 1: Turnhalle\n**Beratung:** Dach undicht. Beschluss: Förderantrag stellen.\n"
            "Aufgaben: - Frau Berg stellt den Antrag bis 31.03.2027.")
    report = build(Source(text, "minutes", "Protokoll"))
    assert isinstance(report, Report)
    paragraphs = [e.text for e in report.body if not isinstance(e, Table)]
    assert paragraphs[1:3] == ["Beratung: Dach undicht.", "Beschluss: Förderantrag stellen."]
    (tasks,) = [e for e in report.body if isinstance(e, Table)]
    assert tasks.rows == (("Frau Berg", "Stellt den Antrag", "31.03.2027"),)


def test_minutes_keep_unrecognised_text():
    """Text outside the expected shape stays in the minutes as paragraphs (nothing dropped)."""
    report = build(Source("Freier Text ohne Struktur.\n\nNoch ein Absatz.", "minutes", "Protokoll"))
    assert isinstance(report, Report)
    assert [e.text for e in report.body if not isinstance(e, Table)] == [
        "Freier Text ohne Struktur.", "Noch ein Absatz."]


def test_summary_names_its_sources():
    report = build(SOURCES["summary"])
    assert isinstance(report, Report)
    assert report.title == "Zusammenfassung"
    assert dict(report.facts)["Quellen"] == "vorlage.pdf, anlage.docx"
    typed = build(Source(SUMMARY, "summary", "Zusammenfassung"))
    assert isinstance(typed, Report) and dict(typed.facts)["Quelle"] == "eingegebener Text"


# Word ------------------------------------------------------------------------------------

def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_docx_letter_din5008(exported):
    """A4, 25/20 mm margins, 45 mm letterhead on page 1, address field and information block."""
    d = docx.Document(exported["letter.docx"])
    section = d.sections[0]
    mm = [round(v.mm, 1) for v in (section.page_width, section.page_height, section.left_margin,
                                   section.right_margin, section.top_margin)]
    assert mm == [210, 297, 25, 20, 45]
    assert section.different_first_page_header_footer
    header = "\n".join(p.text for p in section.first_page_header.paragraphs)
    assert "Hansestadt Lübeck" in header and "Bereich Stadtgrün und Verkehr" in header
    assert "Kronsforder Allee 2-6" in header
    assert "stadtgruen@luebeck.de" in section.first_page_footer.paragraphs[0].text
    assert "Seite" in section.header.paragraphs[-1].text
    table = d.tables[0]
    assert round(table.rows[0].height.mm) == 45
    address, info = (cell.text for cell in table.rows[0].cells)
    assert address.splitlines()[1:] == ["Frau Erika Mustermann", "Musterweg 12", "23552 Lübeck"]
    assert "Kronsforder Allee 2-6" in address.splitlines()[0]  # Rücksendeangabe
    assert "Unser Zeichen:\t66.3-2026/114" in info and "Datum:\t25.11.2026" in info
    texts = [p.text for p in d.paragraphs]
    subject = d.paragraphs[texts.index("Ihr Antrag auf Sondernutzung vom 3. November")]
    assert all(r.bold for r in subject.runs)
    order = [texts.index(t) for t in ("Sehr geehrte Frau Mustermann,", "Mit freundlichen Grüßen",
                                      "Max Muster")]
    assert order == sorted(order)
    assert any(r.bold and r.text == "Sondernutzung" for p in d.paragraphs for r in p.runs)
    assert not any("**" in t for t in texts)
    assert "template=buergerbrief" in d.core_properties.keywords


def test_docx_minutes_and_summary(exported):
    """Minutes: title, header table, TOP headings, task table; summary: title and sources."""
    d = docx.Document(exported["minutes.docx"])
    assert d.paragraphs[0].style.name == "Title"
    facts = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert facts["Gremium"] == "Dienstbesprechung Bereich Schule und Sport"
    assert facts["Ort"] == "Rathaus, Raum 12" and facts["Sitzungsleitung"] == "Frau Ohm"
    tasks = d.tables[1]
    assert [c.text for c in tasks.rows[0].cells] == ["Wer", "Was", "Bis wann"]
    assert [c.text for c in tasks.rows[2].cells] == ["Herr Berg", "Elternbrief schreiben", "Ende Januar"]
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["TOP 1: Sanierung Turnhalle Marli", "TOP 2: Verschiedenes"]
    s = docx.Document(exported["summary.docx"])
    assert s.paragraphs[0].text == "Zusammenfassung"
    assert "vorlage.pdf, anlage.docx" in _docx_text(s)
    assert {"Heading 2", "List Bullet"} <= {p.style.name for p in s.paragraphs}


# OpenDocument ----------------------------------------------------------------------------

def _odt(path: Path):
    return opendocument.load(str(path))


def _texts(element, kind) -> list[str]:
    return [teletype.extractText(e) for e in element.getElementsByType(kind)]


def test_odt_letter_din5008(exported):
    """The .odt letter: A4 page layout, letterhead on the first page, address and info block."""
    doc = _odt(exported["letter.odt"])
    layouts = {p.parentNode.getAttribute("name"): p for p in
               doc.automaticstyles.getElementsByType(PageLayoutProperties)}
    first = layouts["Erstseite"]
    assert first.getAttrNS(STYLENS, "print-orientation") == "portrait"
    assert (first.getAttribute("pagewidth"), first.getAttribute("pageheight")) == ("210.00mm", "297.00mm")
    assert (first.getAttribute("marginleft"), first.getAttribute("marginright")) == ("25.00mm", "20.00mm")
    masters = "\n".join(_texts(doc.masterstyles, P))
    assert "Hansestadt Lübeck" in masters and "Bereich Stadtgrün und Verkehr" in masters
    cells = [teletype.extractText(c) for c in doc.text.getElementsByType(TableCell)]
    assert "Frau Erika Mustermann" in cells[0] and "23552 Lübeck" in cells[0]
    assert "66.3-2026/114" in cells[1] and "25.11.2026" in cells[1]
    paragraphs = _texts(doc.text, P)
    for part in ("Ihr Antrag auf Sondernutzung vom 3. November", "Sehr geehrte Frau Mustermann,",
                 "Mit freundlichen Grüßen", "Max Muster"):
        assert part in paragraphs
    bold = [teletype.extractText(s) for s in doc.text.getElementsByType(Span)
            if s.getAttribute("stylename") == "Bold"]
    assert "Sondernutzung" in bold and "Ihr Antrag auf Sondernutzung vom 3. November" in bold


def test_odt_minutes_and_summary(exported):
    doc = _odt(exported["minutes.odt"])
    assert _texts(doc.text, H) == ["TOP 1: Sanierung Turnhalle Marli", "TOP 2: Verschiedenes"]
    tables = doc.text.getElementsByType(OdfTable)
    assert len(tables) == 2
    task_cells = [teletype.extractText(c) for c in tables[1].getElementsByType(TableCell)]
    assert task_cells[:6] == ["Wer", "Was", "Bis wann", "Frau Kaya", "Angebote einholen", "15.12.2026"]
    summary = _odt(exported["summary.odt"])
    assert "vorlage.pdf, anlage.docx" in [teletype.extractText(c)
                                          for c in summary.text.getElementsByType(TableCell)]
    assert _texts(summary.text, H)[0] == "Worum geht es?"


# LibreOffice -----------------------------------------------------------------------------

def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice fehlt: `make test` installiert libreoffice-writer-nogui "
                    "(scripts/system-deps.sh test)")
    return found


@pytest.fixture(scope="module")
def pdfs(exported, tmp_path_factory) -> dict[str, Path]:
    """Every exported file converted by LibreOffice (headless) to PDF."""
    folder = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    result = {}
    for suffix in (".docx", ".odt"):
        out = folder / suffix.lstrip(".")
        files = [str(p) for name, p in exported.items() if name.endswith(suffix)]
        proc = subprocess.run(
            [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), *files],
            capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(profile)})
        assert proc.returncode == 0, proc.stderr
        for name in exported:
            if name.endswith(suffix):
                result[name] = out / (Path(name).stem + ".pdf")
    return result


def _positions(pdf: Path) -> dict[str, tuple[float, float]]:
    """First position (mm from the left and from the top edge) of each text run on page 1."""
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip():
            found.setdefault(text.strip(), (x * 25.4 / 72, (height - y) * 25.4 / 72))

    page.extract_text(visitor_text=visit)
    return found


def _find(positions: dict[str, tuple[float, float]], start: str) -> tuple[float, float]:
    return next(pos for text, pos in positions.items() if text.startswith(start))


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_libreoffice_lays_out_the_letter_din5008(pdfs, suffix):
    """In LibreOffice's PDF the recipient sits in the address field (25 mm from the left,
    45-90 mm from the top), the information block from 125 mm, the subject below both."""
    pdf = pdfs["letter" + suffix]
    assert len(PdfReader(pdf).pages) == 1
    positions = _positions(pdf)
    x, y = _find(positions, "Frau Erika Mustermann")  # baseline, below the 17.7 mm Vermerkzone
    assert 24 <= x <= 27 and 63 <= y <= 90, (x, y)
    x, y = _find(positions, "Unser Zeichen")
    assert 124 <= x <= 127 and 48 <= y <= 60, (x, y)
    x, y = _find(positions, "Ihr Antrag auf Sondernutzung")
    assert 24 <= x <= 27 and 92 <= y <= 110, (x, y)
    _, top = _find(positions, "Hansestadt Lübeck")
    assert top < 45


@pytest.mark.parametrize("kind", ["minutes", "summary"])
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_libreoffice_opens_minutes_and_summaries(pdfs, kind, suffix):
    """LibreOffice converts the reports without error; their text is all there."""
    text = " ".join(PdfReader(pdfs[kind + suffix]).pages[0].extract_text().split())
    expected = {"minutes": ["Ergebnisprotokoll", "Sitzungsleitung", "Wer", "Bis wann",
                            "Angebote einholen", "TOP 2: Verschiedenes", "Seite 1 von 1"],
                "summary": ["Zusammenfassung", "vorlage.pdf, anlage.docx", "Worum geht es?",
                            "1,2 Mio."]}[kind]
    for part in expected:
        assert part in text, (part, text)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_exported_letter_reads_back_as_input(exported, suffix):
    """An exported letter opened as input gives letterhead (header), body and footer."""
    from werkstatt.documents import read_document

    text = read_document(exported["letter" + suffix]).text
    assert text.startswith("Kopfzeile: Hansestadt Lübeck · Bereich Stadtgrün und Verkehr")
    assert "Sehr geehrte Frau Mustermann," in text and "- Der Gehweg bleibt 1,5 m frei." in text
    assert text.splitlines()[-1].startswith("Fußzeile: Hansestadt Lübeck")


def test_numbered_lists_restart_at_one(tmp_path):
    """Two numbered lists count 1, 2 and 1, 2 again in Word's and LibreOffice's rendering."""
    text = "1. Antrag\n2. Prüfung\n\nZwischentext.\n\n1. Bescheid\n2. Versand"
    path = export.write(text, tmp_path / "listen.docx", PROV)
    numbered = [p for p in docx.Document(path).paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2] == ids[3]
    profile = tmp_path / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=180, check=True, env={**os.environ, "HOME": str(profile)})
    rendered = PdfReader(tmp_path / "listen.pdf").pages[0].extract_text()
    assert re.search(r"1\.\s*Bescheid", rendered) and re.search(r"2\.\s*Versand", rendered), rendered
