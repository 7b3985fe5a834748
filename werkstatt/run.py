"""One draft's generation run: the engine calls it makes, their figures and its notes.

A pipeline may ask the engine several times for one draft (a sentence, then the points);
``Run`` passes the cancel token, progress and seed to each call, adds their figures up, and
collects the notes the user should read with the draft ("Die Punkte sind Sätze aus dem
Dokument …").
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field, replace

from .engine import Generation, Stats, TextEngine
from .progress import CancelToken, Progress, no_progress


@dataclass
class Run:
    engine: TextEngine
    cancel: CancelToken = field(default_factory=CancelToken)
    progress: Progress = no_progress
    seed: int | None = None
    stats: Stats = field(default_factory=Stats)
    notes: list[str] = field(default_factory=list)
    unusable: bool = False  # the pipeline could not produce a usable draft

    @property
    def cancelled(self) -> bool:
        """The user cancelled (a pipeline closing a stream it has enough of is no cancel)."""
        return self.cancel.cancelled

    def generate(self, system: str, user: str, params: Generation, answer_prefix: str = "",
                 seed_offset: int = 0) -> Generator[str, None, None]:
        """The engine's answer as chunks; its figures are added when it ends (or stops)."""
        seed = None if self.seed is None else self.seed + seed_offset
        before = self.engine.stats
        enough = False
        try:
            yield from self.engine.stream(system, user, params, self.cancel, self.progress,
                                          seed, answer_prefix)
        except GeneratorExit:
            enough = not self.cancel.cancelled
            raise
        finally:
            stats = self.engine.stats
            if stats is not before:  # the call got as far as generating
                if enough:
                    stats = replace(stats, cancelled=False, finish_reason="enough")
                self.stats = self.stats.plus(stats)
