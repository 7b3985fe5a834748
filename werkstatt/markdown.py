"""The small Markdown dialect models write, parsed into blocks for Word, ODF and HTML.

Headings (``#``…, or a line that is wholly bold), bullet lists (``-``, ``*``, ``+``, ``•``),
numbered lists (``1.``, ``1)``, ``**1.**``, ``a)``), paragraphs, and inline ``**bold**`` /
``*italic*`` runs. A list item keeps the number the draft wrote and the level its indentation
gives (tabs count four columns; ``a)`` right under ``1.`` is a sub-item even unindented).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+])[ \t]+|•[ \t]*"
                   r"|(?P<bold>\*\*)?(?P<number>\d{1,3})(?P<suffix>[.)])(?(bold)\*\*)[ \t]+"
                   r"|(?P<letter>[a-z])\)[ \t]+)(?P<text>\S.*)$")
# A number on a line of its own: its text follows on the next line.
_NUMBER_ONLY = re.compile(r"^(?P<indent>[ \t]*)(?P<bold>\*\*)?(?P<number>\d{1,3})(?P<suffix>[.)])"
                          r"(?(bold)\*\*)$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+?)\*\*:?$")
_INLINE = re.compile(r"(\*\*[^*]+?\*\*|__[^_]+?__|(?<![*\w])\*[^*\s][^*]*?\*(?![*\w]))")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
LIST_KINDS = ("bullet", "numbered")
MAX_DEPTH = 8  # Word has nine list levels (0-8)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "bullet", "numbered", "paragraph"
    runs: tuple[Run, ...]
    level: int = 0  # heading level 1-6
    depth: int = 0  # list items: 0 top level, 1 a sub-item, …
    number: int = 0  # numbered items: the number the draft wrote ("c)" is 3)
    numbering: str = ""  # numbered items: how it is written, "1.", "1)" or "a)"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def label(self) -> str:
        """What a numbered item shows before its text ("3.", "c)"); "" for other blocks."""
        if self.kind != "numbered":
            return ""
        value = letters(self.number) if self.numbering.startswith("a") else str(self.number)
        return value + self.numbering[-1:]


def letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa (as Word and LibreOffice count)."""
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def parse_inline(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        token = m.group(0)
        if token.startswith(("**", "__")):
            runs.append(Run(token[2:-2], bold=True))
        else:
            runs.append(Run(token[1:-1], italic=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return tuple(r for r in runs if r.text)


def heading(line: str) -> Block | None:
    """The heading block a line is (``# …`` or a line that is wholly bold), else None."""
    stripped = line.strip()
    if m := _HEADING.match(stripped):
        return Block("heading", parse_inline(m.group(2)), level=len(m.group(1)))
    if m := _BOLD_LINE.match(stripped):
        return Block("heading", (Run(m.group(1).strip()),), level=2)
    return None


def strip_marker(line: str) -> str:
    """A line's text without list marker and inline emphasis markers."""
    stripped = line.strip()
    if m := _ITEM.match(stripped):
        stripped = m.group("text")
    return "".join(r.text for r in parse_inline(stripped)).strip()


class _Parser:
    """Reads lines into blocks, tracking the open list levels by indentation."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.levels: list[tuple[int, str]] = []  # open list levels: (indent column, "-", "1" or "a")
        self.pending: re.Match[str] | None = None  # a number whose text is on the next line
        self.blank = False  # a blank line since the last list item

    def line(self, raw: str) -> None:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or _RULE.match(stripped) or stripped.startswith("```"):
            self.flush()
            self.blank = True
            return
        item = _ITEM.match(line)
        if self.pending and not item and not _HEADING.match(stripped) and not _NUMBER_ONLY.match(line):
            m, self.pending = self.pending, None
            self.item(m, "numbered", stripped)
            return
        self.release()
        if number := _NUMBER_ONLY.match(line):
            self.flush()
            self.pending = number
        elif block := heading(stripped):
            self.flush()
            self.levels.clear()
            self.blocks.append(block)
        elif item:
            self.item(item, "numbered" if item.group("number") or item.group("letter") else "bullet",
                      item.group("text"))
        elif (self.levels and not self.blank and not self.paragraph and _column(line)
              and self.blocks and self.blocks[-1].kind in LIST_KINDS):
            last = self.blocks[-1]  # an indented line right under an item continues it
            self.blocks[-1] = replace(last, runs=last.runs + parse_inline(" " + stripped))
        else:
            if not _column(line):
                self.levels.clear()  # an unindented paragraph ends the nesting
            self.paragraph.append(stripped)

    def item(self, m: re.Match[str], kind: str, text: str) -> None:
        self.flush()
        column = _column(m.group("indent"))
        numbering = ""
        number = 0
        if m.group("number"):
            number, numbering = int(m.group("number")), "1" + m.group("suffix")
        elif kind == "numbered":
            number, numbering = ord(m.group("letter")) - ord("a") + 1, "a)"
        style = numbering[:1] or "-"
        levels = self.levels
        while levels and levels[-1][0] > column:
            levels.pop()
        if not levels or levels[-1][0] < column or (style == "a" and levels[-1][1] == "1"):
            levels.append((column, style))  # deeper: a sub-list ("a)" under "1." even unindented)
        elif style != "a" and levels[-1][1] == "a" and len(levels) > 1 and levels[-2][0] == column:
            levels.pop()  # "2." after "a)" items written at the indentation of "1."
        levels[-1] = (column, style)
        self.blocks.append(Block(kind, parse_inline(text.strip()), depth=min(len(levels) - 1, MAX_DEPTH),
                                 number=number, numbering=numbering))
        self.blank = False

    def flush(self) -> None:
        if self.paragraph:
            self.blocks.append(Block("paragraph", parse_inline(" ".join(self.paragraph))))
            self.paragraph.clear()

    def release(self) -> None:
        """A number no text followed stays in the text as it was written."""
        if self.pending:
            self.blocks.append(Block("paragraph", parse_inline(self.pending.group(0).strip())))
            self.pending = None


def _column(text: str) -> int:
    """The indentation of a line in columns (a tab counts four)."""
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def parse(text: str) -> list[Block]:
    """Blocks in order; consecutive plain lines join into one paragraph."""
    parser = _Parser()
    for raw in text.replace("\r\n", "\n").split("\n"):
        parser.line(raw)
    parser.flush()
    parser.release()
    return parser.blocks


# list structure -----------------------------------------------------------------------------

E = TypeVar("E")


@dataclass
class ListNode:
    """One list of sibling items (``<ul>`` / ``<ol>``), each item with the lists nested under it."""

    depth: int
    sequence: int
    items: list[tuple[Block, list[ListNode]]]

    @property
    def first(self) -> Block:
        return self.items[0][0]


def sequences(elements: Sequence[object]) -> list[int]:
    """The list (1, 2, …) each list item belongs to, 0 for other elements. An item continues
    the list of the item before it at its level when it has the same kind of marker and, if
    numbered, the next number; headings and tables end every list, paragraphs the sub-lists."""
    result: list[int] = []
    current: dict[int, tuple[int, str, int]] = {}  # by depth: (list, marker, last number)
    count = 0
    for element in elements:
        if not isinstance(element, Block) or element.kind not in LIST_KINDS:
            keep = 1 if isinstance(element, Block) and element.kind == "paragraph" else 0
            current = {d: v for d, v in current.items() if d < keep}
            result.append(0)
            continue
        marker = element.numbering or "-"
        sequence, last_marker, last = current.get(element.depth, (0, "", 0))
        if not sequence or last_marker != marker or (marker != "-" and element.number != last + 1):
            count += 1
            sequence = count
        current = {d: v for d, v in current.items() if d < element.depth}
        current[element.depth] = (sequence, marker, element.number)
        result.append(sequence)
    return result


def nest(elements: Sequence[E]) -> list[E | ListNode]:
    """The elements with each run of list items gathered into nested lists."""
    out: list[E | ListNode] = []
    stack: list[ListNode] = []
    for element, sequence in zip(elements, sequences(elements)):
        if not sequence or not isinstance(element, Block):
            stack.clear()
            out.append(element)
            continue
        while stack and (stack[-1].depth > element.depth
                         or (stack[-1].depth == element.depth and stack[-1].sequence != sequence)):
            stack.pop()
        if stack and stack[-1].depth == element.depth:
            stack[-1].items.append((element, []))
            continue
        node = ListNode(element.depth, sequence, [(element, [])])
        if stack:
            stack[-1].items[-1][1].append(node)
        else:
            out.append(node)
        stack.append(node)
    return out


# output -------------------------------------------------------------------------------------

def to_plain(text: str) -> str:
    """The text without Markdown markers, for the clipboard and .txt files; list items keep
    their numbers, sub-items stand indented under their parent's text."""
    lines: list[str] = []

    def add(node: ListNode, indent: str) -> None:
        for block, children in node.items:
            label = block.label or "-"
            lines.append(f"{indent}{label} {block.text}")
            for child in children:
                add(child, indent + " " * (len(label) + 1))

    for element in nest(parse(text)):
        if isinstance(element, ListNode):
            add(element, "   " * element.depth)
            continue
        if lines and lines[-1]:
            lines.append("")
        lines += [element.text, ""]
    return "\n".join(lines).strip() + "\n"


def to_html(text: str) -> str:
    """The text as simple HTML (headings, nested lists, bold, italic) for the Vorschau and for
    pasting into Word or Outlook; a numbered list starts at the number the draft wrote."""
    from html import escape

    def inline(block: Block) -> str:
        out = []
        for run in block.runs:
            piece = escape(run.text)
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.bold:
                piece = f"<b>{piece}</b>"
            out.append(piece)
        return "".join(out)

    parts: list[str] = []
    for element in nest(parse(text)):
        if isinstance(element, ListNode):
            parts.append(_html_list(element, inline))
        elif element.kind == "heading":
            level = min(element.level + 1, 6)  # h1 is too large inside a mail or letter
            parts.append(f"<h{level}>{inline(element)}</h{level}>")
        else:
            parts.append(f"<p>{inline(element)}</p>")
    return "\n".join(parts)


def _html_list(node: ListNode, inline: Callable[[Block], str]) -> str:
    first = node.first
    tag, attributes = "ul", ""
    if first.kind == "numbered":
        tag = "ol"
        attributes = ' type="a"' if first.numbering.startswith("a") else ""
        attributes += f' start="{first.number}"' if first.number != 1 else ""
        # "1)" and "a)" in Qt's Vorschau; other programs ignore the property and show "1."
        attributes += " style=\"-qt-list-number-suffix: ')'\"" if first.numbering.endswith(")") else ""
    lines = [f"<{tag}{attributes}>"]
    for block, children in node.items:
        nested = "".join(_html_list(child, inline) + "\n" for child in children)
        lines.append(f"<li>{inline(block)}{nested}</li>")
    lines.append(f"</{tag}>")
    return "\n".join(lines)
