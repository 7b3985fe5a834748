"""Numbered and nested lists keep their numbers and levels: parsed blocks, the Vorschau's HTML,
plain text, .docx (the numbering Word computes), .odt, and LibreOffice's rendering of both."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from odf import opendocument, teletype
from odf.namespaces import STYLENS, TEXTNS
from odf.text import ListStyle
from pypdf import PdfReader

from werkstatt import export, markdown

PROV = export.Provenance("zusammenfassung", "1.0", "Zusammenfassung", "qwen-test",
                         dt.datetime(2026, 11, 25, 10, 30))

DRAFT = """## Vorgehen

1. Antrag prüfen
   - Vollständigkeit
   - Fristen
     * Eingang im Postfach
2. Bescheid schreiben
   a) Entwurf
   b) Freigabe

Zwischen den Schritten gibt es eine Pause.

3. Versand

## Nächste Sitzung

4. Bericht vorlegen
5. Termin festlegen

## Neue Liste

1. Einladung
2. Protokoll
"""

# (label, depth, text) as a reader sees them; every bullet shows as "•".
EXPECTED = [
    ("1.", 0, "Antrag prüfen"), ("•", 1, "Vollständigkeit"), ("•", 1, "Fristen"),
    ("•", 2, "Eingang im Postfach"), ("2.", 0, "Bescheid schreiben"), ("a)", 1, "Entwurf"),
    ("b)", 1, "Freigabe"), ("3.", 0, "Versand"), ("4.", 0, "Bericht vorlegen"),
    ("5.", 0, "Termin festlegen"), ("1.", 0, "Einladung"), ("2.", 0, "Protokoll"),
]


def _items(text: str) -> list[tuple[str, int, str]]:
    return [(b.label if b.kind == "numbered" else "•", b.depth, b.text)
            for b in markdown.parse(text) if b.kind in ("bullet", "numbered")]


# parsing ---------------------------------------------------------------------------------

def test_parse_keeps_numbers_and_depth():
    """Each item keeps the number the draft wrote and the level its indentation gives."""
    assert _items(DRAFT) == EXPECTED
    kinds = [b.kind for b in markdown.parse(DRAFT)]
    assert kinds.count("heading") == 3 and kinds.count("paragraph") == 1


@pytest.mark.parametrize("text, expected", [
    ("1) Antrag\n2) Prüfung", [("1)", 0, "Antrag"), ("2)", 0, "Prüfung")]),
    ("1. Antrag\na) Formular\nb) Anlagen\n2. Prüfung",
     [("1.", 0, "Antrag"), ("a)", 1, "Formular"), ("b)", 1, "Anlagen"), ("2.", 0, "Prüfung")]),
    ("•\tKosten\n•Förderung", [("•", 0, "Kosten"), ("•", 0, "Förderung")]),
    ("- Kosten\n\t- Bau\n\t\t- Dach\n- Förderung",
     [("•", 0, "Kosten"), ("•", 1, "Bau"), ("•", 2, "Dach"), ("•", 0, "Förderung")]),
    ("4. Bericht\n5. Termin", [("4.", 0, "Bericht"), ("5.", 0, "Termin")]),
    ("1.\nAntrag stellen\n2.\n   Bescheid", [("1.", 0, "Antrag stellen"), ("2.", 0, "Bescheid")]),
    ("**1.** Antrag\n**2.** Prüfung", [("1.", 0, "Antrag"), ("2.", 0, "Prüfung")]),
    ("1. **Antrag**\n   bis Freitag einreichen\n2. Prüfung",
     [("1.", 0, "Antrag bis Freitag einreichen"), ("2.", 0, "Prüfung")]),
    ("1. Haupt\n   1. Unter\n   2. Unter\n      1. Tief\n2. Haupt",
     [("1.", 0, "Haupt"), ("1.", 1, "Unter"), ("2.", 1, "Unter"), ("1.", 2, "Tief"), ("2.", 0, "Haupt")]),
])
def test_parse_real_model_shapes(text, expected):
    """The shapes small models write ("1)", "a)", "•", tabs, "**1.**", a lone number) keep their level."""
    assert _items(text) == expected


def test_headings_and_paragraphs_stay():
    """A bold numbered title stays a heading with its number; "z. B." lines stay paragraphs."""
    blocks = markdown.parse("**1. Ausgangslage**\nDie Halle ist alt.\nz. B. das Dach.\n\n**2. Kosten**")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "1. Ausgangslage"), ("paragraph", "Die Halle ist alt. z. B. das Dach."),
        ("heading", "2. Kosten")]


# HTML (Vorschau) and plain text ---------------------------------------------------------

def test_html_keeps_start_numbers_and_nesting():
    """The Vorschau's HTML nests sub-lists inside their item and starts each list at its number."""
    html = markdown.to_html(DRAFT)
    assert re.search(r"<ol>\s*<li>Antrag prüfen\s*<ul>\s*<li>Vollständigkeit</li>\s*<li>Fristen\s*"
                     r"<ul>\s*<li>Eingang im Postfach</li>\s*</ul>\s*</li>\s*</ul>\s*</li>\s*"
                     r"<li>Bescheid schreiben\s*<ol type=\"a\" [^>]*'\)'[^>]*>\s*<li>Entwurf</li>",
                     html), html
    assert '<ol start="3">\n<li>Versand</li>' in html
    assert '<ol start="4">\n<li>Bericht vorlegen</li>\n<li>Termin festlegen</li>' in html
    assert "<ol>\n<li>Einladung</li>" in html


