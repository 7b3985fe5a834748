"""The concept document as plain blocks, independent of the file format, and the vetted text
blocks it carries.

The writers (``writers.py`` for Word and HTML, ``odt.py`` for OpenDocument) render the same
blocks. The vetted texts (project organisation, open questions) are short Markdown files in
``resources/efficiency/``: paragraphs, ``## `` headings and ``- `` lists, nothing else; the
pilot lead's edited version, kept in the catalogue, replaces the vetted one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import paths

TEXT_WIDTH_CM = 17.0  # A4 portrait, 2 cm margins
MAX_FIGURE_CM = 23.0  # a chart's height on the page, its caption below
VETTED = {"organisation": ("projektorganisation.md", "Projektorganisation"),
          "questions": ("offene-fragen.md", "Offene Fragen")}


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    style: str = ""  # "", "warning" (red, bold), "small", "lead" (larger)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # cm, summing to at most TEXT_WIDTH_CM
    size: float = 8.0  # pt
    name: str = ""  # what the table is (tests and screen readers find it by this)


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str
    width: float = 16.5  # cm
    name: str = ""


    def size(self, max_height: float = MAX_FIGURE_CM) -> tuple[float, float]:
        """Width and height in cm on the page: the chart's width, narrower where it would
        otherwise be taller than ``max_height`` (a long timeline)."""
        import struct

        pixels_wide, pixels_high = struct.unpack(">II", self.png[16:24])  # PNG's IHDR
        height = self.width * pixels_high / pixels_wide
        if height <= max_height:
            return self.width, height
        return self.width * max_height / height, max_height


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Bullets | Grid | Figure | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    properties: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """Every word of the document as plain text (tests, the window's preview)."""
        lines = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, (Heading, Para)):
                lines.append(block.text)
            elif isinstance(block, Bullets):
                lines += block.items
            elif isinstance(block, Grid):
                lines += [" | ".join(block.header), *(" | ".join(r) for r in block.rows)]
            elif isinstance(block, Figure):
                lines.append(block.caption)
        return "\n".join(lines)

    def grid(self, name: str) -> Grid:
        return next(b for b in self.blocks if isinstance(b, Grid) and b.name == name)


def vetted_text(key: str) -> str:
    """A vetted text block as shipped (``resources/efficiency/``)."""
    file_name, _ = VETTED[key]
    return (paths.resources_dir() / "efficiency" / file_name).read_text(encoding="utf-8")


def from_markdown(text: str, level: int = 2) -> list[Block]:
    """Paragraphs, ``## `` headings (as ``level``) and ``- `` lists; other marks stay text."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            blocks.append(Heading(lines[0].lstrip("#").strip(), level))
            lines = lines[1:]
            if not lines:
                continue
        if lines[0].lstrip().startswith(("- ", "* ")):
            items: list[str] = []
            for line in lines:
                stripped = line.lstrip()
                if stripped.startswith(("- ", "* ")):
                    items.append(stripped[2:].strip())
                elif items:
                    items[-1] += " " + stripped
            blocks.append(Bullets(tuple(items)))
        else:
            blocks.append(Para(" ".join(line.strip() for line in lines)))
    return blocks
