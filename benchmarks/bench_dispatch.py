"""The shipped engine build (runtime CPU dispatch) against a -march=native build, same machine,
same run (not a timed test).

Both builds come from ``scripts/build_engine.py`` (the native one with ``--flavour native``,
built once and cached; it lives in its own venv beside the cache, never in the project).
Each run is a fresh process per build, alternating, several runs, medians: raw
llama-cpp-python reads the test document and generates 128 tokens greedily.
Run: .venv/bin/python benchmarks/bench_dispatch.py [--runs N]   (part of make bench)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkstatt import catalog  # noqa: E402
from werkstatt.engine import physical_cores  # noqa: E402

DOC = ROOT / "tests" / "data" / "beschlussvorlage.txt"
# Raw llama-cpp-python in a fresh process (run with cwd = the project): argv is the model,
# threads, tokens to generate and the variant ("native": a build without dispatch, "auto":
# the app's choice, else that variant forced). Also item 6 of make bench (bench.py).
PROBE = r"""
import json, sys, time
variant = sys.argv[4]
if variant != "native":
    from werkstatt.engine import backends
    variant = backends.ensure_loaded(() if variant == "auto" else (variant,)).variant
from llama_cpp import Llama
path, threads, max_tokens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
llm = Llama(model_path=path, n_ctx=4096, n_threads=threads, n_threads_batch=threads, verbose=False)
text = sys.stdin.read()
prompt = "<|im_start|>user\nFasse zusammen:\n" + text + "<|im_end|>\n<|im_start|>assistant\n"
tokens = llm.tokenize(prompt.encode())
t0 = time.perf_counter(); llm.eval(tokens[:-1]); t1 = time.perf_counter()
out = llm.create_completion(tokens, max_tokens=max_tokens, temperature=0.0, repeat_penalty=1.0)
t2 = time.perf_counter()
n = out["usage"]["completion_tokens"]
print(json.dumps({"variant": variant, "prompt_tps": (len(tokens) - 1) / (t1 - t0),
                  "gen_tps": n / (t2 - t1), "tokens": n, "text": out["choices"][0]["text"][:60]}))
"""


def native_python() -> Path:
    """A venv with the native build of the same llama-cpp-python version (made once)."""
    wheel = Path(subprocess.run([sys.executable, str(ROOT / "scripts" / "build_engine.py"),
                                 "--flavour", "native"], check=True, capture_output=True,
                                text=True).stdout.strip())
    env = wheel.parent / "venv"
    python = env / "bin" / "python"
    if not python.exists():
        venv.create(env, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    return python


def probe(python: Path, variant: str, entry: catalog.ModelEntry, threads: int,
          max_tokens: int, document: str = "") -> dict[str, Any]:
    proc = subprocess.run([str(python), "-c", PROBE, str(entry.path), str(threads),
                           str(max_tokens), variant],
                          input=document or DOC.read_text(encoding="utf-8"),
                          capture_output=True, text=True, check=True, cwd=str(ROOT))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()
    entry = catalog.default_model()
    threads = physical_cores()
    pythons = {"dispatch": Path(sys.executable), "native": native_python()}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in pythons}
    for i in range(args.runs):
        order = list(pythons) if i % 2 == 0 else list(reversed(pythons))
        for name in order:
            results[name].append(probe(pythons[name], "auto" if name == "dispatch" else name,
                                       entry, threads, args.max_tokens))

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    variant = results["dispatch"][0]["variant"]
    same = results["dispatch"][0]["text"] == results["native"][0]["text"]
    print(f"Modell {entry.id}, {threads} Threads, {args.runs} Läufe je Build (abwechselnd, "
          f"je ein neuer Prozess), Dispatch-Variante {variant}")
    print(f"{'':22}{'Dispatch':>10}{'nativ':>10}{'Verhältnis':>12}")
    for label, key in (("Prompt (Token/s)", "prompt_tps"), ("Erzeugung (Token/s)", "gen_tps")):
        print(f"{label:22}{med('dispatch', key):10.1f}{med('native', key):10.1f}"
              f"{med('dispatch', key) / med('native', key):12.2f}")
    print(f"Gleicher Text (erste 60 Zeichen): {'ja' if same else 'nein'}")


if __name__ == "__main__":
    main()
