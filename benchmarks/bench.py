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

Run: make bench   (or .venv/bin/python benchmarks/bench.py [--short])
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-bench-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from werkstatt import catalog  # noqa: E402
from werkstatt.engine import Generation, physical_cores  # noqa: E402
from werkstatt.numbers import de  # noqa: E402
from werkstatt.progress import CancelToken  # noqa: E402
from werkstatt.templates import Template, get_template  # noqa: E402

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


# --- raw llama-cpp-python, the yardstick ------------------------------------------------
class Raw:
    """The same model in raw llama-cpp-python, in this process, on the variant the app uses
    (the backend is chosen once per process, before either is loaded)."""

    def __init__(self, threads: int) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        from werkstatt.engine import backends

        self.backend = backends.ensure_loaded()
        entry = catalog.default_model()
        self.llm = Llama(model_path=str(entry.path), n_ctx=8192, n_threads=threads,
                         n_threads_batch=threads, n_batch=512, verbose=False)
        eos = self.llm.token_eos()
        self.formatter = Jinja2ChatFormatter(
            template=self.llm.metadata["tokenizer.chat_template"],
            eos_token=self.llm._model.token_get_text(eos), bos_token="", stop_token_ids=[eos])

    def tokens(self, system: str, user: str, prefix: str = "") -> list[int]:
        """The prompt as the app's engine builds it (``local.chat_pieces``)."""
        from werkstatt.engine.local import chat_pieces

        out: list[int] = []
        for piece, markup in chat_pieces(self.formatter, system, user):
            out += self.llm.tokenize(piece.encode(), add_bos=False, special=markup)
        return out + (self.llm.tokenize(prefix.encode(), add_bos=False, special=False) if prefix else [])

    def generate(self, tokens: list[int], params: Generation, seed: int) -> tuple[float, int, float]:
        """(seconds from the first to the last token, tokens, prompt seconds), cold prompt."""
        self.llm.reset()
        started = time.perf_counter()
        self.llm.eval(tokens[:-1])
        prompt_seconds = time.perf_counter() - started
        first = last = 0.0
        count = 0
        for _ in self.llm.create_completion(
                tokens, max_tokens=params.max_tokens, temperature=params.temperature,
                top_p=params.top_p, top_k=params.top_k, repeat_penalty=params.repeat_penalty,
                stop=list(params.stop) or None, stream=True, seed=seed):
            last = time.perf_counter()
            first = first or last
            count += 1
        return last - first, count, prompt_seconds


