"""The server-mode keys of the policy: what IT writes is taken as meant, or refused with a German
line that shows the right form and never the API key."""

from __future__ import annotations

import pytest

from werkstatt import crashlog
from werkstatt import policy as policy_module
from werkstatt.cli import main
from werkstatt.policy import PolicyError, load_policy, validate

URL = "http://127.0.0.1:8080"


@pytest.mark.parametrize("key", ["sk-geheim1234567\r\n", "sk-geheim1234567\n", "sk-geheim\x1b1234567",
                                 "\tsk-geheim1234567", "sk-geheim 1234567", "sk-geheim1234567 ",
                                 "sk-geheimä1234567", "sk-geheim\u200b1234567", "   "])
def test_an_api_key_that_cannot_be_a_header_locks_without_showing_it(key):
    """A line break pasted with the key (or a space, a control or non-ASCII character) is
    refused when the policy is read; the message names the key, not its value."""
    with pytest.raises(PolicyError, match="inference_api_key") as caught:
        validate({"inference_server": URL, "inference_api_key": key}, None, "Test")
    message = str(caught.value)
    assert "geheim" not in message and "\n" not in message and "\x1b" not in message


def test_a_key_with_a_line_break_from_the_registry_is_refused_by_the_cli(no_machine_policy, capsys):
    """The reviewer's case through ``werkstatt policy``: exit 2, one German line, no key."""
    no_machine_policy.write_text(f'inference_server = "{URL}"\n'
                                 'inference_api_key = "sk-geheim1234567\\r\\n"\n', encoding="utf-8")
    assert main(["policy"]) == 2
    err = capsys.readouterr().err
    assert "inference_api_key enthält am Ende ein Steuerzeichen" in err and "geheim" not in err
    assert len(err.strip().splitlines()) == 1
    registry = policy_module.from_registry([("inference_server", URL),
                                            ("inference_api_key", "sk-geheim1234567\r\n")])
    with pytest.raises(PolicyError, match="Steuerzeichen"):
        validate(registry, None, "Test")


def test_a_good_api_key_is_taken_and_kept_out_of_crash_reports():
    """A plain key passes; the policy hands it to the crash log's redaction."""
    key = "Stadt-Schluessel-0815"
    assert validate({"inference_server": URL, "inference_api_key": key}, None, "T").inference_api_key == key
    assert key not in crashlog.redact(f"ValueError: {key!r} passt nicht")


@pytest.mark.parametrize("written", [f"{URL}/v1", f"{URL}/v1/", f"{URL}/V1", f"{URL}/llm/v1"])
def test_the_openai_base_url_is_taken_without_v1_and_said(written, tmp_path, capsys):
    """``http://host:port/v1`` as every OpenAI client expects: accepted, ``/v1`` left off, and
    ``werkstatt policy`` says so."""
    expected = written[:written.lower().rindex("/v1")]
    assert validate({"inference_server": written}, None, "Test").inference_server == expected
    file = tmp_path / "policy.toml"
    file.write_text(f'inference_server = "{written}"\n', encoding="utf-8")
    assert main(["policy", str(file)]) == 0
    out = capsys.readouterr().out
    assert f"inference_server = '{expected}'" in out
    assert f"Hinweis: inference_server: „/v1“ am Ende weggelassen ({expected})" in out
    assert load_policy(file) == validate({"inference_server": expected}, file, "Test")


@pytest.mark.parametrize("written", [f"{URL}/v1/chat/completions", f"{URL}/v1/models"])
def test_an_endpoint_instead_of_the_server_shows_the_right_form(written):
    """The full address of an endpoint is refused with the address that is meant."""
    with pytest.raises(PolicyError, match=f"Adresse des Servers \\({URL}\\)"):
        validate({"inference_server": written}, None, "Test")


@pytest.mark.parametrize("written", [f"{URL}/\x1b[31mllm", f"{URL}/stadt\u00e4", f"{URL}/a\x00"])
def test_a_server_address_with_control_or_foreign_characters_is_refused_cleanly(written):
    """Such a path would end in an unexpected error in http.client; the message shows no control."""
    with pytest.raises(PolicyError, match="keine Server-Adresse") as caught:
        validate({"inference_server": written}, None, "Test")
    assert "\x1b" not in str(caught.value) and "\x00" not in str(caught.value)
