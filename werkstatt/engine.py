"""Local inference: a vetted GGUF model loaded once through llama-cpp-python.

``Engine.stream()`` yields the answer as text chunks (as ``llm``'s ``Model.execute``). The
prompt is built with the model's own chat template from the GGUF metadata. The prompt is
evaluated in small batches so that a cancel is honoured within a fraction of a second even
while a long document is read, and a prompt sharing its beginning with the previous one
reuses the evaluated prefix (KV cache).

Only this module imports ``llama_cpp``; a later on-prem inference server implements the
same ``stream`` contract.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import ModelEntry, memory_problem, require_verified
from .errors import ContextOverflow, WerkstattError
from .progress import CancelToken, Progress, no_progress
from .templates import Generation

PREFILL_STEP = 64  # tokens evaluated between two cancel checks (about 0.6 s here)
MIN_ANSWER_TOKENS = 256  # an input must leave at least this much room for the answer


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
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.prefill_seconds + self.generate_seconds

    @property
    def tokens_per_second(self) -> float:
        return self.completion_tokens / self.generate_seconds if self.generate_seconds else 0.0


class RepetitionGuard:
    """Notices a small model looping: the same line for the third time ends the answer."""

    MIN_LINE = 25

    def __init__(self) -> None:
        self._line = ""
        self._seen: dict[str, int] = {}

    def looping(self, text: str) -> bool:
        *done, self._line = (self._line + text).split("\n")
        for line in done:
            key = " ".join(line.split()).lower()
            if len(key) >= self.MIN_LINE:
                self._seen[key] = self._seen.get(key, 0) + 1
                if self._seen[key] >= 3:
                    return True
        return False


class Engine:
    """One loaded model. Not thread-safe by design: use it from one worker at a time."""

    def __init__(self, entry: ModelEntry, context_tokens: int = 8192,
                 threads: int | None = None, path: Path | None = None) -> None:
        self.entry = entry
        self.n_ctx = min(context_tokens, entry.context_length)
        self.threads = threads or physical_cores()
        self._path = path
        self._llm: Any = None
        self._formatter: Any = None
        self._lock = threading.RLock()
        self.load_seconds = 0.0
        self.memory_warning = ""
        self.stats = Stats()

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def load(self, progress: Progress = no_progress) -> None:
        """Verify the file against the catalogue and load it (once)."""
        with self._lock:
            if self._llm is not None:
                return
            started = time.monotonic()
            refuse, self.memory_warning = memory_problem(self.entry)
            if refuse:
                raise WerkstattError(self.memory_warning)
            path = self._path or require_verified(
                self.entry, lambda f, m: progress(f * 0.5, m)
            )
            progress(0.5, "Modell wird geladen …")
            try:
                from llama_cpp import Llama
                from llama_cpp.llama_chat_format import Jinja2ChatFormatter

                llm = Llama(
                    model_path=str(path), n_ctx=self.n_ctx, n_threads=self.threads,
                    n_threads_batch=self.threads, n_batch=512, use_mmap=True,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise WerkstattError(
                    f"Das Modell {path.name} konnte nicht geladen werden ({exc})."
                ) from None
            template = llm.metadata.get("tokenizer.chat_template")
            if not template:
                raise WerkstattError(f"Das Modell {path.name} enthält keine Chat-Vorlage.")
            eos = llm.token_eos()
            self._formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=llm._model.token_get_text(eos),
                bos_token=llm._model.token_get_text(llm.token_bos()) if llm.token_bos() != -1 else "",
                stop_token_ids=[eos],
            )
            self._llm = llm
            self.load_seconds = time.monotonic() - started
            progress(1.0, "Modell bereit")

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None

    def _require(self) -> Any:
        if self._llm is None:
            self.load()
        return self._llm

    def count_tokens(self, text: str) -> int:
        return len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def prompt_tokens(self, system: str, user: str, answer_prefix: str = "") -> list[int]:
        """The chat-formatted prompt as tokens, using the model's own chat template.

        ``answer_prefix`` is put in the model's mouth: the answer continues from it, which
        keeps small models on the requested format."""
        llm = self._require()
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        prompt = self._formatter(messages=messages).prompt + answer_prefix
        return list(llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))

    def fit_max_tokens(self, prompt_tokens: int, wanted: int) -> int:
        """How many answer tokens fit after the prompt, or ``ContextOverflow``."""
        room = self.n_ctx - prompt_tokens
        if room < min(wanted, MIN_ANSWER_TOKENS):
            raise ContextOverflow(
                f"Die Eingabe ist zu lang für das Modell: {prompt_tokens:,} Token, "
                f"Platz ist für höchstens {self.n_ctx - min(wanted, MIN_ANSWER_TOKENS):,} "
                "(Kontextfenster). Bitte den Text kürzen oder in Teilen bearbeiten.".replace(",", "."),
                prompt_tokens, self.n_ctx,
            )
        return min(wanted, room)

    def _prefill(self, tokens: list[int], cancel: CancelToken, progress: Progress) -> int:
        """Evaluate all but the last prompt token in small steps; returns reused tokens."""
        llm = self._llm
        cached = llm._input_ids
        reused = 0
        for a, b in zip(cached, tokens[:-1]):
            if a != b:
                break
            reused += 1
        llm.n_tokens = reused
        todo = len(tokens) - 1
        for start in range(reused, todo, PREFILL_STEP):
            cancel.check()
            llm.eval(tokens[start:min(start + PREFILL_STEP, todo)])
            progress(min(start + PREFILL_STEP, todo) / max(todo, 1), "Eingabe wird gelesen …")
        return reused

    def stream(self, system: str, user: str, params: Generation,
               cancel: CancelToken | None = None, progress: Progress = no_progress,
               seed: int | None = None, answer_prefix: str = "") -> Iterator[str]:
        """Yield the answer in chunks (starting with ``answer_prefix``).

        Stops early, without an error, when ``cancel`` is set."""
        cancel = cancel or CancelToken()
        with self._lock:
            llm = self._require()
            tokens = self.prompt_tokens(system, user, answer_prefix)
            max_tokens = self.fit_max_tokens(len(tokens), params.max_tokens)
            stats = self.stats = Stats(prompt_tokens=len(tokens), params=params.as_dict())
            started = time.monotonic()
            try:
                stats.reused_tokens = self._prefill(tokens, cancel, progress)
            except Exception:
                llm.n_tokens = 0  # the cache is in an unknown state: start afresh next time
                stats.cancelled = cancel.cancelled
                stats.prefill_seconds = time.monotonic() - started
                if cancel.cancelled:
                    stats.finish_reason = "cancelled"
                    return
                raise
            stats.prefill_seconds = time.monotonic() - started
            started = time.monotonic()
            if answer_prefix:
                yield answer_prefix
            chunks = llm.create_completion(
                tokens, max_tokens=max_tokens, temperature=params.temperature,
                top_p=params.top_p, top_k=params.top_k, repeat_penalty=params.repeat_penalty,
                stop=list(params.stop) or None, stream=True,
                seed=seed if seed is not None else int.from_bytes(os.urandom(4), "little"),
            )
            guard = RepetitionGuard()
            try:
                for chunk in chunks:
                    if cancel.cancelled:
                        stats.cancelled = True
                        stats.finish_reason = "cancelled"
                        break
                    choice = chunk["choices"][0]
                    stats.completion_tokens += 1
                    if choice.get("finish_reason"):
                        stats.finish_reason = choice["finish_reason"]
                    if choice["text"]:
                        yield choice["text"]
                        if guard.looping(choice["text"]):
                            stats.finish_reason = "repetition"
                            break
            finally:
                chunks.close()
                stats.generate_seconds = time.monotonic() - started
