"""Quellenabgleich: the figures, dates, references and names in a draft that its sources lack.

A small model invents facts; an employee cannot re-read a council paper for every draft.
``check(draft, sources)`` lists every number, amount, date, file reference (VO/2025/14550)
and person or organisation name in the draft that does not occur in the sources (the
documents, the form's values and the template's own texts), with its position, so the app
can mark it and the employee checks those first. Equal facts in other spellings count as
found: "1.590" and "1590", "3,6 Mio. Euro" and "3.600.000 Euro", "28.09.2023",
"28.9.23" and "28. September 2023", "Lübecker" for "Lübeck".

Names are recognised by cues, not by a dictionary: a word after a title or role (Frau,
Herr, BM, Senatorin, Bürgermeister …), after "Stadt"/"Land"/"Kreis"/"Fraktion", or an
acronym (CDU, GAL). Ordinary nouns — German capitalises them all — are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
_MONTH = "|".join(MONTHS)
REFERENCE = re.compile(r"\b[A-ZÄÖÜ][A-ZÄÖÜ0]{0,3}/\d{4}/\d+(?:-\d+)*\b")
NUMERIC_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.\s?(\d{1,2})\.(\d{4}|\d{2}(?!\d))?")
TEXT_DATE = re.compile(rf"(?<!\d)(?:(\d{{1,2}})\.\s*)?({_MONTH})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)(?![\d])")
SCALE = re.compile(r"\s*(Mio\b\.?|Million\w*|Mrd\b\.?|Milliard\w*|Tsd\b\.?|Tausend)", re.IGNORECASE)
SCALES = {"mio": 1e6, "mil": 1e6, "mrd": 1e9, "tsd": 1e3, "tau": 1e3}
NAME_CUE = re.compile(
    r"\b(?:Frau|Herrn?|Dr\.|Prof\.|BM|AM|Senator(?:in)?|Bürgermeister(?:in)?|Stadtpräsident(?:in)?|"
    r"Ratsherr|Ratsfrau|Stadtrat|Stadträtin|Minister(?:in)?|Stadt|Hansestadt|Gemeinde|Land|"
    r"Landkreis|Kreis|Fraktion|Firma)\s+((?:[A-ZÄÖÜ][\w\-äöüß]+)(?:\s+[A-ZÄÖÜ][\w\-äöüß]+){0,2})")
ACRONYM = re.compile(r"(?<![\w/])([A-ZÄÖÜ]{2,}\d*)(?![\w/])")
LIST_MARKER = re.compile(r"^\s*(?:[-*•]\s+)?(?:#{1,6}\s*)?\(?\d+[.)]\s", re.MULTILINE)
COMMON_CAPS = {"KI", "EU", "PDF", "TOP", "CO", "CO2", "USA", "ÖPNV", "DIN", "UND", "ODER", "NICHT"}


@dataclass(frozen=True)
class Finding:
    """One fact in the draft that the sources do not contain."""

    kind: str  # "Zahl", "Betrag", "Datum", "Aktenzeichen", "Name"
    text: str
    start: int
    end: int

    def describe(self) -> str:
        return f"{self.kind} „{self.text}“"


def _number(text: str) -> float | None:
    """German (1.590,5) or plain (3.6) notation; None if it is not a number."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _scale(text: str, end: int) -> float:
    match = SCALE.match(text, end)
    return SCALES.get(match.group(1)[:3].lower(), 1.0) if match else 1.0


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    year = int(raw)
    return year + 2000 if year < 100 else year


