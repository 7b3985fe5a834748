"""Rendering a layout as OpenDocument Text (.odt, odfpy) for LibreOffice.

The same layouts as the Word writer, with the same geometry: letters use a first-page master
page carrying the letterhead and a following-page master page with "Seite x von y"; reports
number their pages in the footer. Styles have display names LibreOffice knows (Heading 1 …),
so the document stays editable with the usual tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from odf import dc
from odf import meta as odfmeta
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    Footer,
    FooterStyle,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TabStop,
    TabStops,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import (
    H,
    P,
    PageCount,
    PageNumber,
    Span,
    Tab,
)

from .. import markdown
from ..markdown import Block, ListNode, Run
from . import accessible
from . import geometry as g
from .layout import Layout, Letter, Report, Table
from .odf_lists import Lists

FONT = "Arial"


def _mm(value: float) -> str:
    return f"{value:.2f}mm"


def _pt(value: float) -> str:
    return f"{value:g}pt"


class _Writer:
    def __init__(self) -> None:
        self.doc: Any = OpenDocumentText()
        self.doc.fontfacedecls.addElement(FontFace(
            name=FONT, fontfamily=FONT, fontfamilygeneric="swiss", fontpitch="variable"))
        self._styles: dict[tuple[Any, ...], str] = {}
        self._tables = 0
        self.lists = Lists(self.doc)
        self._define_styles()

    # styles ----------------------------------------------------------------------------
    def _define_styles(self) -> None:
        standard = Style(name="Standard", family="paragraph")
        standard.addElement(TextProperties(fontname=FONT, fontsize=_pt(g.BODY_PT)))
        standard.addElement(ParagraphProperties(marginbottom=_pt(g.PARAGRAPH_GAP_PT)))
        self.doc.styles.addElement(standard)
        for level, size in ((0, g.TITLE_PT), (1, 15), (2, 13), (3, 12), (4, 11)):
            name = "Title" if level == 0 else f"Heading_20_{level}"
            style = Style(name=name, displayname="Title" if level == 0 else f"Heading {level}",
                          family="paragraph", parentstylename="Standard",
                          defaultoutlinelevel=str(level) if level else None)
            style.addElement(TextProperties(fontname=FONT, fontsize=_pt(size), fontweight="bold"))
            style.addElement(ParagraphProperties(margintop=_pt(12), marginbottom=_pt(6),
                                                 keepwithnext="always"))
            self.doc.styles.addElement(style)
        for name, props in (("Bold", {"fontweight": "bold"}), ("Italic", {"fontstyle": "italic"}),
                            ("BoldItalic", {"fontweight": "bold", "fontstyle": "italic"}),
                            ("Underline", {"textunderlinestyle": "solid",
                                           "textunderlinewidth": "auto",
                                           "textunderlinecolor": "font-color"})):
            style = Style(name=name, family="text")
            style.addElement(TextProperties(**props))
            self.doc.automaticstyles.addElement(style)

    def paragraph_style(self, size: float | None = None, align: str = "",
                        before: float | None = None, after: float | None = None,
                        tab: float | None = None) -> str:
        """An automatic paragraph style for this combination (made once, then reused)."""

        key = (size, align, before, after, tab)
        if key not in self._styles:
            name = f"P{len(self._styles) + 1}"
            style = Style(name=name, family="paragraph", parentstylename="Standard")
            if size:
                style.addElement(TextProperties(fontsize=_pt(size)))
            para: dict[str, str] = {}
            if align:
                para["textalign"] = {"right": "end", "center": "center"}[align]
            if before is not None:
                para["margintop"] = _pt(before)
            if after is not None:
                para["marginbottom"] = _pt(after)
            properties = ParagraphProperties(**para)
            if tab is not None:
                stops = TabStops()
                stops.addElement(TabStop(position=_mm(tab)))
                properties.addElement(stops)
            style.addElement(properties)
            self.doc.automaticstyles.addElement(style)
            self._styles[key] = name
        return self._styles[key]

    # content ---------------------------------------------------------------------------
    def para(self, runs: tuple[Run, ...] | str, style: str = "Standard") -> Any:
        paragraph = P(stylename=style)
        for run in (Run(runs),) if isinstance(runs, str) else runs:
            name = {(True, False): "Bold", (False, True): "Italic",
                    (True, True): "BoldItalic"}.get((run.bold, run.italic))
            pieces = run.text.split("\t")
            for index, piece in enumerate(pieces):
                if index:
                    paragraph.addElement(Tab())
                if piece and name:
                    paragraph.addElement(Span(stylename=name, text=piece))
                elif piece:
                    paragraph.addText(piece)
        return paragraph

    def page_numbers(self, style: str) -> Any:
        paragraph = P(stylename=style)
        paragraph.addText("Seite ")
        paragraph.addElement(PageNumber(selectpage="current", text="1"))
        paragraph.addText(" von ")
        paragraph.addElement(PageCount(text="1"))
        return paragraph

    def blocks(self, elements: tuple[Block | Table, ...]) -> None:
        for element in markdown.nest(elements):
            if isinstance(element, ListNode):
                self.doc.text.addElement(self.lists.element(
                    element, lambda block: self.para(block.runs, self.paragraph_style(after=3))))
            elif isinstance(element, Table):
                self.grid(element)
            elif element.kind == "heading":
                level = min(element.level, 4)
                heading = H(outlinelevel=level, stylename=f"Heading_20_{level}")
                for child in self.para(element.runs).childNodes[:]:
                    heading.appendChild(child)
                self.doc.text.addElement(heading)
            else:
                self.doc.text.addElement(self.para(element.runs))

    def table(self, widths: tuple[float, ...], grid: bool, row_height: float | None = None,
              master: str = "") -> tuple[Any, Any, str]:
        """An empty table with fixed column widths; returns the table, its cell style and
        its row style name ("" without a fixed row height)."""

        self._tables += 1
        name = f"Tabelle{self._tables}"
        style = Style(name=name, family="table", **({"masterpagename": master} if master else {}))
        style.addElement(TableProperties(width=_mm(sum(widths)), align="left"))
        self.doc.automaticstyles.addElement(style)
        table = OdfTable(name=name, stylename=name)
        for index, width in enumerate(widths):
            column = Style(name=f"{name}.C{index}", family="table-column")
            column.addElement(TableColumnProperties(columnwidth=_mm(width)))
            self.doc.automaticstyles.addElement(column)
            table.addElement(TableColumn(stylename=column))
        cell = Style(name=f"{name}.Zelle", family="table-cell")
        cell.addElement(TableCellProperties(
            padding="1.5mm" if grid else "0mm", border="0.5pt solid #000000" if grid else "none"))
        self.doc.automaticstyles.addElement(cell)
        if row_height is None:
            return table, cell, ""
        row = Style(name=f"{name}.Zeile", family="table-row")
        row.addElement(TableRowProperties(rowheight=_mm(row_height), useoptimalrowheight="false"))
        self.doc.automaticstyles.addElement(row)
        return table, cell, f"{name}.Zeile"

    def row(self, table: Any, cells: list[list[Any]], cell_style: Any, row_style: str = "") -> None:
        row = TableRow(**({"stylename": row_style} if row_style else {}))
        for content in cells:
            cell = TableCell(stylename=cell_style, valuetype="string")
            for paragraph in content or [self.para("")]:
                cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)

    def grid(self, table: Table) -> None:
        total = sum(table.widths)
        odf_table, cell, _ = self.table(tuple(g.TEXT_WIDTH * w / total for w in table.widths), grid=True)

        header = TableHeaderRows()
        self.row(header, [[self.para((Run(c, bold=True),), self.paragraph_style(after=0))]
                          for c in table.header], cell)
        odf_table.addElement(header)
        for values in table.rows:
            self.row(odf_table, [[self.para(v, self.paragraph_style(after=0))] for v in values], cell)
        self.doc.text.addElement(odf_table)
        self.doc.text.addElement(self.para("", self.paragraph_style(after=0)))


def write(layout: Layout, target: Path, label: str, meta: dict[str, Any]) -> None:
    writer = _Writer()
    if isinstance(layout, Letter):
        _letter(writer, layout)
    else:
        _report(writer, layout)
    writer.doc.text.addElement(writer.para(
        (Run(label, italic=True),), writer.paragraph_style(size=g.NOTE_PT, before=g.NOTE_GAP_PT)))
    _meta(writer.doc, meta)
    accessible.odf_language(writer.doc)  # de-DE: read with German rules
    writer.doc.save(str(target))


def _meta(doc: Any, meta: dict[str, Any]) -> None:
    doc.meta.addElement(dc.Title(text=meta["title"]))
    doc.meta.addElement(dc.Subject(text=meta["subject"]))
    doc.meta.addElement(dc.Description(text=meta["comments"]))
    doc.meta.addElement(dc.Creator(text=meta["author"]))
    doc.meta.addElement(odfmeta.InitialCreator(text=meta["author"]))
    doc.meta.addElement(odfmeta.CreationDate(text=meta["created"].isoformat()))
    doc.meta.addElement(dc.Date(text=meta["created"].isoformat()))
    for keyword in meta["keywords"].split("; "):
        doc.meta.addElement(odfmeta.Keyword(text=keyword))
    for name in ("identifier", "version", "content_status"):
        doc.meta.addElement(odfmeta.UserDefined(name=name, valuetype="string", text=meta[name]))


def _page_layout(writer: _Writer, name: str, top: float, header: float | None,
                 footer: float | None) -> Any:
    layout = PageLayout(name=name)
    layout.addElement(PageLayoutProperties(
        pagewidth=_mm(g.PAGE_WIDTH), pageheight=_mm(g.PAGE_HEIGHT), printorientation="portrait",
        margintop=_mm(top), marginbottom=_mm(g.BOTTOM if footer is None else 10),
        marginleft=_mm(g.LEFT), marginright=_mm(g.RIGHT)))
    if header is not None:
        style = HeaderStyle()
        style.addElement(HeaderFooterProperties(minheight=_mm(header), marginbottom=_mm(4)))
        layout.addElement(style)
    if footer is not None:
        style = FooterStyle()
        style.addElement(HeaderFooterProperties(minheight=_mm(footer), margintop=_mm(4)))
        layout.addElement(style)
    writer.doc.automaticstyles.addElement(layout)
    return layout


def _letter(writer: _Writer, letter: Letter) -> None:
    head = letter.head
    # LibreOffice counts the header's spacing into its height: body from 45 mm exactly.
    first_layout = _page_layout(writer, "Erstseite", g.HEADER_DISTANCE,
                                g.LETTERHEAD_HEIGHT - g.HEADER_DISTANCE, 6)
    next_layout = _page_layout(writer, "Folgeseite", g.HEADER_DISTANCE, 10, None)
    following = MasterPage(name="Folgeseite", pagelayoutname=next_layout)
    header = Header()
    header.addElement(writer.para(f"{head.value('organisation')} · {head.value('unit')}",
                                  writer.paragraph_style(size=g.SMALL_PT, after=0)))
    header.addElement(writer.page_numbers(writer.paragraph_style(size=g.SMALL_PT, align="right",
                                                                 after=0)))
    following.addElement(header)
    first = MasterPage(name="Standard", pagelayoutname=first_layout, nextstylename="Folgeseite")
    header = Header()
    header.addElement(writer.para((Run(head.value("organisation"), bold=True),),
                                  writer.paragraph_style(size=g.ORG_PT, align="right", after=0)))
    header.addElement(writer.para(head.value("unit"), writer.paragraph_style(size=g.UNIT_PT,
                                                                              align="right", after=0)))
    for line in head.address_lines():
        header.addElement(writer.para(line, writer.paragraph_style(size=g.SMALL_PT, align="right",
                                                                   after=0)))
    first.addElement(header)
    footer = Footer()
    footer.addElement(writer.para(g.footer_line(head), writer.paragraph_style(
        size=g.TINY_PT, align="center", after=0)))
    first.addElement(footer)
    writer.doc.masterstyles.addElement(first)
    writer.doc.masterstyles.addElement(following)

    table, cell, row_style = writer.table((g.ADDRESS_COLUMN, g.INFO_COLUMN), grid=False,
                               row_height=g.ADDRESS_HEIGHT, master="Standard")

    back = writer.para("", writer.paragraph_style(size=g.TINY_PT, before=g.mm_to_pt(g.RETURN_LINE_TOP),
                                                  after=3))
    back.addElement(Span(stylename="Underline", text=head.one_line()))
    address = [back] + [writer.para(line, writer.paragraph_style(after=0)) for line in letter.recipient]
    info = []
    for index, (caption, value) in enumerate(letter.info):
        info.append(writer.para(f"{caption}:\t{value}", writer.paragraph_style(
            size=g.SMALL_PT, before=g.info_space_before(index, caption), after=0,
            tab=g.INFO_LABEL_WIDTH)))
    writer.row(table, [address, info], cell, row_style)
    writer.doc.text.addElement(table)

    text = writer.doc.text
    text.addElement(writer.para((Run(letter.subject, bold=True),), writer.paragraph_style(
        before=g.SUBJECT_GAP_PT, after=g.BODY_PT * 2)))
    if letter.salutation:
        text.addElement(writer.para(letter.salutation))
    writer.blocks(letter.body)
    if letter.closing:
        text.addElement(writer.para(letter.closing, writer.paragraph_style(
            before=g.PARAGRAPH_GAP_PT, after=0)))
    for index, line in enumerate(letter.signature):
        text.addElement(writer.para(line, writer.paragraph_style(
            before=g.SIGNATURE_GAP_PT if index == 0 else 0, after=0)))


def _report(writer: _Writer, report: Report) -> None:
    layout = _page_layout(writer, "Seite", g.TOP, None, 6)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    footer.addElement(writer.page_numbers(writer.paragraph_style(size=g.SMALL_PT, align="center",
                                                                 after=0)))
    master.addElement(footer)
    writer.doc.masterstyles.addElement(master)
    if report.title:
        writer.doc.text.addElement(writer.para(report.title, "Title"))
    if report.facts:
        table, cell, _ = writer.table(g.FACTS_COLUMNS, grid=False)
        plain = writer.paragraph_style(after=2)
        for caption, value in report.facts:
            writer.row(table, [[writer.para((Run(caption, bold=True),), plain)],
                               [writer.para(value, plain)]], cell)
        writer.doc.text.addElement(table)
        writer.doc.text.addElement(writer.para(""))
    writer.blocks(report.body)
