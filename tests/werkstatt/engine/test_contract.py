"""The engine contract with the real default model (in its process): streaming, cancel, limits, reuse."""

from __future__ import annotations

import threading
import time

import pytest

from werkstatt.engine import Generation
from werkstatt.errors import ContextOverflow
from werkstatt.progress import CancelToken

pytestmark = pytest.mark.model
PARAMS = Generation(temperature=0.2, max_tokens=40)


def test_stream_yields_text_chunks(engine):
    """A short answer arrives as several chunks and the figures are recorded."""
    chunks = list(engine.stream("Du antwortest kurz auf Deutsch.", "Nenne drei Farben.", PARAMS, seed=1))
    assert len(chunks) > 3 and "".join(chunks).strip()
    assert engine.stats.completion_tokens > 3 and engine.stats.tokens_per_second > 0


def test_answer_prefix_starts_the_answer(engine):
    """The answer prefix is part of the answer and the model continues from it."""
    text = "".join(engine.stream("Du schreibst Briefe.", "Schreibe einen kurzen Gruß.",
                                 PARAMS, seed=1, answer_prefix="Sehr geehrte Frau Muster,\n\n"))
    assert text.startswith("Sehr geehrte Frau Muster,\n\n") and len(text) > 30


def test_cancel_stops_within_one_second(engine):
    """Cancelling mid-stream ends the generation within one second."""
    cancel = CancelToken()
    long_params = Generation(temperature=0.7, max_tokens=2000)
    got: list[str] = []
    stopped_at: list[float] = []

    def consume():
        for chunk in engine.stream("Du erzählst ausführlich.", "Erzähle eine lange Geschichte "
                                   "über Lübeck.", long_params, cancel=cancel, seed=1):
            got.append(chunk)
        stopped_at.append(time.monotonic())

    worker = threading.Thread(target=consume)
    worker.start()
    while len(got) < 5:
        time.sleep(0.01)
    cancelled_at = time.monotonic()
    cancel.cancel()
    worker.join(5)
    assert stopped_at and stopped_at[0] - cancelled_at < 1.0
    assert engine.stats.cancelled and engine.stats.completion_tokens < 2000


def test_cancel_during_prompt_reading(engine):
    """A cancel while a long prompt is evaluated is honoured between batches."""
    cancel = CancelToken()
    text = "Die Hansestadt Lübeck saniert Schulen und Straßen. " * 250
    timer = threading.Timer(0.5, cancel.cancel)
    started = time.monotonic()
    timer.start()
    out = list(engine.stream("Fasse zusammen.", text, PARAMS, cancel=cancel))
    assert out == [] and engine.stats.cancelled
    assert time.monotonic() - started < 0.5 + 1.0


def test_input_too_long_is_a_german_error(engine):
    """Input beyond the context window gives a clear German error, before generating."""
    text = "Lübeck " * 6000
    with pytest.raises(ContextOverflow, match="zu lang für das Modell") as info:
        list(engine.stream("Fasse zusammen.", text, PARAMS))
    assert info.value.prompt_tokens > engine.n_ctx


def test_prompt_prefix_is_reused(engine):
    """A second prompt with the same beginning reuses the evaluated prefix."""
    system = "Du bist eine Sachbearbeiterin der Hansestadt Lübeck. " * 10
    list(engine.stream(system, "Sag Hallo.", Generation(temperature=0, max_tokens=5)))
    list(engine.stream(system, "Sag Tschüss.", Generation(temperature=0, max_tokens=5)))
    assert engine.stats.reused_tokens > 100


@pytest.mark.timeout(120)
def test_closed_engine_reloads_on_next_use(tmp_path):
    """After close(), the next generation loads the model again instead of hanging."""
    from werkstatt import catalog
    from werkstatt.engine import Engine

    eng = Engine(catalog.default_model(), context_tokens=1024)
    eng.load()
    eng.close()
    assert not eng.loaded
    assert "".join(eng.stream("Antworte kurz.", "Sag Hallo.", Generation(temperature=0, max_tokens=5)))
    eng.close()
