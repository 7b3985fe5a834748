"""A page's readable text: its sections from the first heading on, without the table of
contents, the header, the blocks already read, menus, footers and buttons; and the paper's kind
and reference from its title ("Vorlage - VO/2023/12419-02")."""

from __future__ import annotations

import re

from .tree import NO_TEXT, Node, inner_text
from .words import KINDS, NOISE_LINES, SECTION_NAMES, TITLE, reference_in, squash


def _section(line: str) -> bool:
    name = line.strip().rstrip(":").strip().lower()
    return name in SECTION_NAMES or bool(re.fullmatch(r"(anlage|frage)\s*\d+", name))


_SKIP_NAME = re.compile(r"(?:^|[-_])nav|nav(?:$|[-_])|navi|menu|breadcrumb|footer|risfoot|sidebar|"
                        r"toolbar|skiplink|cookie")
_SKIP_TAGS = NO_TEXT | {"nav", "header", "footer", "aside", "form", "input", "canvas", "map"}
_BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "tr", "br", "h1", "h2", "h3",
                    "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "dl",
                    "caption", "hr", "body", "html", "center", "address", "fieldset", "legend"})


def _skipped(node: Node) -> bool:
    if node.tag in _SKIP_TAGS:
        return True
    if node.attrs.get("role", "") in ("navigation", "banner", "contentinfo", "search"):
        return True
    if node.tag == "a" and node.attrs.get("href", "").lower().startswith("#allris"):
        return True  # the table of contents
    names = [node.attrs.get("id", "").lower(), *node.classes()]
    return any(_SKIP_NAME.search(n) for n in names if n)


def page_lines(root: Node, leave_out: set[int]) -> list[str]:
    """The visible text of the page as lines, blocks apart, table cells apart by " | "."""
    pieces: list[str] = []
    stack: list[Node | str | None] = [root]  # None: the end of a block
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
    lines = (squash(ln).strip(" |") for ln in "".join(pieces).split("\n"))
    return [ln for ln in lines if ln]


def readable_text(lines: list[str]) -> str:
    """The paper's sections from the page's lines: from the first section heading on, without
    the table of contents, the Stammbaum and page furniture; headings on lines of their own,
    a blank line around them. A page without section headings keeps all its lines."""
    lines = [ln for ln in lines if ln.lower() not in NOISE_LINES]
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


def title_parts(root_elements: list[Node]) -> tuple[str, str, str]:
    """(kind, reference, <title>) from the page's h1 ("Vorlage - VO/2023/12419-02") or title."""
    page_title = next((inner_text(n) for n in root_elements if n.tag == "title"), "")
    headings = [inner_text(n) for n in root_elements if n.tag == "h1"]
    for text in headings + [page_title]:
        m = TITLE.match(text)
        if not m:
            continue
        kind, rest = m.group(1).strip(), m.group(2).strip()
        inner = TITLE.match(rest)  # "ALLRIS - Vorlage - VO/…" in a <title>
        if inner and not reference_in(rest.split()[0]):
            kind, rest = inner.group(1).strip(), inner.group(2).strip()
        if not KINDS.search(kind):
            continue
        reference = reference_in(rest) if reference_in(rest.split()[0]) else ""
        if not reference and re.fullmatch(r"[\w./-]*\d[\w./-]*", rest):
            reference = rest
        if reference:
            return kind, reference, page_title
    return "", "", page_title