def test_plain_text_keeps_numbers_and_indentation():
    """Clipboard and .txt keep each number and indent sub-items under their parent's text."""
    plain = markdown.to_plain(DRAFT)
    assert ("1. Antrag prüfen\n   - Vollständigkeit\n   - Fristen\n     - Eingang im Postfach\n"
            "2. Bescheid schreiben\n   a) Entwurf\n   b) Freigabe\n") in plain
    assert "\n3. Versand\n" in plain and "\n4. Bericht vorlegen\n5. Termin festlegen\n" in plain


def test_text_export_keeps_numbers(tmp_path):
    """The .txt export shows "1." "2." "3." as the draft wrote them."""
    path = export.write("1. Antrag\n\nErläuterung.\n\n2. Prüfung\n   - Frist", tmp_path / "l.txt", PROV)
    assert path.read_text(encoding="utf-8").startswith(
        "1. Antrag\n\nErläuterung.\n\n2. Prüfung\n   - Frist\n")


# Word ------------------------------------------------------------------------------------

def _word_format(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + value - 1)
    return str(value)


def _docx_items(document) -> list[tuple[str, int, str]]:
    """(label, level, text) of each numbered paragraph, counted as Word counts: per numbering
    instance and level, from the level's start (or the instance's start override); a
    paragraph at a level restarts the levels below it."""
    numbering = document.part.numbering_part.element
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    counters: dict[str, dict[int, int]] = {}
    shown = []
    for paragraph in document.paragraphs:
        ppr = paragraph._p.pPr
        if ppr is None or ppr.numPr is None:
            continue
        num_id, ilvl = str(ppr.numPr.numId.val), int(ppr.numPr.ilvl.val)
        num = nums[num_id]
        abstract = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))]
        lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(ilvl))
        start = int(lvl.find(qn("w:start")).get(qn("w:val")))
        for override in num.findall(qn("w:lvlOverride")):
            found = override.find(qn("w:startOverride"))
            if override.get(qn("w:ilvl")) == str(ilvl) and found is not None:
                start = int(found.get(qn("w:val")))
        counts = counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        fmt = lvl.find(qn("w:numFmt")).get(qn("w:val"))
        text = lvl.find(qn("w:lvlText")).get(qn("w:val"))
        label = "•" if fmt == "bullet" else text.replace(f"%{ilvl + 1}", _word_format(counts[ilvl], fmt))
        shown.append((label, ilvl, paragraph.text))
    return shown


def test_docx_shows_the_drafts_numbers_and_levels(tmp_path):
    """Word's numbering (numPr, ilvl, start) shows the draft's numbers at the draft's levels."""
    document = docx.Document(export.write(DRAFT, tmp_path / "listen.docx", PROV))
    assert _docx_items(document) == EXPECTED
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert (styles["Antrag prüfen"], styles["Vollständigkeit"], styles["Eingang im Postfach"],
            styles["Entwurf"]) == ("List Number", "List Bullet 2", "List Bullet 3", "List Number 2")
    indents = {p.text: p.paragraph_format.left_indent for p in document.paragraphs}
    assert indents["Antrag prüfen"] < indents["Vollständigkeit"] < indents["Eingang im Postfach"]


