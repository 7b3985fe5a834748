"""Word list numbering: each list of a draft gets its own numbering definition.

Word and LibreOffice compute the numbers they show from ``numbering.xml``: a paragraph names a
numbering instance (``numId``) and its level (``ilvl``); the level says where counting starts,
how the number looks ("%1.", "%2)") and how far the level is indented. One definition per list
(``markdown.sequences``) makes every list start at the number the draft wrote (1 for a new
list, 4 when the draft starts with "4.", 3 when it continues after a paragraph) and keeps
unrelated lists in one document from counting on from each other.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from ..markdown import Block

BULLETS = ("•", "–", "▪")  # by level, repeating
INDENT_MM = 6.35  # per level; the label hangs in the first INDENT_MM
_TWIPS_PER_MM = 1440 / 25.4


def style(block: Block) -> str:
    """The paragraph style for an item: "List Number", "List Bullet 2", … (Word has three)."""
    name = "List Number" if block.kind == "numbered" else "List Bullet"
    level = min(block.depth, 2)
    return f"{name} {level + 1}" if level else name


def _level(ilvl: int, block: Block) -> str:
    """One ``w:lvl``: the item's own level starts at its number, the others at 1."""
    if block.kind == "numbered":
        fmt = "lowerLetter" if block.numbering.startswith("a") else "decimal"
        text = f"%{ilvl + 1}{block.numbering[-1:]}"
    else:
        fmt, text = "bullet", BULLETS[ilvl % len(BULLETS)]
    start = block.number if block.kind == "numbered" and ilvl == block.depth else 1
    left = round(INDENT_MM * (ilvl + 1) * _TWIPS_PER_MM)
    hanging = round(INDENT_MM * _TWIPS_PER_MM)
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{escape(text, quote=True)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>')


class Numbering:
    """The numbering instances of one document body, one per list."""

    def __init__(self, document: Any) -> None:
        self._numbering = document.part.numbering_part.element
        self._instances: dict[int, int] = {}  # list (markdown.sequences) → numId
        # Ids counted here once: looking them up per list would make long drafts quadratic.
        abstracts = self._numbering.findall(qn("w:abstractNum"))
        self._next_abstract = max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1) + 1
        instances = self._numbering.findall(qn("w:num"))
        self._next_num = max((int(n.get(qn("w:numId"))) for n in instances), default=0) + 1
        self._first_num = instances[0] if instances else None  # abstractNums go before it

    def apply(self, paragraph: Any, block: Block, sequence: int) -> None:
        """Number ``paragraph`` as ``block`` of list ``sequence``, at the block's level and
        indentation (set on the paragraph too, so the list style's own indent cannot win)."""
        num_id = self._instances.get(sequence) or self._define(block, sequence)
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = block.depth
        numbering.get_or_add_numId().val = num_id
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(INDENT_MM * (block.depth + 1))
        fmt.first_line_indent = Mm(-INDENT_MM)

    def _define(self, block: Block, sequence: int) -> int:
        abstract_id, num_id = self._next_abstract, self._next_num
        self._next_abstract, self._next_num = abstract_id + 1, num_id + 1
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
            + "".join(_level(ilvl, block) for ilvl in range(9)) + "</w:abstractNum>")
        instance = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                             f'<w:abstractNumId w:val="{abstract_id}"/></w:num>')
        if self._first_num is None:
            self._numbering.append(abstract)
            self._first_num = instance
        else:  # the schema wants every abstractNum before the first num
            self._first_num.addprevious(abstract)
        self._numbering.append(instance)
        self._instances[sequence] = num_id
        return num_id
