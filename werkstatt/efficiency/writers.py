"""The concept document as Word (.docx) and HTML; OpenDocument is in ``odt.py``.

A4 portrait, 2 cm margins, Arial 10 pt, tables at 7 to 8.5 pt with their header repeated on
every page, the charts at the text's width, „Seite x von y“ in the footer. Every file is
written whole or not at all (``atomic``).
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from .. import atomic
from ..errors import WerkstattError
from .blocks import Bullets, Document, Figure, Grid, Heading, PageBreak, Para

FORMATS = {".docx": "Word", ".odt": "OpenDocument", ".html": "HTML"}
RED = (0xB0, 0x00, 0x20)
BLUE = (0x1F, 0x3A, 0x5F)
HEADER_FILL = "DCE6F0"


def write(document: Document, target: Path, fmt: str | None = None) -> Path:
    """``document`` as .docx, .odt or .html (by ``fmt`` or the suffix)."""
    target = Path(target)
    suffix = "." + (fmt or target.suffix.lstrip(".") or "docx").lower()
    if suffix not in FORMATS:
        raise WerkstattError(f"Speichern als „{suffix}“ ist nicht möglich (.docx, .odt oder .html).")
    if suffix == ".docx":
        return atomic.write_via(target, lambda p: write_docx(document, p))
    if suffix == ".odt":
        from .odt import write_odt

        return atomic.write_via(target, lambda p: write_odt(document, p))
    return atomic.write_text(target, to_html(document))


# Word ------------------------------------------------------------------------------------------

def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _cell_fill(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_flag(row: Any, name: str) -> None:
    """``w:tblHeader`` (repeat on every page) or ``w:cantSplit`` (never across a page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _grid(d: Any, grid: Grid) -> None:
    from docx.shared import Cm, Pt

    table = d.add_table(rows=1, cols=len(grid.header))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(w) for w in grid.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads; Word reads the cells
    _row_flag(table.rows[0], "tblHeader")
    for cell, text, width in zip(table.rows[0].cells, grid.header, widths, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(grid.size)
        cell.width = width
        _cell_fill(cell, HEADER_FILL)
    size = Pt(grid.size)
    for values in grid.rows:
        row = table.add_row()
        _row_flag(row, "cantSplit")
        for cell, text, width in zip(row.cells, values, widths, strict=True):
            cell.paragraphs[0].add_run(text).font.size = size
            cell.width = width
    d.add_paragraph().paragraph_format.space_after = Pt(2)


def write_docx(document: Document, target: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    from ..export import accessible

    d: Any = docx.Document()
    accessible.docx_language(d)
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for level, size in ((1, 14), (2, 11.5)):
        style = d.styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = "Arial", Pt(size), True
        style.font.color.rgb = RGBColor(*BLUE)
        fonts = style.element.rPr.rFonts  # the template's theme font would win over Arial
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):
                del fonts.attrib[attribute]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{document.title} · Seite ").font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" von ").font.size = Pt(8)
    _field(footer, "NUMPAGES")
    title = d.add_paragraph(style="Title")  # the document's title as such, not bold text
    accessible.docx_plain_title(d)
    run = title.add_run(document.title)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(18), RGBColor(*BLUE)
    run.font.name = "Arial"
    d.add_paragraph().add_run(document.subtitle).font.size = Pt(9.5)
    for block in document.blocks:
        if isinstance(block, Heading):
            d.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            paragraph = d.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.style == "warning":
                run.bold, run.font.color.rgb = True, RGBColor(*RED)
            elif block.style == "small":
                run.font.size = Pt(8)
        elif isinstance(block, Bullets):
            for item in block.items:
                d.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Grid):
            _grid(d, block)
        elif isinstance(block, Figure):
            width, height = block.size()
            picture = d.add_picture(io.BytesIO(block.png), width=Cm(width), height=Cm(height))
            accessible.docx_alt_text(picture, block.caption)
            caption = d.add_paragraph().add_run(block.caption)
            caption.italic, caption.font.size = True, Pt(8.5)
        elif isinstance(block, PageBreak):
            d.add_page_break()
    props = d.core_properties
    for key, value in document.properties.items():
        setattr(props, key, value)
    d.save(str(target))


# HTML ------------------------------------------------------------------------------------------

def to_html(document: Document) -> str:
    e = html.escape
    parts = [f"<h1>{e(document.title)}</h1>", f"<p class=sub>{e(document.subtitle)}</p>"]
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level + 1}>{e(block.text)}</h{block.level + 1}>")
        elif isinstance(block, Para):
            parts.append(f'<p class="{e(block.style)}">{e(block.text)}</p>' if block.style
                         else f"<p>{e(block.text)}</p>")
        elif isinstance(block, Bullets):
            parts.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Grid):
            head = "".join(f"<th>{e(h)}</th>" for h in block.header)
            body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>"
                           for row in block.rows)
            parts.append(f'<table aria-label="{e(block.name)}"><thead><tr>{head}</tr></thead>'
                         f"<tbody>{body}</tbody></table>")
        elif isinstance(block, Figure):
            data = base64.b64encode(block.png).decode()
            parts.append(f'<figure><img alt="{e(block.caption)}" src="data:image/png;base64,{data}">'
                         f"<figcaption>{e(block.caption)}</figcaption></figure>")
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>{e(document.title)}</title><style>
body{{font-family:Arial,sans-serif;margin:2em auto;max-width:60em;line-height:1.4}}
h1,h2,h3{{color:#1f3a5f}}.sub{{color:#555}}.warning{{color:#b00020;font-weight:bold}}
.small{{font-size:.85em}}table{{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em}}
td,th{{border:1px solid #999;padding:.25em .45em;vertical-align:top}}th{{background:#dce6f0}}
img{{max-width:100%}}figcaption{{font-style:italic;font-size:.9em}}</style></head><body>
{''.join(parts)}
</body></html>"""
