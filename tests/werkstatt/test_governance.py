"""Governance: machine policy, vetted-model allowlist, usage rules, KI-Pass, AI labelling."""

from __future__ import annotations

import datetime as dt
import json
import random

import docx
import pytest

from werkstatt import catalog, export
from werkstatt.cli import main
from werkstatt.errors import WerkstattError
from werkstatt.governance import Record, account_confirmed, account_name, check_may_generate, load_rules
from werkstatt.kipass import grade, load_course
from werkstatt.policy import DEFAULT_LABEL, Policy, PolicyError, load_policy
from werkstatt.settings import Settings, effective

DEFAULT_SHA = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


def test_missing_policy_means_documented_defaults(no_machine_policy):
    """No policy file: every vetted model and template, default label, no KI-Pass duty."""
    policy = load_policy()
    assert policy.source is None and policy.export_label == DEFAULT_LABEL
    assert policy.model_allowed(DEFAULT_SHA) and policy.template_enabled("protokoll")
    assert not policy.require_kipass and policy.allow_feedback_texts


def test_policy_overrides_user_settings(no_machine_policy):
    """A value fixed by IT wins over the user's setting."""
    settings = Settings()
    settings.set("context_tokens", 2048)
    assert effective(load_policy(), settings, "context_tokens") == 2048
    no_machine_policy.write_text("context_tokens = 4096\n", encoding="utf-8")
    assert effective(load_policy(), settings, "context_tokens") == 4096
    assert load_policy().fixes("context_tokens") and not load_policy().fixes("model_id")


@pytest.mark.parametrize("text,problem", [
    ("farbe = 'rot'", "unbekannter Schlüssel „farbe“"),
    ("require_kipass = 'ja'", "falschen Typ"),
    ("allowed_models = ['abc']", "keine SHA-256"),
    ("export_label = '  '", "darf nicht leer"),
    ("require_kipass = true\nrequire_kipass = false", "ungültig"),
])
def test_invalid_policy_names_file_and_problem(no_machine_policy, text, problem):
    """An invalid policy is never ignored: the error names the file and the problem."""
    no_machine_policy.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=problem) as info:
        load_policy()
    assert str(no_machine_policy) in str(info.value)


def test_invalid_policy_stops_generating_cli(no_machine_policy, capsys, data):
    """Every generating CLI command exits 2 with the policy problem; listing still works."""
    no_machine_policy.write_text("unbekannt = 1\n", encoding="utf-8")
    assert main(["run", "zusammenfassung", "-i", str(data / "amtstext.txt")]) == 2
    err = capsys.readouterr().err
    assert "Richtlinie" in err and "unbekannt" in err
    assert main(["policy"]) == 2


def test_allowlist_refuses_other_models(no_machine_policy):
    """A model whose checksum the policy does not list is refused when it is chosen."""
    no_machine_policy.write_text(f"allowed_models = ['{'0' * 64}']\n", encoding="utf-8")
    with pytest.raises(WerkstattError, match="nicht freigegeben"):
        catalog.choose(load_policy())
    with pytest.raises(WerkstattError, match="nicht freigegeben"):
        catalog.require_allowed(load_policy(), catalog.default_model())
    no_machine_policy.write_text(f"allowed_models = ['{DEFAULT_SHA.upper()}']\n",
                                 encoding="utf-8")
    assert catalog.choose(load_policy()).path.exists()


def test_disabled_template_is_refused(no_machine_policy, capsys, data):
    """Templates not enabled by policy are neither listed nor usable."""
    no_machine_policy.write_text("enabled_templates = ['protokoll']\n", encoding="utf-8")
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    assert "protokoll" in out and "zusammenfassung" not in out
    assert main(["run", "zusammenfassung", "-i", str(data / "amtstext.txt")]) == 2
    assert "nicht freigegeben" in capsys.readouterr().err


def test_rules_gate_and_accept_in_cli(werkstatt_home, capsys, data):
    """Before accepting the rules, run exits 2 saying how; `rules accept` records version and date."""
    (werkstatt_home / "governance.json").unlink()
    assert main(["run", "zusammenfassung", "-i", str(data / "amtstext.txt")]) == 2
    assert "werkstatt rules accept" in capsys.readouterr().err
    assert main(["rules", "show"]) == 0
    assert "Verantwortung" in capsys.readouterr().out
    assert main(["rules", "accept", "--yes"]) == 0
    record = Record()
    assert record.has_acknowledged(load_rules())
    assert record.data["rules"]["date"] == dt.date.today().isoformat()


