"""The words of council papers: dates in their German forms, references ("VO/2023/12419-02"),
roles and results of a Beratungsfolge, section headings, and the clean-ups of header values."""

from __future__ import annotations

import re
from datetime import date as _date
from pathlib import Path

from ... import council

_MONTHS = {"januar": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "maerz": 3,
           "mrz": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6,
           "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
           "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12,
           "dez": 12, "dec": 12}
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_WORDS = re.compile(r"\b(\d{1,2})\.?\s+([A-Za-zÄÖÜäöü]{3,9})\.?\s+(\d{4})\b")
_DATE_YMD_WORDS = re.compile(r"\b(\d{4})\s+([A-Za-z]{3,9})\.?\s+(\d{1,2})\b")  # "2026 Sep 3"
# Lübeck: "VO/2023/12419-02", "2023/12437-09-02", "SI/2023/443"; elsewhere "0456/2010",
# "25-30/01551", "1/26". Only looked for where a reference is expected (the title after a
# paper's kind, a Stammbaum row, "Bezüglich:").
REFERENCE = re.compile(r"(?<![\w/.])(?:[A-ZÄÖÜ]{1,4}/)?\d{1,4}(?:-\d{2})?/\d{1,6}(?:-\d{1,3})*(?![\w/])")
TITLE = re.compile(r"^\s*([^\d\s][^\d–-]{0,60}?)\s+[-–]\s+(\S.*)$")  # "Beschlussvorlage - 1/26"
_ROLES = {"entscheidung", "vorberatung", "kenntnisnahme", "beratung", "anhörung", "senatsberatung",
          "stellungnahme", "beschlussfassung", "information", "empfehlung", "beschlussempfehlung",
          "beratung und entscheidung", "beratung und beschlussfassung", "vorberatung und empfehlung"}
_RESULT_WORDS = ("beschlossen", "abgelehnt", "kenntnis genommen", "vertagt",
                 "zurückgezogen", "verwiesen", "überwiesen", "empfohlen", "zugestimmt", "abgesetzt",
                 "ohne votum", "angenommen", "erledigt durch")
STATUS_MARKS = {"erledigt", "bereit", "offen", "geplant", "in bearbeitung", "●"}
TABLE_HEADS = {"datum", "gremium", "status", "beschluss", "na", "to", "top", "rolle", "zuständigkeit",
               "ergebnis", "sitzung", "beratungsart", "aktion", "beschlussart", "vorlage",
               "betreff", "federführend", "art", "nr.", "nummer", "vorlagen-nr."}
SECTIONS = tuple(council.SECTIONS) + ("Sachverhalt/Begründung", "Begründung/Sachverhalt",
                                      "Beschlussempfehlung", "Empfehlung", "Mitteilung")
SECTION_NAMES = {s.lower() for s in SECTIONS}
NOISE_LINES = {"reduzieren", "erweitern", "drucken", "nach oben", "seitenanfang",
               "zum seitenanfang", "zurück", "schließen", "beratungsfolge", "beratungsfolge:"}
KINDS = re.compile(r"(?i)vorlage|antrag|anfrage|mitteilung|drucksache|beschluss|bericht|auszug|"
                   r"stellungnahme|niederschrift|antwort|empfehlung|information|dringlich|änderung|"
                   r"ergänzung|eingabe|petition|resolution")


def iso(text: str) -> str:
    """The first recognisable date in ``text`` as "YYYY-MM-DD" ("04.12.2025" → "2025-12-04")."""
    candidates: list[tuple[int, int, int, int]] = []  # (position, year, month, day)
    for m in _DATE_NUMERIC.finditer(text):
        year = int(m.group(3))
        year += (2000 if year < 70 else 1900) if len(m.group(3)) == 2 else 0
        candidates.append((m.start(), year, int(m.group(2)), int(m.group(1))))
    for m in _DATE_ISO.finditer(text):
        candidates.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DATE_WORDS.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            candidates.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for m in _DATE_YMD_WORDS.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            candidates.append((m.start(), int(m.group(1)), month, int(m.group(3))))
    for _, year, month, day in sorted(candidates):
        try:
            return _date(year, month, day).isoformat()
        except ValueError:
            continue
    return ""


def squash(text: str) -> str:
    """The text on one line, runs of whitespace as one space."""
    return " ".join(text.split())


def reference_in(text: str) -> str:
    """The first reference in ``text`` ("VO/2023/12419-02"), or ""."""
    m = REFERENCE.search(text)
    return m.group(0) if m else ""


def role_of(text: str) -> str:
    """ "zur Entscheidung" → "Entscheidung"; "" if ``text`` names no role."""
    words = squash(text)
    bare = re.sub(r"^(zur|zum|zu)\s+", "", words, flags=re.IGNORECASE)
    if len(words) > 50 or is_result(words):
        return ""
    if bare.lower() in _ROLES or (bare != words and len(bare) <= 40):
        return bare[:1].upper() + bare[1:]
    return ""


def is_result(text: str) -> bool:
    """Whether ``text`` is a Beratungsfolge's result ("ungeändert beschlossen")."""
    low = text.lower()
    return len(low) <= 80 and any(word in low for word in _RESULT_WORDS)


def clean_lead(value: str) -> str:
    """As ``council`` does: "1.101 - Bürgermeisterkanzlei" → "Bürgermeisterkanzlei"."""
    return re.sub(r"^\d+(\.\d+)*\s*-\s*", "", squash(value)).strip(" ,;")


def clean_status(value: str) -> str:
    """"öffentlich" in lower case, without remarks in brackets."""
    value = squash(re.sub(r"\([^)]*\)", "", value))
    return value.lower() if re.match(r"(?i)(nicht)?\s*öffentlich", value) else value


def display_name(source: str) -> str:
    """The file's name in German quotes, for messages ("Die Seite" without one)."""
    return f"„{Path(source).name or source}“" if source else "Die Seite"


def first_line(text: str) -> str:
    """The first line with text (at most 200 characters): the subject of last resort."""
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return line[:200]
