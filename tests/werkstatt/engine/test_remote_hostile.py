"""Server mode against a hostile or broken server: every shape it can send ends in a German
line (or a usable answer), never an unexpected error, a hang, or escape sequences in a log.

Each test runs a real HTTP server on 127.0.0.1 (``tests/inference.py``'s scripted server,
or ``Listing`` here where the model list itself is hostile)."""

from __future__ import annotations

import http.server
import json
import threading
import time
import unicodedata

import pytest

from tests.inference import ScriptedServer, piece, send_events, send_json
from werkstatt import crashlog
from werkstatt.cli import main
from werkstatt.engine import Generation
from werkstatt.engine.remote import RemoteEngine
from werkstatt.errors import ServerFailure, WerkstattError
from werkstatt.policy import Policy, validate

SHORT = Generation(temperature=0.2, max_tokens=48)
DONE = b"data: [DONE]\n\n"


def server_policy(url: str, **more: object) -> Policy:
    return validate({"inference_server": url, **more}, None, "Test")


def event(body: object) -> bytes:
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def collect(engine: RemoteEngine, params: Generation = SHORT) -> tuple[str, Exception | None]:
    out: list[str] = []
    try:
        for chunk in engine.stream("System", "Bitte zusammenfassen.", params):
            out.append(chunk)
    except WerkstattError as exc:
        return "".join(out), exc
    return "".join(out), None


@pytest.fixture
def scripted():
    servers: list = []

    def start(chat, **kwargs):
        servers.append(ScriptedServer(chat, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


class Listing:
    """A server whose model list (``GET /v1/models``) is what the test says."""

    def __init__(self, listing: bytes) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                self.send_response(200 if self.path == "/v1/models" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(listing)))
                self.end_headers()
                self.wfile.write(listing)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


HOSTILE_EVENTS = {
    "choices a number": [event({"choices": 5})],
    "choices true": [event({"choices": True})],
    "choices an object": [event({"choices": {"0": {"delta": {"content": "x"}}}})],
    "choices of numbers": [event({"choices": [1, 2]})],
    "delta a text": [event({"choices": [{"delta": "Die Stadt"}]})],
    "content a number": [event({"choices": [{"delta": {"content": 5}}]})],
    "content a list": [event({"choices": [{"delta": {"content": ["Die", "Stadt"]}}]})],
    "finish reason an object": [event({"choices": [{"delta": {}, "finish_reason": {"a": 1}}]})],
    "the event a list": [b"data: [1, 2]\n\n"],
    "bytes that are no UTF-8": [b'data: {"choices": [{"delta": {"content": "\xff\xfe"}}]}\n\n'],
    "nested beyond the parser": [b"data: " + b"[" * 200_000 + b"\n\n"],
    "a line of 2 MB": [b"data: " + b"x" * (2 << 20) + b"\n\n"],
}


@pytest.mark.parametrize("events", HOSTILE_EVENTS.values(), ids=HOSTILE_EVENTS.keys())
def test_a_hostile_stream_is_one_german_sentence(scripted, events):
    """Whatever shape the events have, the result is a ServerFailure, not a TypeError."""
    server = scripted(lambda h: send_events(h, [piece("Erster"), *events, piece("", "stop"), DONE]))
    text, failure = collect(RemoteEngine(server_policy(server.url)))
    assert isinstance(failure, ServerFailure), failure
    assert "unverständliche Antwort" in str(failure) and text in ("", "Erster")


@pytest.mark.parametrize("reply", [{"choices": 5}, {"choices": []}, [1], {"choices": [{"message": "x"}]},
                                   {"choices": [{"message": {"content": 5}}]}])
def test_a_hostile_reply_without_streaming_is_one_german_sentence(scripted, reply):
    """A server that ignores "stream" and sends one JSON reply of the wrong shape."""
    server = scripted(lambda h: send_json(h, reply))
    _, failure = collect(RemoteEngine(server_policy(server.url)))
    assert isinstance(failure, ServerFailure) and "unverständliche Antwort" in str(failure)


def test_a_reply_without_streaming_is_taken_as_the_answer(scripted):
    """A server that ignores "stream" but answers as the API says: its answer is the draft."""
    reply = {"choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": "Die Stadt baut eine Schule."}}],
             "usage": {"prompt_tokens": 20, "completion_tokens": 7}}
    server = scripted(lambda h: send_json(h, reply))
    engine = RemoteEngine(server_policy(server.url))
    assert collect(engine) == ("Die Stadt baut eine Schule.", None)
    assert engine.stats.finish_reason == "stop" and engine.stats.completion_tokens == 7


