"""What an exported document consists of, independent of the file format.

A draft becomes one of two shapes: a ``Letter`` (DIN 5008 Form B: letterhead, address field,
information block, subject, salutation, body, closing, signature) or a ``Report`` (a title,
a table of facts, then headings, paragraphs, lists and tables: minutes and summaries). The
Word and OpenDocument writers render these shapes; neither parses the model's text itself.

The text is what the employee has edited, not what the model wrote, so every parser here is
tolerant: what it does not recognise stays in the body as a paragraph, never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import markdown
from ..markdown import Block, Run

PLACEHOLDER = "[bitte ergänzen]"
RETURN_LINE_CHARS = 62  # characters of 7 pt Arial in the 80 mm address field
LETTERHEAD_FIELDS = ("organisation", "unit", "address", "contact", "phone", "email")


@dataclass(frozen=True)
class Letterhead:
    """The sender's data for letters; empty values print as visible placeholders."""

    organisation: str = "Hansestadt Lübeck"
    unit: str = ""
    address: str = ""  # lines separated by newlines or ", "
    contact: str = ""
    phone: str = ""
    email: str = ""

    PLACEHOLDERS = {"organisation": "[Dienststelle]", "unit": "[Bereich]",
                    "address": "[Straße Nr.]\n[PLZ Ort]", "contact": "[Ansprechperson]",
                    "phone": "[Telefon]", "email": "[E-Mail]"}

    def value(self, key: str) -> str:
        return str(getattr(self, key)).strip() or self.PLACEHOLDERS[key]

    def address_lines(self) -> list[str]:
        return split_lines(self.value("address"))

    def one_line(self) -> str:
        """Return address line above the recipient (DIN 5008 Rücksendeangabe), kept to one
        line of the 80 mm address field: the unit only where it fits."""
        full = " · ".join([self.value("organisation"), self.value("unit"), *self.address_lines()])
        if len(full) <= RETURN_LINE_CHARS:
            return full
        return " · ".join([self.value("organisation"), *self.address_lines()])


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths


Element = Block | Table


@dataclass(frozen=True)
class Report:
    """Minutes, summaries and plain drafts: title, facts, then flowing content."""

    kind: str  # "minutes", "summary", "text"
    title: str
    facts: tuple[tuple[str, str], ...]
    body: tuple[Element, ...]


@dataclass(frozen=True)
class Letter:
    head: Letterhead
    recipient: tuple[str, ...]
    info: tuple[tuple[str, str], ...]
    subject: str
    salutation: str
    body: tuple[Block, ...]
    closing: str
    signature: tuple[str, ...]


Layout = Letter | Report


@dataclass(frozen=True)
class Source:
    """What a layout is built from: the (edited) text and the draft's context."""

    text: str
    kind: str  # the template's ``output``: letter, minutes, summary, email, text
    title: str  # the template's title
    values: Mapping[str, str] = field(default_factory=dict)  # by layout part (LAYOUT_SLOTS)
    documents: tuple[str, ...] = ()  # names of the input documents
    created: dt.datetime = field(default_factory=dt.datetime.now)
    head: Letterhead = field(default_factory=Letterhead)


def split_lines(value: str) -> list[str]:
    parts = re.split(r"\n|,\s+", value.strip())
    return [p.strip() for p in parts if p.strip()]


def german_date(value: dt.date | str) -> str:
    """``2026-11-25`` → ``25.11.2026``; anything else unchanged."""
    if not isinstance(value, str):
        return f"{value:%d.%m.%Y}"
    try:
        return f"{dt.date.fromisoformat(value.strip()):%d.%m.%Y}"
    except ValueError:
        return value.strip()


def build(source: Source) -> Layout:
    if source.kind == "letter":
        return build_letter(source)
    if source.kind == "minutes":
        return build_minutes(source)
    if source.kind == "summary":
        return build_summary(source)
    return Report("text", "", (), tuple(markdown.parse(source.text)))


# letters -----------------------------------------------------------------------------

_SALUTATION = re.compile(r"^(sehr geehrte[rn]?|guten (tag|morgen)|hallo|liebe[rn]?|moin|grüß gott)\b", re.I)
_CLOSING = re.compile(r"^(mit (freundlichen|besten|herzlichen|freundlichem) gr(ü|ue)(ß|ss)(en|e)?|"
                      r"(freundliche|viele|beste|herzliche|liebe) gr(ü|ue)(ß|ss)e)\b", re.I)
