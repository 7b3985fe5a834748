"""A model that repeats the answer's beginning it was asked to start with.

Servers that cannot be given a template's ``answer_prefix`` to continue (anything but
llama.cpp's prefill and vLLM's ``continue_final_message``) are asked in the instruction to
begin with it; the model then writes it again, wholly or only its last words.
``RepeatedBeginning`` takes that repeat out of the stream, so the draft shows it once.
"""

from __future__ import annotations

ECHO_LIMIT = 120  # a beginning up to this long is asked for and taken out where repeated


class RepeatedBeginning:
    """Takes out the answer's beginning where the model repeats it, wholly or its last words
    ("- Sie" answered with "Sie können …"): a server that could not be given the beginning
    was asked to start with it. Only short beginnings (a template's); a long one (a draft
    to continue) was asked not to be repeated."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip() if len(prefix.strip()) <= ECHO_LIMIT else ""
        self.spaced = prefix[-1:].isspace()  # the answer goes on after a space or line break
        self.buffer = ""
        self.deciding = bool(self.prefix)
        self.trim = False  # the repeat was taken out: spaces right after it go too

    def strip(self, text: str) -> str:
        if self.trim:
            text = text.lstrip(" ")
            self.trim = not text
            return text
        if not self.deciding:
            return text
        self.buffer += text
        if len(self.buffer.lstrip()) <= len(self.prefix):
            return ""  # not yet known whether it repeats (one character after it decides)
        return self.flush()

    def flush(self) -> str:
        if not self.deciding:
            return ""
        self.deciding = False
        original, self.buffer = self.buffer, ""
        seen = original.lstrip()
        prefix = self.prefix
        for size in range(len(prefix), 0, -1):
            tail = prefix[-size:]
            if not seen.startswith(tail):
                continue
            starts_word = size == len(prefix) or not prefix[-size - 1].isalnum()
            ends_word = len(seen) == size or not (seen[size].isalnum() and tail[-1].isalnum())
            if starts_word and ends_word and (
                    size == len(prefix) or len(tail.strip()) >= 3):
                rest = seen[size:]
                if self.spaced:
                    rest = rest.lstrip(" ")
                    self.trim = not rest
                return rest
        return original
