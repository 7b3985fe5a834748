"""ALLRIS net (``…/bi/vo020.asp?VOLFDNR=…``): the header is a table of label cells (``td.kb1``:
"Betreff:", "Status:", "Federführend:", "Bezüglich:", …), each followed by its value cell, or
"Betreff: …" in one cell; the label cells "Beratungsfolge:" and "Stammbaum:" mark where those
blocks begin (``blocks`` reads them)."""

from __future__ import annotations

import re

from .labels import LABELS, MAX_MARKERS, Fields, label
from .tree import Node, cells_of, holds_blocks, inner_text


def read(node: Node, found: Fields) -> None:
    """One element of the page: a row of label and value cells adds its fields to ``found``."""
    if node.tag != "tr":
        return
    cells = cells_of(node)
    labelled = False
    for i, cell in enumerate(cells):
        own = inner_text(cell, limit=400)
        key = label(own, colon_needed="kb1" not in cell.classes())
        if key is None:
            m = re.match(r"^([^:]{2,30}):\s*(\S.*)$", own)  # "Betreff: …" in one cell
            if m and len(own) < 400 and label(m.group(1) + ":", True) and \
                    LABELS[m.group(1).lower()] and not holds_blocks(cell):
                found.put(LABELS[m.group(1).lower()], m.group(2))
                labelled = True
            continue
        labelled = True
        name = LABELS[key]
        if name in ("consultations", "family"):
            cells_so_far = found.markers.setdefault(name, [])
            if len(cells_so_far) < MAX_MARKERS:
                cells_so_far.append(cell)
            continue
        value = cells[i + 1] if i + 1 < len(cells) else None
        if name and value is not None and label(inner_text(value, limit=400), True) is None:
            found.put(name, inner_text(value, limit=2000))
    if labelled:
        found.header.append(node)
