"""Quality on real documents and writing cases: what a reader sees (a benchmark, not a test).

    make eval                                  # default model, all cases
    .venv/bin/python benchmarks/eval.py --model qwen2.5-coder-1.5b-instruct-q4km
    .venv/bin/python benchmarks/eval.py --only 01 --show    # one case, print the draft
    .venv/bin/python benchmarks/eval.py --template buergerbrief --unseen
    .venv/bin/python benchmarks/eval.py --rescore benchmarks/evalset/runs/RUN.json   # no model
    .venv/bin/python benchmarks/eval.py --reading benchmarks/evalset/readings/RUN.csv

The set (``benchmarks/evalset/``, see its README): real council documents from ALLRIS with the
key points a summary must convey, and writing cases (``cases/``: letters of every kind, e-mail
answers, minutes from rough notes, Einfache Sprache from real municipal texts); with
``--unseen`` the documents and cases kept out of development (``unseen/``).

Summaries: key points, forbidden mistakes, empty or looping drafts, repeats, leaked
instructions, facts the source lacks. Writing drafts: facts kept (the case's keys), facts
changed and facts without a source, sentences not backed by the notes (and how many of them
the draft's notes name), foreign-language lines, salutations or closings written by the model,
doubled closings, placeholders, instruction text, unknown words per 100 words (German
Hunspell dictionary); for minutes the decisions and tasks found, for Einfache Sprache the
share of sentences that meet the rule checks. Every run's drafts are kept in
``evalset/runs/`` for the reading (``--reading`` prints its totals). Runs on the app's path:
the engine process, the templates, the pipelines, seed 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-eval-"))

from eval_cases import EVALSET, Case, load_cases  # noqa: E402
from eval_report import print_reading, print_summaries, print_writing, write_markdown  # noqa: E402
from eval_run import RUNS, Drafted, commit_id, draft_case, load_json, run_name, save_json  # noqa: E402
from eval_score import Score, score  # noqa: E402

from werkstatt import catalog, spelling  # noqa: E402
from werkstatt.engine import EngineProcess  # noqa: E402


def select(args: argparse.Namespace) -> list[Case]:
    templates = [t.strip() for t in args.template.split(",") if t.strip()]
    cases = [c for c in load_cases(EVALSET / "unseen" if args.unseen else EVALSET)
             if args.only in c.name and (not templates or c.template in templates)]
    if args.laenge:
        for case in cases:
            if case.template == "zusammenfassung":
                case.values = {**case.values, "laenge": args.laenge}
    return cases


def show(result: Score) -> None:
    d, c = result.drafted, result.check
    print(f"\n===== {d.case} ({d.template}) =====\n{d.error or d.text}\n"
          f"-- Hinweise: {d.notes}\n"
          f"-- fehlt: {[k.name for k in result.case.keys if k.name not in result.keys]}"
          f"\n-- Fehler: {result.mistakes}")
    if result.case.writing:
        print(f"-- unbelegt: {c.unbacked}\n-- Fakten: {[(f.text, f.changed) for f in c.facts]}\n"
              f"-- fremd: {c.foreign}  Rahmen: {result.model_frame}  Platzhalter: {c.placeholders}"
              f"  Anweisung: {c.instructions}\n-- unbekannt: {result.unknown}\n"
              f"-- Regeln: {result.plain_breaks}", flush=True)
    else:
        print(f"-- Probleme: {result.assessment.problems()}  erfunden: {result.invented}", flush=True)


def report(scores: list[Score]) -> None:
    print()
    summaries = [s for s in scores if not s.case.writing]
    writing = [s for s in scores if s.case.writing]
    if summaries:
        print_summaries(summaries)
        print_lengths(summaries)
        print()
    if writing:
        if not spelling.available():
            print("(Rechtschreibung nicht gemessen: spylls oder hunspell-de-de fehlt; "
                  "make eval installiert beide)")
        print_writing(writing)


def print_lengths(scores: list[Score]) -> None:
    """Each summary's length against its paper's (issue 27: a summary of a short paper is
    not nearly as long as the paper)."""
    from werkstatt.summary_points import count_words

    print()
    for s in scores:
        summary, paper = count_words(s.drafted.text), len(s.case.document.split())
        print(f"{s.case.name:40} Länge: Zusammenfassung {summary} Wörter / Dokument {paper} Wörter "
              f"({summary / max(paper, 1):.0%})")


def rescore(path: Path, args: argparse.Namespace) -> None:
    """Score a kept run again (the checks may have changed), without the model."""
    meta, drafts = load_json(path)
    by_name = {c.name: c for c in load_cases(EVALSET)}
    for case in load_cases(EVALSET / "unseen"):
        by_name[case.name] = by_name[f"unseen/{case.name}"] = case
    print(f"Lauf {path.name}: Modell {meta.get('model')}, Commit {meta.get('commit')}")
    scores = []
    for d in drafts:
        case = by_name.get(d.case)
        if case and args.only in d.case and (not args.template or case.template == args.template):
            scores.append(score(case, d))
            if args.show:
                show(scores[-1])
    report(scores)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="", help="catalogue id (default: the default model)")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    parser.add_argument("--template", default="", help="only cases of these templates (comma-separated)")
    parser.add_argument("--laenge", default="", help="summaries: kurz, mittel or ausführlich")
    parser.add_argument("--unseen", action="store_true",
                        help="the documents and cases kept out of development (evalset/unseen)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every draft and its findings")
    parser.add_argument("--threads", type=int, default=0,
                        help="engine threads (default: the app's); 1 on a machine shared by several runs")
    parser.add_argument("--reading", type=Path, help="print the totals of a reading CSV and stop")
    parser.add_argument("--rescore", type=Path, help="score a kept run (runs/*.json) without the model")
    args = parser.parse_args()
    if args.reading:
        print_reading(args.reading)
        return
    if args.rescore:
        rescore(args.rescore, args)
        return
    entry = catalog.find_model(args.model) if args.model else catalog.default_model()
    cases = select(args)
    engine = EngineProcess(entry, context_tokens=8192, threads=args.threads or None)
    engine.load()
    print(f"Modell {entry.id}, CPU-Variante {engine.variant}, {len(cases)} Fälle, Seed {args.seed}")
    name = run_name(entry.id, commit_id(ROOT)) + ("-unseen" if args.unseen else "")
    drafts: list[Drafted] = []
    scores = []
    try:
        for case in cases:
            drafts.append(draft_case(engine, case, args.seed))
            if args.unseen:
                drafts[-1].case = f"unseen/{case.name}"
            scores.append(score(case, drafts[-1]))
            if args.show:
                show(scores[-1])
    finally:
        engine.close()
        if drafts:
            meta = {"model": entry.id, "commit": commit_id(ROOT), "seed": str(args.seed)}
            save_json(RUNS / f"{name}.json", drafts, meta)
            write_markdown(RUNS / f"{name}.md", drafts, f"{name} ({entry.id})")
    report(scores)
    print(f"\nEntwürfe zum Lesen: {(RUNS / f'{name}.md').relative_to(ROOT)}")
    readings = sorted((EVALSET / "readings").glob("*.csv"))
    for path in readings[-2:]:
        print()
        print_reading(path)


if __name__ == "__main__":
    main()
