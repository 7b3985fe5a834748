"""The plan behind the data: meetings spread over the committees and the time span, papers
with their successors, and each paper routed through the meetings of its Beratungsfolge (past
meetings decide, a postponed item comes back)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import END_DATE, REFERENCE_DATE, TERMS, german, holidays
from .state import State
from .words import FRAKTIONEN, GREMIEN, ORG_INDEX, ORGS, QUESTIONS, RESULTS, SLOTS, TOPIC_WEIGHTS, TOPICS


@dataclass(slots=True)
class Item:
    """A paper's agenda item: the meeting, the consultation, its role and result."""
    meeting: int
    agenda_id: int
    consultation_id: int
    paper: int
    org: int
    role: str
    result: str | None
    public: bool
    amendment: str = ""


@dataclass(slots=True)
class Meeting:
    """A planned meeting of a committee: its day and hours, its number in the term, its items."""

    org: int
    day: date
    start: int  # minutes after midnight
    end: int
    number: int = 0  # "12. Sitzung"
    id: int = 0
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Paper:
    """A planned paper: kind, topic, places, day, subject and name, its family and its items."""

    seq: int
    kind: str
    topic: int
    slots: dict[str, str]
    day: date
    minutes: int
    subject: str
    name: str
    fraktion: int | None
    parent: Paper | None = None
    version: int = 0
    questions: tuple[str, ...] = ()
    id: int = 0
    reference: str = ""
    children: list[Paper] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


def room_of(org: int) -> int:
    """The number of the Location an organisation meets in."""
    return 1 if ORGS[org].key in ("bs", "ha") else 2 + org % 2


def plan_meetings(state: State) -> list[Meeting]:
    """About one meeting per five papers, spread over the committees and the time span,
    on Monday to Thursday afternoons; ids in order of time."""
    rng = state.rng
    total = round(state.papers / 5)
    weights = [ORGS[g].weight for g in GREMIEN]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[:total - sum(counts)]:
        counts[i] += 1
    span = (END_DATE - state.start).days
    meetings: list[Meeting] = []
    for g, count in zip(GREMIEN, counts):
        if not count:
            continue
        interval = span / count
        previous = state.start - timedelta(days=1)
        own: list[Meeting] = []
        for k in range(count):
            day = state.start + timedelta(days=int((k + 0.5 + rng.uniform(-0.3, 0.3)) * interval))
            day = max(day, previous + timedelta(days=1))
            while day.weekday() > 3 or holidays(day):
                day += timedelta(days=1)
            previous = day
            start = 16 * 60 if ORGS[g].key == "bs" else rng.choice((16 * 60, 16 * 60 + 30, 17 * 60))
            length = rng.randint(240, 330) if ORGS[g].key == "bs" else rng.randint(90, 210)
            own.append(Meeting(g, day, start, min(start + length, 23 * 60 + 30)))
        # "12. Sitzung": count within the legislative term, continuing from the term's start
        for _name, term_start, term_end in TERMS:
            in_term = [m for m in own if term_start <= m.day <= term_end]
            before = round(max(0, (state.start - term_start).days) / interval)
            for k, m in enumerate(in_term, start=1):
                m.number = before + k
        meetings += own
    meetings.sort(key=lambda m: (m.day, m.start, m.org))
    for number, m in enumerate(meetings, start=1):
        m.id = number
    return meetings


def draw_slots(state: State, day: date) -> dict[str, str]:
    """A paper's places, names and years, drawn for its text."""
    rng = state.rng
    slots = {name: rng.choice(values) for name, values in SLOTS.items()}
    slots["street2"] = rng.choice([s for s in SLOTS["street"] if s != slots["street"]])
    year = day.year + (1 if day.month >= 9 else 0)
    slots.update(
        year=str(year), year_plus=str(year + rng.randint(1, 4)), year_minus=str(day.year - 1),
        bplan=f"{rng.randint(1, 39):02d}.{rng.randint(10, 99)}.00",
    )
    return slots


