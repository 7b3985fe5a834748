"""Server mode: the city's inference server as the engine, chosen only by IT's policy.

Without the model: a scripted server answers what a broken or hostile one would. With the
model: llama-cpp-python's own OpenAI-compatible server on 127.0.0.1 (``tests/inference.py``)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import docx
import pytest

from tests.inference import TLS, LlamaServer, ScriptedServer, free_port, piece, send_events, send_json
from werkstatt import policy as policy_module
from werkstatt.cli import main
from werkstatt.engine import EngineProcess, Generation, server_engine
from werkstatt.engine.connection import server_label
from werkstatt.engine.echo import RepeatedBeginning
from werkstatt.engine.remote import CHARS_PER_TOKEN, RemoteEngine
from werkstatt.errors import ServerFailure, WerkstattError
from werkstatt.policy import Policy, PolicyError, load_policy, validate
from werkstatt.progress import CancelToken
from werkstatt.settings import Settings

SHA = "ab" * 32
SHORT = Generation(temperature=0.2, max_tokens=48)


def server_policy(url: str, **more: object) -> Policy:
    return validate({"inference_server": url, **more}, None, "Test")


def write_policy(path: Path, url: str, extra: str = "") -> None:
    path.write_text(f'inference_server = "{url}"\n{extra}', encoding="utf-8")


def answer(text: str) -> list[bytes]:
    words = text.split(" ")
    return ([piece(w if i == 0 else " " + w) for i, w in enumerate(words)]
            + [piece("", "stop"), b"data: [DONE]\n\n"])


# --- the policy decides, nobody else -------------------------------------------------
def test_without_inference_server_the_model_on_this_pc_answers(no_machine_policy):
    from werkstatt.engine import make_engine as _engine

    assert server_engine(Policy()) is None
    engine = _engine(load_policy(), Settings(), "", None)
    assert isinstance(engine, EngineProcess) and engine.server == ""


def test_one_policy_key_switches_to_the_server_and_back(no_machine_policy):
    from werkstatt.engine import make_engine as _engine

    write_policy(no_machine_policy, "http://127.0.0.1:9")
    engine = _engine(load_policy(), Settings(), "", None)
    assert isinstance(engine, RemoteEngine) and engine.server == "127.0.0.1:9"
    no_machine_policy.write_text("", encoding="utf-8")
    assert isinstance(_engine(load_policy(), Settings(), "", None), EngineProcess)


def test_no_user_setting_or_variable_redirects_while_a_machine_policy_exists(
        tmp_path, monkeypatch, no_machine_policy):
    machine = tmp_path / "machine.toml"
    monkeypatch.setattr(policy_module, "machine_file", lambda: machine)
    write_policy(machine, "https://ki.luebeck.de:8443")
    write_policy(no_machine_policy, "http://evil.example:80")  # WERKSTATT_POLICY points here
    settings = Settings()  # a hand-edited settings file naming a server is read without it
    settings.path.parent.mkdir(parents=True, exist_ok=True)
    settings.path.write_text('{"inference_server": "http://evil.example"}', encoding="utf-8")
    settings.load()
    for name in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.setenv(name, "http://evil.example:3128")
    policy = load_policy()
    assert policy.inference_server == "https://ki.luebeck.de:8443"
    engine = server_engine(policy)
    assert engine is not None and engine.server == "ki.luebeck.de:8443"
    assert (engine._server.host, engine._server.port) == ("ki.luebeck.de", 8443)
    # a machine policy without a server: the PC's model, whatever the variable's file says
    machine.write_text("contact = 'IT'\n", encoding="utf-8")
    assert load_policy().inference_server is None and server_engine(load_policy()) is None


@pytest.mark.parametrize("url", ["ftp://ki", "http://nutzer:pw@ki.luebeck.de", "ki.luebeck.de",
                                 "https://ki.luebeck.de/?x=1", "https://ki luebeck.de"])
def test_a_server_address_that_is_not_one_locks_the_app(url):
    with pytest.raises(PolicyError, match="keine Server-Adresse"):
        server_policy(url)


def test_server_keys_are_checked():
    policy = server_policy("HTTPS://KI.luebeck.de/llm/", inference_models=[
        f"qwen2.5-7b | Qwen2.5 7B | {SHA}", "eurollm-9b"], allow_local_fallback=True)
    assert policy.inference_server == "HTTPS://KI.luebeck.de/llm"
    assert [(m.name, m.label, m.sha256) for m in policy.inference_models] == [
        ("qwen2.5-7b", "Qwen2.5 7B", SHA), ("eurollm-9b", "eurollm-9b", "")]
    with pytest.raises(PolicyError, match="keine SHA-256"):
        server_policy("http://ki", inference_models=["m | M | 1234"])
    with pytest.raises(PolicyError, match="nur zusammen mit inference_server"):
        validate({"allow_local_fallback": True}, None, "Test")
    registry = policy_module.from_registry([("inference_server", "http://ki:8080"),
                                            ("inference_models", ["a | A", "b"]),
                                            ("allow_local_fallback", 1)])
    assert [m.name for m in validate(registry, None, "Test").inference_models] == ["a", "b"]
    assert server_label("https://ki.luebeck.de:443/llm") == "ki.luebeck.de"


def test_werkstatt_policy_shows_the_server_but_not_the_key(tmp_path, capsys):
    file = tmp_path / "policy.toml"
    write_policy(file, "https://ki.luebeck.de", f'inference_models = ["q | Q7 | {SHA}"]\n'
                 'inference_api_key = "geheim-123"\n')
    assert main(["policy", str(file)]) == 0
    out = capsys.readouterr().out
    assert "inference_server = 'https://ki.luebeck.de'" in out
    assert f"inference_models = ('q | Q7 | {SHA}',)" in out and "geheim" not in out


def test_only_listed_models_may_be_asked_for():
    policy = server_policy("http://127.0.0.1:9", inference_models=["a", "b"])
    assert RemoteEngine(policy, "b").entry.id == "b"
    with pytest.raises(WerkstattError, match="nur diese Modelle"):
        RemoteEngine(policy, "c")


def test_the_local_model_only_where_the_policy_allows_it():
    with pytest.raises(WerkstattError, match="allow_local_fallback"):
        server_engine(server_policy("http://127.0.0.1:9"), local=True)
    assert server_engine(server_policy("http://127.0.0.1:9", allow_local_fallback=True),
                         local=True) is None


# --- what a broken or hostile server does ---------------------------------------------
@pytest.fixture
def scripted():
    servers: list[ScriptedServer] = []

    def start(chat, **kwargs) -> ScriptedServer:
        servers.append(ScriptedServer(chat, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def collect(engine: RemoteEngine, params: Generation = SHORT, **kwargs) -> tuple[str, Exception | None]:
    out = []
    try:
        for chunk in engine.stream("System", "Bitte zusammenfassen.", params, **kwargs):
            out.append(chunk)
    except WerkstattError as exc:
        return "".join(out), exc
    return "".join(out), None


def test_a_streamed_answer_with_estimated_counts(scripted):
    server = scripted(lambda h: send_events(h, answer("Die Stadt baut eine Schule.")))
    engine = RemoteEngine(server_policy(server.url, inference_models=[f"stadt-modell | Stadtmodell | {SHA}"]))
    text, failure = collect(engine, answer_prefix="- ")
    assert failure is None and text == "- Die Stadt baut eine Schule."
    assert engine.estimated and "geschätzt" in engine.notice
    assert engine.stats.completion_tokens == 5 and engine.stats.finish_reason == "stop"
    assert engine.stats.params["token_counts"] == "geschätzt"
    body = server.requests[-1][2]
    assert body["model"] == "stadt-modell" and body["stream"] is True
    assert "cache_prompt" not in body  # an unknown server gets only the OpenAI fields
    last = body["messages"][-1]
    assert last["role"] == "user" and "Beginne deine Antwort" in last["content"]
    assert engine.entry.sha256 == SHA and engine.entry.name == "Stadtmodell"


@pytest.mark.parametrize("status, says", [
    (500, "meldet einen Fehler (HTTP 500)"), (401, "Anmeldung abgelehnt"),
    (503, "ausgelastet"), (400, "abgelehnt (HTTP 400). Der Server meldet: „zu lang“"),
])
def test_http_errors_become_one_german_sentence(scripted, status, says):
    server = scripted(lambda h: send_json(h, {"error": {"message": "zu lang"}}, status))
    text, failure = collect(RemoteEngine(server_policy(server.url)))
    assert isinstance(failure, ServerFailure) and says in str(failure) and text == ""


def test_a_redirect_is_not_followed(scripted):
    other = scripted(lambda h: send_events(h, answer("woanders")))

    def redirect(handler):
        handler.send_response(307)
        handler.send_header("Location", other.url + "/v1/chat/completions")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server = scripted(redirect)
    _, failure = collect(RemoteEngine(server_policy(server.url)))
    assert "leitet an eine andere Adresse weiter" in str(failure)
    assert other.requests == []


def test_a_stream_cut_mid_answer_keeps_the_text_and_offers_the_pc(scripted):
    server = scripted(lambda h: send_events(h, [piece("Erster"), piece(" Teil")]))
    engine = RemoteEngine(server_policy(server.url, allow_local_fallback=True))
    text, failure = collect(engine)
    assert text == "Erster Teil"
    assert isinstance(failure, ServerFailure) and failure.fallback
    assert "während der Antwort abgebrochen" in str(failure)
    assert "Modell auf diesem PC weitermachen" in str(failure)


@pytest.mark.parametrize("events", [
    [b"data: {kaputt\n\n"],
    [b"data: " + b"x" * (2 << 20) + b"\n\n"],
    [b'data: {"choices": ["keine Auswahl"]}\n\n'],
])
def test_garbled_answers_are_refused(scripted, events):
    server = scripted(lambda h: send_events(h, events))
    _, failure = collect(RemoteEngine(server_policy(server.url)))
    assert "unverständliche Antwort" in str(failure)


def test_an_endless_answer_is_cut_at_the_template_limit(scripted):
    server = scripted(lambda h: send_events(h, [piece(f" Wort{i}") for i in range(500)]))
    text, failure = collect(RemoteEngine(server_policy(server.url)))  # max_tokens 48
    assert failure is None and text.count("Wort") == 48 + 16


def test_cancel_while_the_server_still_reads_the_input(scripted):
    """A server that sends nothing until its first token: a cancel still ends at once."""
    server = scripted(lambda h: (time.sleep(3), send_events(h, answer("zu spät"))))
    engine, cancel = RemoteEngine(server_policy(server.url)), CancelToken()
    engine.load()
    threading.Timer(0.5, cancel.cancel).start()
    started = time.monotonic()
    text, failure = collect(engine, cancel=cancel)
    assert failure is None and text == "" and engine.stats.cancelled
    assert time.monotonic() - started < 1.5


def test_a_hostile_error_text_is_shortened_and_cleaned(scripted):
    noise = "\x1b[31mAchtung\r\n" + "A" * 5000
    server = scripted(lambda h: send_json(h, {"error": {"message": noise}}, 500))
    _, failure = collect(RemoteEngine(server_policy(server.url)))
    message = str(failure)
    assert "\x1b" not in message and "\n" not in message and len(message) < 400


def test_unreachable_server_and_unknown_model(scripted):
    engine = RemoteEngine(server_policy(f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(ServerFailure, match="nicht erreichbar"):
        engine.load()
    server = scripted(lambda h: send_events(h, answer("x")))
    with pytest.raises(ServerFailure, match="bietet das Modell „anderes“ nicht an"):
        RemoteEngine(server_policy(server.url, inference_models=["anderes"])).load()


def test_a_missing_city_certificate_is_said(tmp_path):
    with pytest.raises(WerkstattError, match="inference_ca_bundle"):
        RemoteEngine(server_policy("https://ki.luebeck.de",
                                   inference_ca_bundle=str(tmp_path / "fehlt.pem")))


def test_https_trusts_the_citys_certificate_only(scripted):
    server = scripted(lambda h: send_events(h, answer("Die Stadt baut eine Schule.")), tls=True)
    city = server_policy(server.url, inference_ca_bundle=str(TLS / "city-ca.pem"))
    assert collect(RemoteEngine(city)) == ("Die Stadt baut eine Schule.", None)
    answered = len(server.requests)
    for bundle in ({"inference_ca_bundle": str(TLS / "other-ca.pem")}, {}):  # another CA; the PC's
        with pytest.raises(ServerFailure, match="Zertifikat des KI-Servers .* nicht vertrauenswürdig"):
            RemoteEngine(server_policy(server.url, **bundle)).load()
    assert len(server.requests) == answered  # not one request was sent without the city's CA


def test_the_api_key_is_sent_and_never_shown(scripted):
    seen = []

    def chat(handler):
        seen.append(handler.headers.get("Authorization"))
        send_json(handler, {"error": {"message": "nein"}}, 401)

    server = scripted(chat)
    _, failure = collect(RemoteEngine(server_policy(server.url, inference_api_key="geheim-123")))
    assert seen == ["Bearer geheim-123"] and "geheim" not in str(failure)


@pytest.mark.parametrize("prefix, model_says, shown", [
    ("- ", "- Punkt eins", "- Punkt eins"),
    ("- ", "Punkt eins", "- Punkt eins"),
    ("Beschlusspunkte:\n1. ", "Beschlusspunkte:\n1. Der Rat", "Beschlusspunkte:\n1. Der Rat"),
    ("Sehr geehrte Frau Ute,\n\n", "Sehr", "Sehr geehrte Frau Ute,\n\nSehr"),
    ("- Sie", "Sie können kommen.", "- Sie können kommen."),  # seen in the window
    ("- Sie", "- Sie können", "- Sie können"),
    ("- Sie", "Siedlung", "- SieSiedlung"),  # not a word of the beginning: left alone
    ("Vielen Dank für Ihre E-Mail. ", "Ihre E-Mail. Wir", "Vielen Dank für Ihre E-Mail. Wir"),
])
def test_a_repeated_beginning_is_taken_out(prefix, model_says, shown):
    echo = RepeatedBeginning(prefix)
    out = prefix + "".join(echo.strip(c) for c in model_says) + echo.flush()
    assert out == shown


def test_doctor_checks_the_server_in_server_mode(scripted, no_machine_policy, capsys):
    server = scripted(lambda h: send_events(h, answer("Hallo aus dem Rechenzentrum.")))
    write_policy(no_machine_policy, server.url)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    where = server.url.removeprefix("http://")
    assert f"{where} (Servermodus: Eingaben gehen an diesen Server" in out
    assert "Hallo aus dem Rechenzentrum" in out and "Modell" in out


# --- with llama-cpp-python's own server and the default model ---------------------------
@pytest.fixture(scope="module")
def llama(tmp_path_factory):
    server = LlamaServer(tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.stop()


CONNECTS = textwrap.dedent("""
    import json, socket, sys
    log = []
    def hook(event, args):
        if event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
            log.append(["connect", list(args[1][:2])])
        elif event == "subprocess.Popen":
            log.append(["process", str(args[1])])
    sys.addaudithook(hook)
    from werkstatt.cli import main
    code = main(sys.argv[2:])
    open(sys.argv[1], "w").write(json.dumps(log))
    sys.exit(code)
