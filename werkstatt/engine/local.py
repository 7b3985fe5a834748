"""llama.cpp in this process: a vetted GGUF model loaded once through llama-cpp-python.

``LocalEngine.stream()`` yields the answer as text chunks (as ``llm``'s ``Model.execute``).
The prompt is built with the model's own chat template from the GGUF metadata. The prompt is
evaluated in small batches so that a cancel is honoured within a fraction of a second even
while a long document is read, and a prompt sharing its beginning with the previous one
reuses the evaluated prefix (KV cache).

This runs inside the engine process (``worker.py``); the app and the CLI talk to it through
``EngineProcess``, so a native crash here costs a restart, never the user's text. Only this
module, ``backends.py`` and ``lookup.py`` (prompt-lookup decoding) touch ``llama_cpp``.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..catalog import ModelEntry, memory_problem, require_loadable
from ..errors import WerkstattError
from ..progress import CancelToken, Progress, no_progress
from . import backends, gpu, safemode
from .contract import Generation, Stats, fit_answer, physical_cores
from .lookup import LookupDrafter, StepCosts, drafting_llama
from .markers import neutralise
from .pinned import PinnedFile


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


def chat_pieces(formatter: Any, system: str, user: str) -> list[tuple[str, bool]]:
    """The chat-formatted prompt as (piece, is_markup): the chat template's own markers, and
    the texts (instructions, field values, the document) that are only ever plain text.

    Tokenising the texts with ``special=False`` keeps a document's "<|im_end|>" or
    "<|im_start|>system" the visible characters they are, never the model's control tokens
    (prompt injection through a citizen's e-mail). The texts are found again in the formatted
    prompt by random markers a document cannot know in advance."""
    nonce = secrets.token_hex(8)
    marks = (f"\ue000{nonce}S\ue001", f"\ue000{nonce}U\ue001")
    messages = [{"role": "system", "content": marks[0]}, {"role": "user", "content": marks[1]}]
    prompt: str = formatter(messages=messages).prompt
    pieces: list[tuple[str, bool]] = []
    for mark, text in zip(marks, (system, user), strict=True):
        before, found, prompt = prompt.partition(mark)
        if not found:
            raise WerkstattError("Die Chat-Vorlage des Modells wird nicht unterstützt.")
        pieces += [(before, True), (neutralise(text), False)]  # second wall
    pieces.append((prompt, True))
    return [(piece, markup) for piece, markup in pieces if piece]


class LocalEngine:
    """One loaded model. Not thread-safe by design: use it from one worker at a time.

    ``path`` must have passed the cheap checks (``catalog.require_loadable``); with ``sha256``
    the file is hashed while it loads and refused unless it matches (``pinned``).
    ``candidates`` narrows the CPU variant llama.cpp may use (see ``backends``)."""

    server = ""  # the model runs on this PC

    def __init__(self, path: Path, n_ctx: int, threads: int | None = None,
                 candidates: tuple[str, ...] = (), entry: ModelEntry | None = None,
                 sha256: str = "", gpu_off: str = "") -> None:
        self.path = path
        self.sha256 = sha256.lower()
        self._pinned: PinnedFile | None = None
        self.entry = entry
        self.n_ctx = n_ctx
        self.threads = threads or physical_cores()
        self.candidates = candidates
        self.gpu_off = gpu_off  # why the GPU may not be tried ("": it may); see gpu.py
        self.backend: backends.BackendInfo | None = None
        self._llm: Any = None
        self._formatter: Any = None
        self._lock = threading.RLock()
        self.load_seconds = 0.0
        self.memory_warning = ""
        self.stats = Stats()

    @classmethod
    def for_entry(cls, entry: ModelEntry, context_tokens: int = 8192,
                  threads: int | None = None) -> LocalEngine:
        """A catalogue model in this process (benchmarks, diagnosis): verified first."""
        refuse, warning = memory_problem(entry)
        if refuse:
            raise WerkstattError(warning)
        engine = cls(require_loadable(entry), min(context_tokens, entry.context_length),
                     threads, entry=entry, sha256=entry.sha256)
        engine.memory_warning = warning
        return engine

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def load(self, progress: Progress = no_progress) -> None:
        """Choose the CPU backend (first time in this process) and load the model (once)."""
        with self._lock:
            if self._llm is not None:
                return
            started = time.monotonic()
            self.backend = backends.ensure_loaded(self.candidates)
            path = self.path
            pinned = self._pin(progress) if self.sha256 else None
            progress(0.5, "Modell wird geladen …")
            model_path = pinned.load_path if pinned else str(path)
            try:
                from llama_cpp.llama_chat_format import Jinja2ChatFormatter

                llm = self._llama(model_path, gpu_layers=0)
            except (ValueError, RuntimeError, OSError) as exc:
                if pinned:
                    pinned.close()
                raise WerkstattError(
                    f"Das Modell {path.name} konnte nicht geladen werden ({exc})."
                ) from None
            self._pinned = pinned
            template = llm.metadata.get("tokenizer.chat_template")
            if not template:
                llm.close()
                self.close()
                raise WerkstattError(f"Das Modell {path.name} enthält keine Chat-Vorlage.")
            eos = llm.token_eos()
            self._formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=llm._model.token_get_text(eos),
                bos_token=llm._model.token_get_text(llm.token_bos()) if llm.token_bos() != -1 else "",
                stop_token_ids=[eos],
            )
            self._llm = llm
            if not self.backend.system_info:
                self.backend.system_info = backends.system_info()
            progress(0.8, "Grafikprozessor wird geprüft …")
            self.backend.gpu = self._try_gpu(model_path).as_dict()
            self.load_seconds = time.monotonic() - started
            progress(1.0, "Modell bereit")

    def _llama(self, model_path: str, gpu_layers: int) -> Any:
        """The model in llama.cpp: on the CPU (``gpu_layers`` 0: weights, cache and every
        operation stay on the CPU) or with ``gpu_layers`` -1 wholly on the GPU."""
        llm = drafting_llama()(
            model_path=model_path, n_ctx=self.n_ctx, n_threads=self.threads,
            n_threads_batch=self.threads, n_batch=512, use_mmap=True, verbose=False,
            n_gpu_layers=gpu_layers, op_offload=gpu_layers != 0,
        )
        llm.costs = StepCosts.from_environment()
        return llm

    def _test_text(self, llm: Any) -> str:
        """The self-test's greedy answer from ``llm`` (the GPU is trusted only if it is the
        CPU's)."""
        tokens: list[int] = []
        for piece, markup in chat_pieces(self._formatter, gpu.TEST_SYSTEM, gpu.TEST_USER):
            tokens += llm.tokenize(piece.encode("utf-8"), add_bos=False, special=markup)
        llm.reset()
        result = llm.create_completion(tokens, max_tokens=gpu.TEST_TOKENS, temperature=0.0,
                                       top_k=1, seed=1)
        llm.reset()
        return str(result["choices"][0]["text"])

    def _try_gpu(self, model_path: str) -> gpu.GpuInfo:
        """Move the model to the GPU where one is found and its self-test gives the CPU's
        text; the CPU model stays in use otherwise (see gpu.py)."""
        reason = gpu.off_reason(self.gpu_off)
        if reason:
            return gpu.GpuInfo(reason)
        probe = gpu.probe_key(safemode.engine_build())
        if gpu.remembered(probe) == gpu.PROBING:  # the last try ended inside the driver
            return gpu.GpuInfo(gpu.CRASHED)
        gpu.remember(probe, gpu.PROBING)
        try:
            return self._use_gpu(model_path)
        finally:
            gpu.remember(probe, "")

    def _use_gpu(self, model_path: str) -> gpu.GpuInfo:
        try:
            found = backends.load_gpu()
        except Exception as exc:  # noqa: BLE001 - whatever the driver does, the CPU computes
            return gpu.GpuInfo(gpu.FAILED.format(error=f"{type(exc).__name__}: {exc}"[:120]))
        if isinstance(found, str):
            return gpu.GpuInfo(found)
        device = found[0]
        info = gpu.GpuInfo("", device.description, device.kind, device.memory_mb)
        key = gpu.verdict_key(device, self.sha256 or str(self.path), safemode.engine_build())
        verdict = gpu.remembered(key)
        if verdict and verdict != gpu.SAME:
            info.status = verdict
            return info
        offloaded = None
        try:
            reference = "" if verdict else self._test_text(self._llm)
            offloaded = self._llama(model_path, gpu_layers=-1)
            if not verdict and self._test_text(offloaded) != reference:
                offloaded.close()
                info.status = gpu.DIFFERENT
                gpu.remember(key, info.status)
                return info
        except (ValueError, RuntimeError, OSError) as exc:
            if offloaded is not None:
                offloaded.close()
            info.status = gpu.FAILED.format(error=str(exc)[:120])
            gpu.remember(key, info.status)
            return info
        gpu.remember(key, gpu.SAME)
        self._llm.close()
        self._llm = offloaded
        info.used, info.status = True, gpu.USED
        info.layers = _layers(offloaded)
        return info

    def _pin(self, progress: Progress) -> PinnedFile:
        """The model file opened and hashed to its end before llama.cpp parses a byte of it."""
        path = self.path
        try:
            pinned = PinnedFile(path)
        except OSError as exc:
            raise WerkstattError(f"Die Modelldatei {path} ist nicht lesbar ({exc.strerror}).") from None
        try:
            digest = pinned.digest(lambda f, m: progress(0.1 + 0.4 * f, m))
        except OSError as exc:
            pinned.close()
            raise WerkstattError(f"Die Modelldatei {path} ist nicht lesbar ({exc.strerror}).") from None
        if digest != self.sha256:
            pinned.close()
            raise WerkstattError(
                f"Die Modelldatei {path} wird nicht geladen: Prüfsumme stimmt nicht (Datei "
                "verändert oder ersetzt). Nur unveränderte, geprüfte Modelle sind erlaubt; "
                "bitte die IT informieren.")
        return pinned

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None
            if self._pinned is not None:
                self._pinned.close()
                self._pinned = None

    def _require(self) -> Any:
        if self._llm is None:
            self.load()
        return self._llm

    def count_tokens(self, text: str) -> int:
        return len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def count_prompt(self, system: str, user: str, answer_prefix: str = "") -> int:
        return len(self.prompt_tokens(system, user, answer_prefix))

    def prompt_tokens(self, system: str, user: str, answer_prefix: str = "") -> list[int]:
        """The chat-formatted prompt as tokens, using the model's own chat template.

        ``answer_prefix`` is put in the model's mouth: the answer continues from it, which
        keeps small models on the requested format."""
        llm = self._require()
        tokens: list[int] = []
        for piece, markup in chat_pieces(self._formatter, system, user):
            tokens += llm.tokenize(piece.encode("utf-8"), add_bos=False, special=markup)
        if answer_prefix:
            tokens += llm.tokenize(answer_prefix.encode("utf-8"), add_bos=False, special=False)
        return tokens

    def fit_max_tokens(self, prompt_tokens: int, wanted: int) -> int:
        return fit_answer(self.n_ctx, prompt_tokens, wanted)

    def _prefill(self, tokens: list[int], cancel: CancelToken, progress: Progress) -> int:
        """Evaluate all but the last prompt token in llama.cpp's own batches; returns the
        reused tokens. A cancel aborts the batch under way: llama.cpp asks ``cancel`` between
        the steps of its compute graph (milliseconds apart), so reading a long document
        needs no small batches (steps of 64 tokens read at 0.95× raw llama-cpp-python).
        The batches read before a cancel stay in the cache for the next attempt."""
        import llama_cpp

        llm = self._llm
        cached = llm._input_ids
        reused = 0
        for a, b in zip(cached, tokens[:-1]):
            if a != b:
                break
            reused += 1
        llm.n_tokens = reused
        todo = len(tokens) - 1
        aborter = llama_cpp.ggml_abort_callback(lambda _data: cancel.cancelled)
        llama_cpp.llama_set_abort_callback(llm._ctx.ctx, aborter, None)
        try:
            for start in range(reused, todo, llm.n_batch):
                cancel.check()
                llm.eval(tokens[start:min(start + llm.n_batch, todo)])
                progress(min(start + llm.n_batch, todo) / max(todo, 1), "Eingabe wird gelesen …")
        finally:  # generation runs without it: no Python call between the graph's steps
            llama_cpp.llama_set_abort_callback(llm._ctx.ctx, llama_cpp.ggml_abort_callback(), None)
        cancel.check()
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
                stats.cancelled = cancel.cancelled
                stats.prefill_seconds = time.monotonic() - started
                if cancel.cancelled:  # the batches read so far are kept (llm.n_tokens)
                    stats.finish_reason = "cancelled"
                    return
                llm.n_tokens = 0  # the cache is in an unknown state: start afresh next time
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
            drafter = LookupDrafter(llm.costs) if params.lookup else None
            llm.draft_model = drafter
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
                llm.draft_model = None
                stats.generate_seconds = time.monotonic() - started
                if drafter is not None:
                    stats.drafted_tokens = drafter.proposed
                    stats.accepted_tokens = drafter.accepted


def _layers(llm: Any) -> int:
    """The model's layer count (what ``n_gpu_layers=-1`` offloads, besides the output)."""
    import llama_cpp

    return int(llama_cpp.llama_model_n_layer(llm.model))
