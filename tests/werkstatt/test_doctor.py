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
