"""The timeline: the ranked processes in three phases, with dates, editable by hand.

Phase rules (decisions, shown in the concept):
1. Quick Wins: every quick win.
2. Vorlagen in die Breite: the other ranked processes whose effort class is „Nur Vorlage“ or
   „Vorlage und Dokumentimport“ and that are neither in an Annex III area nor end in an Art. 22
   decision.
3. Integrationen und Hochrisiko: the rest of the ranked processes (a Fachverfahren to connect,
   new data or systems, or a risk that needs its assessment first).
Processes without a benefit figure are not planned; the concept lists them as open.

Dates: the KI-Werkstatt team works with ``rules.team`` people in parallel, one person per
process, a process taking its person-days as working days (Monday to Friday; public holidays
are not counted). In each phase the processes go in rank order to whoever is free first,
never before the phase's start. A phase's start or end, and a process's dates, can be set by
hand (``Catalogue.set_schedule``); a process with its own dates keeps them and occupies no one
in the plan.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from dataclasses import dataclass, field

from .priority import Assessment
from .rules import Rules

PHASES = {1: "Phase 1: Quick Wins", 2: "Phase 2: Vorlagen in die Breite",
          3: "Phase 3: Integrationen und Hochrisiko"}
TEMPLATE_CLASSES = ("Nur Vorlage", "Vorlage und Dokumentimport")


@dataclass(frozen=True)
class Item:
    key: str  # the process's key
    label: str
    rank: int
    phase: int
    days: float
    start: dt.date
    end: dt.date
    manual: bool = False


@dataclass
class Phase:
    number: int
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    manual_start: bool = False
    manual_end: bool = False
    items: list[Item] = field(default_factory=list)
    late: bool = False  # its processes end after the end set by hand


def phase_of(assessment: Assessment) -> int:
    """Which phase a ranked process belongs to (0: not planned)."""
    if assessment.rank == 0:
        return 0
    if assessment.quick_win:
        return 1
    process = assessment.process
    if process.effort in TEMPLATE_CLASSES and not process.annex3 and not process.art22:
        return 2
    return 3


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself counted as day 1
    when it is a working day): the last day of work."""
    current = start
    while current.weekday() >= 5:
        current += dt.timedelta(days=1)
    left = max(1, days) - 1
    while left:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def next_workday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def plan(assessments: list[Assessment], rules: Rules,
         overrides: dict[str, tuple[str, str]] | None = None,
         today: dt.date | None = None) -> list[Phase]:
    """The three phases with their processes and dates."""
    overrides = overrides or {}
    begin = rules.start_date(today)
    free = [(begin, person) for person in range(rules.team)]  # when each person is free
    heapq.heapify(free)
    phases = []
    for number, title in PHASES.items():
        phase = Phase(number, title)
        set_start, set_end = (_date(v) for v in overrides.get(f"phase:{number}", ("", "")))
        floor = set_start or begin
        phase.manual_start, phase.manual_end = set_start is not None, set_end is not None
        for a in (a for a in assessments if phase_of(a) == number):
            label = f"{a.rank}. {a.process.name}"
            days = math.ceil(a.process.days)
            own_start, own_end = (_date(v) for v in overrides.get(a.process.key, ("", "")))
            if own_start is not None:
                end = own_end if own_end and own_end >= own_start else add_workdays(own_start, days)
                phase.items.append(Item(a.process.key, label, a.rank, number, a.process.days,
                                        own_start, end, manual=True))
                continue
            ready, person = heapq.heappop(free)
            start = max(ready, floor)
            while start.weekday() >= 5:
                start += dt.timedelta(days=1)
            end = add_workdays(start, days)
            heapq.heappush(free, (next_workday(end), person))
            phase.items.append(Item(a.process.key, label, a.rank, number, a.process.days,
                                    start, end))
        if phase.items:
            first = min(i.start for i in phase.items)
            last = max(i.end for i in phase.items)
            phase.start = set_start or first
            phase.end = set_end or last
            phase.late = set_end is not None and last > set_end
        else:
            phase.start, phase.end = set_start, set_end
        phases.append(phase)
    return phases


def unplanned(assessments: list[Assessment]) -> list[Assessment]:
    return [a for a in assessments if phase_of(a) == 0]
