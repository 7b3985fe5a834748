"""Council papers as text (a PDF's text, a copy from ALLRIS), read with ``council.parse``; and
what a page's structure does not give, from the page's text: status, steps, the Stammbaum."""

from __future__ import annotations

import re

from ... import council
from .paper import Consultation, Relative, SavedPaper
from .words import REFERENCE, clean_status, first_line, iso, role_of, squash


def family_from_text(text: str) -> list[Relative]:
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
        m = REFERENCE.match(line.strip())
        if not m:
            break
        columns = [c for c in re.split(r"\s*\|\s*|\s{2,}|\t", line.strip()[m.end():]) if c.strip()]
        out.append(Relative(m.group(0), columns[0].strip() if columns else "", iso(line)))
    return out


def council_status(text: str) -> str:
    """ "Status:öffentlich" at the start of a line (an Auszug's other "Status:" is the session's)."""
    m = re.search(r"(?m)^Status:\s*(.+?)(?=\s+[A-ZÄÖÜ][\w/-]+:|$)", text)
    return clean_status(m.group(1)) if m else ""


def council_reference(paper: council.Paper) -> str:
    """``council``'s reference, if it found a paper around it (a kind, a Betreff, steps): a
    line that merely starts with "2024/2025" is no paper."""
    return paper.reference if paper.kind or paper.title or paper.steps else ""


def council_steps(paper: council.Paper) -> list[Consultation]:
    """``council``'s Beratungsfolge as steps (ISO dates, "zur Entscheidung" → "Entscheidung")."""
    return [Consultation(iso(s.date), s.body, role_of(s.purpose) or s.purpose, s.result)
            for s in paper.steps]


def parse_text(text: str, source: str = "") -> SavedPaper:
    """A council paper as text (a PDF's text, a copy from ALLRIS) → its paper, read with
    ``council.parse``; ``text`` keeps all of it."""
    tidy = "\n".join(ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    tidy = re.sub(r"\n{3,}", "\n\n", tidy).strip()
    paper = council.parse(tidy)
    return SavedPaper(
        reference=council_reference(paper),
        subject=squash(paper.title) or first_line(tidy),
        paper_type=paper.kind,
        status=council_status(tidy),
        date=iso(paper.date),
        lead=paper.lead,
        consultations=council_steps(paper),
        family=family_from_text(tidy),
        text=tidy,
        source=source,
    )
