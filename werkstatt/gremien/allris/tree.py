"""A page as a small tree from the standard library's ``html.parser``: bounded in depth and
size, walked without recursion (100,000 nested tags cost no stack), with the few ways the
readers look at it (an element's text, a table's own rows, a row's cells)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from .words import squash

MAX_DEPTH = 200  # deeper tags are ignored (their text goes to their 200th ancestor)
MAX_ELEMENTS = 300_000  # further tags are ignored (their text is kept)

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
NO_TEXT = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "math",
                     "button", "select", "option", "textarea", "iframe", "object"})


class Node:
    """An element: its tag, its attributes (at most 30), its children (elements and text)."""

    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.parent = parent

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").lower().split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.stack: list[Node] = [self.root]
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
        node = Node(tag, {k: (v or "") for k, v in attrs[:30]}, self.stack[-1])
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


def strip_comments(markup: str) -> str:
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


def build(markup: str) -> Node:
    """The page's tree (a root element ``#root`` above the page)."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def walk(root: Node) -> list[Node]:
    """All elements below ``root`` in document order (without recursion)."""
    out: list[Node] = []
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(c for c in reversed(node.children) if isinstance(c, Node))
    return out[1:]


def inner_text(node: Node, stop: frozenset[str] = frozenset(), limit: int = 0) -> str:
    """The element's visible text on one line (scripts, buttons, … left out); with ``limit``
    only about its first ``limit`` characters (enough to tell a label)."""
    parts: list[str] = []
    size = 0
    budget = limit * 4 + 200 if limit else -1  # elements visited, so empty subtrees cost little
    stack: list[Node | str] = [node]
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
        elif item is node or (item.tag not in NO_TEXT and item.tag not in stop):
            if item.tag == "br":
                parts.append(" ")
            stack.extend(reversed(item.children))
    return squash(" ".join(parts))


def holds_blocks(node: Node, budget: int = 500) -> bool:
    """Whether tables, divs or paragraphs lie below ``node`` (True for a big subtree, too)."""
    stack = [c for c in node.children if isinstance(c, Node)]
    while stack:
        budget -= 1
        item = stack.pop()
        if budget <= 0 or item.tag in ("table", "div", "p"):
            return True
        stack.extend(c for c in item.children if isinstance(c, Node))
    return False


def ancestor(node: Node, tags: frozenset[str]) -> Node | None:
    """The nearest element above ``node`` with one of ``tags``, or None."""
    up = node.parent
    while up is not None and up.tag not in tags:
        up = up.parent
    return up


def own_rows(table: Node) -> list[Node]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows: list[Node] = []
    stack = [c for c in reversed(table.children) if isinstance(c, Node)]
    while stack:
        node = stack.pop()
        if node.tag == "tr":
            rows.append(node)
        elif node.tag != "table":
            stack.extend(c for c in reversed(node.children) if isinstance(c, Node))
    return rows


def cells_of(row: Node) -> list[Node]:
    """The row's own cells (``td``, ``th``)."""
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
