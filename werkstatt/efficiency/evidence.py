"""What the pilot measured, per template and per process, and the hours a process may free.

The merged feedback database is read as the evaluation reads it (``feedback.validation``:
read-only, only entries of the right shape). Per template, or per set of templates pooled:
the median of the minutes saved with a percentile bootstrap interval (``RESAMPLES`` draws,
seed ``SEED``, 5th to 95th percentile of the medians), the mean quality, the share of light
corrections („keine“ or „gering“), the share „würde nutzen“ with a 90 % Wilson interval, and
the number of ratings. Answers not given are left out of every share and median.

A process's projected hours per year = cases × minutes saved per case × adoption ÷ 60, as a
range: the lower ends multiplied for the low figure, the upper ends for the high one. The
minutes come from the pilot (the bootstrap interval, at most the minutes a case takes, at
least 0) and the adoption from the share „würde nutzen“; with fewer than ``min_ratings``
answers for either the process says so and, where the pilot lead entered one, the estimate
is used and marked as an estimate.
"""

from __future__ import annotations

import math
import sqlite3
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import numbers
from ..errors import WerkstattError
from ..feedback import validation
from .fields import Process

RESAMPLES = 2_000
SEED = 29  # issue 29: fixed, so that anyone can recompute every interval
PERCENTILES = (5.0, 95.0)
WILSON_Z = 1.6448536269514722  # two-sided 90 %
LIGHT = ("keine", "gering")
PILOT, ESTIMATE, NONE = "Pilot", "Schätzung", "keine"
_BATCH_CELLS = 2_000_000  # bootstrap draws per step (memory stays a few MB)


@dataclass(frozen=True)
class Rating:
    minutes: float | None
    would_use: str | None
    quality: int
    effort: str | None


@dataclass(frozen=True)
class Figures:
    """The pilot's figures for one template or a pooled set of templates."""

    templates: tuple[str, ...]
    ratings: int
    minutes_n: int
    median: float | None
    median_low: float | None
    median_high: float | None
    quality_mean: float | None
    light_share: float | None  # corrections „keine“ or „gering“
    effort_n: int
    use_n: int
    use_share: float | None
    use_low: float | None
    use_high: float | None

    def enough(self, minimum: int) -> bool:
        return self.minutes_n >= minimum and self.use_n >= minimum


@dataclass
class Pilot:
    """The merged feedback, read once; ``source`` None: no feedback chosen."""

    source: Path | None = None
    entries: int = 0
    synthetic: int = 0
    first: str = ""
    last: str = ""
    by_template: dict[str, list[Rating]] = field(default_factory=dict)
    _cache: dict[tuple[str, ...], Figures] = field(default_factory=dict)

    def figures(self, templates: Iterable[str]) -> Figures:
        key = tuple(sorted(set(templates)))
        if key not in self._cache:
            pooled = [r for t in key for r in self.by_template.get(t, [])]
            self._cache[key] = compute_figures(key, pooled)
        return self._cache[key]


def read_pilot(path: Path | None) -> Pilot:
    """The ratings of a merged feedback database (``None``: an empty pilot)."""
    if path is None:
        return Pilot()
    path = Path(path)
    if not path.is_file():
        raise WerkstattError(f"Die Feedback-Datenbank „{path}“ gibt es nicht.")
    conn = validation.open_merged(path)
    wanted = ("template_id", "quality", "minutes_saved", "would_use", "correction_effort",
              "created_utc", "synthetic")
    try:
        present = validation.columns(conn, "main")
        missing = [c for c in wanted if c not in present]
        if missing:
            raise WerkstattError(f"In „{path.name}“ fehlt die Spalte „{missing[0]}“.")
        valid = validation.valid_clause("entries", present)
        pilot = Pilot(source=path)
        dates = []
        for template, quality, minutes, use, effort, created, synthetic in conn.execute(
                f"SELECT {', '.join(wanted)} FROM entries WHERE {valid} ORDER BY uuid"):
            pilot.by_template.setdefault(template, []).append(Rating(
                None if minutes is None else float(minutes), use, int(quality), effort))
            pilot.entries += 1
            pilot.synthetic += int(synthetic or 0)
            dates.append(str(created)[:10])
    except sqlite3.Error as exc:
        raise WerkstattError(f"„{path.name}“ kann nicht ausgewertet werden ({exc}).") from None
    finally:
        conn.close()
    if dates:
        pilot.first, pilot.last = min(dates), max(dates)
    return pilot


