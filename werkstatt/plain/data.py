"""The vetted data of the Einfache-Sprache way, beside its template (IT or the pilot team edit it):

- ``einfache-sprache/wortschatz.toml``: the plain words a rewrite may use beyond its source
  sentence (``Vocabulary``), some only where the source says the official word they replace;
- ``einfache-sprache/beispiele.toml``: worked examples Amtsdeutsch → Einfache Sprache; the
  model sees those that fit its sentence best (``Examples.prompt``).

A missing or broken file makes the way more cautious (fewer rewrites taken, no examples), never
an error: the template itself stays usable.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..templates import templates_dir

FOLDER = "einfache-sprache"
SHOWN = 3  # examples in one prompt (a small model copies from more; it needs two at least)


def _load(folder: Path, name: str) -> dict[str, Any]:
    try:
        with open(folder / FOLDER / name, "rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


@dataclass(frozen=True)
class Vocabulary:
    """``words`` carry no fact; each word of ``licensed`` may stand where its source sentence
    holds one of the word beginnings listed with it ("bezahlen" where it says "entrichten")."""

    words: str = ""
    licensed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def for_statement(self, statement: str) -> str:
        """The plain words a rewrite of ``statement`` may use beyond the statement's own."""
        lower = statement.lower()
        return " ".join([self.words, *(word for word, stems in self.licensed
                                       if any(stem in lower for stem in stems))])


@dataclass(frozen=True)
class Example:
    """One worked example: the official sentence, its plain sentences, the word beginnings of
    a sentence it fits."""

    source: str
    plain: tuple[str, ...]
    cues: tuple[str, ...] = ()

    def text(self) -> str:
        return "Satz: " + self.source + "\nEinfach:\n" + "\n".join(f"- {s}" for s in self.plain)


@dataclass(frozen=True)
class Examples:
    items: tuple[Example, ...] = ()

    def chosen(self, statement: str) -> list[Example]:
        """The examples that fit ``statement`` best (by their cues), in the file's order."""
        lower = f"{statement.lower()} "
        hits = {n: sum(cue in lower for cue in e.cues) for n, e in enumerate(self.items)}
        ranked = sorted((n for n in hits if hits[n]), key=lambda n: -hits[n])[:SHOWN]
        for n in range(len(self.items)):  # at least two: the first ones
            if len(ranked) >= 2:
                break
            if n not in ranked:
                ranked.append(n)
        return [self.items[n] for n in sorted(ranked)]

    def prompt(self, statement: str) -> str:
        """The examples for ``statement`` as the prompt shows them ("" if there are none)."""
        chosen = self.chosen(statement)
        return "Beispiele:\n\n" + "\n\n".join(e.text() for e in chosen) if chosen else ""


@lru_cache(maxsize=4)
def _vocabulary(folder: Path) -> Vocabulary:
    data = _load(folder, "wortschatz.toml")
    licensed = data.get("ersetzt", {})
    return Vocabulary(str(data.get("words", "")), tuple(
        (str(word), tuple(str(s).lower() for s in stems)) for word, stems in licensed.items()
        if isinstance(stems, list)))


@lru_cache(maxsize=4)
def _examples(folder: Path) -> Examples:
    items = []
    for raw in _load(folder, "beispiele.toml").get("beispiel", []):
        if isinstance(raw, dict) and isinstance(raw.get("satz"), str) and isinstance(
                raw.get("einfach"), list):
            items.append(Example(raw["satz"], tuple(str(s) for s in raw["einfach"]),
                                 tuple(str(c).lower() for c in raw.get("wenn", []))))
    return Examples(tuple(items))


def vocabulary() -> Vocabulary:
    """The vetted plain vocabulary (``einfache-sprache/wortschatz.toml``)."""
    return _vocabulary(templates_dir())


def examples() -> Examples:
    """The vetted worked examples (``einfache-sprache/beispiele.toml``)."""
    return _examples(templates_dir())
