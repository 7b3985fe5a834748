"""The header's labels ("Betreff:", "Federführend:", …) and what a page's readers find under
them (``Fields``): the two ALLRIS generations label the same fields, in cells or in ``dt``."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tree import Node
from .words import squash

MAX_MARKERS = 8  # places tried where a Beratungsfolge or Stammbaum may begin

# Header labels → field ("" for labels that only mark a header row).
LABELS = {
    "betreff": "subject", "status": "status", "vorlage-art": "paper_type", "vorlageart": "paper_type",
    "vorlagenart": "paper_type", "drucksache-art": "paper_type", "drucksachenart": "paper_type",
    "art": "paper_type", "federführend": "lead", "federführung": "lead", "federführendes amt": "lead",
    "federführende dienststelle": "lead", "federführender bereich": "lead", "datum": "date",
    "vorlagedatum": "date", "datum der vorlage": "date", "bezüglich": "related",
    "beratungsfolge": "consultations", "stammbaum": "family", "dezernent/in": "", "aktenzeichen": "",
    "bearbeiter/-in": "", "bearbeiter/in": "", "bearbeitung": "", "sachbearbeiter/-in": "",
    "verfasser": "", "verfasser/-in": "", "beteiligt": "", "beteiligte ämter": "", "initiator": "",
    "antragsteller/-in": "",
}


def label(text: str, colon_needed: bool) -> str | None:
    """The header label a cell or ``dt`` holds ("Federführend:" → "federführend"), or None."""
    text = squash(text)
    if colon_needed and not text.endswith(":"):
        return None
    key = text.rstrip(":").strip().lower()
    return key if key in LABELS else None


@dataclass
class Fields:
    """The header values found so far (the first one of a field counts), where the blocks
    are labelled, and the header's elements (left out of the text)."""

    values: dict[str, str] = field(default_factory=dict)
    markers: dict[str, list[Node]] = field(default_factory=dict)  # label cell per block label
    header: list[Node] = field(default_factory=list)  # rows and dl that are left out of the text

    def put(self, key: str, value: str) -> None:
        if value and not self.values.get(key):
            self.values[key] = value
