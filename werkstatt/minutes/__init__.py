"""The way "minutes": an Ergebnisprotokoll from rough notes, its frame and results by rule.

A small model asked for whole minutes loops, mixes the TOPs up, or invents a decision. So:

1. **Agenda** (``agenda.py``): the TOPs as the notes mark them ("TOP 1", "Top2:", "Punkt 3",
   "1.", headings, "Sonstiges", blank lines), each with its title; notes without any are one
   item. Header lines ("Anwesend: …") go to the minutes' header.
2. **Results** (``results.py``): per TOP the decisions with their votes, and the tasks as
   Wer / Was / Bis — by rule, in the notes' words; an owner or date the notes do not give is
   "[offen]", a TOP without a decision says so. Nothing is added that the notes lack.
3. **Beratung** (``wording.py``): the rest of the TOP's notes; a note in telegraphic style is
   written as a sentence by the model, one note at a time, and taken only if it is backed by
   the note; else the note's own words stand.

The text has the shape ``export/layout.py`` turns into the minutes document: a title, the
header lines, then per TOP a heading and the lines "**Beratung:**", "**Beschluss:**" and
"**Aufgaben:**" with one line "- Wer: Was, bis Wann" per task.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import WerkstattError
from ..run import Run
from .agenda import Item, Notes, read
from .results import OPEN, Outcome, known_names, sentence, sort
from .wording import ENGLISH, needs_wording, word

if TYPE_CHECKING:
    from ..pipeline import Request

MAX_WORDED = 24  # notes the model words per minutes; the rest keep their own words (long notes)
HEADER_SLOTS = {"Teilnehmende": "participants", "Sitzungsleitung": "chair", "Protokoll": "minute_taker",
                "Ort": "place"}
GERMAN = re.compile(r"\b(der|die|das|und|ist|sind|bis|mit|für|im|am|zu|den|dem|nicht|wird|ein|eine|"
                    r"auf|von|beim|zum|zur|kein|keine|noch|wer)\b", re.I)
NOT_GERMAN = ("Die Notizen sind offenbar nicht auf Deutsch. Das Protokoll wird auf Deutsch geführt; "
              "bitte die Notizen auf Deutsch eingeben.")
NO_CONTENT = "Die Notizen enthalten nur Überschriften; Beratung, Beschlüsse und Aufgaben bitte ergänzen."
OPEN_NOTE = ("{count} in den Notizen und {verb} mit „[offen]“ markiert (wer, bis wann oder was "
             "beschlossen wurde); bitte ergänzen.")
LONG_NOTE = ("Die Notizen sind lang: nach {count} Stichpunkten stehen die übrigen in ihren "
             "eigenen Worten.")


def english(text: str) -> bool:
    """Notes written in English (German notes with an English word or two are not)."""
    found, german = len(ENGLISH.findall(text)), len(GERMAN.findall(text))
    return found >= 3 and found > 2 * german


def stream(run: Run, request: Request) -> Iterator[str]:
    """The minutes of ``request``'s notes as chunks: the header, then one block per TOP."""
    template, values = request.template, request.values
    if not request.document.strip():
        raise WerkstattError("Die Sitzungsnotizen sind leer; bitte die Notizen eingeben.")
    if english(request.document):
        raise WerkstattError(NOT_GERMAN)
    notes = read(request.document)
    yield _header(request, notes)
    known = known_names(notes.header) + known_names({"Teilnehmende": _participants(request)})
    worded, open_marks = 0, 0
    for number, item in enumerate(notes.items, start=1):
        run.progress((number - 1) / max(len(notes.items), 1), f"Punkt {number} von {len(notes.items)}")
        outcome = sort(item.statements, known, item.title)
        discussion: list[str] = []
        for note in outcome.discussion:
            text = None
            if worded < MAX_WORDED and needs_wording(note):
                worded += 1
                text = word(run, template, values, note, seed=17 * number + worded)
                if run.cancelled:
                    return
            discussion.append(text or note)
        if worded >= MAX_WORDED and LONG_NOTE.format(count=MAX_WORDED) not in run.notes:
            run.notes.append(LONG_NOTE.format(count=MAX_WORDED))
        open_marks += outcome.open_votes + sum((t.who == OPEN) + (t.when == OPEN) for t in outcome.tasks)
        yield "\n\n" + block(item, outcome, discussion)
    if run.stats.finish_reason == "length":  # a note's sentence cut off (then not taken), not the minutes
        run.stats = replace(run.stats, finish_reason="stop")
    if not any(item.statements for item in notes.items):
        run.notes.append(NO_CONTENT)
    if open_marks:
        run.notes.append(OPEN_NOTE.format(count="1 Angabe fehlt", verb="ist") if open_marks == 1 else
                         OPEN_NOTE.format(count=f"{open_marks} Angaben fehlen", verb="sind"))


def _participants(request: Request) -> str:
    slot = {f.layout: f.id for f in request.template.fields}
    return request.values.get(slot.get("participants", ""), "")


def _header(request: Request, notes: Notes) -> str:
    """The template's title and date lines, and the notes' header lines the form lacks."""
    lines = request.prompt.answer_prefix.strip().splitlines()
    slot = {f.layout: f.id for f in request.template.fields}
    if notes.date and not request.values.get(slot.get("date", ""), ""):
        lines.append(f"Datum: {notes.date}")
    for caption, value in notes.header.items():
        filled = request.values.get(slot.get(HEADER_SLOTS.get(caption, ""), ""), "")
        if caption not in ("Datum", "Zeit") and not filled:
            lines.append(f"{caption}: {value}")
    return "\n".join(lines)


def block(item: Item, outcome: Outcome, discussion: list[str]) -> str:
    """One TOP as text: heading, Beratung, Beschluss, Aufgaben."""
    if item.number:
        heading = f"## TOP {item.number}: {item.title}" if item.title else f"## TOP {item.number}"
    else:
        heading = f"## {item.title}" if item.title else ""
    decisions = " ".join(outcome.decisions) or "keiner"
    lines = [heading] if heading else []
    lines.append(f"**Beratung:** {' '.join(sentence(d) for d in discussion) or 'keine'}")
    lines.append(f"**Beschluss:** {decisions}")
    if outcome.tasks:
        lines.append("**Aufgaben:**")
        lines.extend(task.line() for task in outcome.tasks)
    else:
        lines.append("**Aufgaben:** keine")
    return "\n".join(lines)
