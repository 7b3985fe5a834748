"""Council papers saved from ALLRIS by hand — a Vorlage's page (.htm/.html) or its PDF or text —
told apart into reference, Betreff, status, lead, Beratungsfolge, Stammbaum and text.

Two generations of ALLRIS pages are read from their structure (tests/data/allris/README.md):

- ALLRIS net (``…/bi/vo020.asp?VOLFDNR=…``, often windows-1252 without a declared charset): the
  title ``<h1>Vorlage - VO/2023/12419-02</h1>`` in ``div#risname``; a header table of label cells
  (``td.kb1``: "Betreff:", "Status:", "Federführend:", "Bezüglich:", …) each followed by its
  value cell; under the label "Beratungsfolge:" a nested table with a row per body (status,
  Gremium, role such as "Entscheidung") and a row per session (date, TO button, session, result
  such as "ungeändert beschlossen", NA button); the text parts after ``<a name="allrisBV">``,
  ``allrisSV``, ``allrisFA``, ``allrisAN``, each an embedded HTML document with its own
  ``<title>`` and ``<style>``; at the end the Stammbaum, one row per version of the paper.
- ALLRIS 4 (``…/public/vo020?VOLFDNR=…``, UTF-8): ``<h1 class="title">Beschlussvorlage -
  …</h1>``, the header as ``dl`` pairs (``dt`` label, ``dd`` value; ids ``vobetreff``,
  ``vostatus``, ``voart``, ``vofamt``, …), the Beratungsfolge as a table (caption
  "Beratungsfolge", ``bfTable``) in the same two-row rhythm, the text parts in panels.

No class name is relied on alone: fields are found by their labels, the Beratungsfolge and the
Stammbaum by their caption, heading or label and by what their cells hold (a date, a role, a
result, a reference), the sections by their headings. What the structure does not give comes
from ``council.parse`` on the page's text; PDFs and text files go through ``council.parse``.

A page is parsed with the standard library's ``html.parser`` into a tree of bounded depth and
size, walked without recursion (100,000 nested tags cost no stack). ``read_saved`` parses a page
in a child process under the document readers' time and memory limits (``documents``), so a
hostile file costs at most those and ends in a German ``WerkstattError``.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .. import council
from ..documents import (
    MAX_FILE_BYTES,
    MAX_READER_MEMORY,
    MAX_SECONDS,
    MAX_TEXT_CHARS,
    read_bytes,
    read_data,
    read_document,
)
from ..documents.text import decode_text, looks_binary
from ..documents.web import html_to_text
from ..errors import WerkstattError
from ..numbers import de

__all__ = ["Consultation", "Relative", "SavedPaper", "decode_html", "parse_html", "parse_text",
           "read_saved"]

MAX_DEPTH = 200  # deeper tags are ignored (their text goes to their 200th ancestor)
MAX_ELEMENTS = 300_000  # further tags are ignored (their text is kept)
MAX_MARKERS = 8  # places tried where a Beratungsfolge or Stammbaum may begin


@dataclass
class Consultation:
    """One step of the Beratungsfolge: when, which body, in which role, with what result."""

    date: str  # ISO "2025-12-04", "" if not (yet) known
    body: str  # "Bürgerschaft der Hansestadt Lübeck"
    role: str  # "Entscheidung", "Vorberatung", "Kenntnisnahme" ("zur " dropped)
    result: str  # "ungeändert beschlossen", … ("" if none yet)


@dataclass
class Relative:
    """A paper of the Stammbaum: an earlier or later version, an amendment, the original."""

    reference: str
    subject: str
    date: str  # ISO or ""


@dataclass
class SavedPaper:
    """What a saved page or file says about its paper. ``reference`` is "" if it is no council
    paper (the caller decides what to do with it); ``text`` is the readable text: for a page
    its sections with their headings on lines of their own, for a PDF or text file all of it."""

    reference: str = ""
    subject: str = ""
    paper_type: str = ""  # "Vorlage", "Beschlussvorlage", "Auszug", …
    status: str = ""  # "öffentlich", "nichtöffentlich", …
    date: str = ""  # ISO date of the paper, "" if not stated
    lead: str = ""  # Federführend
    consultations: list[Consultation] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)  # the Stammbaum as listed (with itself)
    text: str = ""
    source: str = ""


# --- dates, references, words --------------------------------------------------------------

_MONTHS = {"januar": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "maerz": 3,
           "mrz": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6,
           "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
           "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12,
           "dez": 12, "dec": 12}
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_WORDS = re.compile(r"\b(\d{1,2})\.?\s+([A-Za-zÄÖÜäöü]{3,9})\.?\s+(\d{4})\b")
_DATE_YMD_WORDS = re.compile(r"\b(\d{4})\s+([A-Za-z]{3,9})\.?\s+(\d{1,2})\b")  # "2026 Sep 3"
# Lübeck: "VO/2023/12419-02", "2023/12437-09-02", "SI/2023/443"; elsewhere "0456/2010",
# "25-30/01551", "1/26". Only looked for where a reference is expected (the title after a
# paper's kind, a Stammbaum row, "Bezüglich:").
_REFERENCE = re.compile(r"(?<![\w/.])(?:[A-ZÄÖÜ]{1,4}/)?\d{1,4}(?:-\d{2})?/\d{1,6}(?:-\d{1,3})*(?![\w/])")
_TITLE = re.compile(r"^\s*([^\d\s][^\d–-]{0,60}?)\s+[-–]\s+(\S.*)$")  # "Beschlussvorlage - 1/26"
_ROLES = {"entscheidung", "vorberatung", "kenntnisnahme", "beratung", "anhörung", "senatsberatung",
          "stellungnahme", "beschlussfassung", "information", "empfehlung", "beschlussempfehlung",
          "beratung und entscheidung", "beratung und beschlussfassung", "vorberatung und empfehlung"}
_RESULT_WORDS = ("beschlossen", "abgelehnt", "kenntnis genommen", "vertagt",
                 "zurückgezogen", "verwiesen", "überwiesen", "empfohlen", "zugestimmt", "abgesetzt",
                 "ohne votum", "angenommen", "erledigt durch")
_STATUS_MARKS = {"erledigt", "bereit", "offen", "geplant", "in bearbeitung", "●"}
_TABLE_HEADS = {"datum", "gremium", "status", "beschluss", "na", "to", "top", "rolle", "zuständigkeit",
                "ergebnis", "sitzung", "beratungsart", "aktion", "beschlussart", "vorlage",
                "betreff", "federführend", "art", "nr.", "nummer", "vorlagen-nr."}
SECTIONS = tuple(council.SECTIONS) + ("Sachverhalt/Begründung", "Begründung/Sachverhalt",
                                      "Beschlussempfehlung", "Empfehlung", "Mitteilung")
_SECTION_NAMES = {s.lower() for s in SECTIONS}
_NOISE_LINES = {"reduzieren", "erweitern", "drucken", "nach oben", "seitenanfang",
                "zum seitenanfang", "zurück", "schließen", "beratungsfolge", "beratungsfolge:"}
_KINDS = re.compile(r"(?i)vorlage|antrag|anfrage|mitteilung|drucksache|beschluss|bericht|auszug|"
                    r"stellungnahme|niederschrift|antwort|empfehlung|information|dringlich|änderung|"
                    r"ergänzung|eingabe|petition|resolution")


def _iso(text: str) -> str:
    """The first recognisable date in ``text`` as "YYYY-MM-DD" ("04.12.2025" → "2025-12-04")."""
    candidates: list[tuple[int, int, int, int]] = []  # (position, year, month, day)
    for m in _DATE_NUMERIC.finditer(text):
        year = int(m.group(3))
        year += (2000 if year < 70 else 1900) if len(m.group(3)) == 2 else 0
        candidates.append((m.start(), year, int(m.group(2)), int(m.group(1))))
    for m in _DATE_ISO.finditer(text):
        candidates.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DATE_WORDS.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            candidates.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for m in _DATE_YMD_WORDS.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            candidates.append((m.start(), int(m.group(1)), month, int(m.group(3))))
    for _, year, month, day in sorted(candidates):
        try:
            return _date(year, month, day).isoformat()
        except ValueError:
            continue
    return ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def _reference_in(text: str) -> str:
    m = _REFERENCE.search(text)
    return m.group(0) if m else ""


def _role(text: str) -> str:
    """ "zur Entscheidung" → "Entscheidung"; "" if ``text`` names no role."""
    words = _squash(text)
    bare = re.sub(r"^(zur|zum|zu)\s+", "", words, flags=re.IGNORECASE)
    if len(words) > 50 or _is_result(words):
        return ""
    if bare.lower() in _ROLES or (bare != words and len(bare) <= 40):
        return bare[:1].upper() + bare[1:]
    return ""


def _is_result(text: str) -> bool:
    low = text.lower()
    return len(low) <= 80 and any(word in low for word in _RESULT_WORDS)


def _clean_lead(value: str) -> str:
    """As ``council`` does: "1.101 - Bürgermeisterkanzlei" → "Bürgermeisterkanzlei"."""
    return re.sub(r"^\d+(\.\d+)*\s*-\s*", "", _squash(value)).strip(" ,;")


def _clean_status(value: str) -> str:
    value = _squash(re.sub(r"\([^)]*\)", "", value))
    return value.lower() if re.match(r"(?i)(nicht)?\s*öffentlich", value) else value


def _display(source: str) -> str:
    return f"„{Path(source).name or source}“" if source else "Die Seite"


# --- a small tree from html.parser ---------------------------------------------------------

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "keygen", "basefont", "frame"})
# A start tag closes these open elements, looking no further down than the boundary tags.
_CLOSES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "tbody": (frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"}), frozenset({"table"})),
    "thead": (frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"}), frozenset({"table"})),
    "tfoot": (frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"}), frozenset({"table"})),
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "option": (frozenset({"option"}), frozenset({"select"})),
    "p": (frozenset({"p"}), frozenset({"div", "td", "th", "li", "table", "body", "section",
                                       "article", "dd", "blockquote", "form"})),
}
_NO_TEXT = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "math",
                      "button", "select", "option", "textarea", "iframe", "object"})


class _Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []
        self.parent = parent

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").lower().split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.stack: list[_Node] = [self.root]
        self.open: Counter[str] = Counter()
        self.elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rule = _CLOSES.get(tag)
        if rule and any(self.open[t] for t in rule[0]):
            closable, boundary = rule
            for i in range(len(self.stack) - 1, 0, -1):
                open_tag = self.stack[i].tag
                if open_tag in boundary:
                    break
                if open_tag in closable:
                    self._pop_to(i)
                    break
        if self.elements >= MAX_ELEMENTS or len(self.stack) >= MAX_DEPTH:
            return
        self.elements += 1
        node = _Node(tag, {k: (v or "") for k, v in attrs[:30]}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)
            self.open[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.open[tag]:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            self.open[self.stack.pop().tag] -= 1


def _strip_comments(markup: str) -> str:
    """The markup without comments, in one pass: ``html.parser`` takes quadratic time over
    many unclosed ``<!--`` (Python 3.11.7). An unclosed comment runs to the end, as in browsers."""
    out: list[str] = []
    at = 0
    while True:
        start = markup.find("<!--", at)
        if start < 0:
            out.append(markup[at:])
            break
        out.append(markup[at:start])
        end = markup.find("-->", start + 4)
        if end < 0:
            break
        at = end + 3
    return "".join(out)


def _build(markup: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def _walk(root: _Node) -> list[_Node]:
    """All elements below ``root`` in document order (without recursion)."""
    out: list[_Node] = []
    stack: list[_Node] = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))
    return out[1:]


def _text(node: _Node, stop: frozenset[str] = frozenset(), limit: int = 0) -> str:
    """The element's visible text on one line (scripts, buttons, … left out); with ``limit``
    only about its first ``limit`` characters (enough to tell a label)."""
    parts: list[str] = []
    size = 0
    budget = limit * 4 + 200 if limit else -1  # elements visited, so empty subtrees cost little
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        budget -= 1
        if budget == 0:
            break
        if isinstance(item, str):
            parts.append(item)
            size += len(item)
            if limit and size > limit:
                break
        elif item is node or (item.tag not in _NO_TEXT and item.tag not in stop):
            if item.tag == "br":
                parts.append(" ")
            stack.extend(reversed(item.children))
    return _squash(" ".join(parts))


def _holds_blocks(node: _Node, budget: int = 500) -> bool:
    """Whether tables, divs or paragraphs lie below ``node`` (True for a big subtree, too)."""
    stack = [c for c in node.children if isinstance(c, _Node)]
    while stack:
        budget -= 1
        item = stack.pop()
        if budget <= 0 or item.tag in ("table", "div", "p"):
            return True
        stack.extend(c for c in item.children if isinstance(c, _Node))
    return False


def _ancestor(node: _Node, tags: frozenset[str]) -> _Node | None:
    up = node.parent
    while up is not None and up.tag not in tags:
        up = up.parent
    return up


def _rows(table: _Node) -> list[_Node]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows: list[_Node] = []
    stack = [c for c in reversed(table.children) if isinstance(c, _Node)]
    while stack:
        node = stack.pop()
        if node.tag == "tr":
            rows.append(node)
        elif node.tag != "table":
            stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))
    return rows


def _cells(row: _Node) -> list[_Node]:
    return [c for c in row.children if isinstance(c, _Node) and c.tag in ("td", "th")]


# --- the page ------------------------------------------------------------------------------

# Header labels → field ("" for labels that only mark a header row).
_LABELS = {
    "betreff": "subject", "status": "status", "vorlage-art": "paper_type", "vorlageart": "paper_type",
    "vorlagenart": "paper_type", "drucksache-art": "paper_type", "drucksachenart": "paper_type",
    "art": "paper_type", "federführend": "lead", "federführung": "lead", "federführendes amt": "lead",
    "federführende dienststelle": "lead", "federführender bereich": "lead", "datum": "date",
    "vorlagedatum": "date", "datum der vorlage": "date", "bezüglich": "related",
    "beratungsfolge": "consultations", "stammbaum": "family", "dezernent/in": "", "aktenzeichen": "",
    "bearbeiter/-in": "", "bearbeiter/in": "", "bearbeitung": "", "sachbearbeiter/-in": "",
    "verfasser": "", "verfasser/-in": "", "beteiligt": "", "beteiligte ämter": "", "initiator": "",
    "antragsteller/-in": "",
}
_ID_FIELDS = {"vobetreff": "subject", "vostatus": "status", "voart": "paper_type", "vofamt": "lead"}


def _label(text: str, colon_needed: bool) -> str | None:
    """The header label a cell or ``dt`` holds ("Federführend:" → "federführend"), or None."""
    text = _squash(text)
    if colon_needed and not text.endswith(":"):
        return None
    key = text.rstrip(":").strip().lower()
    return key if key in _LABELS else None


@dataclass
class _Fields:
    values: dict[str, str] = field(default_factory=dict)
    markers: dict[str, list[_Node]] = field(default_factory=dict)  # label cell per block label
    header: list[_Node] = field(default_factory=list)  # rows and dl that are left out of the text

    def put(self, key: str, value: str) -> None:
        if value and not self.values.get(key):
            self.values[key] = value


def _header_fields(elements: list[_Node]) -> _Fields:
    found = _Fields()
    for node in elements:
        ident = node.attrs.get("id", "").lower()
        if ident in _ID_FIELDS:
            found.put(_ID_FIELDS[ident], _text(node, limit=2000))
        if node.tag == "tr":
            cells = _cells(node)
            labelled = False
            for i, cell in enumerate(cells):
                own = _text(cell, limit=400)
                key = _label(own, colon_needed="kb1" not in cell.classes())
                if key is None:
                    m = re.match(r"^([^:]{2,30}):\s*(\S.*)$", own)  # "Betreff: …" in one cell
                    if m and len(own) < 400 and _label(m.group(1) + ":", True) and \
                            _LABELS[m.group(1).lower()] and not _holds_blocks(cell):
                        found.put(_LABELS[m.group(1).lower()], m.group(2))
                        labelled = True
                    continue
                labelled = True
                name = _LABELS[key]
                if name in ("consultations", "family"):
                    cells_so_far = found.markers.setdefault(name, [])
                    if len(cells_so_far) < MAX_MARKERS:
                        cells_so_far.append(cell)
                    continue
                value = cells[i + 1] if i + 1 < len(cells) else None
                if name and value is not None and _label(_text(value, limit=400), True) is None:
                    found.put(name, _text(value, limit=2000))
            if labelled:
                found.header.append(node)
        elif node.tag == "dl":
            key_now: str | None = None
            for child in node.children:
                if not isinstance(child, _Node):
                    continue
                if child.tag == "dt":
                    key_now = _label(_text(child, limit=100), colon_needed=False)
                elif child.tag == "dd" and key_now is not None:
                    if _LABELS[key_now] and _LABELS[key_now] not in ("consultations", "family"):
                        found.put(_LABELS[key_now], _text(child, limit=2000))
                    key_now = None
            if any(_label(_text(c, limit=100), False) for c in node.children
                   if isinstance(c, _Node) and c.tag == "dt"):
                found.header.append(node)
    return found


def _following(elements: list[_Node], index: dict[int, int], marker: _Node,
               tags: frozenset[str]) -> _Node | None:
    """The first element with one of ``tags`` after ``marker`` in document order."""
    for i in range(index[id(marker)] + 1, len(elements)):
        if elements[i].tag in tags:
            return elements[i]
    return None


def _contains(outer: _Node, inner: _Node) -> bool:
    up: _Node | None = inner
    while up is not None:
        if up is outer:
            return True
        up = up.parent
    return False


def _block_rows(elements: list[_Node], index: dict[int, int],
                marker: _Node) -> tuple[list[_Node], list[_Node]]:
    """The rows (``tr`` or ``li``) a marker ("Beratungsfolge:", "Stammbaum") introduces, and the
    nodes they make up (left out of the text): a caption's table; for a label cell a table
    nested below it in its own table, else the rest of its own table, else the next table or
    list; for a heading the next table or list."""
    if marker.tag == "caption" and marker.parent is not None:
        return _rows(marker.parent), [marker.parent]
    following = _following(elements, index, marker, frozenset({"table", "ul", "ol"}))
    if marker.tag in ("td", "th"):
        own = _ancestor(marker, frozenset({"table"}))
        row = _ancestor(marker, frozenset({"tr"}))
        if own is not None and following is not None and _contains(own, following):
            return _list_rows(following), [following] + ([row] if row is not None else [])
        if own is not None and row is not None:
            rows = _rows(own)
            after = rows[rows.index(row) + 1:] if row in rows else []
            if after:
                return after, after + [row]
    if following is not None:
        return _list_rows(following), [following, marker]
    return [], []


def _list_rows(block: _Node) -> list[_Node]:
    if block.tag == "table":
        return _rows(block)
    return [n for n in _walk(block) if n.tag == "li"]


def _markers(elements: list[_Node], word: str, fields: _Fields, key: str) -> list[_Node]:
    """Where a block begins: captions and tables named for it (``bfTable``), label cells,
    headings whose whole text is ``word``."""
    found: list[_Node] = []
    for node in elements:
        if len(found) >= MAX_MARKERS:
            break
        ident = node.attrs.get("id", "").lower()
        if key == "consultations" and node.tag == "table" and (
                "bftable" in node.classes() or ident == "bftable"):
            found.append(node)
        elif key == "consultations" and ident == "bftable":
            inner = next((n for n in _walk(node) if n.tag == "table"), None)
            if inner is not None:
                found.append(inner)
        elif node.tag in ("caption", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "b",
                          "strong", "legend", "th", "td", "dt") and \
                _text(node, limit=60).rstrip(":").strip().lower() == word:
            if any(node.parent is earlier for earlier in found):
                continue  # "<td><b>Stammbaum:</b></td>": the cell is the marker
            found.append(node)
    labelled = fields.markers.get(key, [])
    return labelled + [n for n in found if n not in labelled]


def _consultations(rows: list[_Node]) -> list[Consultation]:
    """Rows of a Beratungsfolge, in either rhythm: a row per body (Gremium, role) followed by a
    row per session (date, session, result), or one row with all of it."""
    out: list[Consultation] = []
    pending: Consultation | None = None
    for row in rows:
        cells = _cells(row) or [row]
        texts: list[str] = []
        for i, cell in enumerate(cells):
            text = _text(cell) if cell is not row else _text(row, frozenset({"ul", "ol"}))
            low = text.lower().lstrip("● ").strip()
            if not text or any("color" in c for c in cell.classes()) or \
                    (i == 0 and (low in _STATUS_MARKS or text.startswith("●"))):
                continue
            texts.append(text)
        if not texts or all(t.lower().rstrip(":") in _TABLE_HEADS for t in texts) or \
                all(c.tag == "th" for c in cells):
            continue
        date_at = next((i for i, t in enumerate(texts) if len(t) <= 40 and _iso(t)), None)
        role_at = next((i for i, t in enumerate(texts) if _role(t)), None)
        session_at = next((i for i, t in enumerate(texts) if i != date_at and "sitzung" in t.lower()),
                          None)
        result_at = next((i for i, t in enumerate(texts)
                          if i not in (date_at, role_at, session_at) and _is_result(t)), None)
        if result_at is None and session_at is not None and date_at is not None:
            result_at = next((i for i in range(session_at + 1, len(texts))
                              if i not in (role_at,) and not _iso(texts[i])), None)
        others = [t for i, t in enumerate(texts) if i not in (date_at, role_at, session_at, result_at)]
        role = _role(texts[role_at]) if role_at is not None else ""
        result = texts[result_at] if result_at is not None else ""
        if date_at is not None:
            when = _iso(texts[date_at])
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


def _plausible(steps: list[Consultation]) -> bool:
    return any(s.body and (s.role or s.date) for s in steps)


_TRAILING_DATE = re.compile(r"[\s,;–-]*\(?\s*(\d{1,2}\.\d{1,2}\.\d{2,4})\s*\)?\s*$")


def _relatives(rows: list[_Node]) -> list[Relative]:
    out: list[Relative] = []
    for row in rows:
        cells = _cells(row)
        if cells:
            texts = [_text(c) for c in cells]
        else:
            texts = [_text(row, frozenset({"ul", "ol"}))]
        at = next((i for i, t in enumerate(texts) if _reference_in(t)), None)
        if at is None:
            continue
        reference = _reference_in(texts[at])
        rest = texts[at].split(reference, 1)[1].strip(" :–-|")
        subject = rest or next((t for t in texts[at + 1:] if t), "")
        if cells:  # a table: a cell of its own holds the date
            when = next((_iso(t) for t in texts if len(t) <= 40 and _iso(t)), "")
        else:  # a list: "VO/…: Betreff (02.03.2026)"
            m = _TRAILING_DATE.search(subject)
            when = _iso(m.group(1)) if m else ""
            subject = subject[:m.start()].strip() if m and when else subject
        out.append(Relative(reference, subject, when))
    return out


def _family_from_text(text: str) -> list[Relative]:
    """The Stammbaum as copied or printed: after a line "Stammbaum:", one line per paper,
    columns apart by two or more spaces, a tab or " | "."""
    out: list[Relative] = []
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if re.fullmatch(r"\s*Stammbaum:?\s*", ln)), None)
    if start is None:
        return out
    for line in lines[start + 1:]:
        if not line.strip():
            continue
        m = _REFERENCE.match(line.strip())
        if not m:
            break
        columns = [c for c in re.split(r"\s*\|\s*|\s{2,}|\t", line.strip()[m.end():]) if c.strip()]
        out.append(Relative(m.group(0), columns[0].strip() if columns else "", _iso(line)))
    return out


def _section(line: str) -> bool:
    name = line.strip().rstrip(":").strip().lower()
    return name in _SECTION_NAMES or bool(re.fullmatch(r"(anlage|frage)\s*\d+", name))


_SKIP_NAME = re.compile(r"(?:^|[-_])nav|nav(?:$|[-_])|navi|menu|breadcrumb|footer|risfoot|sidebar|"
                        r"toolbar|skiplink|cookie")
_SKIP_TAGS = _NO_TEXT | {"nav", "header", "footer", "aside", "form", "input", "canvas", "map"}
_BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "tr", "br", "h1", "h2", "h3",
                    "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "dl",
                    "caption", "hr", "body", "html", "center", "address", "fieldset", "legend"})


def _skipped(node: _Node) -> bool:
    if node.tag in _SKIP_TAGS:
        return True
    if node.attrs.get("role", "") in ("navigation", "banner", "contentinfo", "search"):
        return True
    if node.tag == "a" and node.attrs.get("href", "").lower().startswith("#allris"):
        return True  # the table of contents
    names = [node.attrs.get("id", "").lower(), *node.classes()]
    return any(_SKIP_NAME.search(n) for n in names if n)


def _lines(root: _Node, leave_out: set[int]) -> list[str]:
    """The visible text of the page as lines, blocks apart, table cells apart by " | "."""
    pieces: list[str] = []
    stack: list[_Node | str | None] = [root]  # None: the end of a block
    while stack:
        item = stack.pop()
        if item is None:
            pieces.append("\n")
        elif isinstance(item, str):
            pieces.append(item)
        elif item is root or (id(item) not in leave_out and not _skipped(item)):
            if item.tag in _BLOCK:
                pieces.append("\n")
                stack.append(None)
            elif item.tag in ("td", "th"):
                pieces.append(" | ")
            stack.extend(reversed(item.children))
    lines = (_squash(ln).strip(" |") for ln in "".join(pieces).split("\n"))
    return [ln for ln in lines if ln]


def _readable(lines: list[str]) -> str:
    """The paper's sections from the page's lines: from the first section heading on, without
    the table of contents, the Stammbaum and page furniture; headings on lines of their own,
    a blank line around them. A page without section headings keeps all its lines."""
    lines = [ln for ln in lines if ln.lower() not in _NOISE_LINES]
    first = next((i for i, ln in enumerate(lines) if _section(ln)), None)
    if first is None:
        return "\n".join(lines)
    run = first
    while run + 1 < len(lines) and _section(lines[run + 1]):
        run += 1  # "Beschlussvorschlag / Sachverhalt / Anlage/n": the contents, then the first
    out: list[str] = []
    in_tree = False
    for line in lines[run:]:
        if _section(line):
            in_tree = line.strip().rstrip(":").strip().lower() == "stammbaum"
            if in_tree:
                continue
            if out and out[-1]:
                out.append("")
            out.extend([line, ""])
        elif not in_tree:
            out.append(line)
    return "\n".join(out).strip()


def _title_parts(root_elements: list[_Node]) -> tuple[str, str, str]:
    """(kind, reference, <title>) from the page's h1 ("Vorlage - VO/2023/12419-02") or title."""
    page_title = next((_text(n) for n in root_elements if n.tag == "title"), "")
    headings = [_text(n) for n in root_elements if n.tag == "h1"]
    for text in headings + [page_title]:
        m = _TITLE.match(text)
        if not m:
            continue
        kind, rest = m.group(1).strip(), m.group(2).strip()
        inner = _TITLE.match(rest)  # "ALLRIS - Vorlage - VO/…" in a <title>
        if inner and not _reference_in(rest.split()[0]):
            kind, rest = inner.group(1).strip(), inner.group(2).strip()
        if not _KINDS.search(kind):
            continue
        reference = _reference_in(rest) if _reference_in(rest.split()[0]) else ""
        if not reference and re.fullmatch(r"[\w./-]*\d[\w./-]*", rest):
            reference = rest
        if reference:
            return kind, reference, page_title
    return "", "", page_title


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return line[:200]