def test_new_rules_version_asks_again(werkstatt_home):
    """An acknowledgement of an older rules version does not count."""
    record = Record()
    record.data["rules"] = {"version": "2025-0", "date": "2025-01-01"}
    with pytest.raises(WerkstattError, match="nicht bestätigt"):
        check_may_generate(Policy(), record)


def test_kipass_required_by_policy(werkstatt_home, no_machine_policy, capsys, data):
    """With require_kipass, templates need a KI-Pass; the CLI points to the app."""
    no_machine_policy.write_text("require_kipass = true\n", encoding="utf-8")
    assert main(["run", "zusammenfassung", "-i", str(data / "amtstext.txt")]) == 2
    assert "KI-Pass" in capsys.readouterr().err
    Record().record_kipass("2026-1", 0.9)
    check_may_generate(load_policy())  # no error now



def forged_record(werkstatt_home) -> None:
    """What a user can write into their own folder: a pass with full marks today."""
    (werkstatt_home / "governance.json").write_text(json.dumps({
        "rules": {"version": load_rules().version, "date": "2026-01-01"},
        "kipass": {"date": "2026-01-01", "content_version": load_course().version, "score": 1.0},
    }), encoding="utf-8")


def test_a_hand_written_record_passes_only_the_self_declared_gate(werkstatt_home,
                                                                   no_machine_policy):
    """Self-declared mode trusts the user's own file (documented); IT's list of accounts does
    not: an account IT did not confirm is refused, whatever the record says."""
    forged_record(werkstatt_home)
    no_machine_policy.write_text("require_kipass = true\n", encoding="utf-8")
    check_may_generate(load_policy())  # the user's own file: self-declared
    no_machine_policy.write_text('require_kipass = true\nkipass_accounts = ["LUEBECK\\\\jemand"]\n'
                                 'contact = "KI-Team, Tel. 122-4711"\n', encoding="utf-8")
    with pytest.raises(WerkstattError, match="noch nicht eingetragen.*KI-Team") as refused:
        check_may_generate(load_policy())
    assert f"„{account_name()}“" in str(refused.value)


def test_an_account_it_confirmed_may_generate_without_a_record(no_machine_policy, werkstatt_home,
                                                               monkeypatch):
    """The signed-in account on IT's list passes the gate; USERNAME/USER cannot pose as it."""
    me = account_name()
    assert me
    no_machine_policy.write_text(f'require_kipass = true\nkipass_accounts = ["OTHER\\\\x", '
                                 f'"{me.upper()}"]\n', encoding="utf-8")
    check_may_generate(load_policy())
    no_machine_policy.write_text('require_kipass = true\nkipass_accounts = ["LUEBECK\\\\mmuster", '
                                 '"mmuster"]\n', encoding="utf-8")
    for variable in ("USERNAME", "USER", "LOGNAME"):
        monkeypatch.setenv(variable, "mmuster")
    assert account_name() == me
    with pytest.raises(WerkstattError, match="KI-Pass"):
        check_may_generate(load_policy())


def test_account_matching_with_and_without_domain():
    """An entry without domain matches in any domain; one with a domain only there."""
    policy = Policy(require_kipass=True, kipass_accounts=("luebeck\\mmuster", "efischer"))
    assert account_confirmed(policy, "LUEBECK\\MMuster")
    assert not account_confirmed(policy, "KIEL\\mmuster") and not account_confirmed(policy, "mmuster")
    assert account_confirmed(policy, "KIEL\\efischer") and account_confirmed(policy, "efischer")
    assert not account_confirmed(policy, "")


@pytest.mark.parametrize("text, problem", [
    ('kipass_accounts = ["mmuster"]', "nur zusammen mit require_kipass"),
    ('require_kipass = true\nkipass_accounts = []', "keinen oder einen leeren"),
    ('require_kipass = true\nkipass_accounts = ["a", " "]', "keinen oder einen leeren")])
def test_kipass_accounts_is_checked_when_the_policy_loads(no_machine_policy, text, problem):
    """A list without the KI-Pass duty, or with an empty name, is an invalid policy."""
    no_machine_policy.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=problem):
        load_policy()


