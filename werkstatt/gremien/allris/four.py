"""ALLRIS 4 (``…/public/vo020?VOLFDNR=…``): the header as ``dl`` pairs (``dt`` label, ``dd``
value) with ids (``vobetreff``, ``vostatus``, ``voart``, ``vofamt``), the Beratungsfolge as a
table ``bfTable`` (``blocks`` reads its rows)."""

from __future__ import annotations

from .labels import LABELS, Fields, label
from .tree import Node, inner_text, walk

_ID_FIELDS = {"vobetreff": "subject", "vostatus": "status", "voart": "paper_type", "vofamt": "lead"}


def read(node: Node, found: Fields) -> None:
    """One element of the page: a header value by its id, or a ``dl`` of labels and values."""
    ident = node.attrs.get("id", "").lower()
    if ident in _ID_FIELDS:
        found.put(_ID_FIELDS[ident], inner_text(node, limit=2000))
    if node.tag != "dl":
        return
    key_now: str | None = None
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "dt":
            key_now = label(inner_text(child, limit=100), colon_needed=False)
        elif child.tag == "dd" and key_now is not None:
            if LABELS[key_now] and LABELS[key_now] not in ("consultations", "family"):
                found.put(LABELS[key_now], inner_text(child, limit=2000))
            key_now = None
    if any(label(inner_text(c, limit=100), False) for c in node.children
           if isinstance(c, Node) and c.tag == "dt"):
        found.header.append(node)


def names_consultations(node: Node) -> bool:
    """Whether ``node`` is the Beratungsfolge by its class or id (``bfTable``)."""
    ident = node.attrs.get("id", "").lower()
    return (node.tag == "table" and "bftable" in node.classes()) or ident == "bftable"


def consultation_table(node: Node) -> Node | None:
    """The table of a ``bfTable`` element: itself, or the first table inside it."""
    if node.tag == "table":
        return node
    return next((n for n in walk(node) if n.tag == "table"), None)
