"""Rough meeting notes read by rule: the header lines, the agenda items (TOPs) and their statements.

People type notes as they come: "TOP 1 Turnhalle: …", "Top2:", "Punkt 3", "1." lines, Markdown
headings, "Sonstiges" on its own, topics separated by blank lines, or no structure at all.
``read`` finds the items in that order of evidence; notes without any become one item. Lines
before the first item are the header: "Anwesend: …", "Leitung: …", the meeting's title line.
"zu TOP 2: …" and a TOP number written twice add to that item. Abbreviations people type
(Hr., Fr., bzgl., ggf., Abt., z. K.) are written out; dates, figures and names stay as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sourcecheck import NUMERIC_DATE, TEXT_DATE

_WEEKDAYS = (("Mo", "Montag"), ("Di", "Dienstag"), ("Mi", "Mittwoch"), ("Do", "Donnerstag"),
             ("Fr", "Freitag"))
# Written out in every statement (case-sensitive where a capital matters).
ABBREVIATIONS = (
    (re.compile(r"\b(durch|für|an|von|mit|bei|zu|gegenüber|ohne|um)\s+Hr\.\s*(?=[A-ZÄÖÜ])"), r"\1 Herrn "),
    (re.compile(r"\bHr\.\s*(?=[A-ZÄÖÜ])"), "Herr "),
    (re.compile(r"\bHrn\.\s*(?=[A-ZÄÖÜ])"), "Herrn "),
    # "bis Fr." is Friday; "Fr. Kaya" is Frau Kaya
    (re.compile(r"\b(bis|am|ab|nächsten|kommenden|jeden)\s+Fr\.(?=\s|$|,|;)"), r"\1 Freitag"),
    (re.compile(r"\bFr\.\s*(?=(?:Dr\.\s*)?[A-ZÄÖÜ][a-zäöüß])(?!Herr|Frau)"), "Frau "),
    # a weekday before a capital also ends the sentence: "Techniker kommt Mo. Herr Wulf …"
    *((re.compile(rf"\b{short}\.(?=\s+[A-ZÄÖÜ])"), f"{day}.") for short, day in _WEEKDAYS),
    *((re.compile(rf"\b{short}\.(?=\s|$|,|;)"), day) for short, day in _WEEKDAYS),
    (re.compile(r"\bbzgl\.", re.I), "bezüglich"),
    (re.compile(r"\bggf\.", re.I), "gegebenenfalls"),
    (re.compile(r"\bevtl\.", re.I), "eventuell"),
    (re.compile(r"\bAbt\.(?=\s)"), "Abteilung"),
    (re.compile(r"\bz\.\s?[Kk]\.(?=\s|$|:|,)"), "zur Kenntnis"),
    (re.compile(r"\bz\.\s?[Ee]\.(?=\s|$|:|,)"), "zur Erledigung"),
    (re.compile(r"\bi\.\s?d\.\s?R\.", re.I), "in der Regel"),
    (re.compile(r"\bzzgl\.", re.I), "zuzüglich"),
    (re.compile(r"\binkl\.", re.I), "inklusive"),
    (re.compile(r"\blt\.(?=\s)"), "laut"),
    (re.compile(r"\bu\.\s?U\.", re.I), "unter Umständen"),
)

_TOP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(?:TOP|Top|top|Tagesordnungspunkt|Punkt|Pkt\.?)"
                  r"\s*(?:Ö\s*)?(?P<number>\d{1,3}[a-z]?(?:\.\d{1,2})?)(?:\*\*)?\s*(?:[:.)\-–]\s*)?"
                  r"(?P<rest>.*)$")
_FURTHER = re.compile(r"^\s*(?:zu|Nachtrag zu|Ergänzung zu|noch zu)\s+(?:TOP|Punkt)\s*"
                      r"(?P<number>\d{1,3}[a-z]?)\s*[:.)\-–]?\s*(?P<rest>.*)$", re.I)
_NUMBERED = re.compile(r"^(?:\*\*)?(?P<number>\d{1,2})[.)](?:\*\*)?\s+(?P<rest>\S.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<rest>.+)$")
_NAMED = re.compile(r"^\s*(?:\*\*)?(?P<title>Sonstiges|Verschiedenes|Mitteilungen|Aktuelles|Allgemeines)"
                    r"(?:\*\*)?\s*(?:[:\-–]\s*(?P<rest>.*))?$", re.I)
_HEADER = re.compile(r"^\s*(?P<key>Anwesend|Anwesende|Teilnehmende|Teilnehmer(?:innen)?|TN|"
                     r"Entschuldigt|Abwesend|Gäste?|Leitung|Sitzungsleitung|Vorsitz|Moderation|"
                     r"Protokoll(?:führung)?|Ort|Raum|Datum|Beginn|Ende|Zeit|Dauer)\s*:\s*(?P<value>.+)$",
                     re.I)
HEADER_CAPTIONS = {"anwesend": "Teilnehmende", "anwesende": "Teilnehmende", "teilnehmende": "Teilnehmende",
                   "teilnehmer": "Teilnehmende", "teilnehmerinnen": "Teilnehmende", "tn": "Teilnehmende",
                   "entschuldigt": "Entschuldigt", "abwesend": "Entschuldigt", "gast": "Gäste",
                   "gäste": "Gäste", "leitung": "Sitzungsleitung", "sitzungsleitung": "Sitzungsleitung",
                   "vorsitz": "Sitzungsleitung", "moderation": "Sitzungsleitung",
                   "protokoll": "Protokoll", "protokollführung": "Protokoll", "ort": "Ort",
                   "raum": "Ort", "datum": "Datum", "beginn": "Zeit", "ende": "Zeit", "zeit": "Zeit",
                   "dauer": "Zeit"}
ANYWHERE = {"Teilnehmende", "Entschuldigt", "Gäste"}  # header lines that may stand anywhere
_MEETING = re.compile(r"\b(Sitzung|Besprechung|Jour ?fixe|Runde|Treffen|Termin|Ausschuss|Beirat|AG|"
                      r"Arbeitsgruppe|Arbeitskreis|Team|Meeting|Konferenz|Protokoll|Rat)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•–+>]|\d{1,2}[.)](?=\s))\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"(])")
_NO_END = re.compile(r"(?:\b\d{1,3}|\b[A-Za-zÄÖÜäöüß]|\b(?:Nr|Dr|Prof|St|Str|Tel|ca|Mio|Mrd|Tsd|Std|Min|"
                     r"Jan|Feb|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez|bzw|vgl|usw|etc|o\.\s?g|"
                     r"z\.\s?B|u\.\s?a|d\.\s?h|i\.\s?V|i\.\s?A|Fa|OG|EG|UG|Sa|So|Kap|Anl|Abs))\.$")
MAX_TITLE_WORDS = 9
# "DV mit PR abgestimmt, Beschluss: gilt ab 1.4.": a label inside a line starts a statement.
_INLINE_LABEL = re.compile(r"(?:[,;]|\s[-–])\s+(?=(?:Beschluss|Entscheidung|Ergebnis|Aufgabe|To-?do|TODO)"
                           r"\s*:)", re.I)


@dataclass
class Item:
    """One agenda item: its number as the notes write it ("" if none), title and statements."""

    number: str
    title: str
    statements: list[str] = field(default_factory=list)


@dataclass
class Notes:
    """What the notes hold: header lines by caption, the items in order."""

    header: dict[str, str]
    items: list[Item]
    date: str = ""  # the date of the notes' title line, as written


def expand(text: str) -> str:
    """``text`` with the usual abbreviations written out."""
    for pattern, replacement in ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return text


def clean(line: str) -> str:
    """A line without list marker, emphasis and surrounding blanks."""
    line = _BULLET.sub("", line.strip()).replace("**", "").replace("__", "")
    return " ".join(line.split()).strip(" ;")


def statements(lines: list[str]) -> list[str]:
    """The statements of an item's lines: one per sentence; a line that starts in lower
    case goes on from the line before when that has no end mark."""
    joined: list[str] = []
    for raw in lines:
        line = clean(expand(raw))
        if not line:
            continue
        bullet = bool(_BULLET.match(raw.strip()))
        if joined and not bullet and line[0].islower() and joined[-1][-1] not in ".!?:":
            joined[-1] += " " + line
        else:
            joined.append(line)
    out: list[str] = []
    for line in (part for whole in joined for part in _INLINE_LABEL.split(whole)):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if _NO_END.search(line[max(start, m.start() - 12):m.start()]):
                continue
            out.append(line[start:m.start()].strip())
            start = m.end()
        out.append(line[start:].strip())
    return [s for s in out if s.strip(" .,;:-–")]


def split_title(rest: str) -> tuple[str, str]:
    """(title, content) of an item's first line: "Turnhalle: Dach undicht" → both parts;
    a short line is all title; a long one keeps all its words as content."""
    rest = clean(expand(rest))
    colon = re.search(r":(?!\d)\s*", rest)
    if colon and 0 < len(rest[:colon.start()].split()) <= MAX_TITLE_WORDS \
            and not re.search(r",|[.!?]\s", rest[:colon.start()]):
        title, content = rest[:colon.start()].strip(), rest[colon.end():].strip()
        if content[:1].islower() and len(re.split(r"[,;.]", content)[0].split()) <= 3:
            content = f"{title} {content}"  # "Parksituation morgens: chaotisch" says something
        return title, content
    dash = re.search(r"\s[-–]\s", rest)
    if dash and 0 < len(rest[:dash.start()].split()) <= MAX_TITLE_WORDS:
        return rest[:dash.start()].strip(), rest[dash.end():].strip()
    if len(rest.split()) <= MAX_TITLE_WORDS and not re.search(r"[.!?]$", rest):
        return rest.rstrip("."), ""
    first = re.split(r",\s|(?<=[a-zäöüß])\.\s", rest, maxsplit=1)[0]
    title = first if len(first.split()) <= 6 else " ".join(rest.split()[:5]) + " …"
    return title.rstrip("."), rest


def _header_line(line: str) -> tuple[str, str] | None:
    m = _HEADER.match(clean(line))
    if not m:
        return None
    return HEADER_CAPTIONS[m.group("key").lower()], clean(expand(m.group("value")))


def _title_line(line: str) -> bool:
    """The meeting's own title line ("Dienstbesprechung Bereich Schule, 20.11.2026")."""
    text = clean(line)
    dated = bool(NUMERIC_DATE.search(text) or TEXT_DATE.search(text))
    return (len(text.split()) <= 14 and (dated or bool(_MEETING.search(text)))
            and not re.search(r"\b(Beschluss|beschlossen|bis)\b", text))


