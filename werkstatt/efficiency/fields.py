"""What one administrative process in the catalogue is: its columns, their German headers and
the values they accept.

The same parsers check an imported cell, a cell edited in the window's table and a value set
on the command line, so each route refuses the same things with the same German sentence.
A cell arrives as text (CSV, the table) or as what a spreadsheet holds (number, boolean,
date, formula: ``Cell``); numbers may be written the German way (``1.234,5``).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from .. import numbers

# Data categories (GDPR): what the process handles about people.
DATA_NONE, DATA_PERSONAL, DATA_SPECIAL, DATA_SOCIAL = (
    "keine", "personenbezogen", "besondere Kategorien (Art. 9 DSGVO)", "Sozialdaten")
DATA_CATEGORIES = (DATA_NONE, DATA_PERSONAL, DATA_SPECIAL, DATA_SOCIAL)
# Implementation effort classes, cheapest first, with the default person-days used when the
# pilot lead gives none (a Richtwert, marked as such wherever it is used).
EFFORT_CLASSES = {"Nur Vorlage": 5.0, "Vorlage und Dokumentimport": 15.0,
                  "Anbindung Fachverfahren": 40.0, "Neue Daten oder neues System": 80.0}
# EU AI Act (Regulation (EU) 2024/1689), Annex III areas a city's processes can fall into.
ANNEX3 = {"Öffentliche Leistungen": "Anhang III Nr. 5 a: Zugang zu öffentlichen Leistungen",
          "Beschäftigung und Personal": "Anhang III Nr. 4: Beschäftigung, Personalmanagement",
          "Migration und Grenzkontrolle": "Anhang III Nr. 7: Migration, Asyl, Grenzkontrolle"}
YES, NO = ("ja", "wahr", "true", "x", "1", "yes"), ("nein", "falsch", "false", "0", "no", "")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LEIKA = re.compile(r"\d{14}")


@dataclass(frozen=True)
class Cell:
    """A spreadsheet cell that is not plain text or a number: ``kind`` is ``formula``,
    ``date``, ``error`` or ``long`` (a text too long to carry; ``value`` its length)."""

    kind: str
    value: str = ""


class FieldError(ValueError):
    """A value a column does not accept; ``str()`` is the German reason (without row)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text, int, number, share, bool, choice, leika, templates
    required: bool = False
    limit: float = 0.0  # longest text, or largest number
    choices: tuple[str, ...] = ()
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("name", "Prozess", "text", True, 200, help="Name des Verwaltungsprozesses"),
    Column("department", "Organisationseinheit", "text", True, 200, help="z. B. Bürgerservice"),
    Column("cases_per_year", "Fälle pro Jahr", "int", True, 10_000_000),
    Column("minutes_per_case", "Minuten je Fall", "number", True, 100_000,
           help="Bearbeitungszeit heute, alle Beteiligten zusammen"),
    Column("staff", "Beschäftigte beteiligt", "int", False, 100_000),
    Column("legal_basis", "Rechtsgrundlage", "text", False, 500),
    Column("data_category", "Datenkategorie", "choice", False, choices=DATA_CATEGORIES),
    Column("fachverfahren", "Fachverfahren beteiligt", "bool", help="ja oder nein"),
    Column("leika", "Leistungsschlüssel (LeiKa/FIM)", "leika",
           help="14 Ziffern aus dem Leistungskatalog; leer, wenn keiner bekannt ist"),
    Column("templates", "Vorlagen", "templates",
           help="Kennungen der Vorlagen, die den Prozess unterstützen, durch Komma getrennt"),
    Column("estimate_low", "Schätzung Minuten gespart je Fall (von)", "number", False, 100_000,
           help="nur ohne ausreichende Pilotdaten: Schätzung der Pilotleitung"),
    Column("estimate_high", "Schätzung Minuten gespart je Fall (bis)", "number", False, 100_000),
    Column("estimate_adoption", "Schätzung Nutzungsquote %", "share", False, 100,
           help="Anteil der Fälle, in denen die KI genutzt würde (Schätzung)"),
    Column("effort_class", "Aufwandsklasse", "choice", False, choices=tuple(EFFORT_CLASSES),
           help="leer: Anbindung Fachverfahren, wenn eines beteiligt ist, sonst Nur Vorlage"),
    Column("effort_days", "Aufwand Personentage", "number", False, 10_000,
           help="Schätzung der Pilotleitung; leer: Richtwert der Aufwandsklasse"),
    Column("annex3", "Hochrisiko-Bereich (KI-VO Anhang III)", "choice", False,
           choices=("", *ANNEX3), help="leer, wenn keiner"),
    Column("art22", "Entscheidung mit Rechtswirkung (Art. 22 DSGVO)", "bool"),
    Column("codetermination", "Mitbestimmung Personalrat", "bool"),
    Column("figures_source", "Quelle der Zahlen", "text", False, 300,
           help="woher Fallzahl und Minuten stammen, z. B. Statistik 2025 oder angenommen"),
    Column("note", "Bemerkung", "text", False, 1000),
)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c for c in COLUMNS if c.required)


