"""CPU variants: the installed engine holds exactly the recipe's set; the choice is the best allowed."""

from __future__ import annotations

import pytest

from werkstatt.engine import backends
from werkstatt.engine.variants import ALLOWED, EXCLUDED, SAFE_LADDER
from werkstatt.errors import WerkstattError


def test_installed_engine_has_every_allowed_variant_and_no_excluded():
    """The wheel from scripts/build_engine.py put all allowed variants, and no AMX one, in llama_cpp/lib."""
    folder = backends.lib_dir()
    assert set(backends.variant_files(folder)) == set(ALLOWED)
    assert backends.present_excluded(folder) == []
    assert not set(EXCLUDED) & set(ALLOWED)


def test_every_variant_scores_and_the_baseline_runs_everywhere():
    """Each variant answers its score; x64 and sse42 are supported on any x86-64 office PC."""
    scores = {t: backends.score(path) for t, path in backends.variant_files(backends.lib_dir()).items()}
    assert scores["x64"] > 0 and scores["sse42"] > 0
    assert backends.choose(scores) in ALLOWED


def test_choose_takes_the_best_supported_among_candidates():
    """The highest score wins; unsupported (0) and non-candidates are never chosen."""
    scores = {"x64": 1, "sse42": 5, "haswell": 20, "zen4": 0}
    assert backends.choose(scores) == "haswell"
    assert backends.choose(scores, ("sse42", "x64")) == "sse42"
    with pytest.raises(WerkstattError, match="Keine passende CPU-Variante"):
        backends.choose(scores, ("zen4",))


def test_safer_candidates_step_down_the_ladder():
    """After crashes the choice moves below the variant that crashed, down to x64."""
    assert backends.safer_candidates("zen4") == SAFE_LADDER
    assert backends.safer_candidates("haswell") == SAFE_LADDER[1:]
    assert backends.safer_candidates("x64") == ()


def test_excluded_variant_file_is_never_considered(tmp_path):
    """A sapphirerapids library lying in the folder (a foreign build) is not offered for loading."""
    for tag in ("haswell", "sapphirerapids"):
        (tmp_path / f"libggml-cpu-{tag}.so").write_bytes(b"\x7fELF")
    assert list(backends.variant_files(tmp_path)) == ["haswell"]
    assert backends.present_excluded(tmp_path) == ["sapphirerapids"]