def bootstrap_median(values: Sequence[float], resamples: int = RESAMPLES,
                     seed: int = SEED) -> tuple[float, float]:
    """The 5th and 95th percentile of the medians of ``resamples`` samples drawn with
    replacement (numpy's ``default_rng(seed)``; the values sorted first, so their order in
    the database does not matter)."""
    import numpy as np

    data = np.sort(np.asarray(values, dtype=float))
    n = len(data)
    rng = np.random.default_rng(seed)
    step = max(1, _BATCH_CELLS // n)
    medians = []
    for start in range(0, resamples, step):
        rows = min(step, resamples - start)
        medians.append(np.median(data[rng.integers(0, n, size=(rows, n))], axis=1))
    low, high = np.percentile(np.concatenate(medians), PERCENTILES)
    return float(low), float(high)


def wilson(successes: int, n: int, z: float = WILSON_Z) -> tuple[float, float]:
    """The Wilson score interval of a share (90 % by default)."""
    if n == 0:
        return 0.0, 0.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def compute_figures(templates: tuple[str, ...], ratings: list[Rating]) -> Figures:
    minutes = [r.minutes for r in ratings if r.minutes is not None]
    uses = [r.would_use for r in ratings if r.would_use is not None]
    efforts = [r.effort for r in ratings if r.effort is not None]
    median = low = high = None
    if minutes:
        median = float(statistics.median(minutes))
        low, high = bootstrap_median(minutes) if len(minutes) > 1 else (median, median)
    yes = sum(1 for u in uses if u == "ja")
    use_low, use_high = wilson(yes, len(uses)) if uses else (None, None)
    return Figures(
        templates=templates, ratings=len(ratings), minutes_n=len(minutes), median=median,
        median_low=low, median_high=high,
        quality_mean=statistics.fmean(r.quality for r in ratings) if ratings else None,
        light_share=sum(1 for e in efforts if e in LIGHT) / len(efforts) if efforts else None,
        effort_n=len(efforts), use_n=len(uses), use_share=yes / len(uses) if uses else None,
        use_low=use_low, use_high=use_high)


@dataclass(frozen=True)
class Benefit:
    """A process's projected hours per year as a range, and what they rest on."""

    basis: str  # PILOT, ESTIMATE or NONE
    low: float = 0.0  # hours per year
    high: float = 0.0
    minutes: tuple[float, float] = (0.0, 0.0)  # saved per case, as used
    adoption: tuple[float, float] = (0.0, 0.0)  # shares 0..1
    figures: Figures | None = None
    notes: tuple[str, ...] = ()  # German: what was missing, what was capped

    @property
    def known(self) -> bool:
        return self.basis != NONE

    def source(self) -> str:
        """Where the figure comes from, in words (the report's „Quelle“ column)."""
        if self.basis == PILOT and self.figures is not None:
            return (f"Pilot: {self.figures.minutes_n} Zeitangaben, {self.figures.use_n} Antworten "
                    f"„würde nutzen“ ({', '.join(self.figures.templates)})")
        if self.basis == ESTIMATE:
            return "Schätzung der Pilotleitung"
        return "keine Angabe"


def hours(cases: int, minutes: float, adoption: float) -> float:
    return cases * minutes * adoption / 60.0


def benefit(process: Process, pilot: Pilot, min_ratings: int) -> Benefit:
    notes: list[str] = []
    figures = pilot.figures(process.templates) if process.templates else None
    if figures is not None and pilot.source is not None and figures.enough(min_ratings):
        assert figures.median_low is not None and figures.median_high is not None
        assert figures.use_low is not None and figures.use_high is not None
        minutes = (_per_case(figures.median_low, process, notes),
                   _per_case(figures.median_high, process, notes))
        adoption = (figures.use_low, figures.use_high)
        return Benefit(PILOT, hours(process.cases_per_year, minutes[0], adoption[0]),
                       hours(process.cases_per_year, minutes[1], adoption[1]), minutes, adoption,
                       figures, tuple(dict.fromkeys(notes)))
    if process.templates:
        if pilot.source is None:
            notes.append("keine Feedback-Datenbank gewählt")
        elif figures is None or figures.ratings == 0:
            notes.append("noch keine Bewertungen der Vorlagen")
        else:
            notes.append(f"zu wenige Bewertungen (Zeitangaben: {figures.minutes_n}, Antworten "
                         f"„würde nutzen“: {figures.use_n}; mindestens {min_ratings})")
    if process.estimate_low is not None and process.estimate_adoption is not None:
        top = process.estimate_high if process.estimate_high is not None else process.estimate_low
        minutes = (process.estimate_low, top)
        share = process.estimate_adoption / 100.0
        return Benefit(ESTIMATE, hours(process.cases_per_year, minutes[0], share),
                       hours(process.cases_per_year, minutes[1], share), minutes, (share, share),
                       figures, tuple(notes))
    notes.append("keine Schätzung eingetragen (Minuten gespart und Nutzungsquote)")
    return Benefit(NONE, figures=figures, notes=tuple(notes))


def _per_case(value: float, process: Process, notes: list[str]) -> float:
    if value < 0:
        notes.append("gemessene Ersparnis unter 0: als 0 gerechnet")
        return 0.0
    if value > process.minutes_per_case:
        notes.append(f"auf die {numbers.de(process.minutes_per_case)} Minuten je Fall begrenzt")
        return process.minutes_per_case
    return value
