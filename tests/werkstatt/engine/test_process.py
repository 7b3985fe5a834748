"""The engine process: the variant it runs, crashes that cost nothing, cancel that always ends."""

from __future__ import annotations

import os
import signal
import time

import pytest

from werkstatt import catalog
from werkstatt.engine import EngineProcess, Generation, safemode
from werkstatt.engine.process import describe_exit
from werkstatt.engine.variants import ALLOWED, SAFE_LADDER
from werkstatt.errors import EngineFailure
from werkstatt.progress import CancelToken

pytestmark = pytest.mark.model
SHORT = Generation(temperature=0.0, max_tokens=8)
LONG = Generation(temperature=0.7, max_tokens=400)
PROMPT = ("Du erzählst ausführlich auf Deutsch.", "Erzähle eine lange Geschichte über Lübeck.")


@pytest.fixture
def proc_engine():
    engine = EngineProcess(catalog.default_model(), context_tokens=1024)
    yield engine
    engine.close()


def _crash_mid_stream(engine: EngineProcess, sig: int) -> tuple[str, EngineFailure]:
    """Stream until some text arrived, send ``sig`` to the engine process; return what came."""
    got: list[str] = []
    with pytest.raises(EngineFailure) as info:
        for chunk in engine.stream(*PROMPT, LONG, seed=1):
            got.append(chunk)
            if len(got) == 5:
                os.kill(engine.pid, sig)
    return "".join(got), info.value


def test_runs_an_allowed_variant_and_generates(proc_engine):
    """The variant llama.cpp runs here is one the recipe allows, and a generation completes."""
    text = "".join(proc_engine.stream("Antworte kurz.", "Sag Hallo.", SHORT, seed=1))
    assert proc_engine.variant in ALLOWED
    assert proc_engine.backend["scores"][proc_engine.variant] > 0
    assert text.strip() and proc_engine.stats.completion_tokens > 0
    assert proc_engine.pid != os.getpid()


@pytest.mark.parametrize("sig, words", [(signal.SIGSEGV, "Speicherzugriffsfehler"),
                                        (signal.SIGKILL, "vom System beendet")])
def test_crash_mid_generation_is_a_german_error_and_the_next_one_works(proc_engine, sig, words):
    """A native crash or a kill: every chunk before it arrives, one German error, then a restart."""
    proc_engine.load()
    first_pid = proc_engine.pid
    text, error = _crash_mid_stream(proc_engine, sig)
    assert len(text) > 0 and words in str(error) and "erhalten" in str(error)
    assert not proc_engine.loaded
    again = "".join(proc_engine.stream("Antworte kurz.", "Sag Hallo.", SHORT, seed=1))
    assert again.strip() and proc_engine.pid != first_pid
    assert proc_engine.crashes_in_a_row == 0  # a good generation resets the count


def test_second_crash_in_a_row_restarts_with_a_safer_variant(proc_engine):
    """Two crashes in a row: the next engine runs a variant lower on the safe ladder, and says so."""
    proc_engine.load()
    crashed = proc_engine.variant
    _crash_mid_stream(proc_engine, signal.SIGSEGV)
    _, error = _crash_mid_stream(proc_engine, signal.SIGSEGV)
    assert "sichereren CPU-Variante" in str(error)
    assert "".join(proc_engine.stream("Antworte kurz.", "Sag Hallo.", SHORT, seed=1)).strip()
    assert proc_engine.variant in SAFE_LADDER and proc_engine.variant != crashed
    assert proc_engine.variant in proc_engine.candidates
    assert proc_engine.variant in proc_engine.notice and crashed in proc_engine.notice
    remembered = safemode.load()  # native crashes: the next start begins safe
    assert remembered and remembered.candidates == proc_engine.candidates
    later = EngineProcess(catalog.default_model(), context_tokens=1024)
    assert later.candidates == proc_engine.candidates
    assert safemode.reset() and safemode.load() is None


def test_killed_engines_do_not_leave_a_remembered_safe_mode(proc_engine):
    """Two kills (e.g. out of memory) switch this session to a safer variant, but are not
    remembered: they are not the CPU variant's fault."""
    proc_engine.load()
    _crash_mid_stream(proc_engine, signal.SIGKILL)
    _crash_mid_stream(proc_engine, signal.SIGKILL)
    assert proc_engine.candidates and safemode.load() is None


def test_forced_variant_runs(monkeypatch, proc_engine):
    """WERKSTATT_CPU_VARIANT (diagnosis) makes the engine run that variant: sse42 works everywhere."""
    monkeypatch.setenv("WERKSTATT_CPU_VARIANT", "sse42")
    assert "".join(proc_engine.stream("Antworte kurz.", "Sag Hallo.", SHORT, seed=1)).strip()
    assert proc_engine.variant == "sse42"