def test_my_data_shows_what_it_says_about_the_account(no_machine_policy):
    """„Meine Daten“ shows whether IT's list confirms this account."""
    policy = Policy(require_kipass=True, kipass_accounts=(account_name().lower(),))
    facts = dict(Record().facts(policy))
    assert facts["KI-Pass laut IT:"].startswith("bestätigt für Konto")
    assert "KI-Pass laut IT:" not in dict(Record().facts(Policy()))

def test_quiz_pass_fail_and_retry_shuffles():
    """12 questions, 80 % to pass; a retry shuffles questions and answers anew."""
    course = load_course()
    assert len(course.questions) >= 10 and course.pass_mark == 0.8 and len(course.pages) >= 6
    first = course.shuffled_quiz(random.Random(1))
    wrong_two = [q.correct for q in first]
    wrong_two[0] = (wrong_two[0] + 1) % len(first[0].options)
    wrong_two[1] = (wrong_two[1] + 1) % len(first[1].options)
    result = grade(course, first, wrong_two)
    assert result.passed is True and round(result.score, 2) == 0.83
    wrong_three = list(wrong_two)
    wrong_three[2] = (wrong_three[2] + 1) % len(first[2].options)
    failed = grade(course, first, wrong_three)
    assert not failed.passed and len(failed.wrong) == 3 and failed.wrong[0].explanation
    retry = course.shuffled_quiz(random.Random(2))
    assert [q.question for q in retry] != [q.question for q in first]
    assert any(a.options != b.options for a, b in zip(
        sorted(first, key=lambda q: q.question), sorted(retry, key=lambda q: q.question)))


def test_export_carries_the_ai_label(no_machine_policy, tmp_path):
    """Every export shows the label visibly and in the properties; policy sets the text."""
    no_machine_policy.write_text("export_label = 'KI-Entwurf, geprüft durch Bereich 4.01.'\n",
                                 encoding="utf-8")
    from werkstatt.drafting import Draft
    from werkstatt.templates import get_template

    draft = Draft(get_template("zusammenfassung"), {}, "m", text="## Titel\nText")
    label = load_policy().export_label
    path = export.write_draft(draft, draft.text, tmp_path / "o.docx", label=label)
    d = docx.Document(path)
    assert d.paragraphs[-1].text == "KI-Entwurf, geprüft durch Bereich 4.01."
    assert "KI-Entwurf" in d.core_properties.comments
    assert d.core_properties.content_status.startswith("KI-Entwurf")
    text = export.write_draft(draft, draft.text, tmp_path / "o.txt", label=label).read_text("utf-8")
    assert text.rstrip().endswith("KI-Entwurf, geprüft durch Bereich 4.01.")


def test_record_lists_everything_stored(werkstatt_home):
    """Meine Daten's facts cover the acknowledgement and the KI-Pass."""
    record = Record()
    record.record_kipass("2026-1", 0.917)
    facts = dict(record.facts())
    assert "Version" in facts["Nutzungsregeln bestätigt:"]
    assert "bestanden" in facts["KI-Pass:"]


def test_policy_feedback_dir_and_texts(no_machine_policy, tmp_path):
    """The policy's feedback directory holds one file per participant."""
    from werkstatt.feedback.entry import feedback_path

    no_machine_policy.write_text(f"feedback_dir = '{tmp_path}'\n", encoding="utf-8")
    settings = Settings()
    path = feedback_path(load_policy(), settings)
    assert path.parent == tmp_path and path.name.startswith("feedback-P-")


def test_readme_policy_example_is_valid(tmp_path):
    """The example policy for IT in the README parses and means what it says."""
    from pathlib import Path

    from werkstatt.policy import parse_policy

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("# C:\\ProgramData\\KI-Werkstatt\\policy.toml\n", 1)[1].split("```", 1)[0]
    policy = parse_policy(block, tmp_path / "policy.toml")
    assert policy.require_kipass and policy.label_clipboard
    assert policy.models_dir == "\\\\fileserver\\ki-modelle"
    assert policy.model_allowed(DEFAULT_SHA) and not policy.allow_feedback_texts


def test_settings_of_an_older_version_load(werkstatt_home):
    """Keys a former version wrote (``window_state``) are dropped, the rest is kept."""
    path = werkstatt_home / "settings.json"
    path.write_text('{"window_state": "AAAA", "last_template": "protokoll"}', encoding="utf-8")
    settings = Settings()
    assert settings.get("last_template") == "protokoll" and not settings.problem
    settings.save()
    assert "window_state" not in path.read_text(encoding="utf-8")
