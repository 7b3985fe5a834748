"""Server mode: the city's own inference server as the engine (policy ``inference_server``).

``RemoteEngine`` implements the engine contract (``contract.py``) over the OpenAI-compatible
chat-completions API that llama.cpp's ``llama-server``, vLLM and llama-cpp-python's server
offer, the answer streamed as server-sent events. Only IT's machine policy chooses the
server; the engine reaches it through ``ServerConnection`` (``connection.py``): that one
host and port and nowhere else, no redirect, no proxy from the environment.

What each kind of server offers is asked once at ``load``:
- token counts: llama.cpp ``POST /tokenize``, vLLM ``POST /tokenize`` (with the chat
  template), llama-cpp-python ``POST /extras/tokenize/count``; where none answers, counts are
  estimated from the length and ``notice`` says so;
- the context length: llama.cpp ``GET /props``, vLLM's ``max_model_len``;
- the answer's beginning (``answer_prefix``): vLLM continues a final assistant message,
  llama.cpp prefills it; other servers are asked in the instruction, and a beginning the
  model repeats is taken out;
- the server's prompt cache: ``cache_prompt`` for llama.cpp (vLLM caches prefixes itself).

A cancel shuts the connection down from the cancelling thread: the stream ends at once and
the server stops generating. Every failure (unreachable, refused, 4xx/5xx, timeout, a stream
cut mid-answer, an answer that is not what the API promises) is one ``ServerFailure`` with a
German sentence; the text streamed so far has already reached the caller. The answer itself
is read, checked and bounded in ``answer.py``.

This module is imported only in server mode: without a server the app loads no HTTP or TLS
code (``tests/werkstatt/test_isolation.py``).
"""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from ..catalog import ModelEntry
from ..errors import ServerFailure, WerkstattError
from ..policy import Policy, ServerModel
from ..progress import CancelToken, Progress, no_progress
from .answer import read_answer
from .connection import ServerConnection, printable
from .contract import Generation, Stats, fit_answer
from .echo import ECHO_LIMIT, RepeatedBeginning
from .local import RepetitionGuard
from .markers import neutralise

# The estimate where the server counts no tokens; it must err towards more tokens. The
# default model's tokenizer reads 2.73-3.53 characters per token in German council papers
# and the tests' texts (3.16 overall); models trained on more German read more per token.
CHARS_PER_TOKEN = 2.5
TEMPLATE_TOKENS = 16  # chat markup around system and user text, where counted without it
DEFAULT_CONTEXT = 4096  # where neither the server nor the policy says
MAX_NAME = 256  # a model name the server offers, at most (longer ones are not offered)


