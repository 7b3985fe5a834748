"""``make bench`` items 5–8 and 10: start-up and peak memory of the app as a new process, tokens/s
per thread count and CPU variant, the memory-bandwidth limit, long documents and the feedback
merge; and the machine's description for the table's header."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_common import DOC, ROOT, SHORT, Size, med, n, row
from bench_subjects import Raw

from werkstatt import catalog
from werkstatt.engine import physical_cores
from werkstatt.numbers import de

STARTUP = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QTimer
import ui.main_window as mw
marks = {}
windows = []
init, show = mw.MainWindow.__init__, mw.MainWindow.showEvent
def track(self, *a, **k):
    init(self, *a, **k); windows.append(self)
    timer = QTimer(self); timer.timeout.connect(poll); timer.start(10)
def shown(self, event):
    marks.setdefault("shown", time.time())
    heavy = ("llama_cpp", "numpy", "docx", "pypdf", "openpyxl")
    marks.setdefault("heavy", sorted(m for m in heavy if m in sys.modules))
    show(self, event)
mw.MainWindow.__init__, mw.MainWindow.showEvent = track, shown
generate = sys.argv[2] == "1"
def poll():
    if not windows: return
    w = windows[0]
    if "ready" not in marks and (w.session.ready or w.session.error):
        marks["ready"] = time.time()
        marks["error"] = w.session.error
        if generate and not w.session.error:
            w.select_template("zusammenfassung")
            w.input.document.setPlainText(open(sys.argv[3], encoding="utf-8").read())
            w.generate()
            marks["started"] = True
            return
    if "ready" in marks and (not generate or (marks.get("started") and w.generation is None)):
        marks["done"] = time.time()
        w.pane.versions.clear()
        print("MARKS " + json.dumps(marks), flush=True)
        w.close()
        from PySide6.QtWidgets import QApplication
        QApplication.quit()
from ui import app
sys.exit(app.main([]))
"""


def run_app_process(generate: bool) -> tuple[dict[str, Any], float, int]:
    """The app as a new process: its marks, its start time, and the peak resident memory of
    it and its children (sampled every 50 ms)."""
    import psutil

    started = time.time()
    proc = subprocess.Popen([sys.executable, "-c", STARTUP, str(ROOT), "1" if generate else "0",
                             str(DOC)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env={**os.environ})
    peak = 0
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 600
    while proc.poll() is None:
        if time.monotonic() > deadline:
            for child in parent.children(recursive=True):
                child.kill()
            proc.kill()
            break
        try:
            total = parent.memory_info().rss + sum(
                c.memory_info().rss for c in parent.children(recursive=True))
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.05)
    out = proc.stdout.read() if proc.stdout else ""
    marks = next((json.loads(line[6:]) for line in out.splitlines() if line.startswith("MARKS ")), {})
    return marks, started, peak


def item_startup(size: Size) -> None:
    """5 and 7: start-up times (several fresh processes) and peak memory while generating."""
    shown, ready = [], []
    heavy: list[str] = []
    for _ in range(size.runs):
        marks, started, _ = run_app_process(generate=False)
        if "shown" in marks:
            shown.append(marks["shown"] - started)
            ready.append(marks["ready"] - started)
            heavy = marks["heavy"]
    row(5, "Start bis Fenster sichtbar", f"{n(med(shown))} s"
        + (f" (schon geladen: {', '.join(heavy)})" if heavy else ""), "≤ 1,5 s", med(shown) <= 1.5)
    row(5, "Start bis Modell bereit", f"{n(med(ready))} s", "≤ 3 s", med(ready) <= 3.0)
    marks, _, peak = run_app_process(generate=True)
    model = catalog.default_model().path.stat().st_size
    mb = 1024 * 1024
    row(7, "Speicher aller App-Prozesse beim Erzeugen (Spitze, RSS)",
        f"{de(peak // mb)} MB (Modelldatei {de(model // mb)} MB)",
        f"≤ {de((model + 400 * mb) // mb)} MB", bool(marks.get("done")) and peak <= model + 400 * mb)


def item_variants(size: Size) -> None:
    """6: tokens/s for 1 … n threads and every variant this CPU can run (a new process each)."""
    from werkstatt.engine import backends

    files = backends.variant_files(backends.lib_dir())
    scores = {tag: backends.score(path) for tag, path in files.items()}
    chosen = backends.choose(scores)
    threads = physical_cores()
    if size is SHORT:
        runs = [(chosen, threads)]
    else:  # the chosen variant at each thread count, then every other variant this CPU runs
        runs = [(chosen, t) for t in sorted({1, threads, os.cpu_count() or 1})]
        runs += [(tag, threads) for tag, score in scores.items() if score and tag != chosen]
    from bench_dispatch import probe

    document = DOC.read_text(encoding="utf-8")[:1500]
    for variant, count in runs:
        result = probe(Path(sys.executable), variant, catalog.default_model(), count,
                       max(size.tokens, 8), document)
        row(6, f"Variante {variant}{' (gewählt)' if variant == chosen else ''}, {count} Thread(s)",
            f"Erzeugung {n(result['gen_tps'], 1)} Token/s, Eingabe {n(result['prompt_tps'], 1)} "
            "Token/s", "gemessen")


