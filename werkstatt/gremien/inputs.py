"""The document a council template works on, built from the library.

- a paper (``vorlage-zusammenfassen``, ``beschlussvorschlag``): its header as ALLRIS prints
  it and its files' text (``Library.paper_text``);
- ``aenderungen-vorversion``: the sentences that differ between a paper and its predecessor
  in the family tree, found here (difflib), so the model only describes them;
- ``sitzungsvorbereitung``: a meeting's agenda, each item with its paper's decision text.
"""

from __future__ import annotations

import difflib

from .. import council
from ..errors import WerkstattError
from .library import Library
from .search import split_sentences

PAPER_TEMPLATES = ("vorlage-zusammenfassen", "beschlussvorschlag", "aenderungen-vorversion")
MEETING_TEMPLATES = ("sitzungsvorbereitung",)
ITEM_CHARS = 450  # of each paper in a meeting briefing (its first sentences)
DECISION = ("Beschlussvorschlag", "Beschluss", "Antrag")  # passage labels that say what is decided


def document_for(library: Library, template_id: str, target: str) -> tuple[str, list[str]]:
    """(document, names of its sources) for a council template and a paper or meeting id."""
    if template_id in MEETING_TEMPLATES:
        return meeting_document(library, target)
    if template_id == "aenderungen-vorversion":
        return changes_document(library, target)
    paper = library.paper(target)
    if paper is None:
        raise WerkstattError("Diese Vorlage ist nicht (mehr) in der Bibliothek.")
    names = [paper["reference"] or paper["name"]]
    if template_id == "beschlussvorschlag":  # the decision itself, not the header around it
        decision = "\n\n".join(p.text for p in paper["passages"] if p.label in DECISION) or \
            council.parse(_body(library, target)).decision_text()
        if decision:
            return (f"Betreff: {paper['name']}\nVorlage: {paper['reference']}\n\n"
                    f"Beschlussvorschlag:\n{decision}"), names
    return library.paper_text(target), names


def _sentences(text: str) -> list[str]:
    return [s for s in split_sentences(text) if len(s.split()) >= 2]


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
    ours = {before["reference"], paper["reference"]}
    old = [s for s in old if not any(r and r in s for r in ours)]  # "Vorlage - VO/…-01" lines
    new = [s for s in new if not any(r and r in s for r in ours)]
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    count = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False)) if tag == "replace" else []
        for before_sentence, after_sentence in pairs:
            count += 1
            lines.append(f"Änderung {count}: {_changed_words(before_sentence, after_sentence)}")
            lines.append(f"Satz der neuen Fassung: „{after_sentence.strip('„“')}“")
        for sentence in old[i1 + len(pairs):i2]:
            count += 1
            lines.append(f"Änderung {count}: entfallen ist der Satz „{sentence}“")
        for sentence in new[j1 + len(pairs):j2]:
            count += 1
            lines.append(f"Änderung {count}: neu ist der Satz „{sentence}“")
    if not count:
        lines.append("Die Texte der beiden Fassungen sind gleich.")
    return "\n".join(lines), [before["reference"], paper["reference"]]


def _changed_words(before: str, after: str) -> str:
    """'statt „5.000“ jetzt „10.000“' for two versions of a sentence (word level)."""
    a, b = before.split(), after.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "replace":
            parts.append(f"statt „{' '.join(a[i1:i2])}“ jetzt „{' '.join(b[j1:j2])}“")
        elif tag == "delete":
            parts.append(f"„{' '.join(a[i1:i2])}“ gestrichen")
        elif tag == "insert":
            parts.append(f"„{' '.join(b[j1:j2])}“ eingefügt")
    return "; ".join(parts) or "nur Zeichensetzung geändert"


def _gist(library: Library, pid: str) -> str:
    """What a briefing needs of a paper: its decision, else the start of its text, at most
    ``ITEM_CHARS`` (a small model copies long input instead of condensing it)."""
    paper = library.paper(pid)
    if paper is None:
        return ""
    decision = "\n".join(p.text for p in paper["passages"] if p.label in DECISION)
    text = decision if len(decision) >= 150 else _body(library, pid)  # not just a title line
    sentences = [s for s in split_sentences(text) if not s.startswith(("Quelle:", "Abgerufen"))]
    out = ""
    for sentence in sentences:
        if len(out) + len(sentence) > ITEM_CHARS:
            break
        out += sentence + " "
    return out.strip() or text[:ITEM_CHARS]


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
        reference = f" (Vorlage {item['reference']})" if item["reference"] else ""
        lines.append(f"TOP {item['number'] or '?'}: {item['name']}{reference}")
        if item["paper_id"]:
            names.append(item["reference"] or item["paper_name"])
            lines.append(_gist(library, item["paper_id"]))
        else:
            lines.append("(ohne Vorlage)")
        lines.append("")
    return "\n".join(lines).strip(), names