@dataclass(frozen=True)
class Process:
    name: str
    department: str
    cases_per_year: int
    minutes_per_case: float
    staff: int | None = None
    legal_basis: str = ""
    data_category: str = ""  # empty: not given
    fachverfahren: bool = False
    leika: str = ""
    templates: tuple[str, ...] = ()
    estimate_low: float | None = None
    estimate_high: float | None = None
    estimate_adoption: float | None = None  # percent
    effort_class: str = ""  # empty: derived (``effort``)
    effort_days: float | None = None  # None: the class's Richtwert
    annex3: str = ""
    art22: bool = False
    codetermination: bool = False
    figures_source: str = ""
    note: str = ""
    demo: bool = False  # from the demo catalogue: its figures are assumed
    id: int = 0

    @property
    def key(self) -> str:
        """Two processes with the same name in the same unit are the same process."""
        return f"{' '.join(self.name.split()).casefold()}\x1f{' '.join(self.department.split()).casefold()}"

    @property
    def effort(self) -> str:
        """The effort class, derived where the pilot lead left it empty."""
        if self.effort_class:
            return self.effort_class
        return "Anbindung Fachverfahren" if self.fachverfahren else "Nur Vorlage"

    @property
    def days(self) -> float:
        return self.effort_days if self.effort_days is not None else EFFORT_CLASSES[self.effort]

    @property
    def days_estimated(self) -> bool:
        """Whether the person-days are the pilot lead's own figure (else the Richtwert)."""
        return self.effort_days is not None

    def with_value(self, key: str, raw: object) -> Process:
        """A copy with ``key`` set from ``raw`` (checked like an imported cell)."""
        return replace(self, **{key: parse(BY_KEY[key], raw)})

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


PROCESS_KEYS = tuple(f.name for f in fields(Process))


def _number(column: Column, raw: object) -> float:
    if isinstance(raw, bool):
        raise FieldError(f"„{raw}“ ist keine Zahl.")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.234 or 1.234,5
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"[+-]?\d+,\d+", text):  # 7,5
            text = text.replace(",", ".")
        elif not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):  # 7.5 or 12
            raise FieldError(f"„{shown(str(raw))}“ ist keine Zahl.")
        value = float(text)
    if not math.isfinite(value) or value < 0:
        raise FieldError(f"„{shown(str(raw))}“ ist keine Zahl von 0 an.")
    if value > column.limit:
        raise FieldError(f"{number_text(value)} ist größer als {numbers.de(column.limit)}.")
    if column.kind == "int":
        if value % 1:
            raise FieldError(f"„{shown(str(raw))}“ ist keine ganze Zahl.")
        return int(value)
    return value


