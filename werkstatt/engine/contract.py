"""The engine contract: what the CLI, the app and the drafting pipeline may ask of an engine.

Three engines implement it: ``EngineProcess`` (the local model in its own process; what the
app and the CLI use), ``LocalEngine`` (llama.cpp in this process; what that process runs,
and the benchmarks' baseline) and ``RemoteEngine`` (the city's inference server, server
mode). Nothing here is specific to llama.cpp: token counts are numbers, the answer is a
stream of text chunks, and the figures of the last generation are a ``Stats``. An engine
that sends the text off this PC says where in ``server`` (empty for the local ones).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from ..catalog import ModelEntry
from ..errors import ContextOverflow
from ..numbers import de
from ..progress import CancelToken, Progress, no_progress


@dataclass(frozen=True)
class Generation:
    """Sampling parameters of one generation (a template declares its own)."""

    temperature: float
    max_tokens: int
    repeat_penalty: float = 1.1
    top_p: float = 0.9
    top_k: int = 40
    stop: tuple[str, ...] = ()
    lookup: bool = False  # prompt-lookup decoding (engine/lookup.py): faster where it copies

    def as_dict(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature, "max_tokens": self.max_tokens,
            "repeat_penalty": self.repeat_penalty, "top_p": self.top_p, "top_k": self.top_k,
            "stop": list(self.stop), "lookup": self.lookup,
        }



MIN_ANSWER_TOKENS = 256  # an input must leave at least this much room for the answer


def fit_answer(n_ctx: int, prompt_tokens: int, wanted: int) -> int:
    """How many answer tokens fit after the prompt, or ``ContextOverflow``."""
    room = n_ctx - prompt_tokens
    if room < min(wanted, MIN_ANSWER_TOKENS):
        raise ContextOverflow(
            f"Die Eingabe ist zu lang für das Modell: {de(prompt_tokens)} Token, "
            f"Platz ist für höchstens {de(n_ctx - min(wanted, MIN_ANSWER_TOKENS))} "
            "(Kontextfenster). Bitte den Text kürzen oder in Teilen bearbeiten.",
            prompt_tokens, n_ctx,
        )
    return min(wanted, room)


def physical_cores() -> int:
    try:
        import psutil

        return max(1, psutil.cpu_count(logical=False) or os.cpu_count() or 1)
    except Exception:  # psutil missing or unsupported platform
        return max(1, (os.cpu_count() or 2) // 2)


@dataclass
class Stats:
    """Figures of the last generation, for the status bar and the feedback record."""

    prompt_tokens: int = 0
    reused_tokens: int = 0
    completion_tokens: int = 0
    prefill_seconds: float = 0.0
    generate_seconds: float = 0.0
    cancelled: bool = False
    finish_reason: str = ""
    drafted_tokens: int = 0  # prompt-lookup decoding: tokens proposed …
    accepted_tokens: int = 0  # … and taken over unchanged
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.prefill_seconds + self.generate_seconds

    @property
    def tokens_per_second(self) -> float:
        return self.completion_tokens / self.generate_seconds if self.generate_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def plus(self, other: Stats) -> Stats:
        """The figures of two generations that made one draft, added up."""
        return Stats(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            reused_tokens=self.reused_tokens + other.reused_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            prefill_seconds=self.prefill_seconds + other.prefill_seconds,
            generate_seconds=self.generate_seconds + other.generate_seconds,
            cancelled=self.cancelled or other.cancelled,
            finish_reason=other.finish_reason or self.finish_reason,
            drafted_tokens=self.drafted_tokens + other.drafted_tokens,
            accepted_tokens=self.accepted_tokens + other.accepted_tokens,
            params=self.params or other.params,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stats:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class TextEngine(Protocol):
    """What every engine offers (structural: no base class needed)."""

    entry: ModelEntry
    n_ctx: int
    stats: Stats
    load_seconds: float
    memory_warning: str
    server: str  # "host:port" the text goes to; "" for the model on this PC

    @property
    def loaded(self) -> bool: ...

    def load(self, progress: Progress = no_progress) -> None: ...

    def close(self) -> None: ...

    def count_tokens(self, text: str) -> int: ...

    def count_prompt(self, system: str, user: str, answer_prefix: str = "") -> int: ...

    def stream(self, system: str, user: str, params: Generation,
               cancel: CancelToken | None = None, progress: Progress = no_progress,
               seed: int | None = None, answer_prefix: str = "") -> Iterator[str]: ...