""")


@pytest.mark.model
def test_cli_template_run_on_the_server_contacts_only_that_host(llama, tmp_path, data,
                                                                no_machine_policy):
    """A template through the CLI in server mode: the draft comes from the server, the .docx is
    written, and every network connection the process opens (audit hook on socket.connect) goes
    to the configured host and port; no engine process is started (the document reader is)."""
    write_policy(no_machine_policy, llama.url)
    out, log = tmp_path / "zusammenfassung.docx", tmp_path / "connects.json"
    result = subprocess.run(
        [sys.executable, "-c", CONNECTS, str(log), "run", "zusammenfassung", "-s", "laenge=kurz",
         "-i", str(data / "beschlussvorlage.txt"), "-o", str(out)],
        capture_output=True, text=True, timeout=600, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert f"Der Text geht an den KI-Server 127.0.0.1:{llama.port}" in result.stderr
    assert f"auf dem KI-Server 127.0.0.1:{llama.port}" in result.stderr
    assert "Worum geht es?" in "\n".join(p.text for p in docx.Document(out).paragraphs)
    events = json.loads(log.read_text())
    assert events and {tuple(e[1]) for e in events if e[0] == "connect"} == {("127.0.0.1", llama.port)}
    assert not [e for e in events if e[0] == "process" and "engine.worker" in e[1]]


@pytest.mark.model
def test_the_estimate_never_counts_fewer_tokens_than_the_model(engine):
    """Where the server counts no tokens, the context check must not let too much through."""
    papers = sorted((Path(__file__).parents[3] / "benchmarks" / "evalset").glob("*.txt"))
    assert len(papers) >= 8
    for paper in papers:
        text = paper.read_text(encoding="utf-8")
        assert math.ceil(len(text) / CHARS_PER_TOKEN) >= engine.count_tokens(text), paper.name


@pytest.mark.model
def test_cancel_closes_the_stream_within_a_second(llama):
    engine = RemoteEngine(server_policy(llama.url))
    cancel = CancelToken()
    got, timing = [], {}

    def reader():
        for chunk in engine.stream("Du schreibst lange Texte.", "Schreibe einen langen Bericht "
                                   "über die Geschichte der Hansestadt Lübeck.",
                                   Generation(temperature=0.7, max_tokens=600), cancel=cancel):
            got.append(chunk)
            if len(got) == 8:
                timing["cancel"] = time.monotonic()
                threading.Thread(target=cancel.cancel).start()
        timing["ended"] = time.monotonic()

    thread = threading.Thread(target=reader)
    thread.start()
    thread.join(120)
    assert len(got) >= 8 and engine.stats.cancelled and engine.stats.finish_reason == "cancelled"
    assert timing["ended"] - timing["cancel"] < 1.0
    text, failure = collect(engine)  # the server is free for the next request
    assert failure is None and text.strip()


@pytest.mark.model
def test_server_killed_mid_stream_keeps_the_draft_and_offers_the_pc(tmp_path, data,
                                                                    no_machine_policy):
    """The CLI streams a draft; the server dies: the text so far is on stdout, one German line
    says what happened and how to go on with the PC's model (exit 3)."""
    server = LlamaServer(tmp_path / "server.log")
    write_policy(no_machine_policy, server.url, "allow_local_fallback = true\n")
    try:
        cli = subprocess.Popen(
            [sys.executable, "-m", "werkstatt.cli", "run", "einfache-sprache",
             "-i", str(data / "beschlussvorlage.txt")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
        assert cli.stdout is not None
        received = cli.stdout.read(40)  # the draft is streaming
        server.kill()
        rest, errors = cli.communicate(timeout=60)
    finally:
        server.stop()
    assert cli.returncode == 3, errors
    assert len((received + rest).strip()) >= 40
    assert "Fehler: Die Verbindung zum KI-Server" in errors and "abgebrochen" in errors
    assert "dasselbe Kommando mit --local" in errors and "Traceback" not in errors
