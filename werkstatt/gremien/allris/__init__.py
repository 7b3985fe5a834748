"""Council papers saved from ALLRIS by hand — a Vorlage's page (.htm/.html) or its PDF or text —
told apart into reference, Betreff, status, lead, Beratungsfolge, Stammbaum and text.

Two generations of ALLRIS pages are read from their structure (tests/data/allris/README.md),
each by a reader of its own behind the one ``parse_html`` (``page``):

- ALLRIS net (``…/bi/vo020.asp?VOLFDNR=…``, often windows-1252 without a declared charset): the
  title ``<h1>Vorlage - VO/2023/12419-02</h1>`` in ``div#risname``; a header table of label cells
  (``td.kb1``: "Betreff:", "Status:", "Federführend:", "Bezüglich:", …) each followed by its
  value cell; under the label "Beratungsfolge:" a nested table with a row per body (status,
  Gremium, role such as "Entscheidung") and a row per session (date, TO button, session, result
  such as "ungeändert beschlossen", NA button); the text parts after ``<a name="allrisBV">``,
  ``allrisSV``, ``allrisFA``, ``allrisAN``, each an embedded HTML document with its own
  ``<title>`` and ``<style>``; at the end the Stammbaum, one row per version of the paper
  (``net``).
- ALLRIS 4 (``…/public/vo020?VOLFDNR=…``, UTF-8): ``<h1 class="title">Beschlussvorlage -
  …</h1>``, the header as ``dl`` pairs (``dt`` label, ``dd`` value; ids ``vobetreff``,
  ``vostatus``, ``voart``, ``vofamt``, …), the Beratungsfolge as a table (caption
  "Beratungsfolge", ``bfTable``) in the same two-row rhythm, the text parts in panels (``four``).

No class name is relied on alone: fields are found by their labels (``labels``), the
Beratungsfolge and the Stammbaum by their caption, heading or label and by what their cells hold
(a date, a role, a result, a reference: ``blocks``), the sections by their headings
(``readable``). What the structure does not give comes from ``council.parse`` on the page's
text; PDFs and text files go through ``council.parse`` (``text``).

A page is parsed with the standard library's ``html.parser`` into a tree of bounded depth and
size, walked without recursion (``tree``). ``read_saved`` parses a page in a child process under
the document readers' time and memory limits (``isolated``), so a hostile file costs at most
those and ends in a German ``WerkstattError``.
"""

from __future__ import annotations

from pathlib import Path

from ...documents import read_bytes, read_data, read_document
from ...documents.text import looks_binary
from ...errors import WerkstattError
from .page import decode_html, parse_html
from .paper import Consultation, Relative, SavedPaper
from .text import parse_text

__all__ = ["Consultation", "Relative", "SavedPaper", "decode_html", "parse_html", "parse_text",
           "read_saved", "read_saved_data"]


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
    # here, not at the top: the child runs ``python -m …allris.isolated``, and a package that
    # imported it first would have it twice there
    from .isolated import parse_isolated

    if Path(name).suffix.lower() not in (".htm", ".html"):
        return parse_text(read_data(name, data).text, source)
    if not data.strip():
        raise WerkstattError(f"„{name}“ ist leer.")
    if _looks_binary(data):
        raise WerkstattError(f"„{name}“ ist keine Webseite (enthält Binärdaten).")
    paper = parse_isolated(name, data, source)
    if not (paper.text or paper.subject or paper.reference):
        raise WerkstattError(f"„{name}“ enthält keinen Text.")
    return paper
