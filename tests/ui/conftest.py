"""UI fixtures: a deterministic fake engine (for timing-sensitive UI tests only)."""

from __future__ import annotations

import time

import pytest

from werkstatt import catalog
from werkstatt.engine import Stats


class FakeEngine:
    """Streams fixed words slowly and honours cancel, like the real engine's contract."""

    def __init__(self, words: int = 40, delay: float = 0.02) -> None:
        self.entry = catalog.default_model()
        self.words, self.delay = words, delay
        self.load_seconds = 0.01
        self.memory_warning = ""
        self.stats = Stats()
        self.loaded = False
        self.finish_reason = "stop"  # "length": as if the template's token limit was hit

    n_ctx = 8192

    def count_prompt(self, system, user, answer_prefix=""):
        return (len(system) + len(user) + len(answer_prefix)) // 4

    def close(self) -> None:
        self.loaded = False

    def count_tokens(self, text):
        return len(text) // 4

    def load(self, progress=None) -> None:
        if progress:
            progress(1.0, "Modell bereit")
        self.loaded = True

    def stream(self, system, user, params, cancel=None, progress=None, seed=None,
               answer_prefix=""):
        self.stats = Stats(prompt_tokens=10)
        started = time.monotonic()
        if answer_prefix:
            yield answer_prefix
        for i in range(self.words):
            if cancel is not None and cancel.cancelled:
                self.stats.cancelled = True
                break
            time.sleep(self.delay)
            self.stats.completion_tokens += 1
            yield ("## Ergebnis\n" if i == 0 else f"Wort{i} ")
        self.stats.generate_seconds = time.monotonic() - started
        if not self.stats.cancelled:
            self.stats.finish_reason = self.finish_reason


@pytest.fixture
def fake_engine():
    return FakeEngine()


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    """Modal message boxes would block offscreen tests forever: record them instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name,
                            staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


@pytest.fixture
def letters_in_one_piece(monkeypatch):
    """The letter template written by the "prompt" way in one piece (as before the "letter"
    way wrote it sentence by sentence): the desk's behaviours with a fake model's words
    streaming through as they come, a cut draft that can go on, an unusable one."""
    from tests.werkstatt.test_unusable_drafts import prompt_letter
    from werkstatt.templates import load_templates

    monkeypatch.setattr("ui.main_window.load_templates", lambda: [
        prompt_letter() if t.id == "buergerbrief" else t for t in load_templates()])
