"""Unknown words per 100 words, with a German Hunspell dictionary (``make eval``'s spelling).

The dictionary is Debian's ``hunspell-de-de`` (``de_DE.dic``/``.aff``, GPL-2/GPL-3/OASIS),
read by ``spylls`` (a pure-Python Hunspell that also runs on Windows). Neither ships with the
app: ``make eval`` installs both (``scripts/system-deps.sh eval``, ``pip install spylls``);
without them ``available()`` is False and nothing here is counted. Hunspell composes
German compounds by the dictionary's rules ("Sperrmüllabholung", "Verwaltungsgebühr"); what
it does not compose ("Bewohnerparkausweis") is accepted when it splits into two known words.

Not counted: numbers and words with digits, abbreviations in capitals, words of the sources
(the notes, the form: names, streets and the user's own spelling), names after a title or
role ("Frau Öztürk"), Lübeck's place names. The dictionary is loaded once per process
(about a second) and then looks a word up in about two milliseconds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import sourcecheck

DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
LANGUAGE = "de_DE"
# Lübeck's quarters and places, which a general dictionary lacks.
PLACES = frozenset("""lübeck lübecker travemünde travemünder kücknitz moisling moislinger
buntekuh marli schlutup wakenitz trave priwall herrenwyk eichholz vorwerk st jürgen hüxstraße
holstentor koberg fackenburger ratzeburger schwartauer kurgartenstraße""".split())
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*")
_TOKEN = re.compile(r"\S+")


def _folder() -> Path | None:
    override = os.environ.get("WERKSTATT_HUNSPELL_DIR")  # only this folder (tests, other systems)
    for folder in [override] if override else DICTIONARY_DIRS:
        if (Path(folder) / f"{LANGUAGE}.dic").is_file() and (Path(folder) / f"{LANGUAGE}.aff").is_file():
            return Path(folder)
    return None


@lru_cache(maxsize=1)
def dictionary() -> Any | None:
    """The loaded dictionary (once per process), or None where spylls or the files are missing."""
    folder = _folder()
    if folder is None:
        return None
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        return None
    return Dictionary.from_files(str(folder / LANGUAGE))


def available() -> bool:
    return dictionary() is not None


@lru_cache(maxsize=50_000)
def known(word: str) -> bool:
    """``word`` is in the dictionary, composed by its rules, or two known words run together."""
    found = dictionary()
    if found is None:
        return True
    if found.lookup(word):
        return True
    lower = word.lower()
    for cut in range(4, len(lower) - 3):  # "Bewohner" + "parkausweis"
        head, tail = lower[:cut], lower[cut:]
        tail = tail[1:] if head[-1:] in "sn" and not found.lookup(tail.capitalize()) else tail
        if (found.lookup(head) or found.lookup(head.capitalize())) and found.lookup(tail.capitalize()):
            return True
    return False


def _source_words(sources: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in sources:
        for w in _WORD.findall(text):
            words.add(w.lower())
            words.update(part.lower() for part in w.split("-"))
    return words


def _names(text: str) -> set[str]:
    names: set[str] = set()
    for m in sourcecheck.NAME_CUE.finditer(text):
        names.update(w.lower() for w in m.group(1).split())
    return names


def words(text: str) -> list[str]:
    """The words of ``text`` that are checked (no numbers, no words with digits)."""
    found = []
    for token in _TOKEN.findall(text):
        if any(ch.isdigit() for ch in token):
            continue
        found += _WORD.findall(token)
    return found


def unknown_words(text: str, sources: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` the dictionary does not know, names and the sources' words excepted."""
    if dictionary() is None:
        return []
    excepted = _source_words(sources) | _names(text) | PLACES
    unknown = []
    for word in words(text):
        parts = [p for p in word.split("-") if p]
        for part in parts:
            if (len(part) < 2 or part.isupper() or part.lower() in excepted
                    or known(part)):
                continue
            unknown.append(part)
    return unknown


def per_100_words(text: str, sources: Iterable[str] = ()) -> float | None:
    """Unknown words per 100 words of ``text``; None where no dictionary is installed."""
    if dictionary() is None:
        return None
    counted = words(text)
    if not counted:
        return 0.0
    return 100.0 * len(unknown_words(text, sources)) / len(counted)
