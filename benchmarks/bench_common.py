"""``make bench``'s table and what its measurements share: the sizes (full run or the short
check), the rows with their goals, medians in German notation, and the inputs (the council
papers of ``benchmarks/evalset``, a long document made of them, the templates' prompts)."""

from __future__ import annotations

import statistics
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from werkstatt.numbers import de
from werkstatt.templates import Template

ROOT = Path(__file__).resolve().parents[1]
EVALSET = ROOT / "benchmarks" / "evalset"
DOC = ROOT / "tests" / "data" / "beschlussvorlage.txt"


@dataclass(frozen=True)
class Size:
    """How much each measurement does: the full run or the short check in CI."""

    runs: int
    tokens: int  # generated tokens per run
    long_tokens: int  # the long document of item 2
    papers: int  # evalset papers per template in item 9
    pages: tuple[int, ...]  # item 10
    merge: tuple[int, int]  # files × entries in item 10
    bandwidth_mb: int
    lookup_tokens: int  # generated tokens per paper in item 9


FULL = Size(runs=3, tokens=128, long_tokens=2000, papers=4, pages=(10, 50), merge=(100, 1000),
            bandwidth_mb=1024, lookup_tokens=256)
SHORT = Size(runs=1, tokens=12, long_tokens=300, papers=1, pages=(1,), merge=(3, 50),
             bandwidth_mb=64, lookup_tokens=12)


@dataclass
class Row:
    number: int
    label: str
    value: str
    goal: str = ""
    met: bool | None = None


ROWS: list[Row] = []


def row(number: int, label: str, value: str, goal: str = "", met: bool | None = None) -> None:
    ROWS.append(Row(number, label, value, goal, met))
    print(f"  [{number}] {label}: {value}" + (f" (Ziel {goal})" if goal else ""), flush=True)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def med(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def n(value: float, digits: int = 2) -> str:
    return de(value, digits)


def stall_rows(number: int, label: str, gaps: list[float]) -> None:
    gaps = sorted(gaps)
    worst = gaps[-1] * 1000 if gaps else 0.0
    p99 = gaps[int(0.99 * (len(gaps) - 1))] * 1000 if gaps else 0.0
    row(number, f"{label}: längste Pause der Ereignisschleife", f"{n(worst, 0)} ms", "≤ 50 ms",
        worst <= 50)
    row(number, f"{label}: 99. Perzentil", f"{n(p99, 0)} ms ({len(gaps)} Proben)", "≤ 20 ms",
        p99 <= 20)


def table(size: Size, header: str) -> None:
    print()
    print(header)
    width = max(len(r.label) for r in ROWS) + 2
    print(f"{'Nr':>3}  {'Messung':<{width}}{'Ziel':<22}{'erfüllt':<9}Wert")
    for r in ROWS:
        met = "–" if r.met is None else ("ja" if r.met else "nein")
        print(f"{r.number:>3}  {r.label:<{width}}{r.goal:<22}{met:<9}{r.value}")
    missing = sorted(set(range(1, 12)) - {r.number for r in ROWS})
    if missing:
        print(f"Nicht gemessen: {missing}")


def evalset_papers() -> list[Path]:
    return sorted(EVALSET.glob("*.txt"))


def long_document(tokens: int, count: Callable[[str], int]) -> str:
    """Real council papers one after another, cut at about ``tokens`` tokens."""
    text = ""
    for paper in evalset_papers() * 4:
        text += paper.read_text(encoding="utf-8") + "\n\n"
        if count(text) >= tokens:
            break
    while count(text) > tokens:
        text = text[: int(len(text) * 0.95)]
    return text


def evalset_cases(template_id: str) -> list[tuple[dict[str, str], str]]:
    """(values, document) for a template: the cases written for it, else the council papers."""
    cases = []
    for path in sorted((EVALSET / "cases").glob("*.toml")):
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        if case["template"] == template_id:
            cases.append((dict(case.get("values", {})), case["input"]))
    if not cases:
        cases = [({}, p.read_text(encoding="utf-8")) for p in evalset_papers()]
    return cases


def capped(template: Template, tokens: int, **changes: Any) -> Template:
    return replace(template, generation=replace(template.generation, max_tokens=tokens, **changes))


def render(template: Template, document: str) -> Any:
    """The prompt the app builds for ``document`` with the template's default values."""
    from werkstatt.pipeline import Request

    return Request.build(template, {}, document).prompt
