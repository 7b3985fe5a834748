"""The pilot lead's adjustable rules: the weights of the ranking, the quick-win thresholds,
the evidence threshold and the timeline's start and team. Kept in the catalogue's
``settings`` table; every value is shown in the concept's method section.

Defaults (decisions, see the README): benefit 50 %, effort 30 %, evidence 20 %; a quick win
frees at least 500 staff hours a year (lower end of its range, about a third of a full-time
post) with at most 20 person-days of work; a template's figures count from 10 ratings on;
two people of the KI-Werkstatt team work in parallel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields, replace

from .. import numbers
from ..errors import WerkstattError
from .fields import Column, FieldError, parse

MIN_RATINGS_FLOOR = 5  # below this no median is worth an interval


@dataclass(frozen=True)
class Rules:
    weight_benefit: int = 50
    weight_effort: int = 30
    weight_evidence: int = 20
    quick_win_hours: float = 500.0
    quick_win_days: float = 20.0
    min_ratings: int = 10
    team: int = 2
    start: str = ""  # ISO date; empty: the first Monday from the first of next month

    @property
    def weights(self) -> tuple[int, int, int]:
        return self.weight_benefit, self.weight_effort, self.weight_evidence

    def start_date(self, today: dt.date | None = None) -> dt.date:
        if self.start:
            return dt.date.fromisoformat(self.start)
        today = today or dt.date.today()
        first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return first + dt.timedelta(days=(7 - first.weekday()) % 7)

    def describe_weights(self) -> str:
        total = sum(self.weights) or 1
        return (f"Nutzen {numbers.de(100 * self.weight_benefit / total)} %, Aufwand "
                f"{numbers.de(100 * self.weight_effort / total)} %, Evidenz "
                f"{numbers.de(100 * self.weight_evidence / total)} %")

    def stored(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


KEYS = tuple(f.name for f in fields(Rules))
LABELS = {"weight_benefit": "Gewicht Nutzen", "weight_effort": "Gewicht Aufwand",
          "weight_evidence": "Gewicht Evidenz", "quick_win_hours": "Quick Win ab Stunden/Jahr",
          "quick_win_days": "Quick Win bis Personentage", "min_ratings": "Mindestzahl Bewertungen",
          "team": "Personen im Team", "start": "Beginn des Zeitplans"}


def checked(rules: Rules) -> Rules:
    """``rules`` if every value is usable; else a German ``WerkstattError`` naming it."""
    for key in ("weight_benefit", "weight_effort", "weight_evidence"):
        if not 0 <= getattr(rules, key) <= 100:
            raise WerkstattError(f"{LABELS[key]}: bitte eine Zahl von 0 bis 100.")
    if sum(rules.weights) == 0:
        raise WerkstattError("Mindestens ein Gewicht muss größer als 0 sein.")
    if not 0 <= rules.quick_win_hours <= 10_000_000:
        raise WerkstattError(f"{LABELS['quick_win_hours']}: bitte eine Zahl von 0 an.")
    if not 0 < rules.quick_win_days <= 10_000:
        raise WerkstattError(f"{LABELS['quick_win_days']}: bitte eine Zahl größer als 0.")
    if not MIN_RATINGS_FLOOR <= rules.min_ratings <= 100_000:
        raise WerkstattError(f"{LABELS['min_ratings']}: mindestens {MIN_RATINGS_FLOOR}.")
    if not 1 <= rules.team <= 50:
        raise WerkstattError(f"{LABELS['team']}: bitte 1 bis 50.")
    if rules.start:
        try:
            dt.date.fromisoformat(rules.start)
        except ValueError:
            raise WerkstattError(f"{LABELS['start']}: „{rules.start}“ ist kein Datum "
                                 "(JJJJ-MM-TT).") from None
    return rules


def from_stored(values: dict[str, str]) -> Rules:
    """Rules from the ``settings`` table; a value that does not parse keeps its default."""
    rules = Rules()
    for f in fields(Rules):
        if f.name not in values:
            continue
        kind = type(getattr(rules, f.name))
        try:
            candidate = replace(rules, **{f.name: kind(values[f.name])})
            rules = checked(candidate)
        except (ValueError, WerkstattError):
            continue
    return rules


def with_values(rules: Rules, **values: object) -> Rules:
    """``rules`` with ``values`` set (text from a command line or a form, German numbers
    allowed), checked."""
    changed: dict[str, object] = {}
    for key, value in values.items():
        if key not in KEYS:
            raise WerkstattError(f"Unbekannte Einstellung „{key}“.")
        if key == "start":
            changed[key] = parse_date(str(value)) if str(value).strip() else ""
            continue
        kind = "int" if isinstance(getattr(rules, key), int) else "number"
        try:
            changed[key] = parse(Column(key, LABELS[key], kind, True, 10_000_000), value)
        except FieldError as exc:
            raise WerkstattError(f"{LABELS[key]}: {exc}") from None
    return checked(replace(rules, **changed))  # type: ignore[arg-type]


def parse_date(text: str) -> str:
    """``31.12.2026`` or ``2026-12-31`` → ISO; a German ``WerkstattError`` otherwise."""
    text = text.strip()
    try:
        if "." in text:
            day, month, year = (int(p) for p in text.split("."))
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise WerkstattError(f"„{text[:40]}“ ist kein Datum (TT.MM.JJJJ).") from None