def test_unresponsive_engine_is_stopped_within_a_second_of_cancel(proc_engine):
    """A frozen engine process (SIGSTOP) does not hold a cancel: it ends in time and restarts later."""
    cancel = CancelToken()
    stream = proc_engine.stream(*PROMPT, LONG, cancel=cancel, seed=1)
    for _ in range(3):
        next(stream)
    frozen = proc_engine.pid
    os.kill(frozen, signal.SIGSTOP)
    started = time.monotonic()
    cancel.cancel()
    rest = list(stream)
    assert time.monotonic() - started < 1.0 and proc_engine.stats.cancelled
    assert len(rest) < 5
    assert "".join(proc_engine.stream("Antworte kurz.", "Sag Hallo.", SHORT, seed=1)).strip()
    assert proc_engine.pid != frozen


def test_abandoned_stream_leaves_no_stale_text(proc_engine):
    """A caller that stops reading mid-answer: the next request gets only its own answer."""
    stream = proc_engine.stream(*PROMPT, LONG, seed=1)
    next(stream)
    stream.close()
    assert proc_engine.count_tokens("Hansestadt Lübeck") > 0
    text = "".join(proc_engine.stream("Antworte nur mit: Ja", "Ja oder nein?", SHORT, seed=1))
    assert len(text) < 80


def test_engine_killed_while_idle_restarts_silently(proc_engine):
    """A process that died between requests is replaced on the next request, no error."""
    proc_engine.load()
    os.kill(proc_engine.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert proc_engine.count_tokens("Lübeck") > 0


def test_exit_descriptions_are_german():
    """Exit codes become one German sentence (POSIX signals and Windows status codes)."""
    assert "Speicherzugriffsfehler" in describe_exit(-signal.SIGSEGV)
    assert "Speicherzugriffsfehler" in describe_exit(0xC0000005)
    assert "Arbeitsspeicher" in describe_exit(-signal.SIGKILL)
    assert "Code 3" in describe_exit(3)


def test_engine_process_ends_when_its_parent_dies(tmp_path):
    """An app killed mid-generation leaves no engine process behind burning the CPU."""
    import subprocess
    import sys
    import textwrap

    import psutil

    code = textwrap.dedent("""
        import os, sys
        from werkstatt import catalog
        from werkstatt.engine import EngineProcess
        from werkstatt.engine import Generation
        engine = EngineProcess(catalog.default_model(), context_tokens=1024)
        stream = engine.stream("Du erzählst.", "Erzähle lange.", Generation(0.7, 2000), seed=1)
        next(stream)
        print(engine.pid, flush=True)
        os._exit(9)
    """)
    parent = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    worker = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 5
    while psutil.pid_exists(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not psutil.pid_exists(worker) or psutil.Process(worker).status() == psutil.STATUS_ZOMBIE


@pytest.mark.model
def test_a_forged_model_file_is_refused_at_load(tmp_path, monkeypatch):
    """Same size, one byte changed, modification time reset and the user's hash cache edited
    to say "geprüft": the engine hashes the file it maps and refuses it."""
    import os
    import shutil

    from werkstatt import catalog
    from werkstatt.engine.process import EngineProcess
    from werkstatt.errors import WerkstattError

    entry = catalog.default_model()
    original = entry.path
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path))
    forged = tmp_path / entry.file
    shutil.copyfile(original, forged)
    st = os.stat(original)
    with forged.open("r+b") as fh:
        fh.seek(st.st_size - 4096)
        byte = fh.read(1)
        fh.seek(st.st_size - 4096)
        fh.write(bytes([byte[0] ^ 0xFF]))
    os.utime(forged, ns=(st.st_atime_ns, st.st_mtime_ns))
    catalog.HashCache().put(forged, entry.sha256)  # the edited cache
    assert catalog.check_model(entry) is catalog.ModelState.OK  # the list is fooled ...
    engine = EngineProcess(entry, context_tokens=1024)
    with pytest.raises(WerkstattError, match="Prüfsumme stimmt nicht"):
        engine.load()  # ... loading is not
    engine.close()


def test_a_damaged_model_is_refused_before_llama_cpp_parses_it(tmp_path, monkeypatch):
    """Right size, GGUF magic, a broken header: the file is hashed to its end and refused for
    its checksum; llama.cpp's parser never reads it ("konnte nicht geladen werden" would say
    it did)."""
    from werkstatt import catalog
    from werkstatt.engine.process import EngineProcess
    from werkstatt.errors import WerkstattError

    entry = catalog.default_model()
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path))
    hostile = tmp_path / entry.file
    with hostile.open("wb") as fh:
        fh.write(b"GGUF" + (3).to_bytes(4, "little") + (2**63 - 1).to_bytes(8, "little") * 2)
        fh.truncate(entry.size)  # sparse: the right size without writing 491 MB
    engine = EngineProcess(entry, context_tokens=1024)
    with pytest.raises(WerkstattError, match="Prüfsumme stimmt nicht") as refused:
        engine.load()
    assert "konnte nicht geladen werden" not in str(refused.value)
    engine.close()