# --- the app's window, offscreen, with its real engine process ---------------------------
class App:
    """The real main window (offscreen) with the real engine process, and a timer probe in
    its event loop: every stall of the loop is a moment the window does not react."""

    PROBE_MS = 5

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        from ui.main_window import MainWindow
        from werkstatt.settings import Settings

        settings = Settings()
        self.qt = QApplication.instance() or QApplication([])
        for name in ("warning", "information", "critical"):
            setattr(QMessageBox, name, staticmethod(lambda *a, **k: say(f"Meldung: {a[2]}")))
        self.window = MainWindow(settings)
        self.window.show()
        self.wait(lambda: self.window.session.ready or bool(self.window.session.error))
        if self.window.session.error:
            raise SystemExit(self.window.session.error)
        self.engine = self.window.session.engine
        self.gaps: list[float] = []
        self._last = 0.0
        self.probe = QTimer()
        self.probe.setInterval(self.PROBE_MS)
        self.probe.timeout.connect(self._tick)
        self.stamps: list[float] = []  # when streamed text reached the window
        on_partial = self.window._on_partial

        def partial(text: str) -> None:
            on_partial(text)
            self.stamps.append(time.perf_counter())

        self.window._on_partial = partial

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.gaps.append(max(0.0, now - self._last - self.PROBE_MS / 1000))
        self._last = now

    def wait(self, done: Callable[[], bool], limit: float = 1800) -> None:
        """Run the event loop (as ``app.exec()`` does) until ``done()``. Not a loop of
        ``processEvents(…, ms)``: that one spins and takes a core from the engine (measured:
        7 instead of 20 tokens/s on two cores)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop, check = QEventLoop(), QTimer()
        end = time.monotonic() + limit
        check.timeout.connect(lambda: (done() or time.monotonic() > end) and loop.quit())
        check.start(20)
        if not done():
            loop.exec()
        check.stop()

    @contextmanager
    def probing(self) -> Iterator[None]:
        """The probe timer runs inside the ``with`` block; ``gaps`` holds its stalls."""
        self.gaps, self._last = [], 0.0
        self.probe.start()
        yield
        self.probe.stop()

    def generate(self, template: Template, document: str, values: dict[str, str]) -> Any:
        """One generation as the user starts it; returns the draft (its stats)."""
        window = self.window
        window.select_template(template.id)
        window.input.template = template  # the bench's token limit
        for key, value in values.items():
            window.input.form.set_value(key, value)
        window.input.document.setPlainText(document)
        self.stamps = []
        window.generate()
        self.wait(lambda: window.generation is None)
        version = window.pane.current
        window.pane.versions.clear()  # nothing to ask about later
        return version.draft if version else None

    def close(self) -> None:
        self.window.close()


def capped(template: Template, tokens: int, **changes: Any) -> Template:
    return replace(template, generation=replace(template.generation, max_tokens=tokens, **changes))


def stall_rows(number: int, label: str, gaps: list[float]) -> None:
    gaps = sorted(gaps)
    worst = gaps[-1] * 1000 if gaps else 0.0
    p99 = gaps[int(0.99 * (len(gaps) - 1))] * 1000 if gaps else 0.0
    row(number, f"{label}: längste Pause der Ereignisschleife", f"{n(worst, 0)} ms", "≤ 50 ms",
        worst <= 50)
    row(number, f"{label}: 99. Perzentil", f"{n(p99, 0)} ms ({len(gaps)} Proben)", "≤ 20 ms",
        p99 <= 20)


# --- the items ---------------------------------------------------------------------------
def item_generation(app: App, raw: Raw, size: Size) -> float:
    """1 and 4a: generation through the app against raw, alternating."""
    template = capped(get_template("einfache-sprache"), size.tokens, stop=())
    document = DOC.read_text(encoding="utf-8")
    prompt = template.render({"zielgruppe": ""}, document)
    params = template.generation
    tokens = raw.tokens(prompt.system, prompt.user, prompt.answer_prefix)
    ours: list[float] = []
    theirs: list[float] = []
    gaps: list[float] = []
    for i in range(size.runs):
        for who in (("app", "raw") if i % 2 == 0 else ("raw", "app")):
            if who == "raw":
                seconds, count, _ = raw.generate(tokens, params, seed=i)
                theirs.append((count - 1) / seconds if seconds else 0.0)
                continue
            with app.probing():
                draft = app.generate(template, document, {})
            gaps += app.gaps
            span = app.stamps[-1] - app.stamps[0] if len(app.stamps) > 1 else 0.0
            count = draft.stats.completion_tokens if draft else 0
            ours.append(count / span if span else 0.0)  # from the answer's prefix on
    ratio = med(ours) / med(theirs) if med(theirs) else 0.0
    row(1, "Erzeugung im Fenster / raw llama-cpp-python (Token/s)",
        f"{n(ratio)} ({n(med(ours), 1)} / {n(med(theirs), 1)})", "≥ 0,97", ratio >= 0.97)
    stall_rows(4, "Fenster beim Erzeugen", gaps)
    return med(ours)


def item_prompt(app: App, raw: Raw, size: Size) -> None:
    """2: reading a long document, app vs raw; then cancel while reading."""
    engine = app.engine
    template = get_template("zusammenfassung")
    base = long_document(size.long_tokens, engine.count_tokens)
    params = replace(template.generation, max_tokens=1)
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(size.runs):
        document = f"Lauf {i}\n\n{base}"  # a new beginning: nothing to reuse
        prompt = render(template, document)
        tokens = raw.tokens(prompt.system, prompt.user, prompt.answer_prefix)
        for who in (("app", "raw") if i % 2 == 0 else ("raw", "app")):
            if who == "raw":
                _, _, seconds = raw.generate(tokens, params, seed=1)
                theirs.append((len(tokens) - 1) / seconds)
            else:
                list(engine.stream(prompt.system, prompt.user, params, seed=1,
                                   answer_prefix=prompt.answer_prefix))
                stats = engine.stats
                ours.append((stats.prompt_tokens - 1 - stats.reused_tokens) / stats.prefill_seconds)
    ratio = med(ours) / med(theirs)
    row(2, f"Eingabe lesen ({de(len(tokens))} Token) im Engine-Prozess / raw (Token/s)",
        f"{n(ratio)} ({n(med(ours), 1)} / {n(med(theirs), 1)})", "≥ 0,97", ratio >= 0.97)
    latencies = []
    for i in range(max(2, size.runs)):
        prompt = render(template, f"Abbruch {i}\n\n{base}")
        cancel = CancelToken()
        when: list[float] = []
        timer = threading.Timer(0.5 + 0.3 * i, lambda c=cancel, w=when: (
            w.append(time.monotonic()), c.cancel()))
        timer.start()
        list(engine.stream(prompt.system, prompt.user, params, cancel, seed=1))
        timer.cancel()
        if when and engine.stats.finish_reason == "cancelled":  # cancelled while reading
            latencies.append(time.monotonic() - when[0])
    worst = max(latencies, default=0.0)
    row(2, "Abbrechen während des Lesens: bis die Engine steht (schlechtester Lauf)",
        f"{n(worst)} s ({len(latencies)} Abbrüche beim Lesen)", "≤ 1 s",
        bool(latencies) and worst <= 1.0)


def render(template: Template, document: str) -> Any:
    """The prompt the app builds for ``document`` with the template's default values."""
    from werkstatt.pipeline import Request

    return Request.build(template, {}, document).prompt


