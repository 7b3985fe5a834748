"""The concept's tables, with every figure formatted the German way and its source beside it.

Each function returns a ``blocks.Grid`` named for what it holds (``evidence``, ``benefit``,
``ranking``, ``risks``, ``phases``, ``schedule``, ``catalogue``); the window shows the same
rows. A template or process with fewer ratings than the rules ask for says so instead of a
number.
"""

from __future__ import annotations

from .. import numbers
from ..errors import WerkstattError
from .blocks import Grid
from .evidence import ESTIMATE, PILOT, Benefit, Figures, Pilot
from .fields import Process
from .priority import Assessment
from .rules import Rules
from .timeline import Phase

DASH = "–"


def minutes(value: float) -> str:
    return numbers.de(value, 0 if float(value).is_integer() else 1)


def share(value: float) -> str:
    return f"{numbers.de(100 * value)} %"


def span(low: str, high: str) -> str:
    return low if low == high else f"{low}{DASH}{high}"


def share_span(low: float, high: float) -> str:
    """0.44, 0.87 → "44–87 %"."""
    return span(numbers.de(100 * low), numbers.de(100 * high)) + " %"


def german_date(value: object) -> str:
    return f"{value:%d.%m.%Y}" if value is not None else DASH


def days(process: Process) -> str:
    """Person-days; a class's Richtwert carries a ``*``."""
    return minutes(process.days) + ("" if process.days_estimated else "*")


def template_titles() -> dict[str, str]:
    try:
        from ..templates import load_templates

        return {t.id: t.title for t in load_templates()}
    except WerkstattError:
        return {}


def figures_row(name: str, figures: Figures, minimum: int) -> tuple[str, ...]:
    if not figures.enough(minimum):
        return (name, str(figures.ratings),
                f"zu wenige Bewertungen (Zeitangaben: {figures.minutes_n}, „würde nutzen“: "
                f"{figures.use_n}; mindestens {minimum})", DASH, DASH, DASH)
    assert figures.median is not None and figures.median_low is not None
    assert figures.median_high is not None and figures.use_share is not None
    assert figures.use_low is not None and figures.use_high is not None
    quality = numbers.de(figures.quality_mean, 1) if figures.quality_mean is not None else DASH
    light = share(figures.light_share) if figures.light_share is not None else DASH
    return (name, str(figures.ratings),
            f"{minutes(figures.median)} ({span(minutes(figures.median_low), minutes(figures.median_high))})",
            quality, light,
            f"{share(figures.use_share)} ({share_span(figures.use_low, figures.use_high)})")


def evidence(pilot: Pilot, processes: list[Process], rules: Rules) -> Grid:
    """Per template: what the pilot measured (templates the catalogue links or that were rated)."""
    titles = template_titles()
    linked = {t for p in processes for t in p.templates}
    rows = []

    def title(template: str) -> str:
        return titles.get(template, template)

    for template in sorted(linked | set(pilot.by_template), key=lambda t: title(t).casefold()):
        rows.append(figures_row(f"{title(template)} ({template})",
                                pilot.figures([template]), rules.min_ratings))
    return Grid(("Vorlage", "Bewertungen", "Minuten gespart: Median (90-%-Intervall)",
                 "Qualität Ø (1–5)", "Korrektur keine oder gering", "„würde nutzen“ (90-%-Intervall)"),
                tuple(rows), (4.4, 1.9, 3.6, 1.7, 1.8, 3.6), 8.0, "evidence")


def benefit_cells(process: Process, gain: Benefit) -> tuple[str, str, str, str]:
    """Minutes saved per case, adoption, hours per year, basis: as the report prints them."""
    if gain.basis == PILOT:
        assert gain.figures is not None
        basis = f"Pilot ({gain.figures.ratings} Bewertungen)"
    elif gain.basis == ESTIMATE:
        basis = "Schätzung der Pilotleitung"
    else:
        return DASH, DASH, DASH, "keine Angabe: " + "; ".join(gain.notes)
    if gain.notes:
        basis += "; " + "; ".join(gain.notes)
    return (span(minutes(gain.minutes[0]), minutes(gain.minutes[1])),
            share_span(*gain.adoption),
            span(numbers.de(gain.low), numbers.de(gain.high)), basis)


