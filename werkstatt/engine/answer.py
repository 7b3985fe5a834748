"""The inference server's answer: the server-sent events of a streamed chat completion, or
the whole reply of a server that answers without streaming (``Content-Type:
application/json``).

Everything the server sends is checked before it is used, since the server may be broken
or hostile: whatever does not have the shape the API promises (``choices`` not a list of
objects, ``delta`` or ``message`` not an object, ``content`` or ``finish_reason`` neither
text nor null, bytes that are no UTF-8 JSON, JSON nested too deep) is one ``ServerFailure``
("unverständliche Antwort"), never an unexpected error. Counts that are not counts are left
aside. The draft's pieces keep only line breaks and tabs of the control characters
(``draft_text``); the finish reason is cleaned like every server word that may reach a log.

A stream has bounds: one event ``MAX_LINE`` bytes, the whole ``MAX_STREAM`` bytes, its text
``TEXT_PER_TOKEN`` characters per answer token; lines without text (keep-alive comments,
empty deltas, a reasoning model's thoughts) at most ``IDLE_PER_TOKEN`` per answer token
before the finish reason, ``AFTER_FINISH`` after it (for the counts).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

from ..progress import CancelToken
from .connection import MAX_BODY, ServerConnection, draft_text, printable
from .contract import Stats

MAX_LINE = 1 << 20  # one event of the stream
MAX_STREAM = 64 << 20  # the whole stream
TEXT_PER_TOKEN = 64  # characters of text per answer token, at most (then cut as "length")
IDLE_PER_TOKEN = 4  # lines without text per answer token (plus IDLE_SLACK) before the finish
IDLE_SLACK = 256
AFTER_FINISH = 16  # lines read after the finish reason (a last event may carry the counts)


def read_answer(server: ServerConnection, response: http.client.HTTPResponse, stats: Stats,
                cancel: CancelToken, max_tokens: int) -> Iterator[str]:
    """The answer's text pieces; fills ``stats`` (finish reason, the server's counts)."""
    kind = (response.getheader("Content-Type") or "").lower()
    if kind.startswith("application/json"):
        yield from _whole(server, response, stats)
    else:
        yield from _events(server, response, stats, cancel, max_tokens)


def _json(server: ServerConnection, data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond the parser
        raise server.garbled() from None
    if not isinstance(value, dict):
        raise server.garbled()
    if "error" in value:
        raise server.refused(500, data)
    return value


def _pieces(server: ServerConnection, event: dict[str, Any], part: str,
            ) -> Iterator[tuple[str, str]]:
    """(text, finish reason) of each choice; ``part`` is "delta" (stream) or "message"."""
    choices = event.get("choices")
    if choices is None:
        return
    if not isinstance(choices, list):
        raise server.garbled()
    for choice in choices:
        said = choice.get(part) if isinstance(choice, dict) else None
        said = {} if said is None else said
        text = said.get("content") if isinstance(said, dict) else None
        finish = choice.get("finish_reason") if isinstance(choice, dict) else None
        if not (isinstance(choice, dict) and isinstance(said, dict)
                and isinstance(text, str | None) and isinstance(finish, str | None)):
            raise server.garbled()
        yield draft_text(text or ""), printable(finish or "", 40)


def _usage(event: dict[str, Any], usage: dict[str, Any]) -> dict[str, Any]:
    if isinstance(event.get("usage"), dict):
        usage = event["usage"]
    if isinstance(event.get("timings"), dict):  # llama.cpp: its cache and counts
        usage = {**usage, **{k: v for k, v in event["timings"].items()
                             if k in ("cache_n", "prompt_n", "predicted_n")}}
    return usage


def _events(server: ServerConnection, response: http.client.HTTPResponse, stats: Stats,
            cancel: CancelToken, max_tokens: int) -> Iterator[str]:
    chunks = received = idle = shown = 0
    usage: dict[str, Any] = {}
    while True:
        try:
            line = response.readline(MAX_LINE + 1)
        except BaseException as exc:
            if cancel.cancelled:
                break
            raise server.failure(exc) from None
        if not line:
            break
        received += len(line)
        if len(line) > MAX_LINE or received > MAX_STREAM:
            raise server.garbled()
        idle += 1
        if idle > (AFTER_FINISH if stats.finish_reason else
                   IDLE_PER_TOKEN * max_tokens + IDLE_SLACK):
            if stats.finish_reason:
                break  # the answer is complete; its counts did not come
            raise server.endless()
        line = line.strip()
        if not line.startswith(b"data:"):
            continue  # blank separators, comments (": ping"), event names
        data = line[5:].strip()
        if data == b"[DONE]":
            break
        event = _json(server, data)
        usage = _usage(event, usage)
        for text, finish in list(_pieces(server, event, "delta")):
            if text:
                chunks, idle, shown = chunks + 1, 0, shown + len(text)
                yield text
                if shown > TEXT_PER_TOKEN * (max_tokens + 16):  # pieces of megabytes
                    stats.finish_reason = "length"
                    return
            if finish:
                stats.finish_reason = finish
    if cancel.cancelled:
        stats.cancelled, stats.finish_reason = True, "cancelled"
    elif not stats.finish_reason:
        raise server.cut()
    take_usage(stats, usage, chunks)


def _whole(server: ServerConnection, response: http.client.HTTPResponse,
           stats: Stats) -> Iterator[str]:
    """A server that ignored ``"stream": true``: its one reply."""
    data = server.read(response)
    if len(data) > MAX_BODY:
        raise server.garbled()
    reply = _json(server, data)
    pieces = list(_pieces(server, reply, "message"))
    if not pieces:
        raise server.garbled()
    text = "".join(text for text, _ in pieces)
    stats.finish_reason = next((finish for _, finish in pieces if finish), "stop")
    take_usage(stats, _usage(reply, {}), 0)
    if text:
        yield text


def take_usage(stats: Stats, usage: dict[str, Any], chunks: int) -> None:
    """The server's own counts where it sent them; else one token per streamed piece."""
    def number(*values: Any) -> int | None:
        return next((int(v) for v in values
                     if isinstance(v, int) and not isinstance(v, bool) and v >= 0), None)

    details = usage.get("prompt_tokens_details")
    stats.completion_tokens = number(usage.get("completion_tokens"),
                                     usage.get("predicted_n")) or chunks
    prompt = number(usage.get("prompt_tokens"))
    if prompt:
        stats.prompt_tokens = prompt
    reused = number(usage.get("cache_n"),
                    details.get("cached_tokens") if isinstance(details, dict) else None)
    stats.reused_tokens = reused or 0