@dataclass
class _Start:
    index: int
    number: str
    rest: str
    further: bool = False  # "zu TOP 2": adds to an item already there


def _starts(lines: list[str]) -> list[_Start]:
    """Where items start, by the strongest kind of marker the notes use."""
    tops = [i for i, line in enumerate(lines) if _TOP.match(line)]
    if tops:
        found: list[_Start] = []
        last = 0
        for i, line in enumerate(lines):
            if m := _FURTHER.match(line):
                found.append(_Start(i, m.group("number"), m.group("rest"), further=True))
            elif m := _TOP.match(line):
                found.append(_Start(i, m.group("number"), m.group("rest")))
                last = int(re.sub(r"\D.*", "", m.group("number")))  # "5a" → 5
            elif (m := _NUMBERED.match(line)) and int(m.group("number")) == last + 1:
                found.append(_Start(i, m.group("number"), m.group("rest")))  # "TOPs mixed"
                last += 1
            elif m := _NAMED.match(line):
                found.append(_Start(i, "", line))
        return found
    numbered = [(i, m) for i, line in enumerate(lines) if (m := _NUMBERED.match(line))]
    if len(numbered) >= 2 and [int(m.group("number")) for _, m in numbered[:2]] == [1, 2]:
        found, expected = [], 1
        for i, line in enumerate(lines):
            if (m := _NUMBERED.match(line)) and int(m.group("number")) == expected:
                found.append(_Start(i, m.group("number"), m.group("rest")))
                expected += 1
            elif (m := _HEADING.match(line)) or _NAMED.match(line):
                found.append(_Start(i, "", m.group("rest") if m else line))
        return found
    headings = [_Start(i, "", m.group("rest")) for i, line in enumerate(lines)
                if (m := _HEADING.match(line))]
    if headings:
        return headings
    return [_Start(i, "", line) for i, line in enumerate(lines) if _NAMED.match(line)]