def plan_papers(state: State) -> list[Paper]:
    """The papers in order of date: roots and their successors (families of 2 or 3)."""
    rng = state.rng
    plan: list[Paper] = []
    first_day = -35  # papers from a month before the first meeting, so that it has an agenda
    last_day = (REFERENCE_DATE - state.start).days - 1
    root_kinds = ("Beschlussvorlage", "Antrag", "Anfrage", "Bericht", "Mitteilung")
    root_weights = (44, 19, 16, 9, 12)
    while len(plan) < state.papers:
        kind = rng.choices(root_kinds, root_weights)[0]
        topic_number = rng.choices(range(len(TOPICS)), TOPIC_WEIGHTS)[0]
        topic = TOPICS[topic_number]
        day = state.start + timedelta(days=rng.randint(first_day, last_day))
        slots = draw_slots(state, day)
        subject = rng.choice(topic.subjects).format_map(slots)
        fraktion = rng.randrange(len(FRAKTIONEN)) if kind in ("Antrag", "Anfrage") else None
        answered_by = None if kind == "Anfrage" else fraktion  # the administration answers
        fname = ORGS[FRAKTIONEN[fraktion]].name if fraktion is not None else ""
        name = {"Antrag": f"Antrag der {fname}: {subject}",
                "Anfrage": f"Anfrage der {fname}: Sachstand {subject}"}.get(kind, subject)
        root = Paper(len(plan), kind, topic_number, slots, day, rng.randint(7 * 60, 15 * 60),
                     subject, name, fraktion)
        if kind == "Anfrage":
            pool = topic.questions + tuple(QUESTIONS)
            root.questions = tuple(rng.sample(pool, rng.randint(3, 5)))
        plan.append(root)
        # successors: every Anfrage is answered, some other papers get one or two more versions
        versions = 1 if kind == "Anfrage" else rng.choices((0, 1, 2), (76, 15, 9))[0]
        previous = root
        for version in range(1, versions + 1):
            day = previous.day + timedelta(days=rng.randint(10, 80))
            if len(plan) >= state.papers or day >= REFERENCE_DATE:
                break
            succ_kind = {"Anfrage": "Beantwortung einer Anfrage"}.get(kind, kind)
            succ_name = {
                "Beschlussvorlage": f"{subject} – {version}. Ergänzung",
                "Antrag": f"Änderungsantrag der {fname} zu: {subject}",
                "Anfrage": f"Beantwortung der Anfrage: Sachstand {subject}",
            }.get(kind, f"{subject} – Sachstandsbericht {version}")
            successor = Paper(len(plan), succ_kind, topic_number, slots, day,
                              rng.randint(7 * 60, 15 * 60), subject, succ_name, answered_by,
                              parent=previous, version=version, questions=root.questions)
            previous.children.append(successor)
            plan.append(successor)
            previous = successor
    plan.sort(key=lambda p: (p.day, p.seq))
    # references in order of date, "VO/<year of the first version>/<number>[-01]"
    number = 10_000 + rng.randint(0, 800)
    for paper_id, p in enumerate(plan, start=1):
        p.id = paper_id
        if p.parent is None:
            number += rng.randint(1, 3)
            p.reference = f"VO/{p.day.year}/{number}"
        else:
            p.reference = f"{p.parent.reference.split('-')[0]}-{p.version:02d}"
    return plan


def _steps(state: State, p: Paper) -> list[tuple[int, str]]:
    """The consultations a paper should have: (organisation, role), in order."""
    rng = state.rng
    committee = ORG_INDEX[TOPICS[p.topic].committee]
    bs, ha = ORG_INDEX["bs"], ORG_INDEX["ha"]
    if p.kind == "Beschlussvorlage":
        if ORGS[committee].key == "fin":
            return [(committee, "Vorberatung"), (ha, "Vorberatung"), (bs, "Entscheidung")]
        if rng.random() < 0.45:
            steps = [(committee, "Vorberatung")]
            if committee != ha and rng.random() < 0.3:
                steps.append((ha, "Vorberatung"))
            return steps + [(bs, "Entscheidung")]
        return [(committee, "Entscheidung")]
    if p.kind == "Antrag":
        r = rng.random()
        if r < 0.2:
            return [(bs, "Entscheidung")]
        if r < 0.6:
            return [(committee, "Vorberatung"), (bs, "Entscheidung")]
        return [(committee, "Entscheidung")]
    if p.kind == "Beantwortung einer Anfrage" and p.parent is not None and p.parent.items:
        return [(p.parent.items[0].org, "Kenntnisnahme")]
    if p.kind == "Anfrage" and rng.random() < 0.2:
        return [(bs, "Kenntnisnahme")]
    if p.kind == "Bericht" and committee != ha and rng.random() < 0.25:
        return [(committee, "Kenntnisnahme"), (ha, "Kenntnisnahme")]
    return [(committee, "Kenntnisnahme")]


def route(state: State, plan: list[Paper], meetings: list[Meeting]) -> None:
    """Put each paper on the agenda of the next meetings of its organisations; past
    meetings decide (a postponed item comes back at the organisation's next meeting)."""
    rng = state.rng
    by_org: dict[int, list[Meeting]] = {}
    for m in meetings:
        by_org.setdefault(m.org, []).append(m)
    days = {org: [m.day for m in ms] for org, ms in by_org.items()}
    for p in plan:
        earliest = p.day + timedelta(days=rng.randint(5, 21))
        for org, role in _steps(state, p):
            postponed = 0
            while org in by_org:
                k = bisect.bisect_left(days[org], earliest)
                if k == len(days[org]):
                    break
                m = by_org[org][k]
                result = None
                if m.day < REFERENCE_DATE:
                    results, weights = RESULTS[role]
                    result = rng.choices(results, weights)[0]
                item = Item(m.id, state.next_agenda, state.next_consultation, p.id, org, role, result,
                            rng.random() > 0.05)
                if result == "geändert beschlossen":
                    deadline = german(m.day + timedelta(days=rng.randint(90, 400)))
                    item.amendment = ("Der Beschluss weicht wie folgt von der Vorlage ab: Die Frist wird "
                                      f"auf den {deadline} verschoben.")
                state.next_agenda += 1
                state.next_consultation += 1
                m.items.append(item)
                p.items.append(item)
                earliest = m.day + timedelta(days=rng.randint(3, 14) if org != ORG_INDEX["bs"] else 1)
                if result != "vertagt" or postponed == 2:
                    break
                postponed += 1
                earliest = m.day + timedelta(days=1)
