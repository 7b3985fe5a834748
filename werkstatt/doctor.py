"""The system check (``werkstatt doctor``, Hilfe → Systemprüfung): does the engine run here?

It gathers facts — the CPU and its features, the engine build and the CPU variant llama.cpp
chose, threads, memory, the model and its verification state — and runs a short generation
in the engine process. Each fact is one line; each problem is one German sentence saying
what is wrong and what to do. No problems: all is well.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import catalog
from .catalog import ModelEntry, ModelState
from .engine import EngineProcess, Generation, TextEngine, physical_cores, safemode, server_engine
from .engine.backends import cpu_description, present_excluded, variant_files
from .engine.gpu import GpuInfo
from .engine.variants import ALLOWED, EXCLUDED
from .errors import WerkstattError
from .numbers import de, gb
from .policy import Policy
from .progress import Progress, no_progress

SELF_TEST = Generation(temperature=0.0, max_tokens=12)
SELF_TEST_PROMPT = ("Du antwortest knapp auf Deutsch.", "Nenne die Hauptstadt von Deutschland.")


@dataclass
class Checkup:
    """What one system check found: facts to show and problems to fix (one German line each)."""

    facts: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, label: str, value: str) -> None:
        self.facts.append((label, value))

    def lines(self) -> list[str]:
        width = max((len(label) for label, _ in self.facts), default=0)
        out = [f"{label + ':':{width + 1}} {value}" for label, value in self.facts]
        if self.problems:
            out += ["", f"{len(self.problems)} Problem(e):"] + [f"- {p}" for p in self.problems]
        else:
            out += ["", "Alles in Ordnung."]
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


def _engine_lib() -> Path | None:
    """llama_cpp's library folder, found without importing llama_cpp (no native code here)."""
    try:
        files = metadata.files("llama_cpp_python") or []
    except metadata.PackageNotFoundError:
        return None
    for file in files:
        if str(file).replace("\\", "/").startswith("llama_cpp/lib/"):
            return Path(str(file.locate())).parent
    return None


def check_build(report: Checkup) -> None:
    try:
        version = metadata.version("llama_cpp_python")
    except metadata.PackageNotFoundError:
        report.problems.append("llama-cpp-python ist nicht installiert: bitte „make run“ "
                               "ausführen oder die IT fragen.")
        return
    lib = _engine_lib()
    variants = variant_files(lib) if lib else {}
    report.add("Engine", f"llama-cpp-python {version}, "
               + (f"{len(variants)} CPU-Varianten (Auswahl zur Laufzeit)" if variants
                  else "ohne Laufzeit-Auswahl der CPU-Variante"))
    if not variants:
        report.problems.append(
            "Die KI-Engine ist nicht mit Laufzeit-Auswahl der CPU-Variante gebaut und läuft "
            "womöglich nur auf dem Prozessor, auf dem sie gebaut wurde: bitte mit "
            "„python scripts/build_engine.py --install“ neu bauen.")
    elif missing := [t for t in ALLOWED if t not in variants]:
        report.add("Fehlende Varianten", ", ".join(missing))
    if lib and (excluded := present_excluded(lib)):
        report.add("Nie geladen", ", ".join(f"{t} ({EXCLUDED[t]})" for t in excluded))


def check_machine(report: Checkup, entry: ModelEntry | None, threads: int) -> None:
    import psutil

    name, flags = cpu_description()
    report.add("Prozessor", name or "unbekannt")
    if flags:
        report.add("CPU-Merkmale", " ".join(flags))
    report.add("Threads", f"{threads} (physische Kerne: {physical_cores()})")
    memory = psutil.virtual_memory()
    report.add("Arbeitsspeicher", f"{gb(memory.total)}, frei {gb(memory.available)}")
    if entry is not None:
        refuse, warning = catalog.memory_problem(entry)
        if refuse:
            report.problems.append(warning)


def check_model(report: Checkup, policy: Policy, entry: ModelEntry, progress: Progress) -> bool:
    state = catalog.check_model(entry, progress=lambda f, m: progress(f * 0.4, m))
    report.add("Modell", f"{entry.name} – {state.value}")
    report.add("Modell-ID", entry.id)
    report.add("Modelldatei", str(entry.path))
    if state is not ModelState.OK:
        what = "fehlt" if state is ModelState.MISSING else f"ist {state.value}"
        report.problems.append(f"Die Modelldatei {entry.path} {what}: bitte „make run“ "
                               "ausführen oder die IT bitten, das Modell bereitzustellen.")
        return False
    try:
        catalog.require_allowed(policy, entry)
    except WerkstattError as exc:
        report.problems.append(str(exc))
        return False
    return True


