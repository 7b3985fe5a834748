"""Word (.docx) and OpenDocument (.odt): paragraphs in order, headings, lists, tables,
and page headers and footers where they carry text (letterhead, reference, not page numbers).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from pathlib import Path

from defusedxml import ElementTree as SafeET

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
    text = "".join(e.text or "" if e.tag == f"{W}t" else " "
                   for e in p.iter() if e.tag in (f"{W}t", f"{W}tab")).strip()
    style = p.find(f"{W}pPr/{W}pStyle")
    name = (style.get(f"{W}val") or "").lower() if style is not None else ""
    if text and name.startswith(("heading", "überschrift", "title", "titel")):
        level = next((c for c in name if c.isdigit()), "1")
        return "#" * int(level) + " " + text
    if text and (p.find(f"{W}pPr/{W}numPr") is not None or name.startswith(("list", "liste"))):
        return "- " + text
    return text


def _docx_table(tbl: ET.Element) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells = [" ".join(filter(None, (_docx_paragraph(p) for p in tc.iter(f"{W}p"))))
                 for tc in tr.iter(f"{W}tc")]
        rows.append(" | ".join(c.strip() for c in cells))
    return rows


_PAGE_NUMBER = re.compile(r"^(Seite|Page)?\s*\d+\s*((von|of|/)\s*\d+)?$", re.I)


def _with_margins(body: str, headers: Iterable[str], footers: Iterable[str]) -> str:
    """The body framed by the distinct header and footer texts that say something."""
    def useful(texts: Iterable[str]) -> list[str]:
        kept: list[str] = []
        for text in texts:
            text = " ".join(text.split())
            if text and not _PAGE_NUMBER.match(text) and text not in kept:
                kept.append(text)
        return kept

    top = [f"Kopfzeile: {t}" for t in useful(headers)]
    bottom = [f"Fußzeile: {t}" for t in useful(footers)]
    return "\n\n".join(filter(None, ("\n".join(top), body, "\n".join(bottom))))


def _docx_margins(zf: zipfile.ZipFile, kind: str) -> list[str]:
    texts = []
    for name in sorted(zf.namelist()):
        if re.fullmatch(rf"word/{kind}\d*\.xml", name):
            root = SafeET.fromstring(zf.read(name))
            texts.append(" · ".join(filter(None, (_docx_paragraph(p).strip()
                                                  for p in root.iter(f"{W}p")))))
    return texts


@reader(".docx")
def read_docx(path: Path, data: bytes) -> str:
    _refuse_ole(path, data)
    zf = check_zip(path, data, "Word-Dokument (.docx)")
    try:
        root = SafeET.fromstring(zf.read("word/document.xml"))
    except KeyError:
        raise WerkstattError(f"„{path.name}“ ist kein Word-Dokument (word/document.xml fehlt).") from None
    body = root.find(f"{W}body")
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == f"{W}p":
            lines.append(_docx_paragraph(child))
        elif child.tag == f"{W}tbl":
            lines.extend(_docx_table(child))
    return _with_margins("\n".join(lines), _docx_margins(zf, "header"), _docx_margins(zf, "footer"))


TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


MAX_SPACES = 100  # <text:s text:c="200000000"/> is a space bomb, not layout


def _spaces(element: ET.Element) -> str:
    try:
        count = int(element.get(f"{TEXT}c", "1"))
    except ValueError:
        count = 1
    return " " * max(1, min(count, MAX_SPACES))


def _odt_text(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            parts.append(_spaces(child))
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
        title = element.get(f"{TEXT}style-name", "") in ("Title", "Titel")
        lines.append(("# " if title else "") + _odt_text(element))
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
        root = SafeET.fromstring(zf.read("content.xml"))
    except KeyError:
        raise WerkstattError(f"„{path.name}“ ist kein OpenDocument-Text (content.xml fehlt).") from None
    text_root = root.find(f"{OFFICE}body/{OFFICE}text")
    lines: list[str] = []
    for child in text_root if text_root is not None else []:
        _odt_block(child, lines)
    margins: dict[str, list[str]] = {"header": [], "footer": []}
    if "styles.xml" in zf.namelist():
        for element in SafeET.fromstring(zf.read("styles.xml")).iter():
            kind = element.tag.removeprefix(STYLE).split("-")[0]
            if element.tag.startswith(STYLE) and kind in margins:
                margins[kind].append(" · ".join(
                    filter(None, (_odt_text(p).strip() for p in element.iter(f"{TEXT}p")))))
    return _with_margins("\n".join(lines), margins["header"], margins["footer"])
