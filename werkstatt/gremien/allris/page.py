"""A saved ALLRIS page → its paper: the page's bytes decoded, parsed into a bounded tree
(``tree``), the header read by the generation readers (``net``: ALLRIS net's label cells,
``four``: ALLRIS 4's ``dl`` pairs and ids), the Beratungsfolge and Stammbaum (``blocks``), the
readable text (``readable``); what the structure does not give comes from ``council.parse`` on
the page's text (``text``)."""

from __future__ import annotations

import codecs
import re

from ... import council
from ...documents import MAX_FILE_BYTES, MAX_TEXT_CHARS
from ...documents.text import decode_text
from ...documents.web import html_to_text
from ...errors import WerkstattError
from ...numbers import de
from . import four, net
from .blocks import block_rows, markers, plausible, read_consultations, read_relatives
from .labels import Fields
from .paper import Consultation, Relative, SavedPaper
from .readable import page_lines, readable_text, title_parts
from .text import council_reference, council_status, council_steps, family_from_text
from .tree import Node, build, own_rows, strip_comments, walk
from .words import clean_lead, clean_status, display_name, first_line, iso, reference_in, squash

READERS = (four.read, net.read)  # each reads the header elements of its ALLRIS generation


def _header_fields(elements: list[Node]) -> Fields:
    """The header's values, its block labels and elements, as the readers find them in the
    page's elements (in document order, so the first value of a field counts)."""
    found = Fields()
    for node in elements:
        for read in READERS:
            read(node, found)
    return found


def parse_html(markup: str, source: str = "") -> SavedPaper:
    """A saved ALLRIS page (ALLRIS net or ALLRIS 4) → its paper; any other page → a SavedPaper
    with reference "" and its title as subject. Raises ``WerkstattError`` only for a page
    beyond the document limits (file size, length of its text)."""
    if len(markup) > MAX_FILE_BYTES:
        raise WerkstattError(f"{display_name(source)} ist zu groß (höchstens "
                             f"{MAX_FILE_BYTES // (1024 * 1024)} MB).")
    markup = strip_comments(markup)
    root = build(markup)
    elements = walk(root)
    index = {id(n): i for i, n in enumerate(elements)}
    fields = _header_fields(elements)
    leave_out: set[int] = {id(n) for n in fields.header}

    steps: list[Consultation] = []
    for marker in markers(elements, "beratungsfolge", fields, "consultations"):
        rows, nodes = ([*own_rows(marker)], [marker]) if marker.tag == "table" else \
            block_rows(elements, index, marker)
        found = read_consultations(rows)
        if plausible(found):
            steps = found
            leave_out |= {id(n) for n in nodes} | {id(marker)}
            break
    family: list[Relative] = []
    for marker in markers(elements, "stammbaum", fields, "family"):
        rows, nodes = block_rows(elements, index, marker)
        found_family = read_relatives(rows)
        if found_family:
            family = found_family
            leave_out |= {id(n) for n in nodes} | {id(marker)}
            break

    kind, title_reference, page_title = title_parts(elements)
    plain = html_to_text(markup)
    text = readable_text(page_lines(root, leave_out))
    if not text and not (fields.header or steps or family):
        text = plain  # nothing of ALLRIS here, and the page furniture took all: keep all of it
    if len(text) > MAX_TEXT_CHARS:
        raise WerkstattError(f"{display_name(source)} ist mit {de(len(text))} Zeichen zu lang "
                             f"(höchstens {de(MAX_TEXT_CHARS)}).")
    fallback = council.parse(plain.replace(" | ", " "))
    if not family:
        family = family_from_text(plain)
    values = fields.values
    related = reference_in(values.get("related", ""))
    if related and all(r.reference != related for r in family):
        family.insert(0, Relative(related, "", ""))
    return SavedPaper(
        reference=title_reference or council_reference(fallback),
        subject=squash(values.get("subject", "")) or fallback.title or page_title or first_line(text),
        paper_type=values.get("paper_type", "") or kind or fallback.kind,
        status=clean_status(values.get("status", "")) or council_status(plain.replace(" | ", " ")),
        date=iso(values.get("date", "")) or iso(fallback.date),
        lead=clean_lead(values.get("lead", "")) or fallback.lead,
        consultations=steps or council_steps(fallback),
        family=family,
        text=text,
        source=source,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                           re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """A page's bytes as text: a byte-order mark, else the charset its ``<meta>`` declares
    (ISO-8859-1 read as windows-1252, as browsers do), else UTF-8, else windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            codec = ""
        if codec in ("iso8859-1", "ascii", "cp1252"):
            codec = "cp1252"
        if codec and codec != "utf-8" and not codec.startswith("utf-16"):
            try:
                return data.decode(codec, errors="replace")
            except LookupError:  # a codec that is no text encoding ("rot13", "hex")
                pass
    return decode_text(data)
