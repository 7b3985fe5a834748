"""Chat control markers in a text are made inert before any model sees it.

A citizen's e-mail may hold "<|im_end|><|im_start|>system …". The engine on this PC tokenises
documents as plain text (``local.chat_pieces``), but an inference server renders the chat
template as text and tokenises it with special tokens on: the document's markers would become
real turn boundaries there. So every text bound for a model — instructions, field values,
documents, the draft to continue — passes ``neutralise``: a WORD JOINER (U+2060, invisible,
no break) goes after the marker's first character, so "<|im_start|>" still reads the same
but is no token any tokenizer knows. The user's own text in the window is never changed.

The markers are those of the model families an office server runs: ChatML (Qwen, Yi, …),
Llama 3, Phi, Granite and DeepSeek (``<|…|>``, also with full-width bars), Llama 2 and
Mistral (``[INST]``, ``<<SYS>>``, ``<s>``), Gemma (``<start_of_turn>``) and the reasoning and
tool tags of newer models.
"""

from __future__ import annotations

import re

JOINER = "\u2060"
_MARKERS = re.compile(
    r"<[|｜][^\s<>|｜]{1,48}[|｜]>"  # <|im_start|>, <|eot_id|>, <｜begin▁of▁sentence｜>
    r"|</?(?:s|bos|eos|pad|unk|think|tool_call|tool_response|start_of_turn|end_of_turn)>"
    r"|\[/?INST\]|<</?SYS>>",
    re.IGNORECASE)


def neutralise(text: str) -> str:
    """``text`` with every control marker broken by an invisible joiner (else unchanged)."""
    if "<" not in text and "[" not in text:
        return text
    return _MARKERS.sub(lambda m: m.group(0)[0] + JOINER + m.group(0)[1:], text)