def _council_status(text: str) -> str:
    """ "Status:öffentlich" at the start of a line (an Auszug's other "Status:" is the session's)."""
    m = re.search(r"(?m)^Status:\s*(.+?)(?=\s+[A-ZÄÖÜ][\w/-]+:|$)", text)
    return _clean_status(m.group(1)) if m else ""


def _council_reference(paper: council.Paper) -> str:
    """``council``'s reference, if it found a paper around it (a kind, a Betreff, steps): a
    line that merely starts with "2024/2025" is no paper."""
    return paper.reference if paper.kind or paper.title or paper.steps else ""


def _steps(paper: council.Paper) -> list[Consultation]:
    return [Consultation(_iso(s.date), s.body, _role(s.purpose) or s.purpose, s.result)
            for s in paper.steps]


def parse_html(markup: str, source: str = "") -> SavedPaper:
    """A saved ALLRIS page (ALLRIS net or ALLRIS 4) → its paper; any other page → a SavedPaper
    with reference "" and its title as subject. Raises ``WerkstattError`` only for a page
    beyond the document limits (file size, length of its text)."""
    if len(markup) > MAX_FILE_BYTES:
        raise WerkstattError(f"{_display(source)} ist zu groß (höchstens "
                             f"{MAX_FILE_BYTES // (1024 * 1024)} MB).")
    markup = _strip_comments(markup)
    root = _build(markup)
    elements = _walk(root)
    index = {id(n): i for i, n in enumerate(elements)}
    fields = _header_fields(elements)
    leave_out: set[int] = {id(n) for n in fields.header}

    steps: list[Consultation] = []
    for marker in _markers(elements, "beratungsfolge", fields, "consultations"):
        rows, nodes = ([*_rows(marker)], [marker]) if marker.tag == "table" else \
            _block_rows(elements, index, marker)
        found = _consultations(rows)
        if _plausible(found):
            steps = found
            leave_out |= {id(n) for n in nodes} | {id(marker)}
            break
    family: list[Relative] = []
    for marker in _markers(elements, "stammbaum", fields, "family"):
        rows, nodes = _block_rows(elements, index, marker)
        found_family = _relatives(rows)
        if found_family:
            family = found_family
            leave_out |= {id(n) for n in nodes} | {id(marker)}
            break

    kind, title_reference, page_title = _title_parts(elements)
    plain = html_to_text(markup)
    text = _readable(_lines(root, leave_out))
    if not text and not (fields.header or steps or family):
        text = plain  # nothing of ALLRIS here, and the page furniture took all: keep all of it
    if len(text) > MAX_TEXT_CHARS:
        raise WerkstattError(f"{_display(source)} ist mit {de(len(text))} Zeichen zu lang "
                             f"(höchstens {de(MAX_TEXT_CHARS)}).")
    fallback = council.parse(plain.replace(" | ", " "))
    if not family:
        family = _family_from_text(plain)
    values = fields.values
    related = _reference_in(values.get("related", ""))
    if related and all(r.reference != related for r in family):
        family.insert(0, Relative(related, "", ""))
    return SavedPaper(
        reference=title_reference or _council_reference(fallback),
        subject=_squash(values.get("subject", "")) or fallback.title or page_title or _first_line(text),
        paper_type=values.get("paper_type", "") or kind or fallback.kind,
        status=_clean_status(values.get("status", "")) or _council_status(plain.replace(" | ", " ")),
        date=_iso(values.get("date", "")) or _iso(fallback.date),
        lead=_clean_lead(values.get("lead", "")) or fallback.lead,
        consultations=steps or _steps(fallback),
        family=family,
        text=text,
        source=source,
    )


