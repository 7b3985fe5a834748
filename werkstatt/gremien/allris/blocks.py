"""The Beratungsfolge and the Stammbaum of a page: where each block begins (a caption, a
label cell, a heading, ALLRIS 4's ``bfTable``), its rows, and what their cells hold (a date, a
body, a role, a result; a reference, a subject, a date)."""

from __future__ import annotations

import re

from . import four
from .labels import MAX_MARKERS, Fields
from .paper import Consultation, Relative
from .tree import Node, ancestor, cells_of, inner_text, own_rows, walk
from .words import STATUS_MARKS, TABLE_HEADS, is_result, iso, reference_in, role_of


def _following(elements: list[Node], index: dict[int, int], marker: Node,
               tags: frozenset[str]) -> Node | None:
    """The first element with one of ``tags`` after ``marker`` in document order."""
    for i in range(index[id(marker)] + 1, len(elements)):
        if elements[i].tag in tags:
            return elements[i]
    return None


def _contains(outer: Node, inner: Node) -> bool:
    up: Node | None = inner
    while up is not None:
        if up is outer:
            return True
        up = up.parent
    return False


def block_rows(elements: list[Node], index: dict[int, int],
               marker: Node) -> tuple[list[Node], list[Node]]:
    """The rows (``tr`` or ``li``) a marker ("Beratungsfolge:", "Stammbaum") introduces, and the
    nodes they make up (left out of the text): a caption's table; for a label cell a table
    nested below it in its own table, else the rest of its own table, else the next table or
    list; for a heading the next table or list."""
    if marker.tag == "caption" and marker.parent is not None:
        return own_rows(marker.parent), [marker.parent]
    following = _following(elements, index, marker, frozenset({"table", "ul", "ol"}))
    if marker.tag in ("td", "th"):
        own = ancestor(marker, frozenset({"table"}))
        row = ancestor(marker, frozenset({"tr"}))
        if own is not None and following is not None and _contains(own, following):
            return _list_rows(following), [following] + ([row] if row is not None else [])
        if own is not None and row is not None:
            rows = own_rows(own)
            after = rows[rows.index(row) + 1:] if row in rows else []
            if after:
                return after, after + [row]
    if following is not None:
        return _list_rows(following), [following, marker]
    return [], []


def _list_rows(block: Node) -> list[Node]:
    if block.tag == "table":
        return own_rows(block)
    return [n for n in walk(block) if n.tag == "li"]


def markers(elements: list[Node], word: str, fields: Fields, key: str) -> list[Node]:
    """Where a block begins: captions and tables named for it (``bfTable``), label cells
    (ALLRIS net, found with the header), headings whose whole text is ``word``."""
    found: list[Node] = []
    for node in elements:
        if len(found) >= MAX_MARKERS:
            break
        if key == "consultations" and four.names_consultations(node):  # ALLRIS 4
            table = four.consultation_table(node)
            if table is not None:
                found.append(table)
        elif node.tag in ("caption", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "b",
                          "strong", "legend", "th", "td", "dt") and \
                inner_text(node, limit=60).rstrip(":").strip().lower() == word:
            if any(node.parent is earlier for earlier in found):
                continue  # "<td><b>Stammbaum:</b></td>": the cell is the marker
            found.append(node)
    labelled = fields.markers.get(key, [])
    return labelled + [n for n in found if n not in labelled]


def read_consultations(rows: list[Node]) -> list[Consultation]:
    """Rows of a Beratungsfolge, in either rhythm: a row per body (Gremium, role) followed by a
    row per session (date, session, result), or one row with all of it."""
    out: list[Consultation] = []
    pending: Consultation | None = None
    for row in rows:
        cells = cells_of(row) or [row]
        texts: list[str] = []
        for i, cell in enumerate(cells):
            text = inner_text(cell) if cell is not row else inner_text(row, frozenset({"ul", "ol"}))
            low = text.lower().lstrip("● ").strip()
            if not text or any("color" in c for c in cell.classes()) or \
                    (i == 0 and (low in STATUS_MARKS or text.startswith("●"))):
                continue
            texts.append(text)
        if not texts or all(t.lower().rstrip(":") in TABLE_HEADS for t in texts) or \
                all(c.tag == "th" for c in cells):
            continue
        date_at = next((i for i, t in enumerate(texts) if len(t) <= 40 and iso(t)), None)
        role_at = next((i for i, t in enumerate(texts) if role_of(t)), None)
        session_at = next((i for i, t in enumerate(texts) if i != date_at and "sitzung" in t.lower()),
                          None)
        result_at = next((i for i, t in enumerate(texts)
                          if i not in (date_at, role_at, session_at) and is_result(t)), None)
        if result_at is None and session_at is not None and date_at is not None:
            result_at = next((i for i in range(session_at + 1, len(texts))
                              if i not in (role_at,) and not iso(texts[i])), None)
        others = [t for i, t in enumerate(texts) if i not in (date_at, role_at, session_at, result_at)]
        role = role_of(texts[role_at]) if role_at is not None else ""
        result = texts[result_at] if result_at is not None else ""
        if date_at is not None:
            when = iso(texts[date_at])
            if role:
                pending = Consultation(when, others[0] if others else (pending.body if pending else ""),
                                       role, result)
                out.append(pending)
            elif pending is not None and not pending.date:
                pending.date, pending.result = when, result
            elif pending is not None:
                pending = Consultation(when, pending.body, pending.role, result)
                out.append(pending)
            else:
                pending = Consultation(when, others[0] if others else "", "", result)
                out.append(pending)
        elif role:
            pending = Consultation("", others[0] if others else "", role, result)
            out.append(pending)
        elif others and len(others) <= 2 and len(others[0]) <= 120:
            pending = Consultation("", others[0], others[1] if len(others) > 1 else "", result)
            out.append(pending)
    return out


def plausible(steps: list[Consultation]) -> bool:
    """Whether the steps name a body with a role or a date (a Beratungsfolge, not a menu)."""
    return any(s.body and (s.role or s.date) for s in steps)


_TRAILING_DATE = re.compile(r"[\s,;–-]*\(?\s*(\d{1,2}\.\d{1,2}\.\d{2,4})\s*\)?\s*$")


def read_relatives(rows: list[Node]) -> list[Relative]:
    """Rows of a Stammbaum: each row's reference, subject and date."""
    out: list[Relative] = []
    for row in rows:
        cells = cells_of(row)
        if cells:
            texts = [inner_text(c) for c in cells]
        else:
            texts = [inner_text(row, frozenset({"ul", "ol"}))]
        at = next((i for i, t in enumerate(texts) if reference_in(t)), None)
        if at is None:
            continue
        reference = reference_in(texts[at])
        rest = texts[at].split(reference, 1)[1].strip(" :–-|")
        subject = rest or next((t for t in texts[at + 1:] if t), "")
        if cells:  # a table: a cell of its own holds the date
            when = next((iso(t) for t in texts if len(t) <= 40 and iso(t)), "")
        else:  # a list: "VO/…: Betreff (02.03.2026)"
            m = _TRAILING_DATE.search(subject)
            when = iso(m.group(1)) if m else ""
            subject = subject[:m.start()].strip() if m and when else subject
        out.append(Relative(reference, subject, when))
    return out