class RemoteEngine:
    """The model on the inference server. Use it from one thread at a time (``cancel`` tokens
    may be set from any thread)."""

    def __init__(self, policy: Policy, model: str = "", context_tokens: int | None = None) -> None:
        self._server = ServerConnection(policy)
        self.server = self._server.label
        self.fallback = policy.allow_local_fallback
        self.allowed = policy.inference_models
        listed = {m.name: m for m in self.allowed}
        if model and listed and model not in listed:
            raise WerkstattError(f"Die IT hat für den KI-Server nur diese Modelle freigegeben: "
                                 f"{', '.join(listed)}.")
        self.model = listed.get(model) or (self.allowed[0] if self.allowed else
                                            ServerModel(model) if model else None)
        self.context_tokens = context_tokens
        self.n_ctx = context_tokens or DEFAULT_CONTEXT
        self.entry = self._entry()
        self.stats = Stats()
        self.load_seconds = 0.0
        self.memory_warning = ""
        self.notice = ""
        self.kind = "openai"  # "llama.cpp", "vllm", "llama-cpp-python" or "openai" (unknown)
        self._counter: str = ""  # the endpoint that counts tokens; "" = estimated
        self._counts: dict[str, int] = {}
        self._ready = False
        self._lock = threading.RLock()

    def _entry(self) -> ModelEntry:
        model = self.model or ServerModel("", "Modell des KI-Servers")
        return ModelEntry(id=model.name, name=model.label, file="", sha256=model.sha256, size=0,
                          license="", context_length=self.n_ctx, ram_gb=0.0,
                          source={"server": self._server.url})

    # lifecycle ---------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._ready

    @property
    def estimated(self) -> bool:
        """Whether token counts are estimated (the server counts none)."""
        return not self._counter

    def load(self, progress: Progress = no_progress) -> None:
        """Ask the server which models it offers, its context length and how it counts."""
        with self._lock:
            if self._ready:
                return
            started = time.monotonic()
            progress(0.2, f"Verbindung zum KI-Server {self.server} …")
            listing = self._server.call("GET", "/v1/models")
            models = listing.get("data") if isinstance(listing, dict) else None
            offered = {m["id"]: m for m in models if isinstance(m, dict) and _name(m.get("id"))
                       } if isinstance(models, list) else {}
            if not offered:
                raise self._server.garbled()
            if self.model is None:  # the server's first; its name as the server spells it
                name = next(iter(offered))
                self.model = ServerModel(name, printable(name, 80))
            if self.model.name not in offered:
                raise ServerFailure(f"Der KI-Server {self.server} bietet das Modell "
                                    f"„{self.model.name}“ nicht an (Richtlinie inference_models).",
                                    self.fallback)
            self._learn(offered[self.model.name])
            self.entry = self._entry()
            self.notice = "" if self._counter else (
                f"Der KI-Server {self.server} zählt keine Token; die Token-Zahlen sind geschätzt.")
            self._ready = True
            self.load_seconds = time.monotonic() - started
            progress(1.0, "KI-Server bereit")

    def _learn(self, model: dict[str, Any]) -> None:
        """Which kind of server this is: its context length and how it counts tokens."""
        server_context = 0
        if "max_model_len" in model:
            self.kind, server_context = "vllm", _tokens(model["max_model_len"])
        else:
            props = self._server.call("GET", "/props", quiet=True)
            if isinstance(props, dict) and "default_generation_settings" in props:
                self.kind = "llama.cpp"
                settings = props["default_generation_settings"]
                server_context = _tokens(settings.get("n_ctx") if isinstance(settings, dict)
                                         else None)
            elif model.get("owned_by") == "me":  # llama-cpp-python's server says so
                self.kind = "llama-cpp-python"
        wanted = [n for n in (server_context, self.context_tokens) if n and n > 0]
        self.n_ctx = min(wanted) if wanted else DEFAULT_CONTEXT
        self._counter = {"llama.cpp": "/tokenize", "vllm": "/tokenize",
                         "llama-cpp-python": "/extras/tokenize/count"}.get(self.kind, "")
        if self._counter and self._count_on_server("Hallo") is None:
            self._counter = ""  # the endpoint is missing or closed: estimate

    def close(self) -> None:
        """Nothing to stop: every request has its own connection."""
        self._ready = False

    # token counts ------------------------------------------------------------------------
    def _count_on_server(self, text: str = "", messages: list[dict[str, str]] | None = None,
                         ) -> int | None:
        body: dict[str, Any]
        text = neutralise(text)  # counted as it is sent
        if self._counter == "/extras/tokenize/count":
            body = {"input": text}
        elif self.kind == "vllm":
            body = {"model": self.model.name if self.model else "", **(
                {"messages": messages, "add_generation_prompt": True} if messages
                else {"prompt": text, "add_special_tokens": False})}
        else:
            body = {"content": text}
        reply = self._server.call("POST", self._counter, body, quiet=True)
        if not isinstance(reply, dict):
            return None
        count, tokens = reply.get("count"), reply.get("tokens")
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            return count
        return len(tokens) if isinstance(tokens, list) else None

    def count_tokens(self, text: str) -> int:
        with self._lock:
            self.load()
            if text not in self._counts:
                counted = self._count_on_server(text) if self._counter and text else None
                self._counts[text] = (counted if counted is not None else
                                      math.ceil(len(text) / CHARS_PER_TOKEN))
                if len(self._counts) > 64:
                    del self._counts[next(iter(self._counts))]
            return self._counts[text]

    def count_prompt(self, system: str, user: str, answer_prefix: str = "") -> int:
        with self._lock:
            self.load()
            if self.kind == "vllm" and self._counter:
                counted = self._count_on_server(messages=self._messages(system, user, ""))
                if counted is not None:
                    return counted + (self.count_tokens(answer_prefix) if answer_prefix else 0)
            return (self.count_tokens(system) + self.count_tokens(self._user(user, answer_prefix))
                    + (self.count_tokens(answer_prefix) if answer_prefix else 0) + TEMPLATE_TOKENS)

    # generation --------------------------------------------------------------------------
    def _prefills(self) -> bool:
        return self.kind in ("llama.cpp", "vllm")

    def _user(self, user: str, answer_prefix: str) -> str:
        """Servers that cannot continue an answer are asked to begin with it."""
        if not answer_prefix or self._prefills():
            return user
        if len(answer_prefix.strip()) <= ECHO_LIMIT:
            return f"{user}\n\nBeginne deine Antwort genau mit diesem Text:\n{answer_prefix}"
        return (f"{user}\n\nSchreibe diesen Anfang deiner Antwort weiter, ohne ihn zu "
                f"wiederholen:\n{answer_prefix}")

    def _messages(self, system: str, user: str, answer_prefix: str) -> list[dict[str, str]]:
        """The chat as it leaves the PC: no text in it can act as a control marker."""
        messages = [{"role": "system", "content": neutralise(system)},
                    {"role": "user", "content": neutralise(self._user(user, answer_prefix))}]
        if answer_prefix and self._prefills():
            messages.append({"role": "assistant", "content": neutralise(answer_prefix)})
        return messages

    def _body(self, system: str, user: str, params: Generation, max_tokens: int,
              seed: int | None, answer_prefix: str) -> dict[str, Any]:
        assert self.model is not None
        body: dict[str, Any] = {
            "model": self.model.name, "messages": self._messages(system, user, answer_prefix),
            "stream": True, "stream_options": {"include_usage": True},
            "max_tokens": max_tokens, "temperature": params.temperature, "top_p": params.top_p,
        }
        if params.stop:
            body["stop"] = list(params.stop)
        if seed is not None:
            body["seed"] = seed
        if self.kind == "vllm":
            body.update(top_k=params.top_k, repetition_penalty=params.repeat_penalty)
            if answer_prefix:
                body.update(continue_final_message=True, add_generation_prompt=False)
        elif self.kind in ("llama.cpp", "llama-cpp-python"):
            body.update(top_k=params.top_k, repeat_penalty=params.repeat_penalty)
            if self.kind == "llama.cpp":
                body["cache_prompt"] = True  # reuse the server's cache for a shared beginning
        return body

    def stream(self, system: str, user: str, params: Generation,
               cancel: CancelToken | None = None, progress: Progress = no_progress,
               seed: int | None = None, answer_prefix: str = "") -> Iterator[str]:
        """Yield the answer in chunks (starting with ``answer_prefix``); stops early, without
        an error, when ``cancel`` is set. Raises ``ServerFailure`` if the server fails."""
        cancel = cancel or CancelToken()
        with self._lock:
            prompt_tokens = self.count_prompt(system, user, answer_prefix)
            max_tokens = fit_answer(self.n_ctx, prompt_tokens, params.max_tokens)
            stats = self.stats = Stats(prompt_tokens=prompt_tokens, params={
                **params.as_dict(), "server": self._server.url,
                **({"token_counts": "geschätzt"} if self.estimated else {})})
            started = time.monotonic()
            progress(0.0, f"Der KI-Server {self.server} liest die Eingabe …")
            conn = self._server.connect()

            def hang_up() -> None:  # from the cancelling thread: a wait below ends at once
                try:
                    if conn.sock is not None:
                        conn.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            cancel.add_callback(hang_up)  # before sending: a server reading a long input
            first: float | None = None    # may send its headers only with the first token
            try:
                try:
                    response = self._server.send(conn, "POST", "/v1/chat/completions", self._body(
                        system, user, params, max_tokens, seed, answer_prefix))
                except ServerFailure:
                    if cancel.cancelled:
                        stats.cancelled, stats.finish_reason = True, "cancelled"
                        return
                    raise
                if response.status != 200:
                    raise self._server.refused(response.status, self._server.read(response))
                if answer_prefix:
                    yield answer_prefix
                echo = RepeatedBeginning("" if self._prefills() else answer_prefix)
                guard = RepetitionGuard()
                pieces = 0
                for text in read_answer(self._server, response, stats, cancel, max_tokens):
                    if first is None:
                        first = time.monotonic()
                        stats.prefill_seconds = first - started
                    pieces += 1
                    if pieces > max_tokens + 16:  # a server that ignores max_tokens
                        stats.finish_reason = "length"
                        break
                    text = echo.strip(text)
                    if text:
                        yield text
                        if guard.looping(text):
                            stats.finish_reason = "repetition"
                            break
                stats.completion_tokens = stats.completion_tokens or pieces
                rest = echo.flush()
                if rest:
                    yield rest
            finally:
                cancel.remove_callback(hang_up)
                conn.close()
                if first is None:
                    stats.prefill_seconds = time.monotonic() - started
                else:
                    stats.generate_seconds = time.monotonic() - first


def _name(value: Any) -> bool:
    """Whether the server's model name can be used (asked for, shown, stored)."""
    return isinstance(value, str) and 0 < len(value) <= MAX_NAME and value.isprintable()


def _tokens(value: Any) -> int:
    """A context length the server states; 0 where it is none (a text, a flag, nonsense)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 256 <= value <= 1 << 24 else 0
