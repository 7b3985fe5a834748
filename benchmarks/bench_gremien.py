"""Import a synthetic council information system (OParl) into the Gremien library and time the
search; print the times.

Not a timed test. Target on the 2-core reference machine: every search < 50 ms (median and
95th percentile), also for 10,000 papers. The data come from ``werkstatt.gremien.synthetic``
(invented, seed 0); the library lives in a temporary folder, never in the user's data.
Run: .venv/bin/python benchmarks/bench_gremien.py [--papers 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ["WERKSTATT_HOME"] = tempfile.mkdtemp(prefix="werkstatt-bench-")

from werkstatt.gremien.library import Library  # noqa: E402
from werkstatt.gremien.synthetic import REFERENCE_DATE, generate, write_folder  # noqa: E402

GOAL_MS = 50.0

# (kind, query, filters); "{reference}" and "{family}" are filled from the corpus
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("Wort", "Radweg", {}),
    ("Wort", "Bebauungsplan", {}),
    ("Wort", "Photovoltaik", {}),
    ("Wort", "Feuerwache", {}),
    ("Wort", "Schulsozialarbeit", {}),
    ("Wort", "Mietspiegel", {}),
    ("Wort", "Hochwasserschutz", {}),
    ("Wort", "Krippenplätze", {}),
    ("Wort", "Straße", {}),
    ("Wort häufig", "Verwaltung", {}),
    ("Wort häufig", "Kosten", {}),
    ("Wort häufig", "Hansestadt", {}),
    ("zwei Wörter", "Radweg Mühlenstraße", {}),
    ("zwei Wörter", "Sanierung Grundschule", {}),
    ("zwei Wörter", "Krippenplätze Nordfeld", {}),
    ("zwei Wörter", "Kommunale Wärmeplanung", {}),
    ("zwei Wörter", "Freibad Sandberg", {}),
    ("zwei Wörter", "Theaterförderung Betriebskostenzuschuss", {}),
    ("Präfix", "Krippen", {}),
    ("Präfix", "Schulbau", {}),
    ("Präfix", "Haushalts", {}),
    ("Präfix", "Wohnungsbau", {}),
    ("Präfix", "Bau", {}),
    ("Präfix", "Kinder", {}),
    ("Aktenzeichen", "{reference}", {}),
    ("Aktenzeichen", "{family}", {}),
    ("Aktenzeichen", "Stellungnahme zu {reference}", {}),
    ("mit Filter", "Radweg", {"paper_type": "Antrag"}),
    ("mit Filter", "Verwaltung", {"paper_type": "Anfrage"}),
    ("mit Filter", "Kita", {"date_from": "2024-01-01", "date_to": "2024-12-31"}),
    ("mit Filter", "Sanierung", {"status": "beschlossen"}),
    ("mit Filter", "Haushalt", {"status": "offen"}),
    ("mit Filter", "Kosten", {"paper_type": "Beschlussvorlage", "date_from": "2025-01-01",
                              "status": "abgelehnt"}),
    ("nur Filter", "", {"paper_type": "Mitteilung"}),
    ("nur Filter", "", {"date_from": "2023-01-01", "date_to": "2023-06-30"}),
    ("nur Filter", "", {"status": "offen"}),
    ("nur Filter", "", {"status": "beschlossen", "paper_type": "Antrag"}),
    ("nur Filter", "", {}),
    ("kein Treffer", "Zeppelinlandeplatz", {}),
    ("kein Treffer", "Quarkspeise Xylophon", {}),
]

QUESTIONS = [
    "Wie viele Kinder warten derzeit auf einen Krippenplatz im Stadtteil Nordfeld?",
    "Wann wird der Radweg in der Mühlenstraße fertiggestellt?",
    "Wie viele Wohnungen sollen im Bereich Alter Güterbahnhof entstehen?",
    "Wie hoch ist der Fehlbetrag im Ergebnishaushalt nach der aktuellen Hochrechnung?",
    "Wie viele städtische Dächer sind bereits mit Photovoltaikanlagen ausgestattet?",
    "Welche Maßnahmen zum Hochwasserschutz an der Mühlenau sind geplant?",
    "Wie lange warten Bürgerinnen und Bürger derzeit auf einen Termin im Bürgerbüro?",
    "Was kostet die Sanierung der Grundschule Lindenhof?",
    "Was hat die Verwaltung zu den Kosten und dem Zeitplan gesagt?",
    "Worum geht es in {reference}?",
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "p95": _percentile(values, 0.95),
            "max": max(values)}


def _db_megabytes(path: Path) -> float:
    total = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return total / 1e6


def measure(papers: int, runs: int) -> dict[str, Any]:
    """Seconds to generate and import ``papers`` papers, the library's size and the search
    latencies in ms (each query ``runs`` times, after one warm-up)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "oparl"
        started = time.perf_counter()
        corpus = generate(papers, seed=0)
        write_folder(corpus, folder)
        result: dict[str, Any] = {"papers": papers, "runs": runs,
                                  "generate_s": time.perf_counter() - started}
        # a reference from the middle of the corpus, and one that has successors
        middle = corpus.papers[len(corpus.papers) // 2]["reference"]
        family = next((p["reference"] for p in corpus.papers if p.get("subordinatedPaper")),
                      middle)
        del corpus
        path = Path(tmp) / "gremien.sqlite"
        with Library(path) as library:
            started = time.perf_counter()
            report = library.import_paths([folder])
            result["import_s"] = time.perf_counter() - started
            result["imported"] = report.papers
            result["problems"] = len(report.problems)
            result["papers_per_s"] = report.papers / result["import_s"]
            result["passages"] = library.db.execute("SELECT count(*) FROM passages").fetchone()[0]
            library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            result["db_mb"] = _db_megabytes(path)

            queries = []
            for kind, query, filters in QUERIES:
                text = query.format(reference=middle, family=family)
                times = []
                hits = len(library.search(text, **filters))  # warm-up
                for _ in range(runs):
                    started = time.perf_counter()
                    library.search(text, **filters)
                    times.append((time.perf_counter() - started) * 1000)
                queries.append({"kind": kind, "query": text, "filters": filters, "hits": hits,
                                "times": times, **_stats(times)})
            result["queries"] = queries

            questions = []
            for question in QUESTIONS:
                text = question.format(reference=middle)
                times = []
                found = len(library.passages_for(text))
                for _ in range(runs):
                    started = time.perf_counter()
                    library.passages_for(text)
                    times.append((time.perf_counter() - started) * 1000)
                questions.append({"question": text, "passages": found, "times": times,
                                  **_stats(times)})
            result["questions"] = questions

        all_search = [t for q in queries for t in q["times"]]
        all_passages = [t for q in questions for t in q["times"]]
        result["search_ms"] = _stats(all_search)
        result["passages_ms"] = _stats(all_passages)
        kinds: dict[str, list[float]] = {}
        for q in queries:
            kinds.setdefault(q["kind"], []).extend(q["times"])
        result["by_kind"] = {kind: _stats(times) for kind, times in kinds.items()}
        result["slow"] = [q for q in queries + questions if q["median"] > GOAL_MS]
    return result


def _goal(stats: dict[str, float]) -> str:
    met = stats["median"] < GOAL_MS and stats["p95"] < GOAL_MS
    return f"Ziel < {GOAL_MS:.0f} ms: {'erfüllt' if met else 'VERFEHLT'}"


def _line(label: str, stats: dict[str, float], width: int = 22) -> str:
    return (f"{label:{width}} Median {stats['median']:7.1f} ms  95 % {stats['p95']:7.1f} ms  "
            f"max {stats['max']:7.1f} ms  {_goal(stats)}")


def _filters(filters: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in filters.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    r = measure(args.papers, args.runs)
    print(f"{r['papers']} Vorlagen (synthetisch, Stichtag {REFERENCE_DATE:%d.%m.%Y}), "
          f"{r['runs']} Läufe je Suche")
    print(f"Erzeugen:       {r['generate_s']:7.1f} s")
    print(f"Import:         {r['import_s']:7.1f} s  ({r['imported']} Vorlagen, {r['passages']} "
          f"Abschnitte, {r['papers_per_s']:.0f} Vorlagen/s, {r['problems']} Hinweise)")
    print(f"Datenbank:      {r['db_mb']:7.1f} MB")
    print(_line(f"Suche ({len(r['queries'])} Anfragen)", r["search_ms"]))
    for kind, stats in r["by_kind"].items():
        print(_line(f"  {kind}", stats))
    print(_line(f"Abschnitte ({len(r['questions'])} Fragen)", r["passages_ms"]))
    print("Einzeln (Median / 95 % in ms, Treffer):")
    for q in r["queries"]:
        flag = "  LANGSAM" if q["median"] > GOAL_MS else ""
        print(f"  {q['median']:7.1f} {q['p95']:7.1f} {q['hits']:4d}  [{q['kind']}] "
              f"{q['query']!r} {_filters(q['filters'])}{flag}")
    for q in r["questions"]:
        flag = "  LANGSAM" if q["median"] > GOAL_MS else ""
        print(f"  {q['median']:7.1f} {q['p95']:7.1f} {q['passages']:4d}  [Frage] "
              f"{q['question']!r}{flag}")
    if r["slow"]:
        print(f"Langsamer als {GOAL_MS:.0f} ms (Median): {len(r['slow'])}")
    else:
        print(f"Alle Anfragen im Median unter {GOAL_MS:.0f} ms.")


if __name__ == "__main__":
    main()
