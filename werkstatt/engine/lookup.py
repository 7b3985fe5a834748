"""Prompt-lookup decoding: the same text, fewer model steps, where a draft copies its source.

Summaries and minutes repeat long runs of their document word for word (names, reference
numbers, the wording of a resolution). When the last few tokens of the answer also occur in
the prompt, the tokens that followed them there are a good guess for what comes next. The
guess (the *draft*) is evaluated in one batch together with the last real token; the sampler
then picks each next token from the model's own logits exactly as without a draft, and the
first token that differs from the draft ends the step (llama-cpp-python's ``generate``
rolls back the rest). So the draft only decides which logits are computed ahead, and the
output is the one plain decoding gives with the same seed, up to rounding: a batch's logits
differ from single steps' in the last bits, which can tip a near-tie (greedy, 4 of 5 council
papers gave the same text; README "Leistung").

A draft costs time when it is wrong, and how much depends on the machine: on a CPU that is
limited by memory bandwidth a batch of eight tokens costs little more than one, on one
limited by arithmetic it costs almost eight. ``StepCosts`` learns that curve from the real
evaluations while generating, ``LookupDrafter`` learns how often its guesses are accepted,
and a draft is proposed only as long as its expected gain outweighs its cost (often: no
draft at all). llama-cpp-python's own ``LlamaPromptLookupDecoding`` always proposes ten
tokens after the first match of a 2-gram and needs ``logits_all=True``, which keeps a float
row per context position (8,192 × 151,936 × 4 bytes ≈ 5 GB for the default model); this
asks logits only for the few tokens of a draft batch.
"""

from __future__ import annotations

import functools
import time
from typing import Any

MAX_DRAFT = 12  # tokens in one draft at most
MIN_NGRAM, MAX_NGRAM = 2, 5  # the answer's suffix that is looked up in the prompt


class StepCosts:
    """What one evaluation costs by its number of tokens, learnt while generating: the time
    of a single token and the extra time per further token (moving averages)."""

    def __init__(self, extra_ratio: float = 0.7, learn: bool = True) -> None:
        self.single = 0.0  # seconds for one token (0: not measured yet)
        self.extra_ratio = extra_ratio  # each further token costs this share of one token
        self.learn = learn  # False: drafts depend on the text only, not on timing (tests)

    @classmethod
    def from_environment(cls) -> StepCosts:
        """Learnt, unless ``WERKSTATT_LOOKUP_RATIO`` fixes the ratio: the drafts, and so the
        batches whose rounding can tip a near-tie, then repeat exactly from run to run (the
        test suite sets it; timing on a busy machine must not change a test's text)."""
        import os

        fixed = os.environ.get("WERKSTATT_LOOKUP_RATIO", "")
        try:
            return cls(float(fixed), learn=False) if fixed else cls()
        except ValueError:
            return cls()

    def add(self, tokens: int, seconds: float) -> None:
        if not self.learn:
            return
        if tokens == 1:
            self.single = seconds if not self.single else 0.8 * self.single + 0.2 * seconds
        elif self.single:
            ratio = max(0.0, (seconds - self.single) / (tokens - 1) / self.single)
            self.extra_ratio = 0.8 * self.extra_ratio + 0.2 * min(ratio, 1.5)