def _blocks(lines: list[str]) -> list[_Start]:
    """Topics separated by blank lines (at least two), each block's first line its title."""
    starts = [i for i, line in enumerate(lines)
              if line.strip() and (i == 0 or not lines[i - 1].strip())]
    return [_Start(i, "", lines[i]) for i in starts] if len(starts) >= 2 else []


def read(text: str) -> Notes:
    """The notes' header, items and statements."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\t", "    ").split("\n")]
    header: dict[str, str] = {}

    def take_header(line: str, anywhere: bool) -> bool:
        found = _header_line(line)
        if not found or (anywhere and found[0] not in ANYWHERE):
            return False
        caption, value = found
        header[caption] = f"{header[caption]}, {value}" if caption in header else value
        return True

    starts = _starts(lines) or _blocks(lines)
    first = starts[0].index if starts else len(lines)
    preamble = [line for line in lines[:first] if line.strip() and not take_header(line, False)]
    date = ""
    if preamble and _title_line(preamble[0]) and (starts or len(preamble) > 1):
        date = _date_of(preamble.pop(0))  # the meeting's title line, not a statement
    if not preamble and len(starts) >= 2 and not starts[0].number:  # blocks: a header block first
        block = [line for line in lines[starts[0].index:starts[1].index] if line.strip()]
        if _title_line(block[0]) and all(_header_line(line) for line in block[1:]):
            date = _date_of(block[0])
            for line in block[1:]:
                take_header(line, False)
            starts = starts[1:]
    items: list[Item] = []
    if preamble:  # before the first item, or notes without any structure
        items.append(Item("", "Vorab" if starts else "", statements(preamble)))
    numbers: dict[str, Item] = {}
    for position, start in enumerate(starts):
        end = starts[position + 1].index if position + 1 < len(starts) else len(lines)
        body = [line for line in lines[start.index + 1:end] if not take_header(line, True)]
        while body and not body[0].strip():
            body.pop(0)
        if start.further:
            title, content = "", start.rest
        elif named := _NAMED.match(start.rest):
            title, content = named.group("title").capitalize(), named.group("rest") or ""
        else:
            title, content = split_title(start.rest)
        if not title and not content and body and not _BULLET.match(body[0]) \
                and 0 < len(body[0].split()) <= 6:
            title, body = clean(expand(body[0])).rstrip(":"), body[1:]  # "TOP 1:" above its title
        found = statements([content, *body])
        if start.number and start.number in numbers:
            numbers[start.number].statements.extend(found)
            continue
        item = Item(start.number, title, found)
        items.append(item)
        if start.number:
            numbers[start.number] = item
    return Notes(header, items, date)


def _date_of(line: str) -> str:
    m = NUMERIC_DATE.search(line) or TEXT_DATE.search(line)
    return m.group(0).strip() if m else ""