def item_bandwidth(raw: Raw, tokens_per_second: float, size: Size) -> None:
    """8: the machine's memory read bandwidth, and what generation reaches of it."""
    from concurrent.futures import ThreadPoolExecutor

    import llama_cpp
    import numpy as np

    workers = os.cpu_count() or 1
    count = size.bandwidth_mb * 1024 * 1024 // 8
    data = np.ones(count, dtype=np.float64)
    parts = np.array_split(data, workers)
    best = 0.0
    with ThreadPoolExecutor(workers) as pool:
        for _ in range(5):
            started = time.perf_counter()
            list(pool.map(np.sum, parts))
            best = max(best, data.nbytes / (time.perf_counter() - started))
    weights = llama_cpp.llama_model_size(raw.llm.model)
    limit = best / weights
    share = tokens_per_second / limit
    row(8, "Speicherbandbreite (Lesen, numpy, alle Kerne)",
        f"{n(best / 1e9, 1)} GB/s; {n(weights / 1e6, 0)} MB Gewichte je Token → höchstens "
        f"{n(limit, 1)} Token/s", "gemessen")
    row(8, "Erzeugung im Fenster / diese Grenze", f"{n(share)} ({n(tokens_per_second, 1)} Token/s)",
        "berichtet")


def item_long(size: Size) -> None:
    """10: time per 1,000 input tokens for long documents, and the feedback merge."""
    from bench_feedback import measure as merge_measure
    from bench_longdoc import measure as long_measure

    base = None
    for pages in size.pages:
        result = long_measure(pages)
        per_k = result["seconds"] / result["tokens"] * 1000
        base = base or per_k
        row(10, f"Langes Dokument, {pages} Seiten ({de(result['tokens'])} Token, "
            f"{result['parts']} Teile)", f"{n(per_k, 1)} s je 1.000 Token (×{n(per_k / base)})",
            "linear (×1,0 ± 0,25)", abs(per_k / base - 1) <= 0.25)
    files, entries = size.merge
    merged = merge_measure(files, entries)
    row(10, f"Feedback zusammenführen, {files} × {de(entries)} Einträge",
        f"{n(merged['merge'])} s", "≤ 5 s", merged["merge"] <= 5.0)


def machine() -> str:
    from werkstatt.engine import backends

    name, features = backends.cpu_description()
    return (f"{name}, {os.cpu_count()} logische Kerne ({physical_cores()} physisch), "
            f"SIMD: {' '.join(features) or '?'}")


def prepare_home() -> None:
    """A fresh user folder in which the rules are acknowledged (no dialog at start)."""
    from werkstatt.governance import Record, load_rules
    from werkstatt.settings import Settings

    Record().acknowledge(load_rules())
    settings = Settings()
    settings.set("letterhead_asked", True)
    settings.save()


GPU_PROBE = r"""
import json, sys, time
from werkstatt import catalog
from werkstatt.engine import Generation
from werkstatt.engine.local import LocalEngine
engine = LocalEngine.for_entry(catalog.default_model(), 2048)
started = time.monotonic()
engine.load()
loaded = time.monotonic() - started
text = "".join(engine.stream("Fasse die Vorlage zusammen.", sys.argv[1], Generation(temperature=0.0,
               max_tokens=int(sys.argv[2])), seed=1))
s = engine.stats
print(json.dumps({"gpu": engine.backend.gpu, "load": loaded, "gen_tps": s.tokens_per_second,
                  "prompt_tps": s.prompt_tokens / max(s.prefill_seconds, 1e-9), "text": text}))
"""


def item_gpu(size: Size) -> None:
    """11: the model on this PC's GPU through Vulkan (where one passes the self-test) against
    the CPU, the same prompt and tokens; on a PC without one, the row says so."""
    document = DOC.read_text(encoding="utf-8")[:1500]
    results = {}
    for label, env in (("GPU", {}), ("CPU", {"WERKSTATT_GPU": "0"})):
        out = subprocess.run([sys.executable, "-c", GPU_PROBE, document, str(max(size.tokens, 8))],
                             capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env},
                             timeout=1800)
        if out.returncode != 0:
            row(11, f"Grafikprozessor: {label}", f"Fehler: {out.stderr.strip()[-200:]}", "läuft", False)
            return
        results[label] = json.loads(out.stdout.strip().splitlines()[-1])
    on_gpu, on_cpu = results["GPU"], results["CPU"]
    info = on_gpu["gpu"]
    if not info.get("used"):
        row(11, "Grafikprozessor (Vulkan)", info.get("device") and f"{info['device']}: {info['status']}"
            or info.get("status", "?"), "gemessen, wo vorhanden")
        return
    ratio = on_gpu["gen_tps"] / max(on_cpu["gen_tps"], 1e-9)
    row(11, f"GPU {info['device']}: Erzeugung gegen CPU",
        f"{n(on_gpu['gen_tps'], 1)} / {n(on_cpu['gen_tps'], 1)} Token/s = {n(ratio, 2)}×", "> 1×", ratio > 1)
    row(11, "GPU: Eingabe lesen gegen CPU",
        f"{n(on_gpu['prompt_tps'], 0)} / {n(on_cpu['prompt_tps'], 0)} Token/s", "gemessen")
    row(11, "GPU: derselbe Text wie die CPU", "ja" if on_gpu["text"] == on_cpu["text"] else "nein",
        "gleich (greedy)", on_gpu["text"] == on_cpu["text"])
