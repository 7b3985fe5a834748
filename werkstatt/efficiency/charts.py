"""The concept's two charts as PNG (matplotlib, Agg): the benefit/effort matrix and the
timeline as a Gantt chart. German labels, decimal commas, every process labelled by its rank
with a key below the matrix."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from .. import numbers
from .evidence import PILOT
from .priority import Assessment
from .rules import Rules
from .timeline import Phase

MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
COLOURS = {"quick": "#1b7f3b", "plain": "#1f5f99", "flag": "#c0392b"}
PHASE_COLOURS = {1: "#1b7f3b", 2: "#1f5f99", 3: "#8e44ad"}
DPI = 150


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    _pyplot().close(fig)
    return buffer.getvalue()


def _german(value: float, _pos: object = None) -> str:
    return numbers.de(value, 0 if value >= 1 or value == 0 else 1)


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _spread(ranked: list[Assessment]) -> list[float]:
    """Where to draw each process on the effort axis: processes with the same person-days
    side by side (a few per cent apart), so their points and numbers do not cover each other."""
    groups: dict[float, list[int]] = {}
    for i, a in enumerate(ranked):
        groups.setdefault(a.process.days, []).append(i)
    xs = [0.0] * len(ranked)
    for days, members in groups.items():
        for j, i in enumerate(members):
            xs[i] = days * 1.045 ** (j - (len(members) - 1) / 2)
    return xs


def matrix(assessments: list[Assessment], rules: Rules) -> bytes:
    """Benefit (hours per year, log) over effort (person-days, log), each ranked process a
    numbered point at the lower end of its range with a line up to the upper end; the
    quick-win area shaded; the key of numbers below."""
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    ranked = [a for a in assessments if a.rank]
    rows = (len(ranked) + 1) // 2
    key = 0.3 + 0.12 * rows  # inches below the axes for the numbered key
    height = key + 4.5
    fig = plt.figure(figsize=(6.6, height))
    ax = fig.add_axes((0.11, (key + 0.6) / height, 0.86, 3.55 / height))
    ax.set_xscale("log")
    ax.set_yscale("log")
    days = [a.process.days for a in ranked] or [1.0]
    highs = [max(a.benefit.high, 1.0) for a in ranked] or [10.0]
    ax.set_xlim(min(1.0, min(days) * 0.7), max(300.0, max(days) * 1.5))
    ax.set_ylim(1.0, max(20_000.0, max(highs) * 2))
    ax.fill_between([ax.get_xlim()[0], rules.quick_win_days], rules.quick_win_hours,
                    ax.get_ylim()[1], color="#1b7f3b", alpha=0.08, linewidth=0)
    ax.axvline(rules.quick_win_days, color="#1b7f3b", linewidth=0.8, linestyle="--")
    ax.axhline(max(rules.quick_win_hours, 1.0), color="#1b7f3b", linewidth=0.8, linestyle="--")
    ax.text(ax.get_xlim()[0] * 1.1, ax.get_ylim()[1] / 1.6, "Quick-Win-Bereich", fontsize=7,
            color="#1b7f3b", va="top")
    spread = _spread(ranked)
    for i, a in enumerate(ranked):
        kind = "quick" if a.quick_win else ("flag" if a.flags else "plain")
        colour = COLOURS[kind]
        x, low, high = spread[i], max(a.benefit.low, 1.0), max(a.benefit.high, 1.0)
        ax.plot([x, x], [low, high], color=colour, linewidth=0.8, alpha=0.6)
        filled = a.benefit.basis == PILOT
        ax.plot([x], [low], marker="^" if a.flags else "o", markersize=5, color=colour,
                markerfacecolor=colour if filled else "white", markeredgewidth=1.0)
        ax.annotate(str(a.rank), (x, low), xytext=(3 if i % 2 == 0 else -4, -7),
                    textcoords="offset points", fontsize=6, color=colour,
                    ha="left" if i % 2 == 0 else "right")
    ax.set_xlabel("Aufwand (Personentage, logarithmisch)", fontsize=8)
    ax.set_ylabel("Nutzen (freie Stunden je Jahr, log.)", fontsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(_german))
    ax.yaxis.set_major_formatter(FuncFormatter(_german))
    ax.tick_params(labelsize=7)
    ax.set_title("Nutzen und Aufwand je Prozess", fontsize=10)
    ax.grid(True, which="major", linewidth=0.3, alpha=0.5)
    legend = ("● Pilotdaten  ○ Schätzung  ▲ mit Risikomerkmal  grün: Quick Win  "
              "Punkt: untere Grenze des Nutzens, Linie: bis zur oberen")
    fig.text(0.02, (key - 0.02) / height, legend, fontsize=6.2, va="top")
    for i, a in enumerate(ranked):
        column, row = divmod(i, rows)
        kind = "quick" if a.quick_win else ("flag" if a.flags else "plain")
        fig.text(0.02 + 0.49 * column, (key - 0.22 - 0.12 * row) / height,
                 f"{a.rank}  {short(a.process.name, 58)}", fontsize=5.8, va="top",
                 color=COLOURS[kind])
    return _png(fig)


def _month_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    ticks, current = [], start.replace(day=1)
    while current <= end:
        ticks.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    step = -(-len(ticks) // 9)  # at most nine labels
    return ticks[::step]


def gantt(phases: list[Phase]) -> bytes:
    """One bar per planned process, grouped by phase under a bar for the phase."""
    plt = _pyplot()
    rows: list[tuple[str, dt.date, dt.date, int, bool]] = []
    for phase in phases:
        if phase.start is None or phase.end is None:
            continue
        rows.append((phase.title, phase.start, phase.end, phase.number, True))
        rows += [(short(i.label, 48), i.start, i.end, phase.number, False) for i in phase.items]
    if not rows:
        rows = [("Keine geplanten Prozesse", dt.date.today(), dt.date.today(), 1, True)]
    first = min(r[1] for r in rows)
    last = max(r[2] for r in rows)

    def day(value: dt.date) -> int:  # the x axis counts days from the first start
        return (value - first).days

    fig, ax = plt.subplots(figsize=(6.6, 0.17 * len(rows) + 1.1))
    for y, (_label, start, end, number, is_phase) in enumerate(rows):
        left = day(start)
        width = max(day(end) - left + 1, 1)
        ax.barh(y, width, left=left, height=0.75 if is_phase else 0.55,
                color=PHASE_COLOURS[number], alpha=1.0 if is_phase else 0.55)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows], fontsize=5.6)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row[4]:
            tick.set_fontweight("bold")
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top, no empty band
    ticks = [t for t in _month_ticks(first, last) if t >= first]
    ax.set_xticks([day(t) for t in ticks])
    ax.set_xticklabels([f"{MONTHS[t.month - 1]} {t:%y}" for t in ticks], fontsize=6.5)
    ax.set_xlim(-3, day(last) + 4)
    ax.grid(True, axis="x", linewidth=0.3, alpha=0.5)
    ax.set_title("Zeitplan in Phasen", fontsize=10)
    fig.tight_layout()
    return _png(fig)
