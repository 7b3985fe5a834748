"""The engine contract without a model, for the pipelines' tests: each test's engine says only
how it answers (``stream``)."""

from __future__ import annotations

from werkstatt import catalog
from werkstatt.engine import Stats


class ScriptedBase:
    """Loads nothing, counts tokens as a quarter of the characters; a subclass answers."""

    n_ctx = 4096

    def __init__(self) -> None:
        self.entry = catalog.default_model()
        self.stats = Stats()
        self.load_seconds = 0.0
        self.memory_warning = ""
        self.loaded = True

    def load(self, progress=None) -> None:
        pass

    def close(self) -> None:
        pass

    def count_tokens(self, text):
        return len(text) // 4

    def count_prompt(self, system, user, answer_prefix=""):
        return (len(system) + len(user)) // 4
