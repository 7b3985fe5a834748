"""Documents that are accessible too (issue 30, item 5; EN 301 549 11.8.2 with WCAG 1.1.1,
1.3.1, 2.4.2, 3.1.1): exported .docx/.odt and the reports carry a title, the language de-DE,
real headings, table header rows and alternative text for charts, read back from the files;
a PDF LibreOffice makes from the .docx is tagged (structure tree, language, headings)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from docx.oxml.ns import qn

from werkstatt.export import Provenance, write
from werkstatt.export.layout import Source

TEXT = ("## TOP 1: Sanierung der Turnhalle\n\nBeschluss: Der Ausschuss empfiehlt die Sanierung.\n\n"
        "## TOP 2: Kosten\n\nDas Dach kostet 1,2 Mio. Euro.\n\n"
        "Aufgaben:\n- Frau Kaya: Angebote einholen, bis 15.12.\n")  # minutes: its tasks a table
PROVENANCE = Provenance(template_id="zusammenfassung", template_version="1.0",
                        template_title="Vorlage zusammenfassen", model_id="test",
                        created=dt.datetime(2026, 12, 7, 9, 30))
DC = "{http://purl.org/dc/elements/1.1/}"


def docx_facts(path: Path) -> dict:
    """What a screen reader and Word's accessibility checker read from a .docx."""
    document = DocxDocument(str(path))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    path = f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    lang = defaults.find(path) if defaults is not None else None
    tables = document.tables
    body = document.element.body
    return {
        "title": document.core_properties.title,
        "language": lang.get(qn("w:val")) if lang is not None else "",
        "headings": [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))],
        "header rows": {t.rows[0].cells[0].text: t.rows[0]._tr.find(  # noqa: SLF001
            f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for t in tables},
        "pictures": [d.get("descr", "") for d in body.iter("{http://schemas.openxmlformats.org/"
                                                           "drawingml/2006/wordprocessingDrawing}docPr")],
    }


def odt_facts(path: Path) -> dict:
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as odt:
        meta = ElementTree.fromstring(odt.read("meta.xml"))
        content = ElementTree.fromstring(odt.read("content.xml"))
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    svg = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
    return {
        "title": "".join(t.text or "" for t in meta.iter(f"{DC}title")),
        "language": "".join(t.text or "" for t in meta.iter(f"{DC}language")),
        "headings": ["".join(h.itertext()) for h in content.iter(f"{text}h")],
        "header rows": {"".join(next(t.iter(f"{table}table-cell")).itertext()):
                        t.find(f"{table}table-header-rows") is not None
                        for t in content.iter(f"{table}table")},
        "pictures": ["".join(d.itertext()) for d in content.iter(f"{svg}desc")],
    }


@pytest.mark.clause("11.8.2")
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_an_exported_draft_has_title_language_headings_and_header_rows(tmp_path, suffix):
    """Minutes: their title, de-DE, the TOPs as headings, the tasks' table with its „Wer, Was,
    Bis wann“ row marked as the header row."""
    target = write(TEXT, tmp_path / f"protokoll{suffix}", PROVENANCE,
                   Source(TEXT, "minutes", "Ergebnisprotokoll"))
    facts = (docx_facts if suffix == ".docx" else odt_facts)(target)
    assert facts["title"] and facts["language"] == "de-DE"
    assert {"TOP 1: Sanierung der Turnhalle", "TOP 2: Kosten"} <= set(facts["headings"]), facts
    assert facts["header rows"]["Wer"]  # (the facts above it are a layout table: no header)


@pytest.mark.clause("11.8.2", "11.1.1.1")
def test_the_reports_charts_have_their_figures_as_alternative_text(tmp_path):
    """The pilot's report (.docx): German, its tables with header rows, each chart described
    with its figures; the efficiency concept (.docx and .odt): German, charts described."""
    from werkstatt.efficiency.exporting import load_demo
    from werkstatt.efficiency.report import concept
    from werkstatt.efficiency.store import Catalogue
    from werkstatt.feedback import report
    from werkstatt.feedback.demo import write_demo

    write_demo(tmp_path / "pilot.sqlite", 40, seed=3)
    written = report.write_docx(report.compute(tmp_path / "pilot.sqlite"), tmp_path / "bericht.docx")
    pilot = docx_facts(written)
    assert pilot["language"] == "de-DE" and pilot["header rows"] and all(pilot["header rows"].values())
    assert len(pilot["pictures"]) == 3 and all(d.startswith("Balkendiagramm") for d in pilot["pictures"])
    with Catalogue(tmp_path / "katalog.sqlite") as catalogue:
        load_demo(catalogue)
    for suffix, read in ((".docx", docx_facts), (".odt", odt_facts)):
        written, _, _ = concept(tmp_path / "katalog.sqlite", tmp_path / f"konzept{suffix}",
                                today=dt.date(2026, 12, 7))
        facts = read(written)
        assert facts["title"] and facts["language"] == "de-DE", suffix
        assert facts["pictures"] and all(len(d) > 20 for d in facts["pictures"]), suffix


@pytest.mark.clause("11.8.2")
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice fehlt (make test-deps)")
def test_a_pdf_made_by_libreoffice_is_tagged(tmp_path):
    """The .docx as PDF (LibreOffice, tagged PDF on): a structure tree with headings and a
    table, marked as tagged, language de-DE (what a PDF/UA check starts with; veraPDF is not
    in a reachable package index, so the tags are read with pypdf)."""
    from pypdf import PdfReader

    source = write(TEXT, tmp_path / "entwurf.docx", PROVENANCE, Source(TEXT, "minutes", "Protokoll"))
    options = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", options, "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    catalog = PdfReader(tmp_path / "entwurf.pdf").trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and str(catalog["/Lang"]) == "de-DE"
    tags: set[str] = set()

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if "/S" in node:
                tags.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(catalog["/StructTreeRoot"])
    assert {"/Table", "/TR"} <= tags and any(t.startswith("/H") for t in tags), tags
