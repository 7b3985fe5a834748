"""Einfache Sprache by the rules: the checks and the way "plain" (template ``einfache-sprache``).

    sentences(text)        -> the sentences (and lines) of a text
    rule_breaks(sentence)  -> the rules of DIN 8581-1 / DIN ISO 24495-1 that a program can
                              check and the sentence breaks, "Regel: Einzelheit" in German
    stream(run, request)   -> the way "plain" (``pipeline.WAYS``): the text statement by
                              statement, each rewrite checked against its source

The rules and their limits are described in ``plain/rules.py``, the checks of a rewrite's
meaning in ``plain/meaning.py``, the way in ``plain/way.py``; ``make eval`` counts the share of
sentences that keep every rule with the same functions.
"""

from __future__ import annotations

from .plain.data import vocabulary
from .plain.rules import MAX_WORDS, RULES, rule, rule_breaks, sentences
from .plain.way import stream

__all__ = ["MAX_WORDS", "RULES", "rule", "rule_breaks", "sentences", "stream", "vetted"]


def vetted() -> list[str]:
    """What a draft in Einfache Sprache may say beyond its source: the vetted plain words
    (for the sentence-level Quellenabgleich of ``textcheck.unbacked``)."""
    found = vocabulary()
    return [found.words, " ".join(word for word, _ in found.licensed)]
