"""Prioritisation: benefit against effort, risk flags, quick wins, a ranking that explains
itself.

A weighted scoring (Nutzwertanalyse) on fixed scales, so that a process's points never depend
on the other processes in the catalogue (adding one never reorders the rest):
- benefit: the lower end of the projected hours per year (conservative), 0 points at 10 hours
  or less, 10 points at 10,000 hours or more, logarithmic between;
- effort: person-days, 10 points at 2 days or less, 0 points at 200 days or more, logarithmic;
- evidence: 10 points for figures from the pilot, 3 for an estimate.
Score = the weighted mean of the points (0 to 10). Ties go by the higher benefit, the lower
effort, then the name. Processes without a benefit figure are listed unranked.

Risk flags (EU AI Act Annex III areas, Art. 22 GDPR decisions, Art. 9 GDPR data, staff
council co-determination, an unknown data category) do not change the score; they keep a
process out of the quick wins and say why. A quick win needs all of: figures from the pilot,
benefit (lower end) at least ``quick_win_hours``, effort at most ``quick_win_days``, no flag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import numbers
from .evidence import ESTIMATE, PILOT, Benefit, Pilot, benefit
from .fields import ANNEX3, DATA_SPECIAL, Process
from .rules import Rules

BENEFIT_SCALE = (10.0, 10_000.0)  # hours per year: 0 and 10 points
EFFORT_SCALE = (2.0, 200.0)  # person-days: 10 and 0 points
EVIDENCE_POINTS = {PILOT: 10.0, ESTIMATE: 3.0}


@dataclass(frozen=True)
class Flag:
    short: str
    reason: str


def flags(process: Process) -> list[Flag]:
    found = []
    if process.annex3:
        found.append(Flag("KI-VO Hochrisiko", f"liegt in einem Hochrisiko-Bereich der KI-Verordnung "
                                              f"({ANNEX3[process.annex3]}); ob die Ausnahme nach "
                                              "Art. 6 Abs. 3 KI-VO greift, ist vorher zu prüfen"))
    if process.art22:
        found.append(Flag("Art. 22 DSGVO", "endet in Entscheidungen mit Rechtswirkung für eine "
                                           "Person (Art. 22 DSGVO): die KI darf sie nur "
                                           "vorbereiten, ein Mensch entscheidet"))
    if process.data_category == DATA_SPECIAL:
        found.append(Flag("Art. 9 DSGVO", "verarbeitet besondere Kategorien personenbezogener "
                                          "Daten (Art. 9 DSGVO): Datenschutz-Folgenabschätzung nötig"))
    if not process.data_category:
        found.append(Flag("Daten unklar", "die Datenkategorie ist nicht angegeben"))
    if process.codetermination:
        found.append(Flag("Personalrat", "ist mitbestimmungspflichtig: der Personalrat ist vor "
                                         "dem Einsatz zu beteiligen"))
    return found


def benefit_points(hours: float) -> float:
    low, high = BENEFIT_SCALE
    if hours <= low:
        return 0.0
    return min(10.0, 10.0 * math.log10(hours / low) / math.log10(high / low))


def effort_points(days: float) -> float:
    low, high = EFFORT_SCALE
    if days <= low:
        return 10.0
    return max(0.0, 10.0 * (1 - math.log10(days / low) / math.log10(high / low)))


@dataclass(frozen=True)
class Assessment:
    process: Process
    benefit: Benefit
    flags: tuple[Flag, ...]
    points: tuple[float, float, float]  # benefit, effort, evidence
    score: float | None  # None: no benefit figure, not ranked
    quick_win: bool
    reasons: tuple[str, ...]  # why it is (not) a quick win
    rank: int = 0  # 1 = first; 0 = unranked

    def explanation(self, rules: Rules) -> str:
        """How the score came about, in one German line."""
        if self.score is None:
            return "Nicht gereiht: " + "; ".join(self.benefit.notes or ("kein Nutzen angegeben",))
        total = sum(rules.weights) or 1
        b, e, v = self.points
        days = self.process.days
        parts = [
            f"Nutzen {numbers.de(self.benefit.low)}–{numbers.de(self.benefit.high)} Std./Jahr "
            f"→ {numbers.de(b, 1)} Punkte × {numbers.de(100 * rules.weight_benefit / total)} %",
            f"Aufwand {numbers.de(days, 0 if days % 1 == 0 else 1)} PT → {numbers.de(e, 1)} Punkte × "
            f"{numbers.de(100 * rules.weight_effort / total)} %",
            f"Evidenz {self.benefit.basis} → {numbers.de(v, 0)} Punkte × "
            f"{numbers.de(100 * rules.weight_evidence / total)} %",
        ]
        return "; ".join(parts) + f" = {numbers.de(self.score, 1)} von 10"


def _assess(process: Process, pilot: Pilot, rules: Rules) -> Assessment:
    gain = benefit(process, pilot, rules.min_ratings)
    found = tuple(flags(process))
    days = process.days
    points = (benefit_points(gain.low), effort_points(days), EVIDENCE_POINTS.get(gain.basis, 0.0))
    score = None
    if gain.known:
        total = sum(rules.weights) or 1
        score = round(sum(w * p for w, p in zip(rules.weights, points, strict=True)) / total, 9)
    reasons = []
    if gain.basis != PILOT:
        reasons.append("keine ausreichenden Pilotdaten" + (" (nur eine Schätzung)"
                                                            if gain.basis == ESTIMATE else ""))
    if gain.known and gain.low < rules.quick_win_hours:
        reasons.append(f"Nutzen unter {numbers.de(rules.quick_win_hours)} Std./Jahr (untere "
                       f"Grenze {numbers.de(gain.low)})")
    if days > rules.quick_win_days:
        reasons.append(f"Aufwand {numbers.de(days, 0 if days % 1 == 0 else 1)} PT über "
                       f"{numbers.de(rules.quick_win_days)} PT")
    reasons += [f.reason for f in found]
    quick = not reasons
    if quick:
        reasons = [f"Pilotdaten, mindestens {numbers.de(rules.quick_win_hours)} Std./Jahr, höchstens "
                   f"{numbers.de(rules.quick_win_days)} PT, kein Risikomerkmal"]
    return Assessment(process, gain, found, points, score, quick, tuple(reasons))


def assess(processes: list[Process], pilot: Pilot, rules: Rules) -> list[Assessment]:
    """Every process assessed, best first; unranked ones (no benefit figure) at the end."""
    from dataclasses import replace

    assessed = [_assess(p, pilot, rules) for p in processes]
    ranked = sorted((a for a in assessed if a.score is not None), key=lambda a: (
        -(a.score or 0.0), -a.benefit.low, a.process.days, a.process.name.casefold(),
        a.process.department.casefold()))
    rest = sorted((a for a in assessed if a.score is None),
                  key=lambda a: (a.process.name.casefold(), a.process.department.casefold()))
    return [replace(a, rank=i) for i, a in enumerate(ranked, start=1)] + rest


def quick_wins(assessments: list[Assessment]) -> list[Assessment]:
    return [a for a in assessments if a.quick_win]