def item_reuse(app: App, size: Size) -> None:
    """3: regenerate, and a second template on the same document."""
    engine = app.engine
    base = long_document(min(size.long_tokens, 1200), engine.count_tokens)
    first = get_template("zusammenfassung")
    second = get_template("einfache-sprache")
    params = replace(first.generation, max_tokens=1)

    def first_token(template: Template, document: str) -> tuple[float, int]:
        prompt = render(template, document)
        started = time.perf_counter()
        for _ in engine.stream(prompt.system, prompt.user, params, seed=1,
                               answer_prefix=prompt.answer_prefix):
            break
        return time.perf_counter() - started, engine.stats.reused_tokens

    cold, again, other = [], [], []
    reused_other = 0
    for i in range(size.runs):
        document = f"Wiederverwendung {i}\n\n{base}"
        cold.append(first_token(first, document)[0])
        again.append(first_token(first, document)[0])
        seconds, reused_other = first_token(second, document)
        other.append(seconds)
    ratio = med(again) / med(cold)
    row(3, "Neu erzeugen: erstes Token / kalt", f"{n(ratio)} ({n(med(again))} s / {n(med(cold))} s)",
        "≤ 0,2", ratio <= 0.2)
    row(3, "Zweite Vorlage auf dasselbe Dokument: erstes Token / kalt",
        f"{n(med(other) / med(cold))} ({n(med(other))} s, {de(reused_other)} Token wiederverwendet)",
        "berichtet")


def item_long_file(app: App, size: Size) -> None:
    """4b: the window while a long .docx is read (the io thread)."""
    import docx

    pages = max(size.pages) * 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lang.docx"
        word = docx.Document()
        for paper in (evalset_papers() * pages)[:pages]:  # about a page each
            word.add_paragraph(paper.read_text(encoding="utf-8")[:1800])
        word.save(str(path))
        window = app.window
        window.input.document.clear()
        with app.probing():
            window.input.open_documents([str(path)])
            app.wait(lambda: bool(window.input.document.toPlainText()), 300)
        stall_rows(4, f"Fenster beim Einlesen einer .docx ({pages} Seiten)", app.gaps)


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


def item_lookup(app: App, size: Size) -> None:
    """9: prompt-lookup decoding against plain decoding, same engine process, greedy.

    Greedy, because there "the same text" is the demand. A draft's tokens are evaluated in
    one batch, and llama.cpp's batched kernels round differently in the last bits from single
    steps: a near-tie can tip. Measured here: greedy, 4 of 5 council papers gave the same
    text (one tipped after 22 characters); at the template's temperature 0.2, 2 of 4 papers
    gave another sample for the same seed."""
    from werkstatt.pipeline import Request

    engine = app.engine
    for template_id in ("zusammenfassung", "protokoll", "email-antwort", "einfache-sprache"):
        template = get_template(template_id)
        plain_tps, lookup_tps, same, accepted, drafted, produced = [], [], True, 0, 0, 0
        for i, (values, document) in enumerate(evalset_cases(template_id)[:size.papers]):
            request = Request.build(template, values, document)
            prompt = request.prompt
            texts = {}
            for lookup in ((False, True) if i % 2 == 0 else (True, False)):
                params = replace(template.generation, max_tokens=size.lookup_tokens,
                                 lookup=lookup, temperature=0.0)  # greedy: identity is defined
                texts[lookup] = "".join(engine.stream(prompt.system, prompt.user, params, seed=7,
                                                      answer_prefix=prompt.answer_prefix))
                stats = engine.stats
                (lookup_tps if lookup else plain_tps).append(stats.tokens_per_second)
                if lookup:
                    accepted += stats.accepted_tokens
                    drafted += stats.drafted_tokens
                    produced += stats.completion_tokens
            same = same and texts[True] == texts[False]
        ratio = med([a / b for a, b in zip(lookup_tps, plain_tps, strict=True) if b])
        on = template.generation.lookup
        row(9, f"Prompt-Lookup „{template_id}“ ({len(plain_tps)} Dok., "
            f"{'an' if on else 'aus'}): Token/s mit / ohne",
            f"{n(ratio)} ({n(med(lookup_tps), 1)} / {n(med(plain_tps), 1)}); "
            f"{de(accepted)} von {de(produced)} Token aus dem Entwurf, {de(drafted)} vorgeschlagen; "
            f"Text {'gleich' if same else 'VERSCHIEDEN'}", "≥ 1,5; Text gleich",
            same and ratio >= 1.5)
        if not same:
            ROWS[-1].met = False


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


def table(size: Size, header: str) -> None:
    print()
    print(header)
    width = max(len(r.label) for r in ROWS) + 2
    print(f"{'Nr':>3}  {'Messung':<{width}}{'Ziel':<22}{'erfüllt':<9}Wert")
    for r in ROWS:
        met = "–" if r.met is None else ("ja" if r.met else "nein")
        print(f"{r.number:>3}  {r.label:<{width}}{r.goal:<22}{met:<9}{r.value}")
    missing = sorted(set(range(1, 11)) - {r.number for r in ROWS})
    if missing:
        print(f"Nicht gemessen: {missing}")


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
    table(size, header or f"Leistung: {machine()}")
    print(f"Dauer: {n((time.monotonic() - started) / 60, 1)} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
