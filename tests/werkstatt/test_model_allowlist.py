"""IT's allowlist (policy ``allowed_models``) holds for every way a model can be chosen: the
CLI's ``run``, ``gremien run`` and ``gremien ask``, ``--model``, the user's settings, a
catalogue beside the models, the local fallback in server mode, and the window."""

from __future__ import annotations

import json

import pytest

from werkstatt import catalog
from werkstatt.cli import main
from werkstatt.errors import WerkstattError
from werkstatt.gremien.library import Library

from .gremien import council_data

SMALL, LARGE = catalog.load_catalog()[:2]  # the default 0.5B model and the 1.5B model
REFUSED = "nicht freigegeben"


@pytest.fixture
def only_large(no_machine_policy):
    """A machine policy that allows only the 1.5B model."""
    no_machine_policy.write_text(f"allowed_models = ['{LARGE.sha256}']\n", encoding="utf-8")
    return no_machine_policy


@pytest.fixture
def loaded_engines(monkeypatch):
    """Records every engine that would be started (nothing is loaded)."""
    made = []

    def fake(entry, context, **_options):
        made.append(entry)
        raise WerkstattError(f"Testmodell {entry.id}")

    monkeypatch.setattr("werkstatt.engine.Engine", fake)
    return made


def refused(capsys, loaded_engines, *args) -> str:
    code = main(list(args))
    err = capsys.readouterr().err
    assert code == 2, err
    assert REFUSED in err and "allowed_models" in err
    assert loaded_engines == []
    return err


def test_run_refuses_the_default_model_it_did_not_allow(only_large, loaded_engines, capsys, data,
                                                        tmp_path):
    """`werkstatt run` with no model named refuses the default model and writes nothing."""
    out = tmp_path / "s.txt"
    refused(capsys, loaded_engines, "run", "zusammenfassung", "-i", str(data / "amtstext.txt"),
            "-o", str(out))
    assert not out.exists()


def test_run_refuses_it_by_option_and_by_setting(only_large, loaded_engines, capsys, data,
                                                 werkstatt_home):
    """--model and the user's model_id setting cannot pick a model IT did not allow."""
    refused(capsys, loaded_engines, "run", "zusammenfassung", "-i", str(data / "amtstext.txt"),
            "--model", SMALL.id)
    (werkstatt_home / "settings.json").write_text(json.dumps({"model_id": SMALL.id}),
                                                  encoding="utf-8")
    refused(capsys, loaded_engines, "run", "zusammenfassung", "-i", str(data / "amtstext.txt"))


def test_a_catalogue_beside_the_models_cannot_add_an_allowed_model(only_large, loaded_engines,
                                                                    capsys, data, tmp_path):
    """A catalog.toml in a writable models folder adds entries, which the allowlist refuses."""
    models = tmp_path / "modelle"
    models.mkdir()
    (models / SMALL.file).symlink_to(SMALL.path)
    (models / "catalog.toml").write_text(
        f'[[models]]\nid = "eigenes"\nname = "Eigenes Modell"\nfile = "{SMALL.file}"\n'
        f'sha256 = "{SMALL.sha256}"\nsize = {SMALL.size}\nlicense = "?"\n'
        'context_length = 4096\nram_gb = 1.0\n', encoding="utf-8")
    only_large.write_text(only_large.read_text() + f'models_dir = "{models.as_posix()}"\n',
                          encoding="utf-8")
    refused(capsys, loaded_engines, "run", "zusammenfassung", "-i", str(data / "amtstext.txt"),
            "--model", "eigenes")


def test_council_commands_refuse_it(only_large, loaded_engines, capsys, tmp_path):
    """`werkstatt gremien run` and `gremien ask` check the allowlist like `run`."""
    council_data.write(tmp_path / "oparl")
    library = tmp_path / "gremien.sqlite"
    with Library(library) as lib:
        lib.import_paths([tmp_path / "oparl"])
    refused(capsys, loaded_engines, "gremien", "run", "vorlage-zusammenfassen", "VO/2022/11008",
            "--library", str(library))
    refused(capsys, loaded_engines, "gremien", "ask", "Wie viele Krippenplätze wurden beschlossen?",
            "--library", str(library))


def test_server_mode_fallback_to_the_pc_checks_it(only_large, loaded_engines, capsys, data):
    """--local in server mode falls back to the PC's model only if IT allows that model."""
    only_large.write_text(only_large.read_text() + 'inference_server = "http://127.0.0.1:9"\n'
                          "allow_local_fallback = true\n", encoding="utf-8")
    refused(capsys, loaded_engines, "run", "zusammenfassung", "-i", str(data / "amtstext.txt"),
            "--local")


def test_an_allowed_model_is_made(no_machine_policy, loaded_engines, capsys, data):
    """With the default model's checksum on the list, `run` goes on to make its engine."""
    no_machine_policy.write_text(f"allowed_models = ['{SMALL.sha256}']\n", encoding="utf-8")
    assert main(["run", "zusammenfassung", "-i", str(data / "amtstext.txt")]) == 2
    assert f"Testmodell {SMALL.id}" in capsys.readouterr().err
    assert [entry.id for entry in loaded_engines] == [SMALL.id]