class _Facts:
    """What a set of sources contains, normalised for comparison."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.numbers: set[float] = set()
        self.dates: set[tuple[int, int, int | None]] = set()
        self.months: set[tuple[int, int | None]] = set()
        self.references: set[str] = set()
        self.words: set[str] = set()
        texts = list(sources)
        self.text = "\n".join(texts).lower()
        for text in texts:
            self._add(text)

    def _add(self, text: str) -> None:
        for m in REFERENCE.finditer(text):
            self.references.add(m.group(0).upper().replace("V0/", "VO/"))
        for day, month, year in _dates(text):
            if day is not None:
                self.dates.add((day, month, year))
            self.months.add((month, year))
            self.months.add((month, None))
            if year:
                self.numbers.add(float(year))
        for m in NUMBER.finditer(text):
            value = _number(m.group(1))
            if value is not None:
                self.numbers.add(value)
                self.numbers.add(value * _scale(text, m.end()))
        self.words.update(w.lower() for w in re.findall(r"[\wäöüßÄÖÜ]+", text))

    def has_number(self, value: float, scaled: float) -> bool:
        return any(abs(v - value) < 1e-9 or abs(v - scaled) < 1e-6 * max(1.0, abs(v))
                   for v in self.numbers)

    def has_date(self, day: int | None, month: int, year: int | None) -> bool:
        if day is None:
            return (month, year) in self.months
        return any(d == day and m == month and (year is None or y is None or y == year)
                   for d, m, y in self.dates)

    def has_word(self, word: str) -> bool:
        word = word.lower()
        if word in self.words or (len(word) >= 4 and word in self.text):
            return True  # the second: words run together in extracted text ("LindenauBezüglich")
        # inflected or derived forms: Lübecker / Lübeck, Jansens / Jansen
        return any(len(w) >= 4 and (word.startswith(w) or w.startswith(word))
                   and abs(len(word) - len(w)) <= 3 for w in self.words)


def _dates(text: str) -> Iterable[tuple[int | None, int, int | None]]:
    """(day, month, year) of every date; day None for "Juni 2026", year None for "15.12."."""
    for m in NUMERIC_DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            yield day, month, _year(m.group(3))
    for m in TEXT_DATE.finditer(text):
        yield (int(m.group(1)) if m.group(1) else None), MONTHS[m.group(2).lower()], _year(m.group(3))


def check(draft: str, sources: Iterable[str]) -> list[Finding]:
    """Every fact in ``draft`` that ``sources`` lack, in the order they appear."""
    facts = _Facts(sources)
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in LIST_MARKER.finditer(draft)]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def claim(kind: str, start: int, end: int, found: bool) -> None:
        taken.append((start, end))
        if not found:
            findings.append(Finding(kind, draft[start:end], start, end))

    for m in REFERENCE.finditer(draft):
        claim("Aktenzeichen", m.start(), m.end(),
              m.group(0).upper().replace("V0/", "VO/") in facts.references)
    for m in NUMERIC_DATE.finditer(draft):
        day, month = int(m.group(1)), int(m.group(2))
        if free(m.start(), m.end()) and 1 <= day <= 31 and 1 <= month <= 12:
            claim("Datum", m.start(), m.end(), facts.has_date(day, month, _year(m.group(3))))
    for m in TEXT_DATE.finditer(draft):
        if not free(m.start(), m.end()) or not (m.group(1) or m.group(3)):
            continue  # a month name alone ("im Mai") is not a checkable date
        named_day = int(m.group(1)) if m.group(1) else None
        claim("Datum", m.start(), m.end(),
              facts.has_date(named_day, MONTHS[m.group(2).lower()], _year(m.group(3))))
    for m in NUMBER.finditer(draft):
        if not free(m.start(), m.end()):
            continue
        value = _number(m.group(1))
        if value is None:
            continue
        scale = SCALE.match(draft, m.end())
        end = scale.end() if scale else m.end()
        kind = "Betrag" if scale or re.match(r"\s*(€|Euro|EUR)", draft[end:]) else "Zahl"
        claim(kind, m.start(), end, facts.has_number(value, value * _scale(draft, m.end())))
    for m in NAME_CUE.finditer(draft):
        if free(m.start(1), m.end(1)):
            words = m.group(1).split()
            claim("Name", m.start(1), m.end(1), all(facts.has_word(w) for w in words))
    for m in ACRONYM.finditer(draft):
        if free(m.start(), m.end()) and m.group(1) not in COMMON_CAPS:
            claim("Name", m.start(), m.end(), facts.has_word(m.group(1)))
    return sorted(findings, key=lambda f: f.start)


def line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def summary(findings: list[Finding]) -> str:
    """The status-bar sentence: "3 Angaben nicht im Dokument gefunden"."""
    if not findings:
        return "Alle Zahlen, Daten und Namen des Entwurfs stehen im Dokument"
    count = len(findings)
    return f"{count} Angabe{'n' if count != 1 else ''} nicht im Dokument gefunden"
