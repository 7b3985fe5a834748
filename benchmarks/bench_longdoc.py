"""How summarising a long document grows with its length (default model, real engine).

Usage: python benchmarks/bench_longdoc.py [--show] [PAGES ...]   (default: 10 25 50 100)

A "page" is a standard page (Normseite) of 1,800 characters. The documents are generated:
numbered sections about districts of Lübeck with distinct figures, the first naming Marli,
the last the Hafenbrücke, so the result can be checked for both ends. Prints, per length,
the parts, rounds, seconds, seconds per page and the ratio to the shortest run's seconds per
page (1.00 = perfectly linear); ``--show`` prints each summary. Not a timed test: nothing
fails on slow machines.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from werkstatt import catalog, pipeline  # noqa: E402
from werkstatt.engine import Engine  # noqa: E402
from werkstatt.pipeline import Request  # noqa: E402
from werkstatt.settings import DEFAULTS  # noqa: E402
from werkstatt.templates import get_template  # noqa: E402

PAGE_CHARS = 1800
DISTRICTS = ["St. Lorenz", "St. Gertrud", "St. Jürgen", "Moisling", "Buntekuh", "Kücknitz",
             "Travemünde", "Schlutup", "Innenstadt", "Eichholz", "Karlshof", "Brandenbaum"]
TOPICS = ["Sanierung der Schule", "Ausbau des Radwegs", "Neubau der Kita", "Umbau der Bücherei",
          "Erneuerung der Straßenbeleuchtung", "Pflege der Grünanlagen", "Sanierung des Bades"]
FILLER = ("Die Verwaltung hat dazu Gespräche mit den Beteiligten geführt, die Unterlagen geprüft "
          "und die Ergebnisse in der Arbeitsgruppe abgestimmt. ")


def make_document(pages: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    sections = ["1. Sanierung der Turnhalle Marli\n\nDie Turnhalle der Grundschule Marli wird "
                "2027 saniert. Die Kosten betragen 1,2 Millionen Euro. " + FILLER * 3]
    number = 2
    while sum(len(s) for s in sections) < (pages - 1) * PAGE_CHARS:
        district, topic = rng.choice(DISTRICTS), rng.choice(TOPICS)
        cost = rng.randint(80, 2400) * 1000
        sections.append(
            f"{number}. {topic} in {district}\n\nIm Stadtteil {district} ist die {topic} geplant. "
            f"Die Kosten betragen {cost:,} Euro.".replace(",", ".") + " Beginn ist im "
            f"{rng.choice(['Frühjahr', 'Sommer', 'Herbst'])} {rng.randint(2027, 2030)}. "
            + FILLER * rng.randint(3, 6))
        number += 1
    sections.append(f"{number}. Neubau der Hafenbrücke\n\nDie alte Klappbrücke am Hafen wird bis "
                    "2029 durch die neue Hafenbrücke ersetzt. Der Bauausschuss entscheidet im "
                    "März 2027. " + FILLER * 3)
    return "\n\n".join(sections)


def measure(pages: int, engine: Engine | None = None) -> dict[str, Any]:
    """Summarise a generated document of ``pages`` pages with ``zusammenfassung``."""
    own = engine is None
    engine = engine or Engine(catalog.default_model(),
                              context_tokens=int(DEFAULTS["context_tokens"]))
    engine.load()
    document = make_document(pages)
    tokens = engine.count_tokens(document)
    messages: list[str] = []
    started = time.monotonic()
    response = pipeline.run(engine, Request.build(get_template("zusammenfassung"),
                                                  {"laenge": "mittel"}, document),
                            progress=lambda f, m, seen=messages: seen.append(m), seed=1)
    for _ in response:
        pass
    draft = response.draft
    assert draft is not None
    seconds = time.monotonic() - started
    if own:
        engine.close()
    return {
        "tokens": tokens, "seconds": seconds, "n_ctx": engine.n_ctx,
        "parts": sum(1 for m in messages if m.startswith("Teil ")),
        "rounds": 1 + sum(1 for m in messages if m.startswith("Runde") and " Teil 1 von" in m),
        "ends": ("Marli" in draft.text,
                 "Hafenbrücke" in draft.text or "Klappbrücke" in draft.text),
        "text": draft.text,
    }


def main() -> None:
    show = "--show" in sys.argv
    sizes = [int(a) for a in sys.argv[1:] if a != "--show"] or [10, 25, 50, 100]
    engine = Engine(catalog.default_model(), context_tokens=int(DEFAULTS["context_tokens"]))
    engine.load()
    print(f"Modell {engine.entry.id}, Kontext {engine.n_ctx} Token, Vorlage zusammenfassung")
    print(f"{'Seiten':>6} {'Token':>7} {'Teile':>6} {'Runden':>6} {'Sekunden':>9} "
          f"{'s/Seite':>8} {'s/1000 T':>9} {'Verhältnis':>10}  beide Enden")
    base = None
    for pages in sizes:
        r = measure(pages, engine)
        per_page = r["seconds"] / pages
        base = base or per_page
        print(f"{pages:6d} {r['tokens']:7d} {r['parts']:6d} {r['rounds']:6d} {r['seconds']:9.1f} "
              f"{per_page:8.2f} {r['seconds'] / r['tokens'] * 1000:9.1f} {per_page / base:10.2f}  "
              f"{'ja' if all(r['ends']) else 'nein'} {r['ends']}", flush=True)
        if show:
            print(r["text"], flush=True)
    engine.close()


if __name__ == "__main__":
    main()
