"""Prompt-lookup decoding: the drafter on its own, and the same text with the real model."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from werkstatt.engine import Generation
from werkstatt.engine.lookup import MAX_DRAFT, LookupDrafter, StepCosts
from werkstatt.pipeline import Request
from werkstatt.progress import CancelToken
from werkstatt.templates import get_template

PAPER = Path(__file__).parents[3] / "benchmarks" / "evalset" / "12-beschluss-task-force-theater.txt"


def ids(*tokens: int) -> np.ndarray:
    return np.array(tokens, dtype=np.intc)


def test_draft_continues_the_earlier_occurrence():
    """The answer's last tokens occurred in the prompt: what followed them there is drafted."""
    drafter = LookupDrafter(StepCosts(extra_ratio=0.1))  # cheap batches: long drafts pay
    prompt = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    draft = drafter(ids(*prompt, 50, 3, 4))
    assert draft.tolist()[:3] == [5, 6, 7]


def test_no_match_no_draft():
    drafter = LookupDrafter(StepCosts())
    assert drafter(ids(1, 2, 3, 4, 5, 6)).tolist() == []


def test_drafts_stop_where_they_do_not_pay():
    """On a machine where each extra token costs as much as one step, no draft is proposed;
    where batches are nearly free, drafts grow to the limit for a reliable guess."""
    assert LookupDrafter(StepCosts(extra_ratio=1.0)).length(0.95) == 0
    assert LookupDrafter(StepCosts(extra_ratio=0.05)).length(0.99) == MAX_DRAFT
    assert LookupDrafter(StepCosts(extra_ratio=0.7)).length(0.5) == 0


def test_acceptance_is_learnt_from_the_history():
    """The next call shows how much of the last draft the sampler took over."""
    drafter = LookupDrafter(StepCosts(extra_ratio=0.1))
    history = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 3, 4]
    draft = drafter(ids(*history)).tolist()
    taken = draft[:2]
    drafter(ids(*history, *taken, 77))  # two accepted, then the sampler chose 77
    assert drafter.proposed == len(draft) and drafter.accepted == 2


def test_step_costs_learn_the_machine():
    costs = StepCosts(extra_ratio=0.7)
    for _ in range(20):
        costs.add(1, 0.050)
        costs.add(9, 0.090)  # 8 extra tokens for 40 ms: 0.1 of a step each
    assert costs.single == pytest.approx(0.05, rel=0.01)
    assert costs.extra_ratio == pytest.approx(0.1, abs=0.02)


def test_a_fixed_ratio_makes_drafts_independent_of_timing(monkeypatch):
    """WERKSTATT_LOOKUP_RATIO (set for the test suite) fixes the cost ratio: what a slow or
    busy machine measures no longer changes the drafts."""
    monkeypatch.setenv("WERKSTATT_LOOKUP_RATIO", "0.3")
    costs = StepCosts.from_environment()
    costs.add(1, 0.05)
    costs.add(9, 0.40)
    assert (costs.single, costs.extra_ratio) == (0.0, 0.3)
    monkeypatch.delenv("WERKSTATT_LOOKUP_RATIO")
    assert StepCosts.from_environment().learn


@pytest.mark.model
def test_same_text_with_and_without_lookup(engine):
    """A real council paper summarised greedily with prompt lookup gives exactly the text
    plain decoding gives, and the drafts were really used. (At a template's temperature
    the texts are samples of the same distribution, not always the same sample: see
    ``benchmarks/bench.py``, item 9.)"""
    template = get_template("zusammenfassung")
    prompt = Request.build(template, {}, PAPER.read_text(encoding="utf-8")).prompt
    params = replace(template.generation, temperature=0.0, max_tokens=96)
    texts, stats = {}, {}
    for lookup in (False, True):
        texts[lookup] = "".join(engine.stream(
            prompt.system, prompt.user, replace(params, lookup=lookup), seed=3,
            answer_prefix=prompt.answer_prefix))
        stats[lookup] = engine.stats
    assert texts[True] == texts[False] and len(texts[True]) > 100
    assert stats[True].accepted_tokens > 10 and stats[False].drafted_tokens == 0
    assert stats[True].params["lookup"] is True


def test_on_only_where_it_was_measured_to_pay():
    """make bench, item 9 (README "Leistung"): the summary copies its paper and gains;
    minutes, e-mail answers and plain language did not gain measurably here."""
    assert get_template("zusammenfassung").generation.lookup
    for other in ("protokoll", "email-antwort", "einfache-sprache", "buergerbrief",
                  "vorlage-zusammenfassen", "beschlussvorschlag", "aenderungen-vorversion",
                  "sitzungsvorbereitung", "gremien-frage"):  # council templates: not measured
        assert not get_template(other).generation.lookup


@pytest.mark.model
def test_engine_is_sound_after_a_cancelled_read(engine):
    """A cancel aborts llama.cpp mid-batch; the next request gives the text it gave before."""
    params = Generation(temperature=0.0, max_tokens=12)
    before = "".join(engine.stream("Antworte knapp.", "Nenne die Hauptstadt von Schleswig-Holstein.",
                                   params, seed=1))
    cancel = CancelToken()
    timer = threading.Timer(0.4, cancel.cancel)
    timer.start()
    assert list(engine.stream("Fasse zusammen.", "Lübeck baut Radwege aus. " * 300, params,
                              cancel=cancel)) == []
    assert engine.stats.cancelled
    after = "".join(engine.stream("Antworte knapp.", "Nenne die Hauptstadt von Schleswig-Holstein.",
                                  params, seed=1))
    assert after == before and after.strip()
