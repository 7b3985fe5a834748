"""What makes an exported document accessible beyond its text (EN 301 549 11.8.2, WCAG 1.3.1,
2.4.2, 3.1.1, 1.1.1): its language, alternative text for pictures and table header rows,
shared by the draft writers (``word.py``, ``odf.py``) and the reports (feedback, efficiency).
Titles and real headings each writer sets itself."""

from __future__ import annotations

from typing import Any

LANGUAGE = "de-DE"


def docx_language(document: Any, language: str = LANGUAGE) -> None:
    """Every run of a python-docx document in ``language`` unless it says otherwise (the
    template's default is en-US: a screen reader would read German with English rules)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    document.core_properties.language = language


def docx_plain_title(document: Any) -> None:
    """The "Title" style without the template's blue bottom border and theme colours: the
    title is marked as the title, and looks like the rest."""
    from docx.oxml.ns import qn

    properties = document.styles["Title"].element.pPr
    if properties is not None:
        for border in properties.findall(qn("w:pBdr")):
            properties.remove(border)


def docx_alt_text(shape: Any, text: str) -> None:
    """Alternative text of a picture added with ``add_picture`` (Word: „Alternativtext“)."""
    properties = shape._inline.docPr  # noqa: SLF001 - python-docx has no public setter
    properties.set("descr", text)
    properties.set("title", text.split(". ")[0][:120])


def docx_header_row(row: Any) -> None:
    """Mark a table's first row as its header (repeated on each page, read as headers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)  # noqa: SLF001 - python-docx has no public setter


def odf_language(doc: Any, language: str = LANGUAGE) -> None:
    """An odfpy document's text in ``language``: the default paragraph style and the meta data."""
    from odf import dc
    from odf.style import DefaultStyle, TextProperties

    lang, country = language.split("-")
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(language=lang, country=country))
    doc.styles.addElement(default)
    doc.meta.addElement(dc.Language(text=language))


def odf_alt_text(frame: Any, text: str) -> None:
    """Alternative text of a picture's frame (LibreOffice: „Alternativtext“ and description)."""
    from odf.svg import Desc, Title

    frame.addElement(Title(text=text.split(". ")[0][:120]))
    frame.addElement(Desc(text=text))
