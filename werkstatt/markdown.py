"""The small Markdown dialect models write, parsed into blocks for Word, ODF and HTML.

Headings (``#``…, or a line that is wholly bold), bullet lists (``-``, ``*``, ``•``), numbered
lists (``1.`` / ``1)``), paragraphs, and inline ``**bold**`` / ``*italic*`` runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*•+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+?)\*\*:?$")
_INLINE = re.compile(r"(\*\*[^*]+?\*\*|__[^_]+?__|(?<![*\w])\*[^*\s][^*]*?\*(?![*\w]))")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


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

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


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
    if m := _BULLET.match(stripped):
        stripped = m.group(1)
    elif m := _NUMBERED.match(stripped):
        stripped = m.group(2)
    return "".join(r.text for r in parse_inline(stripped)).strip()


def parse(text: str) -> list[Block]:
    """Blocks in order; consecutive plain lines join into one paragraph."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", parse_inline(" ".join(paragraph))))
            paragraph.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or _RULE.match(stripped) or stripped.startswith("```"):
            flush()
            continue
        if block := heading(stripped):
            flush()
            blocks.append(block)
        elif m := _BULLET.match(line):
            flush()
            blocks.append(Block("bullet", parse_inline(m.group(1).strip())))
        elif m := _NUMBERED.match(line):
            flush()
            blocks.append(Block("numbered", parse_inline(m.group(2).strip())))
        else:
            paragraph.append(stripped)
    flush()
    return blocks


def to_plain(text: str) -> str:
    """The text without Markdown markers, for the clipboard and .txt files."""
    lines = []
    for block in parse(text):
        prefix = {"bullet": "- ", "numbered": ""}.get(block.kind, "")
        lines.append(prefix + block.text)
        if block.kind in ("heading", "paragraph"):
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def to_html(text: str) -> str:
    """The text as simple HTML (headings, lists, bold, italic) for pasting into Word or Outlook."""
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
    open_list = ""
    for block in parse(text):
        wanted = {"bullet": "ul", "numbered": "ol"}.get(block.kind, "")
        if open_list and open_list != wanted:
            parts.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            parts.append(f"<{wanted}>")
            open_list = wanted
        if wanted:
            parts.append(f"<li>{inline(block)}</li>")
        elif block.kind == "heading":
            level = min(block.level + 1, 6)  # h1 is too large inside a mail or letter
            parts.append(f"<h{level}>{inline(block)}</h{level}>")
        else:
            parts.append(f"<p>{inline(block)}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "\n".join(parts)
