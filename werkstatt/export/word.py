"""Rendering a layout as a Word document (.docx, python-docx).

Letters follow DIN 5008 Form B on A4: 45 mm letterhead (first-page header), the address field
(45 mm high, Rücksendeangabe above the recipient) beside the information block that starts
125 mm from the left edge, then subject, salutation, body, closing and room for the
signature. Following pages carry "Seite x von y". Reports (minutes, summaries) get a title,
a facts table, and their content with real headings, lists and tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import markdown
from ..markdown import Block, Run
from . import accessible, word_lists
from . import geometry as g
from .layout import Layout, Letter, Report, Table

FONT = "Arial"


def write(layout: Layout, target: Path, label: str, properties: dict[str, Any]) -> None:
    document = docx.Document()
    _base_styles(document)
    accessible.docx_language(document)  # de-DE: read with German rules
    if isinstance(layout, Letter):
        _letter(document, layout)
    else:
        _report(document, layout)
    note = document.add_paragraph()
    note.paragraph_format.space_before = _pt(g.NOTE_GAP_PT)
    run = note.add_run(label)
    run.italic = True
    run.font.size = _pt(g.NOTE_PT)
    for key, value in properties.items():
        setattr(document.core_properties, key, value)
    document.save(str(target))


def _mm(value: float) -> Any:
    return Mm(value)


def _pt(value: float) -> Any:
    return Pt(value)


def _base_styles(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = _mm(g.PAGE_WIDTH), _mm(g.PAGE_HEIGHT)
    section.left_margin, section.right_margin = _mm(g.LEFT), _mm(g.RIGHT)
    section.top_margin, section.bottom_margin = _mm(g.TOP), _mm(g.BOTTOM)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = _pt(g.BODY_PT)
    normal.paragraph_format.space_after = _pt(g.PARAGRAPH_GAP_PT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
    document.styles["Title"].font.size = _pt(g.TITLE_PT)
    document.styles["Title"].font.bold = True
    # The default "Title" style has a blue bottom border; an administrative title has none.
    ppr = document.styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
            ppr.remove(border)


def _runs(paragraph: Any, runs: tuple[Run, ...], size: float | None = None, bold: bool = False) -> Any:
    for run in runs:
        if not run.text:
            continue
        r = paragraph.add_run(run.text)
        r.bold = (run.bold or bold) or None
        r.italic = run.italic or None
        if size:
            r.font.size = _pt(size)
    return paragraph


def _text(container: Any, text: str, size: float | None = None, bold: bool = False,
          align: str = "", before: float = 0, after: float = 0) -> Any:
    paragraph = container.add_paragraph()
    _runs(paragraph, (Run(text),), size, bold)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = _pt(before), _pt(after)
    return _align(paragraph, align)


def _align(paragraph: Any, align: str) -> Any:
    if align:
        paragraph.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT,
                               "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    return paragraph


def _field(paragraph: Any, instruction: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    props.append(sz)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _page_numbers(container: Any, align: str) -> None:
    paragraph = _text(container, "Seite ", g.SMALL_PT, align=align)
    _field(paragraph, "PAGE", g.SMALL_PT)
    paragraph.add_run(" von ").font.size = _pt(g.SMALL_PT)
    _field(paragraph, "NUMPAGES", g.SMALL_PT)


def _borderless_table(container: Any, widths: tuple[float, ...]) -> Any:
    table = container.add_table(rows=1, cols=len(widths))
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)
    for cell, width in zip(table.rows[0].cells, widths):
        cell.width = _mm(width)
    for column, width in zip(table.columns, widths):
        column.width = _mm(width)
    return table


def _clear(cell: Any) -> Any:
    """A table cell starts with one empty paragraph; use it instead of adding below it."""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = _pt(0)
    return paragraph


# letters ---------------------------------------------------------------------------------

def _letter(document: Any, letter: Letter) -> None:
    head = letter.head
    section = document.sections[0]
    section.top_margin = _mm(g.LETTERHEAD_HEIGHT)
    section.header_distance = _mm(g.HEADER_DISTANCE)
    section.different_first_page_header_footer = True
    first = section.first_page_header
    _align(_runs(first.paragraphs[0], (Run(head.value("organisation")),), g.ORG_PT, bold=True),
           "right")
    _text(first, head.value("unit"), g.UNIT_PT, align="right")
    for line in head.address_lines():
        _text(first, line, g.SMALL_PT, align="right")
    footer = section.first_page_footer
    _align(_runs(footer.paragraphs[0], (Run(g.footer_line(head)),), g.TINY_PT), "center")
    following = section.header
    _runs(following.paragraphs[0], (Run(f"{head.value('organisation')} · {head.value('unit')}"),),
          g.SMALL_PT)
    _page_numbers(following, "right")

    table = _borderless_table(document, (g.ADDRESS_COLUMN, g.INFO_COLUMN))
    row = table.rows[0]
    row.height, row.height_rule = _mm(g.ADDRESS_HEIGHT), WD_ROW_HEIGHT_RULE.EXACTLY
    address, info = row.cells
    back = _clear(address)
    back.paragraph_format.space_before = _mm(g.RETURN_LINE_TOP)
    back.paragraph_format.space_after = _mm(1)
    _runs(back, (Run(head.one_line()),), g.TINY_PT).runs[0].underline = True
    for line in letter.recipient:
        _text(address, line, g.BODY_PT)
    for index, (caption, value) in enumerate(letter.info):
        paragraph = _clear(info) if index == 0 else info.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = _pt(g.info_space_before(index, caption)), _pt(0)
        fmt.tab_stops.add_tab_stop(_mm(g.INFO_LABEL_WIDTH), WD_TAB_ALIGNMENT.LEFT)
        _runs(paragraph, (Run(f"{caption}:\t"), Run(value)), g.SMALL_PT)

    _text(document, letter.subject, bold=True, before=g.SUBJECT_GAP_PT, after=g.BODY_PT * 2)
    if letter.salutation:
        _text(document, letter.salutation, after=g.PARAGRAPH_GAP_PT)
    _blocks(document, letter.body)
    if letter.closing:
        _text(document, letter.closing, before=g.PARAGRAPH_GAP_PT, after=0)
    for index, line in enumerate(letter.signature):
        _text(document, line, before=g.SIGNATURE_GAP_PT if index == 0 else 0, after=0)


# reports ---------------------------------------------------------------------------------

def _report(document: Any, report: Report) -> None:
    section = document.sections[0]
    _page_numbers(section.footer, "center")
    if report.title:
        document.add_heading(report.title, level=0)
    if report.facts:
        table = _borderless_table(document, g.FACTS_COLUMNS)
        for index, (caption, value) in enumerate(report.facts):
            cells = table.rows[0].cells if index == 0 else table.add_row().cells
            _runs(_clear(cells[0]), (Run(caption),), bold=True)
            _runs(_clear(cells[1]), (Run(value),))
            for cell, width in zip(cells, g.FACTS_COLUMNS):
                cell.width = _mm(width)
        document.add_paragraph()
    _blocks(document, report.body)


def _blocks(document: Any, elements: tuple[Block | Table, ...]) -> None:
    numbering = word_lists.Numbering(document)
    for element, sequence in zip(elements, markdown.sequences(elements)):
        if isinstance(element, Table):
            _table(document, element)
        elif element.kind == "heading":
            _runs(document.add_heading(level=min(element.level, 4)), element.runs)
        elif sequence:
            paragraph = document.add_paragraph(style=word_lists.style(element))
            numbering.apply(_runs(paragraph, element.runs), element, sequence)
        else:
            _runs(document.add_paragraph(), element.runs)


def _table(document: Any, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = document.styles["Table Grid"]
    total = sum(table.widths)
    widths = [g.TEXT_WIDTH * w / total for w in table.widths]
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = _mm(width)
    for cell, caption, width in zip(grid.rows[0].cells, table.header, widths):
        _runs(_clear(cell), (Run(caption),), bold=True)
        cell.width = _mm(width)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value, width in zip(cells, row, widths):
            _runs(_clear(cell), (Run(value),))
            cell.width = _mm(width)
    document.add_paragraph().paragraph_format.space_after = _pt(0)
