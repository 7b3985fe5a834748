"""The engine protocol: every message survives the wire; anything else is refused."""

from __future__ import annotations

import pytest

from werkstatt.engine import protocol as p


@pytest.mark.parametrize("message", [
    p.Load("/m/model.gguf", 4096, 2, ["haswell"]), p.CountTokens("Grüße aus Lübeck\n"),
    p.CountPrompt("sys", "user", "## "), p.Generate("s", "u", {"temperature": 0.2}, 7, "- "),
    p.Cancel(), p.Shutdown(), p.Loaded({"variant": "haswell"}, 1.5, 42), p.Count(12),
    p.Progress(0.5, "Eingabe wird gelesen …"), p.Chunk("ä\n\"<|im_end|>"),
    p.Done({"completion_tokens": 3}), p.Failed("overflow", "zu lang", 9000, 4096),
])
def test_round_trip(message):
    """Each message decodes to an equal message, as one ASCII line."""
    line = p.encode(message)
    assert line.endswith(b"\n") and line.count(b"\n") == 1 and line.isascii()
    assert p.decode(line) == message


@pytest.mark.parametrize("line", [
    b"nonsense\n", b"[1, 2]\n", b'{"op": "explode"}\n', b'{"op": "count", "n": 1, "x": 2}\n',
    b'{"op": "count"}\n', b"\xff\xfe\n",
])
def test_bad_lines_are_protocol_errors(line):
    """Garbage, unknown operations and wrong fields raise ProtocolError, nothing else."""
    with pytest.raises(p.ProtocolError):
        p.decode(line)
