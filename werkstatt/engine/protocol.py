"""The messages between the app (or CLI) and the engine process: one JSON object per line.

The parent writes requests to the worker's stdin; the worker answers on its own protocol
channel (its original stdout; native code's prints go to stderr instead). Every message is a
frozen dataclass; ``encode``/``decode`` check the operation and the fields, so a typo is an
error on the spot rather than a silent hang. JSON keeps the channel readable in a log and
language-neutral; pipes keep it off the network.

Requests: ``Load``, ``CountTokens``, ``CountPrompt``, ``Generate``, ``Cancel``, ``Shutdown``.
Replies: ``Loaded``, ``Count``, ``Progress``, ``Chunk``, ``Done``, ``Failed``.
A ``Generate`` is answered by any number of ``Progress`` and ``Chunk`` messages, then one
``Done`` (also after a cancel) or ``Failed``. ``Cancel`` has no reply of its own.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

PROTOCOL_VERSION = 1


class ProtocolError(Exception):
    """A line that is not a message of this protocol."""


@dataclass(frozen=True)
class Message:
    op: ClassVar[str] = ""


# requests -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Load(Message):
    op: ClassVar[str] = "load"
    path: str
    n_ctx: int
    threads: int
    candidates: list[str] = field(default_factory=list)  # CPU variants allowed; [] = any
    sha256: str = ""  # the catalogue's: the worker hashes the file it maps and refuses others
    gpu_off: str = ""  # why the GPU may not be tried (policy, a crash with it); "": it may


@dataclass(frozen=True)
class CountTokens(Message):
    op: ClassVar[str] = "count_tokens"
    text: str


@dataclass(frozen=True)
class CountPrompt(Message):
    op: ClassVar[str] = "count_prompt"
    system: str
    user: str
    answer_prefix: str = ""


@dataclass(frozen=True)
class Generate(Message):
    op: ClassVar[str] = "generate"
    system: str
    user: str
    params: dict[str, Any]
    seed: int | None = None
    answer_prefix: str = ""


@dataclass(frozen=True)
class Cancel(Message):
    op: ClassVar[str] = "cancel"


@dataclass(frozen=True)
class Shutdown(Message):
    op: ClassVar[str] = "shutdown"


# replies --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Loaded(Message):
    op: ClassVar[str] = "loaded"
    backend: dict[str, Any]
    load_seconds: float
    pid: int
    protocol: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class Count(Message):
    op: ClassVar[str] = "count"
    n: int


@dataclass(frozen=True)
class Progress(Message):
    op: ClassVar[str] = "progress"
    fraction: float
    message: str


@dataclass(frozen=True)
class Chunk(Message):
    op: ClassVar[str] = "chunk"
    text: str


@dataclass(frozen=True)
class Done(Message):
    op: ClassVar[str] = "done"
    stats: dict[str, Any]


@dataclass(frozen=True)
class Failed(Message):
    """``kind``: "user" (a German message for the user), "overflow" (the input is too long;
    ``prompt_tokens`` and ``limit`` set) or "internal" (a bug; the message is technical)."""

    op: ClassVar[str] = "failed"
    kind: str
    message: str
    prompt_tokens: int = 0
    limit: int = 0


MESSAGES: dict[str, type[Message]] = {
    cls.op: cls for cls in (Load, CountTokens, CountPrompt, Generate, Cancel, Shutdown,
                            Loaded, Count, Progress, Chunk, Done, Failed)
}


def encode(message: Message) -> bytes:
    body = {"op": message.op, **dataclasses.asdict(message)}
    return json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def decode(line: bytes) -> Message:
    try:
        body = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not JSON: {line[:80]!r}") from exc
    if not isinstance(body, dict):
        raise ProtocolError(f"not an object: {line[:80]!r}")
    cls = MESSAGES.get(str(body.pop("op", "")))
    if cls is None:
        raise ProtocolError(f"unknown operation: {line[:80]!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    if set(body) - names:
        raise ProtocolError(f"{cls.op}: unknown fields {sorted(set(body) - names)}")
    try:
        return cls(**body)
    except TypeError as exc:
        raise ProtocolError(f"{cls.op}: {exc}") from exc
