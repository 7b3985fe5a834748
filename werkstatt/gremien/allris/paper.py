"""What a saved council paper says: the ``SavedPaper`` with its Beratungsfolge
(``Consultation``) and Stammbaum (``Relative``), and the paper back from the reader child's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Consultation:
    """One step of the Beratungsfolge: when, which body, in which role, with what result."""

    date: str  # ISO "2025-12-04", "" if not (yet) known
    body: str  # "Bürgerschaft der Hansestadt Lübeck"
    role: str  # "Entscheidung", "Vorberatung", "Kenntnisnahme" ("zur " dropped)
    result: str  # "ungeändert beschlossen", … ("" if none yet)


@dataclass
class Relative:
    """A paper of the Stammbaum: an earlier or later version, an amendment, the original."""

    reference: str
    subject: str
    date: str  # ISO or ""


@dataclass
class SavedPaper:
    """What a saved page or file says about its paper. ``reference`` is "" if it is no council
    paper (the caller decides what to do with it); ``text`` is the readable text: for a page
    its sections with their headings on lines of their own, for a PDF or text file all of it."""

    reference: str = ""
    subject: str = ""
    paper_type: str = ""  # "Vorlage", "Beschlussvorlage", "Auszug", …
    status: str = ""  # "öffentlich", "nichtöffentlich", …
    date: str = ""  # ISO date of the paper, "" if not stated
    lead: str = ""  # Federführend
    consultations: list[Consultation] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)  # the Stammbaum as listed (with itself)
    text: str = ""
    source: str = ""


def from_dict(raw: dict[str, Any]) -> SavedPaper:
    """A ``SavedPaper`` from ``dataclasses.asdict`` as JSON (missing or odd values: "")."""
    def text(data: dict[str, Any], key: str) -> str:
        return str(data.get(key) or "")

    return SavedPaper(
        reference=text(raw, "reference"), subject=text(raw, "subject"),
        paper_type=text(raw, "paper_type"), status=text(raw, "status"), date=text(raw, "date"),
        lead=text(raw, "lead"),
        consultations=[Consultation(text(c, "date"), text(c, "body"), text(c, "role"), text(c, "result"))
                       for c in raw.get("consultations") or []],
        family=[Relative(text(r, "reference"), text(r, "subject"), text(r, "date"))
                for r in raw.get("family") or []],
        text=text(raw, "text"), source=text(raw, "source"))