def _text(column: Column, raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a spreadsheet's 123 in a text column is the text "123"
    text = raw if isinstance(raw, str) else str(raw)
    text = " ".join(text.split()) if column.key != "note" else text.strip()
    if text.startswith(FORMULA_START):
        raise FieldError(f"„{shown(text)}“ beginnt mit „{text[0]}“ wie eine Formel; bitte ohne "
                         "dieses Zeichen eintragen.")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise FieldError("enthält Steuerzeichen.")
    if len(text) > column.limit:
        raise FieldError(f"Text zu lang ({numbers.de(len(text))} Zeichen, höchstens "
                         f"{numbers.de(column.limit)}).")
    return text


def _bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise FieldError(f"„{shown(str(raw))}“ ist weder „ja“ noch „nein“.")


def _choice(column: Column, raw: object) -> str:
    text = " ".join(str(raw).split())
    folded = text.casefold()
    if column.key == "annex3" and folded in ("nein", "keiner", "-", "–"):
        return ""
    for choice in column.choices:
        # the start is enough ("besondere", "Öffentliche"): no two choices share it
        if choice and (folded == choice.casefold() or
                       (len(folded) >= 5 and choice.casefold().startswith(folded))):
            return choice
    if not text and not column.required:
        return ""
    allowed = ", ".join(f"„{c}“" for c in column.choices if c)
    raise FieldError(f"„{shown(text)}“ ist nicht vorgesehen (erlaubt: {allowed}).")


@functools.lru_cache(maxsize=4)
def _template_ids(resources: str) -> frozenset[str]:
    from pathlib import Path

    from ..templates import load_templates

    return frozenset(t.id for t in load_templates(Path(resources) / "templates"))


def _templates(raw: object) -> tuple[str, ...]:
    from .. import paths

    ids = [t.strip() for t in re.split(r"[,;\n]", str(raw)) if t.strip()]
    known = _template_ids(str(paths.resources_dir()))  # read once per folder, not per row
    unknown = [t for t in ids if t not in known]
    if unknown:
        raise FieldError(f"die Vorlage „{shown(unknown[0])}“ gibt es nicht (bekannt: "
                         f"{', '.join(sorted(known))}).")
    return tuple(dict.fromkeys(ids))


def parse(column: Column, raw: object) -> Any:
    """The value of ``column`` for the cell ``raw`` (text, number, bool, ``Cell`` or None);
    ``FieldError`` with the German reason when the column does not accept it."""
    if isinstance(raw, Cell):
        reason = {"formula": "enthält eine Formel; bitte nur Werte eintragen (in Excel: Kopieren, "
                             "dann Inhalte einfügen → Werte)",
                  "date": "enthält ein Datum",
                  "error": f"enthält den Fehlerwert {shown(raw.value)}",
                  "long": f"Text zu lang ({raw.value} Zeichen)"}.get(raw.kind, "ist unlesbar")
        raise FieldError(reason + ".")
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        if column.required:
            raise FieldError("ist leer, muss aber ausgefüllt sein.")
        return {"text": "", "choice": "", "leika": "", "bool": False, "templates": ()}.get(
            column.kind)
    if column.kind in ("int", "number", "share"):
        return _number(column, raw)
    if column.kind == "bool":
        return _bool(raw)
    if column.kind == "choice":
        return _choice(column, raw)
    if column.kind == "templates":
        return _templates(raw)
    if column.kind == "leika":
        text = re.sub(r"[\s.]", "", str(raw if not isinstance(raw, float) else int(raw)))
        if not LEIKA.fullmatch(text):
            raise FieldError(f"„{shown(str(raw))}“ ist kein Leistungsschlüssel (14 Ziffern).")
        return text
    return _text(column, raw)


def check(process: Process) -> list[tuple[str, str]]:
    """What is wrong with the process as a whole: (column key, German reason)."""
    problems = []
    low, high = process.estimate_low, process.estimate_high
    if low is not None and high is not None and high < low:
        problems.append(("estimate_high", "ist kleiner als „von“."))
    for key, value in (("estimate_low", low), ("estimate_high", high)):
        if value is not None and value > process.minutes_per_case:
            problems.append((key, f"{number_text(value)} Minuten gespart sind mehr als die "
                                  f"{number_text(process.minutes_per_case)} Minuten je Fall."))
    return problems


def number_text(value: float) -> str:
    """12 → "12", 7.5 → "7,5", 1234.25 → "1.234,25"."""
    digits = 0 if float(value).is_integer() else (1 if (value * 10).is_integer() else 2)
    return numbers.de(value, digits)


def display(process: Process, key: str) -> str:
    """A value as the table, the export and the report write it."""
    value = getattr(process, key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int):
        return numbers.de(value)
    return str(value)


def shown(text: str, limit: int = 60) -> str:
    """A cell's text as a message may show it: one line, control characters gone, short."""
    from ..gremien.untrusted import printable

    line = printable(text, limit + 1)
    return line if len(line) <= limit else line[:limit - 1] + "…"


__all__ = ["COLUMNS", "Cell", "Column", "FieldError", "Process", "check", "display", "parse"]