@pytest.mark.parametrize("status", [200, 500])
def test_a_broken_chunked_encoding_is_one_german_sentence(scripted, status):
    """A chunk size that is no number, in the stream or in an error's body: a broken
    connection, said in German."""
    def chat(handler):
        handler.close_connection = True
        handler.wfile.write(f"HTTP/1.1 {status} X\r\nContent-Type: text/event-stream\r\n".encode()
                            + b"Transfer-Encoding: chunked\r\n\r\nzz\r\ndata: x\r\n")

    server = scripted(chat)
    _, failure = collect(RemoteEngine(server_policy(server.url)))
    assert isinstance(failure, ServerFailure) and "abgebrochen" in str(failure)


def test_odd_counts_are_left_aside(scripted):
    """usage as a text, counts as flags or texts: the answer stands, counted per piece."""
    events = [piece("Die"), piece(" Stadt"), piece("", "stop"),
              event({"choices": [], "usage": "viele"}),
              event({"choices": [], "usage": {"completion_tokens": True, "prompt_tokens": "3"}}), DONE]
    server = scripted(lambda h: send_events(h, events))
    engine = RemoteEngine(server_policy(server.url))
    assert collect(engine) == ("Die Stadt", None)
    assert engine.stats.completion_tokens == 2 and engine.stats.prompt_tokens > 3


def endless(first: list[bytes], each: bytes):
    yield from first
    while True:
        yield each


def test_an_endless_stream_without_text_is_cut(scripted):
    """Keep-alive comments and empty deltas for ever: a German line within seconds, no hang."""
    server = scripted(lambda h: send_events(h, endless([piece("Anfang")], b": ping\n\n" + piece(""))))
    started = time.monotonic()
    text, failure = collect(RemoteEngine(server_policy(server.url)))
    assert isinstance(failure, ServerFailure) and "sendet ohne Ende" in str(failure)
    assert text == "Anfang" and time.monotonic() - started < 10


def test_an_endless_stream_after_the_finish_reason_ends_the_answer(scripted):
    """Events for ever after the finish reason, no [DONE]: the answer is complete."""
    server = scripted(lambda h: send_events(h, endless(
        [piece("Die"), piece(" Stadt"), piece("", "stop")], event({"choices": []}))))
    engine = RemoteEngine(server_policy(server.url))
    started = time.monotonic()
    assert collect(engine) == ("Die Stadt", None)
    assert engine.stats.finish_reason == "stop" and time.monotonic() - started < 10


def test_pieces_of_megabytes_are_cut_as_too_long(scripted):
    """Each event within the line limit, but far more text than the answer may have."""
    server = scripted(lambda h: send_events(h, endless([], piece("x" * 500_000))))
    engine = RemoteEngine(server_policy(server.url))
    text, failure = collect(engine)
    assert engine.stats.finish_reason == "length"
    assert failure is None and len(text) == 500_000


def test_control_characters_stay_out_of_the_draft_and_the_messages(scripted):
    """Escape sequences, carriage returns, bells, C1 controls and lone surrogates from the
    server: the draft keeps its text, line breaks and tabs only; the finish reason is clean."""
    said = ["Die\x1b[2J Stadt", "\r\n baut\t", "\x07eine\x9b31m", " Schule\ud800.", "\x00\x7f"]
    events = [piece(s) for s in said] + [
        event({"choices": [{"delta": {}, "finish_reason": "\x1b]0;Titel\x07stop"}]}), DONE]
    server = scripted(lambda h: send_events(h, events))
    engine = RemoteEngine(server_policy(server.url))
    text, failure = collect(engine)
    assert failure is None and text == "Die[2J Stadt\n baut\teine31m Schule\ufffd."
    assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"]
    assert engine.stats.finish_reason == "stop"


def test_a_hostile_error_text_loses_its_escape_sequences(scripted):
    """The server's own words in a message keep no trace of a terminal escape sequence."""
    noise = "\x1b]0;Übernommen\x07\x1b[31mAchtung\x1b[0m\r\nfalsch\x9b2J"
    server = scripted(lambda h: send_json(h, {"error": {"message": noise}}, 500))
    _, failure = collect(RemoteEngine(server_policy(server.url)))
    assert str(failure).endswith("Der Server meldet: „Achtung falsch“")


