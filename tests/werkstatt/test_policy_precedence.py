"""A policy the user cannot escape: the machine's policy beats every override from user space."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkstatt import catalog, paths
from werkstatt import policy as policy_module
from werkstatt.cli import main
from werkstatt.policy import PolicyError, describe_source, load_policy

OTHER_SHA = "0" * 64


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This PC has a machine policy file (what IT deploys to ProgramData or /etc)."""
    file = tmp_path / "machine" / "policy.toml"
    file.parent.mkdir()
    monkeypatch.setattr(policy_module, "machine_file", lambda: file)
    return file


def test_a_user_variable_cannot_replace_the_machine_policy(machine, no_machine_policy, capsys):
    """WERKSTATT_POLICY points at a permissive file: ignored while the machine has a policy."""
    machine.write_text("require_kipass = true\ncontext_tokens = 2048\n", encoding="utf-8")
    no_machine_policy.write_text("require_kipass = false\n", encoding="utf-8")
    policy = load_policy()
    assert policy.require_kipass and policy.source == machine
    assert main(["policy"]) == 0
    assert f"Richtlinie des PCs: Datei {machine}" in capsys.readouterr().out


def test_without_a_machine_policy_the_development_override_holds(no_machine_policy):
    no_machine_policy.write_text("require_kipass = true\n", encoding="utf-8")
    assert load_policy().require_kipass
    assert describe_source().startswith("Entwicklung: WERKSTATT_POLICY")


def test_resources_and_models_cannot_be_swapped_on_a_managed_pc(machine, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKSTATT_RESOURCES", str(tmp_path / "evil-resources"))
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path / "evil-models"))
    assert paths.resources_dir() == tmp_path / "evil-resources"  # no machine policy yet
    machine.write_text("contact = 'IT-Service'\n", encoding="utf-8")
    assert paths.resources_dir() == paths.PROJECT_ROOT / "resources"
    assert paths.models_dir() == paths.PROJECT_ROOT / "models"
    machine.write_text(f"models_dir = '{tmp_path / 'it-models'}'\n", encoding="utf-8")
    assert paths.models_dir() == tmp_path / "it-models"


def test_registry_values_win_over_the_file(machine, monkeypatch):
    """Group Policy (HKLM\\SOFTWARE\\Policies\\KI-Werkstatt): DWORD 1 is yes, a MULTI_SZ or a
    "a;b" text is a list, and each value beats the file's."""
    machine.write_text("require_kipass = false\ncontact = 'Datei'\n", encoding="utf-8")
    raw = {"require_kipass": 1, "contact": "Registry", "enabled_templates": "zusammenfassung;protokoll"}
    monkeypatch.setattr(policy_module, "registry_values", lambda: {
        name: policy_module._from_registry(name, value) for name, value in raw.items()})
    policy = load_policy()
    assert policy.require_kipass and policy.contact == "Registry"
    assert policy.enabled_templates == ("zusammenfassung", "protokoll")
    assert "Registry HKLM" in describe_source()


def test_registry_values_as_the_msi_and_group_policy_write_them():
    """The MSI writes REQUIRE_KIPASS as DWORD, ALLOWED_MODELS as "a;b" (or "a,b"); an empty
    value (a cleared field) is not set; "0"/"1" and digit texts are read by the key's type."""
    values = policy_module.from_registry([
        ("require_kipass", 0), ("allowed_models", f"{OTHER_SHA}, {OTHER_SHA.upper()}"),
        ("feedback_dir", ""), ("departments", []), ("label_clipboard", "1"), ("context_tokens", "4096")])
    assert values == {"require_kipass": False, "allowed_models": [OTHER_SHA, OTHER_SHA.upper()],
                      "label_clipboard": True, "context_tokens": 4096}
    policy = policy_module.validate(values, None, "Registry")
    assert policy.allowed_models == (OTHER_SHA, OTHER_SHA)
    assert policy.feedback_dir is None and policy.context_tokens == 4096


def test_registry_alone_is_a_machine_policy(monkeypatch, no_machine_policy):
    no_machine_policy.write_text("require_kipass = false\n", encoding="utf-8")
    monkeypatch.setattr(policy_module, "registry_values", lambda: {"require_kipass": True})
    assert load_policy().require_kipass


def test_registry_value_of_the_wrong_type_locks(monkeypatch, machine):
    monkeypatch.setattr(policy_module, "registry_values", lambda: {"context_tokens": "viel"})
    with pytest.raises(PolicyError, match="falschen Typ"):
        load_policy()


def test_an_empty_allowlist_is_refused_not_read_as_all(no_machine_policy):
    """Decided: leaving the key out allows the catalogue; an empty list is a mistake."""
    no_machine_policy.write_text("allowed_models = []\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="allowed_models ist leer"):
        load_policy()


def test_a_dropped_in_catalogue_cannot_replace_a_vetted_entry(tmp_path):
    shipped = catalog.default_model()
    extra = tmp_path / "catalog.toml"
    shipped_text = (paths.PROJECT_ROOT / "models" / "catalog.toml").read_text(encoding="utf-8")
    extra.write_text(shipped_text.replace(shipped.sha256, OTHER_SHA), encoding="utf-8")
    entries = catalog.load_catalog(extra)
    assert [e for e in entries if e.id == shipped.id] == [shipped]


def test_the_context_size_the_policy_fixed_holds_in_the_cli(no_machine_policy, data, capsys):
    no_machine_policy.write_text("context_tokens = 4096\n", encoding="utf-8")
    code = main(["run", "einfache-sprache", "-i", str(data / "amtstext.txt"), "--context", "999999"])
    assert code == 2 and "4096" in capsys.readouterr().err
