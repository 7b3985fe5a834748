"""OpenDocument lists: nested ``text:list`` elements that keep the draft's numbers.

Each list of a draft (``markdown.nest``) becomes a ``text:list``; a sub-list sits inside the
item it belongs to, so its level (and indentation) is its nesting. A list's first item carries
``text:start-value``, so a list starts at the number the draft wrote and never counts on from
another list. One list style per way of numbering ("1.", "1)", "a)", bullets), defined on first
use for all ten levels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from odf.style import ListLevelProperties
from odf.text import List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

from ..markdown import Block, ListNode
from .word_lists import BULLETS, INDENT_MM


class Lists:
    """The list styles of one document, and its lists."""

    def __init__(self, doc: Any) -> None:
        self._doc = doc
        self._styles: dict[str, str] = {}  # numbering ("1.", "a)", "" for bullets) → style name

    def element(self, node: ListNode, paragraph: Callable[[Block], Any]) -> Any:
        """The ``text:list`` for ``node`` with its items (``paragraph`` makes each item's text)."""
        first = node.first
        listing = List(stylename=self._style(first.numbering if first.kind == "numbered" else ""))
        for index, (block, children) in enumerate(node.items):
            numbered = index == 0 and block.kind == "numbered"
            item = ListItem(startvalue=str(block.number)) if numbered else ListItem()
            item.addElement(paragraph(block))
            for child in children:
                item.addElement(self.element(child, paragraph))
            listing.addElement(item)
        return listing

    def _style(self, numbering: str) -> str:
        if numbering in self._styles:
            return self._styles[numbering]
        name = {"": "Bullets", "1.": "Numbers", "1)": "NumbersParen", "a)": "Letters"}.get(
            numbering, f"List{len(self._styles) + 1}")
        style = ListStyle(name=name)
        for level in range(1, 11):
            if numbering:
                level_style = ListLevelStyleNumber(level=level, numformat=numbering[:1],
                                                   numsuffix=numbering[-1:])
            else:
                bullet = BULLETS[(level - 1) % len(BULLETS)]
                level_style = ListLevelStyleBullet(level=level, bulletchar=bullet)
            level_style.addElement(ListLevelProperties(spacebefore=f"{INDENT_MM * (level - 1):.2f}mm",
                                                       minlabelwidth=f"{INDENT_MM:.2f}mm"))
            style.addElement(level_style)
        self._doc.automaticstyles.addElement(style)
        self._styles[numbering] = name
        return name