def parse_text(text: str, source: str = "") -> SavedPaper:
    """A council paper as text (a PDF's text, a copy from ALLRIS) → its paper, read with
    ``council.parse``; ``text`` keeps all of it."""
    tidy = "\n".join(ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    tidy = re.sub(r"\n{3,}", "\n\n", tidy).strip()
    paper = council.parse(tidy)
    return SavedPaper(
        reference=_council_reference(paper),
        subject=_squash(paper.title) or _first_line(tidy),
        paper_type=paper.kind,
        status=_council_status(tidy),
        date=_iso(paper.date),
        lead=paper.lead,
        consultations=_steps(paper),
        family=_family_from_text(tidy),
        text=tidy,
        source=source,
    )


# --- files ---------------------------------------------------------------------------------

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


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 12, 13))
    return looks_binary(data) or controls > len(sample) // 10


def read_saved(path: Path | str) -> SavedPaper:
    """A council paper saved by hand: a page (.htm/.html) from its structure, any other file
    the document readers take (PDF, Word, text, …) from its text. A file that is no council
    paper comes back with reference ""; a bad file raises ``WerkstattError`` (German)."""
    path = Path(path)
    if path.suffix.lower() not in (".htm", ".html"):
        return parse_text(read_document(path).text, str(path))
    return read_saved_data(path.name, read_bytes(path), str(path))


