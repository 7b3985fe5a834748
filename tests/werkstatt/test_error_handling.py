"""No traceback ever: one German line, the details in a log the user can see, data kept."""

from __future__ import annotations

import json

import pytest

from werkstatt import crashlog
from werkstatt.cli import main
from werkstatt.errors import WerkstattError
from werkstatt.feedback import report as report_module
from werkstatt.governance import Record, check_may_generate, kipass_valid
from werkstatt.kipass import load_course
from werkstatt.policy import Policy


def test_an_unforeseen_error_in_the_cli_is_one_line_and_a_log(monkeypatch, capsys):
    def boom(*_a, **_k):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("werkstatt.cli.load_templates", boom)
    assert main(["templates"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("Fehler: Unerwarteter Fehler (RuntimeError)")
    (log,) = crashlog.log_dir().glob("fehler-*.log")
    assert str(log) in err and "RuntimeError: kaputt" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [
    '{"rules": "ja", "kipass": [1, 2]}', '[]', '"text"', '{"kipass": {"score": "viel"}}',
    '{"rules": {"version": 5, "date": null}}', "{kaputt", "ÿþ{",
])
def test_a_damaged_governance_record_is_kept_aside_and_named(werkstatt_home, content):
    path = werkstatt_home / "governance.json"
    path.write_text(content, encoding="utf-8")
    record = Record()
    assert record.problem and "beschädigt" in record.problem
    assert record.facts()  # „Meine Daten“ renders
    assert list(werkstatt_home.glob("governance-beschädigt-*.json"))


def test_the_readable_part_of_a_record_survives(werkstatt_home, capsys):
    """Kept in a fresh governance.json (valid at the next start too); the CLI says what
    happened once, on stderr."""
    path = werkstatt_home / "governance.json"
    good = {"version": "2026-1", "date": "2026-11-25"}
    path.write_text(json.dumps({"rules": good, "kipass": "gefälscht"}), encoding="utf-8")
    assert main(["rules", "show"]) == 0
    assert "Hinweis: Ihre Bestätigungen (governance.json) waren beschädigt" in capsys.readouterr().err
    again = Record()
    assert again.data == {"rules": good} and not again.problem


@pytest.mark.parametrize("score, version, ok", [
    (0.9, None, True), (0.5, None, False), (1.7, None, False), (0.95, "2020-1", False)])
def test_the_kipass_gate_checks_pass_mark_and_content_version(werkstatt_home, score, version, ok):
    course = load_course()
    record = Record()
    record.record_kipass(version or course.version, score)
    assert kipass_valid(Record())[0] is ok
    policy = Policy(require_kipass=True)
    if ok:
        check_may_generate(policy, Record())
    else:
        with pytest.raises(WerkstattError, match="KI-Pass"):
            check_may_generate(policy, Record())


def test_a_hostile_department_name_is_no_formula_in_the_csv():
    assert report_module._cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert report_module._cell("Bereich Schule") == "Bereich Schule" and report_module._cell(3) == 3


SECRETS = {  # what the exception says -> what must not reach the log
    "https://nutzer:Rats-Pass-2026@ris.luebeck.de/oparl/v1": "Rats-Pass-2026",
    "Invalid header value b'Bearer sk-proj-abcdefgh12345678\\r\\n'": "abcdefgh12345678",
    "{'Authorization': 'Basic bnV0emVyOnBhc3M=', 'Accept': '*/*'}": "bnV0emVyOnBhc3M",
    "GET /daten?api_key=Q7Wz9xYk&seite=2": "Q7Wz9xYk",
    "inference_api_key = 'Stadt-KI-Schluessel'": "Stadt-KI-Schluessel",
    "password=Hunter2Hunter2;": "Hunter2Hunter2",
}


@pytest.mark.parametrize("said, secret", SECRETS.items(), ids=range(len(SECRETS)))
def test_no_credential_reaches_the_crash_log(monkeypatch, capsys, said, secret):
    """Users pass the logs to IT: passwords in URLs, Bearer/Basic values, key=… and password=…
    are taken out of the message and of a chained cause, the rest stays readable."""
    def boom(*_a, **_k):
        try:
            raise OSError(f"Ursache: {said}")
        except OSError as cause:
            raise RuntimeError(f"kaputt bei {said}") from cause

    monkeypatch.setattr("werkstatt.cli.load_templates", boom)
    assert main(["templates"]) == 1
    assert secret not in capsys.readouterr().err
    (log,) = crashlog.log_dir().glob("fehler-*.log")
    text = log.read_text(encoding="utf-8")
    assert secret not in text and "***" in text
    assert "RuntimeError: kaputt bei" in text and "OSError: Ursache" in text


def test_the_policys_api_key_never_reaches_a_crash_report(no_machine_policy):
    """The key IT set is known to the crash log: as is, escaped, or percent-encoded, it is
    taken out wherever an exception echoes it (message, notes, cause)."""
    from werkstatt.policy import load_policy

    key = "Lb-Schluessel+2026/KI"
    no_machine_policy.write_text(f'inference_server = "http://ki:8080"\ninference_api_key = "{key}"\n',
                                 encoding="utf-8")
    load_policy()
    try:
        raise ValueError(f"Header {key!r} / {key.encode()!r} / Lb-Schluessel%2B2026%2FKI")
    except ValueError as exc:
        exc.add_note(f"mit {key}")
        report = crashlog.details(exc)
    assert "Schluessel" not in report and "ValueError: Header '***' / b'***' / ***" in report
