"""Page geometry shared by the Word and OpenDocument writers, in millimetres and points.

DIN 5008 Form B on A4 (210 × 297 mm): letterhead 45 mm; address field 45 mm high from 45 mm
below the top edge, its text 25 mm from the left edge, with the Rücksendeangabe in the
17.7 mm Zusatz- und Vermerkzone above the recipient; information block from 125 mm from the
left edge and 50 mm from the top; left margin 25 mm, right margin at least 20 mm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .layout import Letterhead

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 25.0, 20.0, 20.0, 20.0
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 165 mm

LETTERHEAD_HEIGHT = 45.0  # the body (address field) starts here on page 1
HEADER_DISTANCE = 10.0
ADDRESS_HEIGHT = 45.0
ADDRESS_COLUMN = 125.0 - LEFT  # the information block starts 125 mm from the left edge
INFO_COLUMN = TEXT_WIDTH - ADDRESS_COLUMN
RETURN_LINE_TOP = 12.7  # Rücksendeangabe at the foot of the 17.7 mm Vermerkzone
INFO_TOP = 5.0  # information block 50 mm from the top edge
INFO_LABEL_WIDTH = 25.0
FACTS_COLUMNS = (40.0, TEXT_WIDTH - 40.0)

BODY_PT = 11.0
SMALL_PT = 9.0
TINY_PT = 7.0
UNIT_PT = 11.0
ORG_PT = 16.0
TITLE_PT = 18.0
PARAGRAPH_GAP_PT = 11.0  # one empty line between paragraphs
SUBJECT_GAP_PT = 24.0  # two empty lines between address field and subject
SIGNATURE_GAP_PT = 40.0  # room for the handwritten signature (three empty lines)
NOTE_PT, NOTE_GAP_PT = 8.0, 18.0  # the AI note at the end of every document


def mm_to_pt(value: float) -> float:
    return value * 72 / 25.4


def info_space_before(index: int, caption: str) -> float:
    """Points above a line of the information block: it starts 5 mm below the address
    field's top, and the date stands apart from the contact lines."""
    if index == 0:
        return mm_to_pt(INFO_TOP)
    return SMALL_PT if caption == "Datum" else 0.0


def footer_line(head: Letterhead) -> str:
    """Geschäftsangaben at the foot of the first page."""
    parts = [head.value("organisation"), head.value("unit"), *head.address_lines(),
             f"Telefon {head.value('phone')}", head.value("email")]
    return " · ".join(parts)