def benefit(assessments: list[Assessment]) -> Grid:
    rows = []
    for a in assessments:
        p = a.process
        rows.append((str(a.rank) if a.rank else DASH, f"{p.name} ({p.department})",
                     numbers.de(p.cases_per_year), *benefit_cells(p, a.benefit)))
    return Grid(("Rang", "Prozess (Organisationseinheit)", "Fälle pro Jahr",
                 "Minuten gespart je Fall", "Nutzung", "Stunden pro Jahr", "Grundlage"),
                tuple(rows), (1.1, 4.5, 1.6, 1.9, 1.9, 1.9, 4.1), 7.5, "benefit")


def ranking(assessments: list[Assessment], rules: Rules) -> Grid:
    total = sum(rules.weights) or 1
    weights = [numbers.de(100 * w / total) for w in rules.weights]
    rows = []
    for a in assessments:
        if not a.rank:
            continue
        b, e, v = a.points
        sum_text = (f"{numbers.de(b, 1)} × {weights[0]} % + {numbers.de(e, 1)} × {weights[1]} % + "
                    f"{numbers.de(v)} × {weights[2]} % = {numbers.de(a.score or 0.0, 1)}")
        verdict = ("Quick Win: " if a.quick_win else "kein Quick Win: ") + "; ".join(a.reasons)
        rows.append((str(a.rank), f"{a.process.name} ({a.process.department})",
                     span(numbers.de(a.benefit.low), numbers.de(a.benefit.high)),
                     days(a.process), sum_text, verdict))
    return Grid(("Rang", "Prozess", "Nutzen Std./Jahr", "Aufwand PT",
                 "Punkte: Nutzen, Aufwand, Evidenz × Gewicht", "Quick Win?"),
                tuple(rows), (1.1, 4.0, 1.9, 1.6, 3.4, 5.0), 7.5, "ranking")


def risks(assessments: list[Assessment]) -> Grid:
    rows = []
    for a in assessments:
        for flag in a.flags:
            rows.append((f"{a.process.name} ({a.process.department})", flag.short,
                         flag.reason[0].upper() + flag.reason[1:] + "; daher kein Quick Win."))
    return Grid(("Prozess", "Merkmal", "Folge"), tuple(rows), (5.5, 2.5, 9.0), 8.0, "risks")


def phases(plan: list[Phase]) -> Grid:
    rows = []
    for phase in plan:
        effort = sum(i.days for i in phase.items)
        start = german_date(phase.start) + (" (gesetzt)" if phase.manual_start else "")
        end = german_date(phase.end) + (" (gesetzt)" if phase.manual_end else "")
        if phase.late:
            end += " – die Prozesse enden später"
        rows.append((phase.title, start, end, str(len(phase.items)), minutes(effort)))
    return Grid(("Phase", "Beginn", "Ende", "Prozesse", "Personentage"), tuple(rows),
                (6.0, 3.2, 3.8, 1.8, 2.2), 8.5, "phases")


def schedule(plan: list[Phase]) -> Grid:
    rows = []
    for phase in plan:
        for item in phase.items:
            rows.append((str(item.rank), item.label.split(". ", 1)[-1], str(phase.number),
                         german_date(item.start), german_date(item.end), minutes(item.days),
                         "von Hand" if item.manual else "geplant"))
    return Grid(("Rang", "Prozess", "Phase", "Beginn", "Ende", "PT", "Termin"), tuple(rows),
                (1.1, 7.3, 1.3, 2.1, 2.1, 1.1, 2.0), 7.5, "schedule")


def catalogue(processes: list[Process]) -> Grid:
    rows = []
    for p in processes:
        rows.append((p.name, p.department, numbers.de(p.cases_per_year), minutes(p.minutes_per_case),
                     p.data_category or "nicht angegeben", p.effort, p.leika or DASH,
                     p.figures_source or "nicht angegeben"))
    return Grid(("Prozess", "Einheit", "Fälle pro Jahr", "Minuten je Fall",
                 "Datenkategorie", "Aufwandsklasse", "LeiKa/FIM", "Quelle der Zahlen"),
                tuple(rows), (3.7, 2.3, 1.5, 1.4, 2.1, 2.2, 1.8, 2.0), 7.0, "catalogue")
