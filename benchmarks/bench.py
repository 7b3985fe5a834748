"""``make bench``: every figure a user feels, each with its goal, in one table.

Comparisons are measured in the same run on the same machine (alternating, several
repetitions, medians), because shared machines are noisy: the app against raw
llama-cpp-python on the same model, prompt, threads and sampling. Nothing here fails on a
slow machine: the table says "nein" where a goal is missed. ``--short`` (part of
``make test``) runs every measurement with tiny sizes to catch breakage, not to measure.

  1 generation through the whole app path (window, engine process, streaming) vs raw
  2 prompt processing of a long document vs raw, and how fast a cancel answers meanwhile
  3 prompt reuse: regenerate, and a second template on the same document
  4 the window's event loop while generating and while a long file is read
  5 start-up: process start → window shown → model ready
  6 tokens/s per thread count and per CPU variant this machine can run
  7 peak memory of all the app's processes while generating
  8 the memory-bandwidth limit and the share of it generation reaches
  9 prompt-lookup decoding per template on real council documents: speed and identity
 10 long documents (time per 1,000 input tokens) and the feedback merge
 11 the office GPU through Vulkan against the CPU (or why there is none)

Run: make bench   (or .venv/bin/python benchmarks/bench.py [--short])

The items live by group: ``bench_speed`` (1–4, 9), ``bench_system`` (5–8, 10); what they measure
against each other in ``bench_subjects``, the table and the inputs in ``bench_common``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-bench-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_common import FULL, SHORT, n, say, table  # noqa: E402
from bench_speed import item_generation, item_long_file, item_lookup, item_prompt, item_reuse  # noqa: E402
from bench_subjects import App, Raw  # noqa: E402
from bench_system import (  # noqa: E402
    item_bandwidth,
    item_gpu,
    item_long,
    item_startup,
    item_variants,
    machine,
    prepare_home,
)

from werkstatt import catalog  # noqa: E402
from werkstatt.engine import physical_cores  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="tiny sizes: checks, not figures")
    parser.add_argument("--only", type=str, default="", help="items to run, e.g. 1,2,9")
    args = parser.parse_args()
    size = SHORT if args.short else FULL
    only = {int(x) for x in args.only.split(",") if x}

    def wanted(*numbers: int) -> bool:
        return not only or bool(only & set(numbers))

    threads = physical_cores()
    entry = catalog.default_model()
    started = time.monotonic()
    header = ""
    prepare_home()
    if wanted(5, 7):
        say("5/7: Start und Speicher …")
        item_startup(size)
    if wanted(6):
        say("6: Threads und CPU-Varianten …")
        item_variants(size)
    if wanted(1, 2, 3, 4, 8, 9):
        app = App()
        raw = Raw(threads)
        header = (f"Leistung: {machine()}; Modell {entry.id}, CPU-Variante "
                  f"{raw.backend.variant}, {threads} Threads, "
                  f"{'kurz (nur Prüfung)' if args.short else f'{size.runs} Läufe je Messung'}")
        say(header)
        tps = 0.0
        if wanted(1, 4, 8):
            say("1/4: Erzeugung im Fenster gegen raw …")
            tps = item_generation(app, raw, size)
        if wanted(4):
            say("4: Fenster beim Einlesen einer langen Datei …")
            item_long_file(app, size)
        if wanted(2):
            say("2: Eingabe lesen und Abbrechen …")
            item_prompt(app, raw, size)
        if wanted(3):
            say("3: Wiederverwendung …")
            item_reuse(app, size)
        if wanted(8):
            item_bandwidth(raw, tps, size)
        if wanted(9):
            say("9: Prompt-Lookup auf echten Dokumenten …")
            item_lookup(app, size)
        app.close()
        raw.llm.close()
    if wanted(10):
        say("10: lange Dokumente und Feedback …")
        item_long(size)
    if wanted(11):
        say("11: Grafikprozessor (Vulkan) …")
        item_gpu(size)
    table(size, header or f"Leistung: {machine()}")
    print(f"Dauer: {n((time.monotonic() - started) / 60, 1)} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
