"""Word (.docx) and OpenDocument (.odt): paragraphs in order, headings, lists, tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import WerkstattError
from . import check_zip, reader

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # encrypted OOXML and old binary Office files


def _refuse_ole(path: Path, data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        raise WerkstattError(
            f"„{path.name}“ ist kennwortgeschützt (verschlüsselt) oder ein altes "
            "Office-Format (.doc); bitte ohne Kennwort als .docx oder .odt speichern.")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraph(p: ET.Element) -> str:
    text = "".join(t.text or "" for t in p.iter(f"{W}t"))
    style = p.find(f"{W}pPr/{W}pStyle")
    name = (style.get(f"{W}val") or "") if style is not None else ""
    if text and name.lower().startswith(("heading", "überschrift", "title", "titel")):
        level = next((c for c in name if c.isdigit()), "1")
        return "#" * int(level) + " " + text
    if text and p.find(f"{W}pPr/{W}numPr") is not None:
        return "- " + text
    return text


def _docx_table(tbl: ET.Element) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells = [" ".join(filter(None, (_docx_paragraph(p) for p in tc.iter(f"{W}p"))))
                 for tc in tr.iter(f"{W}tc")]
        rows.append(" | ".join(c.strip() for c in cells))
    return rows


@reader(".docx")
def read_docx(path: Path, data: bytes) -> str:
    _refuse_ole(path, data)
    zf = check_zip(path, data, "Word-Dokument (.docx)")
    try:
        root = ET.fromstring(zf.read("word/document.xml"))
    except KeyError:
        raise WerkstattError(f"„{path.name}“ ist kein Word-Dokument (word/document.xml fehlt).") from None
    body = root.find(f"{W}body")
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == f"{W}p":
            lines.append(_docx_paragraph(child))
        elif child.tag == f"{W}tbl":
            lines.extend(_docx_table(child))
    return "\n".join(lines)


TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _odt_text(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_block(element: ET.Element, lines: list[str]) -> None:
    tag = element.tag
    if tag == f"{TEXT}h":
        level = int(element.get(f"{TEXT}outline-level", "1"))
        lines.append("#" * level + " " + _odt_text(element))
    elif tag == f"{TEXT}p":
        lines.append(_odt_text(element))
    elif tag == f"{TEXT}list":
        for item in element.iter(f"{TEXT}list-item"):
            texts = [_odt_text(p) for p in item if p.tag in (f"{TEXT}p", f"{TEXT}h")]
            if texts:
                lines.append("- " + " ".join(texts))
    elif tag == f"{TABLE}table":
        for row in element.iter(f"{TABLE}table-row"):
            cells = [" ".join(_odt_text(p) for p in cell.iter(f"{TEXT}p"))
                     for cell in row if cell.tag == f"{TABLE}table-cell"]
            lines.append(" | ".join(c.strip() for c in cells))
    elif tag == f"{TEXT}section":
        for child in element:
            _odt_block(child, lines)


@reader(".odt")
def read_odt(path: Path, data: bytes) -> str:
    _refuse_ole(path, data)
    zf = check_zip(path, data, "OpenDocument-Text (.odt)")
    manifest = "META-INF/manifest.xml"
    if manifest in zf.namelist() and b"encryption-data" in zf.read(manifest):
        raise WerkstattError(f"„{path.name}“ ist kennwortgeschützt; bitte ohne Kennwort speichern.")
    try:
        root = ET.fromstring(zf.read("content.xml"))
    except KeyError:
        raise WerkstattError(f"„{path.name}“ ist kein OpenDocument-Text (content.xml fehlt).") from None
    text_root = root.find(f"{OFFICE}body/{OFFICE}text")
    lines: list[str] = []
    for child in text_root if text_root is not None else []:
        _odt_block(child, lines)
    return "\n".join(lines)
