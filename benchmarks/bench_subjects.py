"""What ``make bench`` measures against each other: raw llama-cpp-python (the yardstick, in this
process, on the variant the app uses) and the app's real main window (offscreen) with its real
engine process and a timer probe in its event loop."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench_common import say

from werkstatt import catalog
from werkstatt.engine import Generation
from werkstatt.templates import Template


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
