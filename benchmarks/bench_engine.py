"""Engine vs raw llama-cpp-python on the same model in the same run (not a timed test).

Prints time to first token, generation speed and total time for both, and their ratios.
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
from werkstatt.engine import Engine, physical_cores  # noqa: E402
from werkstatt.templates import Generation, get_template  # noqa: E402

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

    engine = Engine(entry, context_tokens=4096, threads=threads)
    t = time.perf_counter()
    engine.load()
    ours_load = time.perf_counter() - t
    t = time.perf_counter()
    raw = Llama(model_path=str(entry.path), n_ctx=4096, n_threads=threads,
                n_threads_batch=threads, verbose=False)
    raw_load = time.perf_counter() - t

    results: dict[str, list[tuple[float, float, int]]] = {"ours": [], "raw": []}
    for _ in range(args.runs):
        raw.reset()
        results["raw"].append(measure(
            c for c in raw.create_chat_completion(messages, max_tokens=args.max_tokens,
                                                  temperature=0.0, repeat_penalty=1.0,
                                                  stream=True, seed=1)
            if c["choices"][0]["delta"].get("content")))
        engine._llm.n_tokens = 0  # cold prompt, as for the raw run
        results["ours"].append(measure(engine.stream(prompt.system, prompt.user, params, seed=1)))
    # Prompt reuse: the same document asked again (e.g. a second template on one paper).
    warm = measure(engine.stream(prompt.system, prompt.user, params, seed=1))

    def med(name: str, i: int) -> float:
        return statistics.median(r[i] for r in results[name])

    print(f"Modell {entry.id}, {threads} Threads, {args.runs} Läufe, max {args.max_tokens} Token")
    print(f"{'':28}{'werkstatt':>12}{'raw':>12}{'Verhältnis':>12}")
    rows = [("Laden (s)", ours_load, raw_load)]
    rows.append(("Erstes Token (s)", med("ours", 0), med("raw", 0)))
    rows.append(("Gesamtzeit (s)", med("ours", 1), med("raw", 1)))
    ours_tps = med("ours", 2) / max(med("ours", 1) - med("ours", 0), 1e-9)
    raw_tps = med("raw", 2) / max(med("raw", 1) - med("raw", 0), 1e-9)
    rows.append(("Token/s (Erzeugung)", ours_tps, raw_tps))
    for label, ours, theirs in rows:
        print(f"{label:28}{ours:12.2f}{theirs:12.2f}{ours / theirs:12.2f}")
    print(f"{'Erstes Token, Prompt wiederverwendet':38}{warm[0]:6.2f} s "
          f"(kalt {med('ours', 0):.2f} s, {engine.stats.reused_tokens} Token wiederverwendet)")


if __name__ == "__main__":
    main()