def test_docx_second_list_restarts(tmp_path):
    """A second, unrelated list in one document counts 1, 2 again in its own numbering."""
    text = "1. Antrag\n2. Prüfung\n\n## Danach\n\n1. Bescheid\n2. Versand"
    document = docx.Document(export.write(text, tmp_path / "zwei.docx", PROV))
    assert [label for label, _, _ in _docx_items(document)] == ["1.", "2.", "1.", "2."]
    ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p._p.pPr is not None
           and p._p.pPr.numPr is not None]
    assert ids[0] == ids[1] != ids[2] == ids[3]


# OpenDocument ----------------------------------------------------------------------------

def _odt_items(document) -> list[tuple[str, int, str]]:
    """(label, level, text) of each list item, counted from the list's style and start values."""
    styles = {s.getAttribute("name"): s for s in document.automaticstyles.getElementsByType(ListStyle)}
    shown: list[tuple[str, int, str]] = []

    def walk(listing, depth: int, inherited: str) -> None:
        name = listing.getAttrNS(TEXTNS, "style-name") or inherited
        level = next(lv for lv in styles[name].childNodes
                     if lv.getAttrNS(TEXTNS, "level") == str(depth + 1))
        count = int(level.getAttrNS(TEXTNS, "start-value") or 1) - 1
        for item in listing.childNodes:
            if item.qname != (TEXTNS, "list-item"):
                continue
            count = int(item.getAttrNS(TEXTNS, "start-value") or count + 1)
            if level.qname == (TEXTNS, "list-level-style-bullet"):
                label = "•"
            else:
                assert level.qname == (TEXTNS, "list-level-style-number")
                value = str(count) if level.getAttrNS(STYLENS, "num-format") == "1" else chr(96 + count)
                label = value + level.getAttrNS(STYLENS, "num-suffix")
            shown.append((label, depth, teletype.extractText(item.childNodes[0])))
            for child in item.childNodes[1:]:
                walk(child, depth + 1, name)

    for listing in document.text.childNodes:
        if listing.qname == (TEXTNS, "list"):
            walk(listing, 0, "")
    return shown


def test_odt_nests_lists_with_their_numbers(tmp_path):
    """The .odt nests sub-lists in their item, and each list starts at the draft's number."""
    document = opendocument.load(str(export.write(DRAFT, tmp_path / "listen.odt", PROV)))
    assert _odt_items(document) == EXPECTED


# LibreOffice -----------------------------------------------------------------------------

def _pdf_lines(pdf: Path) -> dict[str, float]:
    """Each text line on page 1 with its distance (mm) from the left edge."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), (tm[4] * cm[0] + tm[5] * cm[2] + cm[4]) * 25.4 / 72)

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def test_libreoffice_renders_numbers_and_indents(tmp_path):
    """LibreOffice renders .docx and .odt with the draft's numbers in order and sub-items indented."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.fail("LibreOffice fehlt: `make test` installiert libreoffice-writer-nogui")
    files = [export.write(DRAFT, tmp_path / f"listen{suffix}", PROV) for suffix in (".docx", ".odt")]
    profile = tmp_path / "lo-profile"
    for index, path in enumerate(files):
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / str(index)), str(path)],
                       capture_output=True, timeout=180, check=True,
                       env={**os.environ, "HOME": str(profile)})
        pdf = tmp_path / str(index) / "listen.pdf"
        text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
        expected = [f"{label} {item}" for label, _, item in EXPECTED if label != "•"]
        positions = [text.find(part) for part in expected]
        assert -1 not in positions and positions == sorted(positions), (path.suffix, text)
        lines = _pdf_lines(pdf)
        x = {item: next(v for k, v in lines.items() if k.endswith(item))
             for item in ("Antrag prüfen", "Vollständigkeit", "Eingang im Postfach", "Entwurf")}
        assert x["Antrag prüfen"] + 3 < x["Vollständigkeit"] < x["Eingang im Postfach"] - 3, (path.suffix, x)
        assert x["Antrag prüfen"] + 3 < x["Entwurf"], (path.suffix, x)