@pytest.mark.parametrize("listing", [
    b'{"data": 5}', b'{"data": "stadt-modell"}', b'{"data": [{"id": 5}]}', b"[1, 2]",
    b'{"data": [{"id": "Modell\\u001b[31m"}]}', b'{"data": [{"id": "' + b"m" * 300 + b'"}]}',
    b"\xff\xfe\x00", b"[" * 200_000,
])
def test_a_hostile_model_list_is_one_german_sentence(listing):
    """The model list's shape is checked too: no model to ask for is a garbled answer."""
    server = Listing(listing)
    try:
        with pytest.raises(ServerFailure, match="unverständliche Antwort"):
            RemoteEngine(server_policy(server.url)).load()
    finally:
        server.stop()


@pytest.mark.parametrize("length", [True, "32768", -1, 10**30])
def test_a_context_length_that_is_none_is_not_taken(scripted, length):
    """vLLM's max_model_len as a flag, a text or nonsense: the default context, not one token."""
    engine = RemoteEngine(server_policy(scripted(lambda h: None).url))
    engine._learn({"id": "stadt-modell", "max_model_len": length})
    assert engine.kind == "vllm" and engine.n_ctx == 4096


def test_the_cli_says_a_garbled_answer_in_one_line_and_writes_no_crash_log(
        scripted, no_machine_policy, data, capsys):
    """``"choices": 5`` from the server: exit 3 with the German line, not exit 1 and a log."""
    server = scripted(lambda h: send_events(h, [event({"choices": 5}), DONE]))
    no_machine_policy.write_text(f'inference_server = "{server.url}"\n', encoding="utf-8")
    assert main(["run", "einfache-sprache", "-i", str(data / "beschlussvorlage.txt")]) == 3
    err = capsys.readouterr().err
    assert "unverständliche Antwort" in err and "Unerwarteter Fehler" not in err
    assert not list(crashlog.log_dir().glob("fehler-*.log"))


def test_doctor_shows_no_escape_sequence_from_the_server(scripted, no_machine_policy, capsys):
    """The self-test's answer is printed to the terminal: no escape sequence goes with it."""
    server = scripted(lambda h: send_events(h, [piece("\x1b[2J\x1b]0;x\x07Hallo"), piece("", "stop"), DONE]))
    no_machine_policy.write_text(f'inference_server = "{server.url}"\n', encoding="utf-8")
    main(["doctor"])
    out = capsys.readouterr().out
    assert "Hallo" in out and "\x1b" not in out and "\x07" not in out


def test_an_api_key_that_skipped_the_policy_check_is_refused_unshown():
    """A key with a line break (a policy built in code, a Windows credential) never reaches
    http.client, whose error would print the whole header."""
    policy = Policy(inference_server="http://127.0.0.1:9", inference_api_key="sk-geheim1234567\r\n")
    with pytest.raises(WerkstattError, match="inference_api_key") as caught:
        RemoteEngine(policy).load()
    assert "geheim" not in str(caught.value) and "Steuerzeichen" in str(caught.value)


def test_a_windows_credential_with_a_line_break_is_refused_unshown(monkeypatch):
    """The key read from a generic credential is checked as the policy's is."""
    from werkstatt.engine import connection

    monkeypatch.setattr(connection, "read_credential", lambda name: "sk-geheim1234567\r\n")
    policy = Policy(inference_server="http://127.0.0.1:9", inference_api_credential="KI-Server")
    with pytest.raises(WerkstattError, match="Steuerzeichen") as caught:
        RemoteEngine(policy).load()
    assert "geheim" not in str(caught.value)
    assert connection.credential_key("sk-geheim1234567".encode("utf-16-le"), "KI") == "sk-geheim1234567"
    for blob in (b"sk-geheim1234567\r\n", "sk-geheim\x00".encode("utf-16-le"), b"\xff\xfe\xfd"):
        with pytest.raises(WerkstattError, match="Anmeldeinformation „KI“") as caught:
            connection.credential_key(blob, "KI")
        assert "geheim" not in str(caught.value)


def test_the_openai_base_url_reaches_the_server(scripted):
    """inference_server written as OpenAI clients take it (…/v1): the requests still go to /v1/…."""
    server = scripted(lambda h: send_events(h, [piece("Ja"), piece("", "stop"), DONE]))
    engine = RemoteEngine(server_policy(server.url + "/v1/"))
    assert collect(engine) == ("Ja", None)
    assert [path for _, path, _ in server.requests][:1] == ["/v1/models"]
