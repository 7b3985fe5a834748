"""Quality on real documents: every template over the evaluation set (a benchmark, not a test).

    make eval                                  # default model
    .venv/bin/python benchmarks/eval.py --model qwen2.5-coder-1.5b-instruct-q4km
    .venv/bin/python benchmarks/eval.py --only 01 --show    # one case, print the draft

The set (``benchmarks/evalset/``): eight real council documents from ALLRIS with the key
points a summary must convey and the mistakes it must not make (see its README), plus cases
of our own for letters, minutes, e-mail answers and Einfache Sprache (``cases/``); with
``--unseen`` four council papers written after the pipeline was finished (``unseen/``). Per case
it prints key points conveyed, forbidden mistakes, whether the draft is empty or degenerate,
repeated lines or headings, leaked instructions, facts the source lacks (Quellenabgleich),
and the time; then the totals. Runs on the app's path: the engine process, the templates,
the drafting pipeline, seed 1.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-eval-"))

from werkstatt import catalog, pipeline, quality, sourcecheck  # noqa: E402
from werkstatt.engine import EngineProcess  # noqa: E402
from werkstatt.pipeline import Request  # noqa: E402
from werkstatt.templates import get_template  # noqa: E402

EVALSET = Path(__file__).resolve().parent / "evalset"


@dataclass
class Case:
    name: str
    template: str
    document: str
    values: dict[str, str]
    keys: list[tuple[str, str]]
    forbidden: list[tuple[str, str]]


@dataclass
class Result:
    case: Case
    draft: str
    seconds: float
    keys: list[str] = field(default_factory=list)  # the names of the keys conveyed
    mistakes: list[str] = field(default_factory=list)
    assessment: quality.Assessment = field(default_factory=quality.Assessment)
    invented: list[str] = field(default_factory=list)


def _patterns(data: dict, kind: str) -> list[tuple[str, str]]:
    return [(item["name"], item["pattern"]) for item in data.get(kind, [])]


def load_cases(folder: Path = EVALSET) -> list[Case]:
    cases = []
    for keys_file in sorted(folder.glob("*.keys.toml")):
        data = tomllib.loads(keys_file.read_text(encoding="utf-8"))
        raw = keys_file.with_name(keys_file.name.replace(".keys.toml", ".txt")).read_text(
            encoding="utf-8")
        # without the "Quelle:" lines of the real documents (not part of the published text)
        document = raw.split("\n\n", 1)[1] if raw.startswith("Quelle:") else raw
        cases.append(Case(keys_file.name.split(".")[0], "zusammenfassung", document.strip(),
                          {}, _patterns(data, "keys"), _patterns(data, "forbidden")))
    for case_file in sorted((folder / "cases").glob("*.toml")):
        data = tomllib.loads(case_file.read_text(encoding="utf-8"))
        cases.append(Case(case_file.stem, data["template"], data["input"].strip(),
                          dict(data.get("values", {})), _patterns(data, "keys"),
                          _patterns(data, "forbidden")))
    return cases


def evaluate(engine: EngineProcess, case: Case, seed: int) -> Result:
    template = get_template(case.template)
    started = time.monotonic()
    request = Request.build(template, case.values, case.document)
    draft = pipeline.generate(engine, request, seed=seed)
    result = Result(case, draft.text, time.monotonic() - started)
    text = draft.text
    result.keys = [n for n, p in case.keys if re.search(p, text, re.IGNORECASE)]
    result.mistakes = [n for n, p in case.forbidden if re.search(p, text, re.IGNORECASE)]
    instructions = quality.PLACEHOLDERS.sub(" ", f"{template.system}\n{template.user}")
    given = "\n".join([case.document, *case.values.values()])
    result.assessment = quality.assess(text, instructions, given)
    sources = request.sources()
    result.invented = [f.text for f in sourcecheck.check(text, sources)]
    return result


def print_table(results: list[Result]) -> None:
    print(f"{'Fall':40} {'Vorlage':17} {'Kernpunkte':>10} {'Fehler':>6} {'leer':>5} "
          f"{'Wdh.':>5} {'Anw.':>5} {'erfunden':>8} {'Zeit':>7}")
    for r in results:
        a = r.assessment
        print(f"{r.case.name:40} {r.case.template:17} {len(r.keys):>4}/{len(r.case.keys):<5} "
              f"{len(r.mistakes):>6} {'ja' if a.degenerate else '–':>5} "
              f"{len(a.repeated) + len(a.repeated_headings):>5} {len(a.leaked):>5} "
              f"{len(r.invented):>8} {r.seconds:6.1f}s")
    keys = sum(len(r.keys) for r in results)
    total = sum(len(r.case.keys) for r in results)
    print(f"{'Gesamt':40} {'':17} {keys:>4}/{total:<5} "
          f"{sum(len(r.mistakes) for r in results):>6} "
          f"{sum(r.assessment.degenerate for r in results):>5} "
          f"{sum(len(r.assessment.repeated) + len(r.assessment.repeated_headings) for r in results):>5} "
          f"{sum(len(r.assessment.leaked) for r in results):>5} "
          f"{sum(len(r.invented) for r in results):>8} {sum(r.seconds for r in results):6.0f}s")
    print(f"Kernpunkte: {keys / max(total, 1):.0%}")
    for group in ("zusammenfassung",):
        part = [r for r in results if r.case.template == group]
        if part:
            hit = sum(len(r.keys) for r in part)
            print(f"  davon {group} (ALLRIS): {hit}/{sum(len(r.case.keys) for r in part)} "
                  f"({hit / max(sum(len(r.case.keys) for r in part), 1):.0%})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="", help="catalogue id (default: the default model)")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    parser.add_argument("--template", default="", help="only cases of this template")
    parser.add_argument("--laenge", default="", help="summaries: kurz, mittel or ausführlich")
    parser.add_argument("--unseen", action="store_true",
                        help="the documents written after the pipeline was finished (evalset/unseen)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every draft and its findings")
    args = parser.parse_args()
    entry = catalog.find_model(args.model) if args.model else catalog.default_model()
    engine = EngineProcess(entry, context_tokens=8192)
    engine.load()
    cases = [c for c in load_cases(EVALSET / "unseen" if args.unseen else EVALSET) if args.only in c.name
             and (not args.template or c.template == args.template)]
    if args.laenge:
        for case in cases:
            if case.template == "zusammenfassung":
                case.values = {**case.values, "laenge": args.laenge}
    print(f"Modell {entry.id}, CPU-Variante {engine.variant}, {len(cases)} Fälle, Seed {args.seed}")
    results = []
    try:
        for case in cases:
            result = evaluate(engine, case, args.seed)
            results.append(result)
            if args.show:
                print(f"\n===== {case.name} ({case.template}) =====\n{result.draft}\n"
                      f"-- fehlt: {[n for n, _ in case.keys if n not in result.keys]}\n"
                      f"-- Fehler: {result.mistakes}  Probleme: {result.assessment.problems()}"
                      f"  erfunden: {result.invented}\n", flush=True)
    finally:
        engine.close()
    print()
    print_table(results)


if __name__ == "__main__":
    main()
