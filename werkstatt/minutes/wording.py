"""One note of the discussion as a sentence: the model writes it, the app checks it against the note.

"Dach undicht, Sanierung im Sommer 2027 geplant" reads better as "Das Dach ist undicht; die
Sanierung ist im Sommer 2027 geplant." — which a rule cannot write and a small model sometimes
can, one note at a time. The sentence is taken only if it is the note with articles and verbs
put in: every word of the note in its order and spelling, no other word (a small model that
reorders or inflects garbles the sense: "2027 ist der Sommer, Dach undicht sind geplant."), the
same figures, dates and names (``sourcecheck`` both ways), as many negations, no first or
second person, no English. Otherwise the model is asked once more, and then the note's own
words stand.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import quality, sourcecheck
from ..run import Run
from ..templates import Template
from .results import FINITE, sentence

# The only words a sentence may add to its note: articles and the verbs a note leaves out,
# a verb between words of the note ("Geräte sind da", not "Geräte da sind"), an article
# before one; "statt" and "vor" close "findet … statt", "liegt … vor".
ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines es".split())
VERBS = frozenset("""ist sind war waren wird werden wurde wurden hat haben soll sollen gibt
findet finden beträgt betragen liegt liegen""".split())
PARTICLES = frozenset({"statt", "vor", "und"})
NEGATION = re.compile(r"\b(nicht|kein\w*|nie|niemand|nichts)\b", re.I)
PERSONAL = re.compile(r"\b(ich|wir|uns|unser\w*|mein\w*|du|dein\w*|euch|euer)\b|\b(Sie|Ihr\w*|Ihnen)\b",
                      re.I)
ENGLISH = re.compile(r"\b(the|and|is|are|was|will|with|of|to|for|this|that|be|has|have)\b", re.I)
_TOKEN = re.compile(r"[\wÄÖÜäöüß]+")
_SIGNS = re.compile(r"[€%§/+]")
MAX_NOTE_WORDS = 40  # longer notes stay as written
MAX_ATTEMPTS = 2
ANSWER_PREFIX = "Satz: "  # the sentence starts in the model's mouth, after the examples' pattern


def inserted_only(candidate: str, note: str) -> bool:
    """Whether ``candidate`` is ``note`` with only articles and verbs put in, where German puts
    them: every word of the note in its order and spelling (a capital only at the start may
    change), a verb between words of the note in its clause, an article before one."""
    theirs = _TOKEN.findall(note)
    j, first = 0, True
    for clause in re.split(r"[,;:.!?]", candidate):
        kinds = []  # per word: "n" the note's, else the word put in
        words = _TOKEN.findall(clause)
        for token in words:
            lower = token.lower()
            if j < len(theirs) and (token == theirs[j] or ((first or j == 0) and lower == theirs[j].lower())):
                kinds.append("n")
                j += 1
            elif lower in ARTICLES or lower in VERBS or lower in PARTICLES:
                kinds.append(lower)
            else:
                return False
            first = False
        for k, kind in enumerate(kinds):
            if kind in VERBS and ("n" not in kinds[:k] or "n" not in kinds[k + 1:] or words[k - 1].isdigit()):
                return False  # "Geräte da sind.", "312,50 € ist Bestand."
            if kind in ARTICLES and kind != "es" and kinds[k + 1:k + 2] != ["n"]:
                return False
        if sum(kind in VERBS for kind in kinds) > 1:
            return False
    return j == len(theirs)


def backed(candidate: str, note: str) -> bool:
    """Whether ``candidate`` says what ``note`` says, no more and no less (by rule)."""
    if not candidate or candidate[-1] not in ".!" or "\n" in candidate:
        return False
    if not inserted_only(candidate, note) or _SIGNS.findall(candidate) != _SIGNS.findall(note):
        return False  # a word changed, added, dropped or moved: "2027 ist der Sommer für Dach …"
    if sourcecheck.check(candidate, [note]) or sourcecheck.check(note, [candidate]):
        return False  # a figure, date or name added, changed or left out
    if len(NEGATION.findall(candidate)) != len(NEGATION.findall(note)):
        return False
    if PERSONAL.search(candidate) and not PERSONAL.search(note):
        return False
    return not (ENGLISH.search(candidate) or quality.META.search(candidate) or "?" in candidate)


def needs_wording(note: str) -> bool:
    """A note in telegraphic style (no finite verb of the usual kind) that is not too long."""
    words = note.split()
    if len(words) > MAX_NOTE_WORDS or len(words) < 2:
        return False
    return not FINITE.search(note)


def word(run: Run, template: Template, values: dict[str, str], note: str, seed: int) -> str | None:
    """The note as a checked sentence, or None (then its own words stand)."""
    params = template.generation
    for attempt in range(MAX_ATTEMPTS):
        prompt = template.render(values, note.rstrip("."))
        stream = run.generate(prompt.system, prompt.user, params, ANSWER_PREFIX,
                              seed_offset=seed + 101 * attempt)
        try:
            answer = "".join(stream)
        finally:
            stream.close()
        if run.cancelled:
            return None
        answer = answer[len(ANSWER_PREFIX):] if answer.startswith(ANSWER_PREFIX) else answer
        candidate = answer.strip().split("\n")[0].strip().strip('"„“')
        if backed(candidate, note):
            return sentence(candidate)
        params = replace(params, temperature=min(params.temperature + 0.3, 1.0))
    return None
