"""The concept document as OpenDocument Text (.odt, odfpy) for LibreOffice: the same blocks
and page as the Word file (A4 portrait, 2 cm margins, Arial, „Seite x von y“), the charts
embedded as pictures, table headers repeated on every page, styles LibreOffice knows by name
(Title, Heading 1, Heading 2, List Bullet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from odf import dc
from odf import meta as odfmeta
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    Footer,
    FooterStyle,
    GraphicProperties,
    HeaderFooterProperties,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P, PageCount, PageNumber

from ..export import accessible
from .blocks import Bullets, Document, Figure, Grid, Heading, PageBreak, Para

FONT = "Arial"


def _paragraph_style(doc: Any, name: str, parent: str = "Standard", **text: str) -> None:
    style = Style(name=name, family="paragraph", parentstylename=parent)
    breaks = text.pop("breakbefore", "")
    after = text.pop("marginbottom", "")
    if text:
        style.addElement(TextProperties(**text))
    paragraph = {k: v for k, v in (("breakbefore", breaks), ("marginbottom", after)) if v}
    if paragraph:
        style.addElement(ParagraphProperties(**paragraph))
    doc.automaticstyles.addElement(style)


def _styles(doc: Any) -> Any:
    """The document's styles; returns the pictures' frame style."""
    doc.fontfacedecls.addElement(FontFace(name=FONT, fontfamily=FONT, fontfamilygeneric="swiss",
                                          fontpitch="variable"))
    standard = Style(name="Standard", family="paragraph")
    standard.addElement(TextProperties(fontname=FONT, fontsize="10pt"))
    standard.addElement(ParagraphProperties(marginbottom="4pt"))
    doc.styles.addElement(standard)
    for name, display, size in (("Title", "Title", "18pt"), ("Heading_20_1", "Heading 1", "14pt"),
                                ("Heading_20_2", "Heading 2", "11.5pt")):
        style = Style(name=name, displayname=display, family="paragraph", parentstylename="Standard",
                      defaultoutlinelevel=None if name == "Title" else name[-1])
        style.addElement(TextProperties(fontname=FONT, fontsize=size, fontweight="bold",
                                        color="#1f3a5f"))
        style.addElement(ParagraphProperties(margintop="10pt", marginbottom="5pt",
                                             keepwithnext="always"))
        doc.styles.addElement(style)
    _paragraph_style(doc, "Warning", color="#b00020", fontweight="bold")
    _paragraph_style(doc, "Small", fontsize="8pt")
    _paragraph_style(doc, "Caption", fontsize="8.5pt", fontstyle="italic")
    _paragraph_style(doc, "Sub", fontsize="9.5pt")
    _paragraph_style(doc, "Break", breakbefore="page", marginbottom="0pt")
    bullets = ListStyle(name="List_20_Bullet", displayname="List Bullet")
    level = ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="2mm", minlabelwidth="5mm"))
    bullets.addElement(level)
    doc.automaticstyles.addElement(bullets)
    frame = Style(name="Bild", family="graphic")
    frame.addElement(GraphicProperties(anchortype="paragraph", wrap="none", horizontalpos="center",
                                       horizontalrel="paragraph"))
    doc.automaticstyles.addElement(frame)
    return frame


def _page(doc: Any, title: str) -> None:
    layout = PageLayout(name="Seite")
    layout.addElement(PageLayoutProperties(pagewidth="210mm", pageheight="297mm",
                                           printorientation="portrait", margintop="20mm",
                                           marginbottom="12mm", marginleft="20mm",
                                           marginright="20mm"))
    footer_style = FooterStyle()
    footer_style.addElement(HeaderFooterProperties(minheight="6mm", margintop="4mm"))
    layout.addElement(footer_style)
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    _paragraph_style(doc, "Fuss", fontsize="8pt")
    line = P(stylename="Fuss")
    line.addText(f"{title} · Seite ")
    line.addElement(PageNumber(selectpage="current", text="1"))
    line.addText(" von ")
    line.addElement(PageCount(text="1"))
    footer.addElement(line)
    master.addElement(footer)
    doc.masterstyles.addElement(master)


def _grid(doc: Any, grid: Grid, number: int) -> Any:
    name = f"Tabelle{number}"
    style = Style(name=name, family="table")
    style.addElement(TableProperties(width=f"{sum(grid.widths):.2f}cm", align="left"))
    doc.automaticstyles.addElement(style)
    table = Table(name=name, stylename=name)
    for index, width in enumerate(grid.widths):
        column = Style(name=f"{name}.C{index}", family="table-column")
        column.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
        doc.automaticstyles.addElement(column)
        table.addElement(TableColumn(stylename=column))
    cell_style = Style(name=f"{name}.Z", family="table-cell")
    cell_style.addElement(TableCellProperties(padding="1mm", border="0.5pt solid #000000"))
    doc.automaticstyles.addElement(cell_style)
    head_style = Style(name=f"{name}.K", family="table-cell")
    head_style.addElement(TableCellProperties(padding="1mm", border="0.5pt solid #000000",
                                              backgroundcolor="#dce6f0"))
    doc.automaticstyles.addElement(head_style)
    text_name = f"{name}.T"
    _paragraph_style(doc, text_name, fontsize=f"{grid.size:g}pt", marginbottom="0pt")
    bold_name = f"{name}.B"
    _paragraph_style(doc, bold_name, fontsize=f"{grid.size:g}pt", fontweight="bold",
                     marginbottom="0pt")

    row_style = Style(name=f"{name}.R", family="table-row")
    row_style.addElement(TableRowProperties(keeptogether="always"))  # never across a page
    doc.automaticstyles.addElement(row_style)

    def row(values: tuple[str, ...], cell: Any, paragraph: str) -> Any:
        element = TableRow(stylename=row_style)
        for value in values:
            content = TableCell(stylename=cell, valuetype="string")
            content.addElement(P(stylename=paragraph, text=value))
            element.addElement(content)
        return element

    header = TableHeaderRows()
    header.addElement(row(grid.header, head_style, bold_name))
    table.addElement(header)
    for values in grid.rows:
        table.addElement(row(values, cell_style, text_name))
    return table


def write_odt(document: Document, target: Path) -> None:
    doc: Any = OpenDocumentText()
    frame_style = _styles(doc)
    _page(doc, document.title)
    body = doc.text
    body.addElement(P(stylename="Title", text=document.title))
    body.addElement(P(stylename="Sub", text=document.subtitle))
    tables = pictures = 0
    pending_break = False
    for block in document.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if pending_break:
            body.addElement(P(stylename="Break"))
            pending_break = False
        if isinstance(block, Heading):
            body.addElement(H(outlinelevel=block.level, stylename=f"Heading_20_{block.level}",
                              text=block.text))
        elif isinstance(block, Para):
            style = {"warning": "Warning", "small": "Small"}.get(block.style, "Standard")
            body.addElement(P(stylename=style, text=block.text))
        elif isinstance(block, Bullets):
            listing = List(stylename="List_20_Bullet")
            for item in block.items:
                entry = ListItem()
                entry.addElement(P(stylename="Standard", text=item))
                listing.addElement(entry)
            body.addElement(listing)
        elif isinstance(block, Grid):
            tables += 1
            body.addElement(_grid(doc, block, tables))
            body.addElement(P(stylename="Small"))
        elif isinstance(block, Figure):
            pictures += 1
            width, height = block.size()
            href = doc.addPicture(f"Pictures/abbildung{pictures}.png", "image/png", block.png)
            holder = P(stylename="Standard")
            frame = Frame(stylename=frame_style, width=f"{width:.2f}cm", height=f"{height:.2f}cm",
                          anchortype="as-char", name=block.name or f"Abbildung {pictures}")
            frame.addElement(Image(href=href))
            accessible.odf_alt_text(frame, block.caption)
            holder.addElement(frame)
            body.addElement(holder)
            body.addElement(P(stylename="Caption", text=block.caption))
    props = document.properties
    doc.meta.addElement(dc.Title(text=str(props.get("title", document.title))))
    doc.meta.addElement(dc.Subject(text=str(props.get("subject", ""))))
    doc.meta.addElement(dc.Creator(text=str(props.get("author", ""))))
    doc.meta.addElement(odfmeta.InitialCreator(text=str(props.get("author", ""))))
    if "created" in props:
        doc.meta.addElement(odfmeta.CreationDate(text=props["created"].isoformat()))
    for keyword in str(props.get("keywords", "")).split("; "):
        if keyword:
            doc.meta.addElement(odfmeta.Keyword(text=keyword))
    accessible.odf_language(doc)
    doc.save(str(target))
