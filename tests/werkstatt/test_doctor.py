"""`werkstatt doctor`: the facts, the chosen variant, a self-test; one German line per problem."""

from __future__ import annotations

import pytest

from werkstatt.cli import main
from werkstatt.engine.variants import ALLOWED


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.model
def test_doctor_with_the_model_is_all_well(capsys):
    """With the verified default model: exit 0, an allowed CPU variant and a working self-test."""
    code, out, _ = run(capsys, "doctor")
    assert code == 0, out
    facts = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert facts["CPU-Variante"].split()[0] in ALLOWED
    assert "13 CPU-Varianten" in facts["Engine"]
    assert "geprüft" in facts["Modell"] and "Token/s" in facts["Selbsttest"]
    assert out.rstrip().endswith("Alles in Ordnung.")


def test_doctor_without_a_model_names_the_problem(capsys, tmp_path, monkeypatch):
    """Without the model file: exit 1, one German line saying what is missing and what to do."""
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path / "leer"))
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    problems = out.split("Problem(e):", 1)[1].strip().splitlines()
    assert len(problems) == 1 and "fehlt" in problems[0] and "make run" in problems[0]
    assert "übersprungen" in out and "Traceback" not in out


@pytest.mark.model
def test_doctor_shows_and_resets_a_remembered_safe_mode(capsys):
    """A remembered safe mode is named with how to lift it; --reset lifts it."""
    from werkstatt.engine import safemode

    safemode.remember(("sandybridge", "sse42", "x64"), "haswell")
    code, out, _ = run(capsys, "doctor")
    assert code == 0, out
    assert "Abgesicherter Modus" in out and "werkstatt doctor --reset" in out
    flat = " ".join(out.split())
    assert "CPU-Variante: sandybridge" in flat and "statt „haswell“" in flat
    code, out, _ = run(capsys, "doctor", "--reset")
    assert code == 0 and out.startswith("Abgesicherter Modus der KI-Engine aufgehoben.")
    assert "Abgesicherter Modus:" not in out and safemode.load() is None
