"""The document a council template works on, built from the library.

- a paper (``vorlage-zusammenfassen``, ``beschlussvorschlag``): its header as ALLRIS prints
  it and its files' text (``Library.paper_text``);
- ``aenderungen-vorversion``: the sentences that differ between a paper and its predecessor
  in the family tree, found here (difflib), so the model only describes them;
- ``sitzungsvorbereitung``: a meeting's agenda, each item with its paper's decision text.
"""

from __future__ import annotations

import difflib
import re

from .. import council
from ..errors import WerkstattError
from .library import Library

PAPER_TEMPLATES = ("vorlage-zusammenfassen", "beschlussvorschlag", "aenderungen-vorversion")
MEETING_TEMPLATES = ("sitzungsvorbereitung",)
ITEM_CHARS = 1500  # of each paper in a meeting briefing


def document_for(library: Library, template_id: str, target: str) -> tuple[str, list[str]]:
    """(document, names of its sources) for a council template and a paper or meeting id."""
    if template_id in MEETING_TEMPLATES:
        return meeting_document(library, target)
    if template_id == "aenderungen-vorversion":
        return changes_document(library, target)
    paper = library.paper(target)
    if paper is None:
        raise WerkstattError("Diese Vorlage ist nicht (mehr) in der Bibliothek.")
    return library.paper_text(target), [paper["reference"] or paper["name"]]


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?:])\s+|\n+", text)
    return [" ".join(p.split()) for p in parts if len(p.split()) >= 2]


def changes_document(library: Library, pid: str) -> tuple[str, list[str]]:
    paper = library.paper(pid)
    if paper is None:
        raise WerkstattError("Diese Vorlage ist nicht (mehr) in der Bibliothek.")
    before = library.predecessor(pid)
    if before is None:
        raise WerkstattError(f"Zu „{paper['reference'] or paper['name']}“ ist keine Vorversion in "
                             "der Bibliothek (Stammbaum).")
    old = _sentences(_body(library, before["id"]))
    new = _sentences(_body(library, pid))
    lines = [f"Vorversion: {before['reference']} vom {before['date']} – {before['name']}",
             f"Neue Fassung: {paper['reference']} vom {paper['date']} – {paper['name']}", ""]
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            lines.extend(f"Entfallen: {s}" for s in old[i1:i2])
        if tag in ("replace", "insert"):
            lines.extend(f"Neu: {s}" for s in new[j1:j2])
    if len(lines) == 3:
        lines.append("Die Texte der beiden Fassungen sind gleich.")
    return "\n".join(lines), [before["reference"], paper["reference"]]


def _body(library: Library, pid: str) -> str:
    paper = library.paper(pid)
    return "\n".join(p.text for p in paper["passages"] if p.label != "Betreff") if paper else ""


def meeting_document(library: Library, meeting_id: str) -> tuple[str, list[str]]:
    meetings = {m["id"]: m for m in library.meetings(limit=100_000)}
    meeting = meetings.get(meeting_id)
    if meeting is None:
        raise WerkstattError("Diese Sitzung ist nicht in der Bibliothek.")
    items = library.agenda(meeting_id)
    if not items:
        raise WerkstattError(f"Zu „{meeting['name']}“ ist keine Tagesordnung in der Bibliothek.")
    lines = [f"Sitzung: {meeting['name']} am {meeting['start'][:10]}", ""]
    names = []
    for item in items:
        lines.append(f"TOP {item['number'] or '?'}: {item['name']}")
        if item["paper_id"]:
            names.append(item["reference"] or item["paper_name"])
            lines.append(f"Vorlage {item['reference']}: {item['paper_name']}")
            text = _body(library, item["paper_id"])
            decision = council.parse(text).decision_text()
            lines.append((decision or text)[:ITEM_CHARS])
        else:
            lines.append("(ohne Vorlage)")
        lines.append("")
    return "\n".join(lines).strip(), names
