"""The app's engine vs raw llama-cpp-python on the same model in the same run (not a timed test).

Three contenders, alternating, several runs, medians: raw llama-cpp-python, ``LocalEngine``
(llama.cpp in this process) and ``EngineProcess`` (the engine process the app and the CLI
use). Prints time to first token, generation speed and total time, and the ratios; the
process/in-process ratio is the cost of the process boundary.
Run: make bench   (or .venv/bin/python benchmarks/bench_engine.py [--runs N])
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-bench-"))

from werkstatt import catalog  # noqa: E402
from werkstatt.engine import (  # noqa: E402
    EngineProcess,
    Generation,  # noqa: E402
    LocalEngine,
    physical_cores,
)
from werkstatt.templates import get_template  # noqa: E402

DOC = (Path(__file__).resolve().parent.parent / "tests" / "data" / "beschlussvorlage.txt")


def measure(stream) -> tuple[float, float, int]:
    started = time.perf_counter()
    first = None
    chunks = 0
    for _ in stream:
        chunks += 1
        if first is None:
            first = time.perf_counter() - started
    return first or 0.0, time.perf_counter() - started, chunks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()

    from llama_cpp import Llama

    entry = catalog.default_model()
    template = get_template("zusammenfassung")
    prompt = template.render({"laenge": "kurz"}, DOC.read_text(encoding="utf-8"))
    params = Generation(temperature=0.0, max_tokens=args.max_tokens, repeat_penalty=1.0)
    messages = [{"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user}]
    threads = physical_cores()

    def timed(make, load=True):
        started = time.perf_counter()
        made = make()
        if load:
            made.load()
        return made, time.perf_counter() - started

    local, local_load = timed(lambda: LocalEngine.for_entry(entry, 4096, threads))
    process, process_load = timed(lambda: EngineProcess(entry, 4096, threads))
    # after LocalEngine chose the CPU variant: raw llama-cpp-python runs the same one
    raw, raw_load = timed(lambda: Llama(model_path=str(entry.path), n_ctx=4096, n_threads=threads,
                                        n_threads_batch=threads, verbose=False), load=False)

    def run_raw():
        raw.reset()
        return measure(
            c for c in raw.create_chat_completion(messages, max_tokens=args.max_tokens,
                                                  temperature=0.0, repeat_penalty=1.0,
                                                  stream=True, seed=1)
            if c["choices"][0]["delta"].get("content"))

    def run_local():
        local._llm.n_tokens = 0  # cold prompt, as for the raw run
        return measure(local.stream(prompt.system, prompt.user, params, seed=1))

    def run_process():
        process.count_tokens("x")  # a different short prompt first: cold prompt again
        list(process.stream("x", "y", Generation(temperature=0.0, max_tokens=1), seed=1))
        return measure(process.stream(prompt.system, prompt.user, params, seed=1))

    contenders = {"raw": run_raw, "local": run_local, "process": run_process}
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in contenders}
    for i in range(args.runs):
        order = list(contenders) if i % 2 == 0 else list(reversed(contenders))
        for name in order:
            results[name].append(contenders[name]())
    # Prompt reuse: the same document asked again (e.g. a second template on one paper).
    warm = measure(process.stream(prompt.system, prompt.user, params, seed=1))
    reused = process.stats.reused_tokens

    def med(name: str, i: int) -> float:
        return statistics.median(r[i] for r in results[name])

    def tps(name: str) -> float:
        return med(name, 2) / max(med(name, 1) - med(name, 0), 1e-9)

    print(f"Modell {entry.id}, CPU-Variante {local.backend.variant if local.backend else '?'}, "
          f"{threads} Threads, {args.runs} Läufe je Variante (abwechselnd), max {args.max_tokens} Token")
    print(f"{'':22}{'Prozess':>10}{'im Prozess':>12}{'raw':>10}{'Prozess/raw':>13}"
          f"{'im P./raw':>11}{'Prozess/im P.':>15}")
    rows = [("Laden (s)", process_load, local_load, raw_load),
            ("Erstes Token (s)", med("process", 0), med("local", 0), med("raw", 0)),
            ("Gesamtzeit (s)", med("process", 1), med("local", 1), med("raw", 1)),
            ("Token/s (Erzeugung)", tps("process"), tps("local"), tps("raw"))]
    for label, ours, inproc, theirs in rows:
        print(f"{label:22}{ours:10.2f}{inproc:12.2f}{theirs:10.2f}{ours / theirs:13.2f}"
              f"{inproc / theirs:11.2f}{ours / inproc:15.2f}")
    print(f"Erstes Token mit wiederverwendetem Prompt (Prozess): {warm[0]:.2f} s "
          f"(kalt {med('process', 0):.2f} s, {reused} Token wiederverwendet)")
    process.close()
    local.close()


if __name__ == "__main__":
    main()