def read_saved_data(name: str, data: bytes, source: str) -> SavedPaper:
    """``read_saved`` on bytes already read (the import reads them itself, within its checks)."""
    if Path(name).suffix.lower() not in (".htm", ".html"):
        return parse_text(read_data(name, data).text, source)
    if not data.strip():
        raise WerkstattError(f"„{name}“ ist leer.")
    if _looks_binary(data):
        raise WerkstattError(f"„{name}“ ist keine Webseite (enthält Binärdaten).")
    paper = _parse_isolated(name, data, source)
    if not (paper.text or paper.subject or paper.reference):
        raise WerkstattError(f"„{name}“ enthält keinen Text.")
    return paper


def _parse_isolated(name: str, data: bytes, source: str) -> SavedPaper:
    """``parse_html`` in a child process under ``MAX_SECONDS`` and ``MAX_READER_MEMORY``."""
    from .. import childproc

    answer = childproc.ask("werkstatt.gremien.allris", {"name": name, "source": source}, data,
                           MAX_SECONDS, MAX_READER_MEMORY)
    return _from_dict(answer["paper"])


def _from_dict(raw: dict[str, Any]) -> SavedPaper:
    def text(data: dict[str, Any], key: str) -> str:
        return str(data.get(key) or "")

    return SavedPaper(
        reference=text(raw, "reference"), subject=text(raw, "subject"),
        paper_type=text(raw, "paper_type"), status=text(raw, "status"), date=text(raw, "date"),
        lead=text(raw, "lead"),
        consultations=[Consultation(text(c, "date"), text(c, "body"), text(c, "role"), text(c, "result"))
                       for c in raw.get("consultations") or []],
        family=[Relative(text(r, "reference"), text(r, "subject"), text(r, "date"))
                for r in raw.get("family") or []],
        text=text(raw, "text"), source=text(raw, "source"))


def _answer(name: str, source: str, data: bytes) -> dict[str, Any]:
    try:
        return {"ok": True, "paper": asdict(parse_html(decode_html(data), source))}
    except WerkstattError as exc:
        return {"ok": False, "message": str(exc)}
    except MemoryError:
        return {"ok": False, "message": f"„{name}“ wird beim Lesen zu groß (Verdacht auf eine "
                                        "präparierte Datei)."}
    except RecursionError:
        return {"ok": False, "message": f"„{name}“ ist zu tief verschachtelt."}
    except Exception as exc:  # noqa: BLE001 - html.parser or a heuristic failing on a broken page
        return {"ok": False, "message": f"„{name}“ konnte nicht als Seite aus ALLRIS gelesen werden "
                                        f"({type(exc).__name__})."}


def _main() -> None:
    """The child of ``_parse_isolated`` (``childproc.serve``): the page's bytes in, the paper
    as JSON out."""
    from ..childproc import serve

    serve(lambda info, data: _answer(str(info["name"]), str(info["source"]), data))


if __name__ == "__main__":
    _main()