def self_test(report: Checkup, engine: TextEngine, progress: Progress) -> None:
    """Load (if needed) and generate a few tokens; report the variant and the speed."""
    try:
        progress(0.5, "KI-Engine wird geprüft …")
        engine.load(lambda f, m: progress(0.5 + f * 0.3, m))
        backend = getattr(engine, "backend", {}) or {}
        if backend:
            scores = backend.get("scores", {})
            chosen = backend.get("variant", "?")
            supported = [t for t in ALLOWED if scores.get(t, 0) > 0]
            report.add("CPU-Variante", f"{chosen} (unterstützt: {', '.join(supported) or '–'})")
            if chosen not in ALLOWED and chosen != "eingebaut":
                report.problems.append(f"Die geladene CPU-Variante „{chosen}“ ist nicht erlaubt.")
            if backend.get("gpu"):
                report.add("Grafikprozessor", GpuInfo(**backend["gpu"]).describe())
        notice = str(getattr(engine, "notice", ""))
        if notice:
            report.add("Hinweis", notice)
        started = time.monotonic()
        text = "".join(engine.stream(*SELF_TEST_PROMPT, SELF_TEST, seed=1))
        stats = engine.stats
        report.add("Selbsttest", f"„{' '.join(text.split())[:60]}“ – {stats.completion_tokens} "
                   f"Token in {de(time.monotonic() - started, 1)} s, "
                   f"{de(stats.tokens_per_second, 1)} Token/s")
        if not text.strip():
            report.problems.append("Der Selbsttest hat keinen Text erzeugt.")
    except WerkstattError as exc:
        report.add("Selbsttest", "fehlgeschlagen")
        report.problems.append(str(exc))
    progress(1.0, "Prüfung abgeschlossen")


def check_server(report: Checkup, engine: TextEngine, own: bool, progress: Progress) -> Checkup:
    """Server mode: where the text goes, which model answers, and a short answer from it."""
    report.add("KI-Server", f"{engine.server} (Servermodus: Eingaben gehen an diesen Server "
               "und an keinen anderen Ort)")
    try:
        self_test(report, engine, progress)
        report.add("Modell", f"{engine.entry.name} (Kontextfenster {de(engine.n_ctx)} Token)")
    finally:
        if own:
            engine.close()
    return report


def run(policy: Policy, entry: ModelEntry | None = None, engine: TextEngine | None = None,
        context_tokens: int = 2048, progress: Progress = no_progress,
        make_engine: Callable[[ModelEntry, int], TextEngine] = EngineProcess) -> Checkup:
    """All checks. ``engine``: the app's running engine (else one is started and closed).
    In server mode the checks are the server's: reachable, the model, a short answer."""
    report = Checkup()
    remote = engine if engine is not None and str(getattr(engine, "server", "")) else None
    if engine is None and entry is None and policy.inference_server:
        try:
            remote = server_engine(policy)
        except WerkstattError as exc:
            report.problems.append(str(exc))
            return report
    if remote is not None:
        return check_server(report, remote, own=engine is None, progress=progress)
    check_build(report)
    if entry is None:
        try:
            entry = engine.entry if engine is not None else catalog.default_model()
        except WerkstattError as exc:
            report.problems.append(str(exc))
    threads = getattr(engine, "threads", 0) or physical_cores()
    check_machine(report, entry, threads)
    if mode := safemode.load():
        report.add("Abgesicherter Modus", f"seit {mode.since}: nur {', '.join(mode.candidates)} "
                   f"(nach Abstürzen mit „{mode.instead_of}“; aufheben: werkstatt doctor --reset)")
    if entry is None or not check_model(report, policy, entry, progress):
        report.add("Selbsttest", "übersprungen (kein geprüftes Modell)")
        return report
    own = engine is None
    engine = engine or make_engine(entry, context_tokens)
    try:
        self_test(report, engine, progress)
    finally:
        if own:
            engine.close()
    return report
