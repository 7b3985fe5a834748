"""A paper's parts as German text, for the Gremien window and ``werkstatt gremien show``:
dates as TT.MM.JJJJ, no empty field shown as "-", "–" or "None", no dangling separator, no
raw URL as a label, and a file without text says why (never "0 Zeichen")."""

from __future__ import annotations

import datetime as dt
from typing import Any

NOT_IN_LIBRARY = "nicht in der Bibliothek"


def german_date(iso: str) -> str:
    """'2025-06-15' (or '2025-06-15T16:00:00+01:00') → '15.06.2025'; anything else unchanged."""
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def german_number(number: int) -> str:
    """12345 → '12.345'."""
    return f"{number:,}".replace(",", ".")


def count(number: int, word: str, plural: str) -> str:
    """'1 Vorlage', '2 Vorlagen' (German plural by its ending)."""
    return f"{german_number(number)} {word}{'' if number == 1 else plural}"


def joined(*parts: str, separator: str = " ") -> str:
    """The parts that are not empty, joined: no separator is left dangling."""
    return separator.join(p.strip() for p in parts if p and p.strip())


def paper_facts(paper: dict[str, Any]) -> str:
    """'Antrag vom 10.01.2022 · Stand: beschlossen · Federführend: Bauverwaltung'."""
    kind = paper["paper_type"] or "Vorlage"
    dated = f"{kind} vom {german_date(paper['date'])}" if paper["date"] else kind
    return joined(dated, f"Stand: {paper['status']}" if paper["status"] else "",
                  f"Federführend: {paper['lead']}" if paper["lead"] else "", separator=" · ")


def consultation_line(consultation: dict[str, Any]) -> str:
    """'04.12.2025 Bürgerschaft (Entscheidung): beschlossen', each part only when known."""
    c = consultation
    who = c.get("organization") or c.get("meeting") or "Gremium nicht angegeben"
    line = joined(german_date(c["date"]) if c["date"] else "", who)
    if c["role"]:
        line += f" ({c['role']})"
    return line + (f": {c['result']}" if c["result"] else "")


def file_label(file: dict[str, Any]) -> str:
    return file["name"] or file["file_name"] or "Datei ohne Namen"


def file_line(file: dict[str, Any]) -> str:
    """'Anlage 1 (12.345 Zeichen)'; a file without text says why instead."""
    if file["chars"]:
        return f"{file_label(file)} ({german_number(file['chars'])} Zeichen)"
    return f"{file_label(file)} – kein Text: {no_text_reason(file)}"


def no_text_reason(file: dict[str, Any]) -> str:
    """Why a file of the library has no text (German, one sentence)."""
    if file["problem"]:
        return str(file["problem"])
    if not file["url"]:
        return "Die Daten enthalten nur einen Verweis auf die Datei, keinen Text und keine Adresse."
    return "In der Datei wurde kein Text gefunden (etwa ein eingescanntes Bild ohne Texterkennung)."


def related_line(related: dict[str, Any]) -> str:
    """A related paper by its reference, date and subject; one not in the library by its
    reference, else as 'Vorlage (nicht in der Bibliothek)' (its URL goes in a tooltip)."""
    if related["id"]:
        return joined(related["reference"] or "Vorlage", german_date(related["date"]),
                      related["name"])
    return f"{related['reference'] or 'Vorlage'} ({NOT_IN_LIBRARY})"
