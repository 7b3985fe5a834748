"""HTML pages (e.g. an ALLRIS page saved from the browser): the main text, no navigation."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from . import reader
from .text import decode_text

SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button",
        "select", "svg", "template"}
BLOCK = {"p", "div", "section", "article", "main", "li", "tr", "br", "h1", "h2", "h3", "h4",
         "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "dd", "dt"}
MAIN = {"main", "article"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.main_depth = 0
        self.all: list[str] = []
        self.main: list[str] = []
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        role = dict(attrs).get("role") or ""
        if tag in SKIP or role in ("navigation", "banner", "contentinfo"):
            self.skip_depth += 1
        if tag in MAIN or role == "main":
            self.main_depth += 1
        if tag in BLOCK:
            self._emit("\n")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.prefix = "#" * int(tag[1]) + " "
        elif tag == "li":
            self.prefix = "- "
        elif tag in ("td", "th"):
            self._emit(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self._emit("\n")
        if tag in SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag in MAIN and self.main_depth:
            self.main_depth -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            self._emit(self.prefix + text + " ")
            self.prefix = ""

    def _emit(self, text: str) -> None:
        if self.skip_depth:
            return
        self.all.append(text)
        if self.main_depth:
            self.main.append(text)


def html_to_text(markup: str) -> str:
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    chosen = parser.main if "".join(parser.main).strip() else parser.all
    lines = [" ".join(line.replace(" | ", " | ").split()).strip(" |") for line in "".join(chosen).split("\n")]
    return "\n".join(line for line in lines if line)


@reader(".html", ".htm")
def read_html(path: Path, data: bytes) -> str:
    return html_to_text(decode_text(data))