class LookupDrafter:
    """Proposes the tokens that followed the longest earlier occurrence of the answer's last
    ``MIN_NGRAM``–``MAX_NGRAM`` tokens, as many as pay off (see the module docstring).

    Called by ``Llama.generate`` with the accepted history (prompt + answer so far, ending
    with the token just sampled); one drafter serves one generation."""

    def __init__(self, costs: StepCosts) -> None:
        self.costs = costs
        self._index: dict[tuple[int, ...], int] = {}  # n-gram → position after its last occurrence
        self._indexed = 0  # n-grams ending before this position are in the index
        self._last: tuple[int, list[int], tuple[int, bool]] | None = None  # (at, draft, bucket)
        self._hits: dict[tuple[int, bool], list[float]] = {}  # bucket → [accepted, tried]
        self._streak = False  # the last draft was accepted entirely
        self.proposed = self.accepted = 0

    def _learn(self, history: list[int]) -> None:
        """Count how much of the previous draft the sampler accepted."""
        if self._last is None:
            return
        at, draft, bucket = self._last
        self._last = None
        took = 0
        for guess, real in zip(draft, history[at:], strict=False):
            if guess != real:
                break
            took += 1
        took = min(took, len(history) - at - 1)  # the last token is the sampler's own
        self.proposed += len(draft)
        self.accepted += took
        hits = self._hits.setdefault(bucket, [0.0, 0.0])
        hits[0] += took
        hits[1] += took + (1 if took < len(draft) else 0)
        self._streak = took == len(draft)

    def _acceptance(self, bucket: tuple[int, bool]) -> float:
        """The chance that one more draft token is accepted. The prior (four tries' worth)
        is hopeful, so that a machine where drafts pay off finds out: measured on council
        papers, 0.77 after a 2-gram and 0.95 within a run of accepted drafts."""
        accepted, tried = self._hits.get(bucket, (0.0, 0.0))
        prior = 0.9 if bucket[0] >= 3 or bucket[1] else 0.8
        return (accepted + 4.0 * prior) / (tried + 4.0)

    def _extend_index(self, history: list[int]) -> None:
        stop = len(history) - 1  # the answer's own suffix must not find itself
        for end in range(max(self._indexed, MIN_NGRAM), stop + 1):
            for n in range(MIN_NGRAM, min(MAX_NGRAM, end) + 1):
                self._index[tuple(history[end - n:end])] = end
        self._indexed = max(self._indexed, stop + 1)

    def length(self, p: float) -> int:
        """The draft length with the most tokens per second: (1 + p + … + p^k) / cost(k)."""
        ratio = self.costs.extra_ratio
        best, best_rate, expected, gain = 0, 1.0, 1.0, 1.0
        for k in range(1, MAX_DRAFT + 1):
            gain *= p
            expected += gain
            rate = expected / (1.0 + ratio * k)
            if rate > best_rate:
                best, best_rate = k, rate
        return best

    def __call__(self, input_ids: Any, /, **_: Any) -> Any:
        """The draft for this history (a numpy array of token ids), often empty."""
        import numpy as np

        history = input_ids.tolist()
        self._learn(history)
        self._extend_index(history)
        for n in range(min(MAX_NGRAM, len(history) - 1), MIN_NGRAM - 1, -1):
            start = self._index.get(tuple(history[-n:]))
            if start is None:
                continue
            bucket = (min(n, 4), self._streak)
            k = min(self.length(self._acceptance(bucket)), len(history) - start)
            if k <= 0:
                break
            draft = history[start:start + k]
            self._last = (len(history), draft, bucket)
            return np.array(draft, dtype=np.intc)
        return np.array([], dtype=np.intc)


@functools.cache
def drafting_llama() -> Any:
    """``Llama`` that asks logits for every token of a short batch while a drafter is set
    (the draft's verification), and times its evaluations for ``StepCosts``.

    Longer batches (the prompt) and generation without a drafter run exactly as in
    ``Llama``. ``draft_model`` is set per generation, never in the constructor: there it
    would switch on ``logits_all`` for everything. (A function, so that importing this
    module does not load llama.cpp.)"""
    from llama_cpp import Llama

    class DraftingLlama(Llama):
        costs: StepCosts | None = None

        def eval(self, tokens: Any) -> None:
            if self.draft_model is None or len(tokens) > MAX_DRAFT + 1:
                super().eval(tokens)
                return
            started = time.perf_counter()
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            n_past = self.n_tokens
            self._batch.set_batch(batch=tokens, n_past=n_past, logits_all=True)
            self._ctx.decode(self._batch)
            self.input_ids[n_past:n_past + len(tokens)] = tokens
            self.n_tokens += len(tokens)
            self._requires_eval = False
            if self.costs is not None:
                self.costs.add(len(tokens), time.perf_counter() - started)

    return DraftingLlama