_SUBJECT = re.compile(r"^\**betreff\**\s*:\s*(.+?)\**$", re.I)


def build_letter(source: Source) -> Letter:
    values = source.values
    lines = [line.rstrip() for line in source.text.strip().split("\n")]
    subject = values.get("subject", "").strip()
    salutation = ""
    # Leading subject and salutation lines (the employee may have typed them too).
    while lines and (not lines[0].strip() or _SUBJECT.match(lines[0].strip())
                     or (not salutation and _SALUTATION.match(lines[0].strip()))):
        line = lines.pop(0).strip()
        if m := _SUBJECT.match(line):
            subject = subject or m.group(1).strip()
        elif line:
            salutation = line
    closing = ""
    signature: tuple[str, ...] = ()
    for index in range(len(lines) - 1, -1, -1):
        if _CLOSING.match(lines[index].strip()):
            closing = lines[index].strip()
            signature = _signature(lines[index + 1:])
            lines = lines[:index]
            break
    recipient = _recipient(values)
    head = source.head
    info = (("Unser Zeichen", values.get("reference", "").strip() or "[Aktenzeichen]"),
            ("Name", head.value("contact")),
            ("Telefon", head.value("phone")),
            ("E-Mail", head.value("email")),
            ("Datum", german_date(source.created.date())))
    return Letter(head=head, recipient=recipient, info=info, subject=subject or PLACEHOLDER,
                  salutation=salutation, body=tuple(markdown.parse("\n".join(lines))),
                  closing=closing, signature=signature or (head.value("contact"),))


_ENCLOSURE = re.compile(r"^\**(anlagen?|anhang)\b", re.I)


def _signature(lines: list[str]) -> tuple[str, ...]:
    """The lines under the closing; the enclosure lines ("Anlagen", werkstatt/letter.py)
    after one empty line, so they stand apart from the name."""
    kept = [s.strip() for s in lines if s.strip()]
    first = next((i for i, s in enumerate(kept) if i and _ENCLOSURE.match(s)), 0)
    return tuple(kept[:first] + [""] + kept[first:]) if first else tuple(kept)


def _recipient(values: Mapping[str, str]) -> tuple[str, ...]:
    form = values.get("addressee_form", "").strip()
    name = values.get("addressee", "").strip() or "[Name]"
    first = f"{form} {name}" if form in ("Frau", "Herr") else name
    address = split_lines(values.get("address", "")) or ["[Straße Hausnummer]", "[PLZ Ort]"]
    return (first, *address)


# minutes ------------------------------------------------------------------------------

MINUTES_FACTS = (("Gremium", "body"), ("Sitzung", "meeting"), ("Datum", "date"),
                 ("Ort", "place"), ("Teilnehmende", "participants"), ("Sitzungsleitung", "chair"),
                 ("Protokoll", "minute_taker"))
_LABEL = re.compile(r"^[*_]{0,2}(Beratung|Beschluss|Beschlüsse|Ergebnis|Aufgaben?)[*_]{0,2}\s*:\s*"
                    r"[*_]{0,2}\s*(.*)$", re.I)
# "… geplant. Beschluss: Antrag stellen." – a label the model wrote inside a line starts a new one.
_INLINE_LABEL = re.compile(r"(?<=[.!?])[ \t]+(?=[*_]{0,2}(?:Beschluss|Aufgaben?)[*_]{0,2}\s*:)")
_NONE = re.compile(r"^(keine?|–|-|entfällt|nichts)\.?$", re.I)
# "bis 15.12.2026", "(bis Ende Januar)", "spätestens am 3. März", "bis zur nächsten Sitzung",
# "Frist: KW 50"; a bare word after "bis" only when capitalised (a weekday or month).
_TASK_WHEN = re.compile(
    r"[,;(]?\s*\b(?i:bis(?:\s+(?:zum|spätestens))?|spätestens(?:\s+(?:am|zum|bis))?|frist)\s*:?\s+"
    r"(?P<when>\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\.\s+[A-ZÄÖÜ][a-zäöü]+"
    r"(?:\s+\d{4})?|(?:Ende|Anfang|Mitte)\s+[A-ZÄÖÜ][a-zäöü]+(?:\s+\d{4})?|KW\s?\d{1,2}"
    r"|[A-ZÄÖÜ][a-zäöü]+\s+\d{4}|(?:zur\s+)?nächsten?\s+\w+|\[offen\]|[A-ZÄÖÜ][a-zäöü]+\b)\)?\.?")
