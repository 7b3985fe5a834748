"""The timeline: phases from the ranking and the effort, dates by the team's capacity, dates
set by hand (issue 29, item 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from werkstatt.efficiency.fields import Process
from werkstatt.efficiency.priority import assess
from werkstatt.efficiency.rules import Rules
from werkstatt.efficiency.timeline import add_workdays, phase_of, plan

from .test_priority import PILOT, WIN

MONDAY = dt.date(2027, 1, 4)
RULES = Rules(start=MONDAY.isoformat(), team=2)


def processes() -> list[Process]:
    return [
        WIN,  # quick win, 3 PT
        replace(WIN, name="Zweiter Quick Win", effort_days=5.0),
        replace(WIN, name="Dritter Quick Win", effort_days=2.0),
        replace(WIN, name="Brief", templates=("buergerbrief",), cases_per_year=3000,
                effort_class="Vorlage und Dokumentimport", effort_days=10.0),
        replace(WIN, name="Wohngeld", annex3="Öffentliche Leistungen", effort_days=10.0),
        replace(WIN, name="Melderegister", effort_class="Anbindung Fachverfahren", effort_days=30.0),
        Process("Ohne Zahlen", "X", 100, 10.0, data_category="keine"),
    ]


def test_phases_follow_the_rules():
    """Quick wins in phase 1, other template processes in 2, Fachverfahren and high-risk in 3,
    processes without a benefit figure not at all."""
    phases = {a.process.name: phase_of(a) for a in assess(processes(), PILOT, RULES)}
    assert phases == {"Teambesprechungen protokollieren": 1, "Zweiter Quick Win": 1,
                      "Dritter Quick Win": 1, "Brief": 2, "Wohngeld": 3, "Melderegister": 3,
                      "Ohne Zahlen": 0}


def test_two_people_work_in_parallel_on_working_days():
    """The first two processes start on the start day; the next starts when one is done;
    weekends do not count."""
    result = plan(assess(processes(), PILOT, RULES), RULES)
    items = {i.label.split(". ", 1)[1]: i for p in result for i in p.items}
    first, second, third = (items[n] for n in ("Teambesprechungen protokollieren", "Dritter Quick Win",
                                                 "Zweiter Quick Win"))
    assert first.start == second.start == MONDAY
    assert first.end == dt.date(2027, 1, 6) and second.end == dt.date(2027, 1, 5)
    assert third.start == dt.date(2027, 1, 6) and third.end == dt.date(2027, 1, 12)  # over a weekend
    assert add_workdays(dt.date(2027, 1, 8), 5) == dt.date(2027, 1, 14)
    assert result[0].start == MONDAY and result[0].end == dt.date(2027, 1, 12)
    assert all(i.start >= result[0].start for p in result[1:] for i in p.items)


def test_dates_set_by_hand_are_kept():
    """A phase moved later starts its processes no earlier; a process with its own dates keeps
    them; a phase end set too early is reported as late."""
    assessed = assess(processes(), PILOT, RULES)
    brief = next(a for a in assessed if a.process.name == "Brief").process.key
    overrides = {"phase:2": ("2027-03-01", "2027-03-05"), brief: ("2027-05-03", "2027-05-31"),
                 "phase:3": ("2027-02-01", "")}
    result = plan(assessed, RULES, overrides)
    assert result[1].start == dt.date(2027, 3, 1) and result[1].manual_start and result[1].manual_end
    [item] = result[1].items
    assert item.manual and (item.start, item.end) == (dt.date(2027, 5, 3), dt.date(2027, 5, 31))
    assert result[1].late
    assert all(i.start >= dt.date(2027, 2, 1) for i in result[2].items)