# "[offen]": the minutes' mark for an owner the notes do not name (werkstatt/minutes)
_TASK_WHO = re.compile(r"^(?P<who>\[offen\]|(?:(?:Frau|Herr|Dr\.)\s+)*[A-ZÄÖÜ][\w.\-]*(?:\s+(?:und|/|&)?\s*"
                       r"[A-ZÄÖÜ][\w.\-]*){0,3})\s*(?::|–|-)\s+(?P<what>.+)$")
_TASK_PERSON = re.compile(r"^(?P<who>(?:Frau|Herr)\s+(?:Dr\.\s+)?[A-ZÄÖÜ][\w\-]+)\s+(?P<what>.+)$")
TASK_HEADER = ("Wer", "Was", "Bis wann")


def parse_task(item: str) -> tuple[str, str, str]:
    """``"Frau Kaya: Angebote einholen, bis 15.12."`` → (who, what, when); unknown parts "–"."""
    item = re.sub(r"(?<=\D)\.+$", "", item.strip()).strip()  # "bis 15.12." keeps its date's dot
    when = ""
    if m := _TASK_WHEN.search(item):
        when = m.group("when").strip()
        item = (item[:m.start()] + item[m.end():]).strip(" ,;")
    who = ""
    if m := _TASK_WHO.match(item) or _TASK_PERSON.match(item):
        who, item = m.group("who").strip(), m.group("what").strip()
    return (who or "–", item[:1].upper() + item[1:] if item else "–", when or "–")


def _task_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        text = markdown.strip_marker(line)
        if not text or _NONE.match(text):
            continue
        items.extend(part for part in re.split(r";\s+", text) if part.strip())
    return items


# Header lines of the minutes' text ("Teilnehmende: …") fill the facts the form left empty.
_HEADER_LINE = re.compile(r"^(?P<caption>Datum|Sitzung|Ort|Teilnehmende|Sitzungsleitung|Protokoll)\s*:\s*"
                          r"(?P<value>.+)$", re.I)


def build_minutes(source: Source) -> Report:
    values = dict(source.values)
    title = "Ergebnisprotokoll"
    body: list[Element] = []
    section: list[str] = []
    label = ""

    def flush() -> None:
        nonlocal label
        if label.lower().startswith("aufgabe"):
            items = _task_items(section)
            if items:
                body.append(Block("paragraph", (Run("Aufgaben:", bold=True),)))
                body.append(Table(TASK_HEADER, tuple(parse_task(i) for i in items), (3, 6, 2)))
            else:
                body.append(Block("paragraph", (Run("Aufgaben:", bold=True), Run(" keine"))))
        elif label:
            first, rest = (section[0], section[1:]) if section else ("", [])
            body.append(Block("paragraph", (Run(f"{label}:", bold=True),
                                            *markdown.parse_inline(" " + first))))
            body.extend(markdown.parse("\n".join(rest)))
        else:
            body.extend(markdown.parse("\n".join(section)))
        section.clear()
        label = ""

    for raw in _INLINE_LABEL.sub("\n", source.text.strip()).split("\n"):
        line = raw.strip()
        if not body and not label and (m := _HEADER_LINE.match(line)):
            key = dict(MINUTES_FACTS)[m.group("caption").capitalize()]
            values[key] = values.get(key, "").strip() or m.group("value").strip()
            continue  # the date, participants … go into the facts table
        if m := _LABEL.match(line):
            flush()
            label = m.group(1).capitalize()
            if m.group(2).strip():
                section.append(m.group(2).strip())
        elif heading := markdown.heading(line):
            flush()
            if heading.level == 1 and not body:
                title = heading.text.strip()
            else:
                body.append(heading)
        else:
            section.append(raw)
    flush()
    facts = []
    for caption, key in MINUTES_FACTS:
        value = values.get(key, "").strip()
        if key == "date" and value:
            value = german_date(value)
        if key == "participants":
            value = ", ".join(split_lines(value.replace(";", ",")))
        facts.append((caption, value or PLACEHOLDER))
    return Report("minutes", title, tuple(facts), tuple(body))


# summaries ------------------------------------------------------------------------------

def build_summary(source: Source) -> Report:
    blocks = markdown.parse(source.text)
    title = source.title
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title, blocks = blocks[0].text, blocks[1:]
    documents = ", ".join(source.documents) or "eingegebener Text"
    facts = (("Quelle" if len(source.documents) <= 1 else "Quellen", documents),
             ("Erstellt am", german_date(source.created.date())))
    return Report("summary", title, facts, tuple(blocks))
