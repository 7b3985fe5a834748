"""What a reader sees in each draft, measured (``werkstatt.textcheck``, ``werkstatt.spelling``,
the Einfache-Sprache rules), and the keys and mistakes of its case."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from eval_cases import LETTERS, Case
from eval_run import Drafted

from werkstatt import quality, sourcecheck, spelling, textcheck


def _plain_rules() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """``rule_breaks(sentence)`` and ``sentences(text)`` of the PLAIN part's module, or the
    interim checks below until it exists."""
    for name in ("werkstatt.plainlang", "werkstatt.plain.rules", "werkstatt.plain"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "rule_breaks") and hasattr(module, "sentences"):
            return module.rule_breaks, module.sentences
    return _interim_rule_breaks, textcheck.sentences


_PASSIVE = re.compile(r"\b(wird|werden|wurde|wurden|worden)\b[^.]{0,60}\b(ge\w+t|ge\w+en|\w+iert)\b",
                      re.IGNORECASE)
_NOMINAL = re.compile(r"\b\w{4,}(ung|keit|heit|ion)(en)?\b", re.IGNORECASE)
# The labels a template's frame uses (the minutes' table), vetted like its other texts.
VETTED = {"protokoll": "TOP Beratung Beschluss Beschlüsse Aufgabe Aufgaben keine kein Name Wer Was Bis Datum "
                       "offen unklar Abstimmung Ergebnis Verschiedenes"}
MAX_WORDS = 15  # DIN 8581-1 / ISO 24495-1 practice for plain language: short sentences
LONG_WORD = 20  # letters: a compound this long wants a hyphen or another word


def _interim_rule_breaks(sentence: str) -> list[str]:
    """Interim Einfache-Sprache checks (until ``plainlang.rule_breaks`` exists)."""
    words = re.findall(r"[\wäöüß-]+", sentence)
    breaks = []
    if len(words) > MAX_WORDS:
        breaks.append(f"Satz mit {len(words)} Wörtern")
    long = [w for w in words if len(w) > LONG_WORD and "-" not in w]
    if long:
        breaks.append("langes Wort: " + ", ".join(long))
    if _PASSIVE.search(sentence):
        breaks.append("Passiv")
    if len(_NOMINAL.findall(sentence)) >= 2:
        breaks.append("Nominalstil")
    if len(re.findall(r",\s*(und|oder|aber|weil|wenn|dass|die|der|das)\b", sentence)) >= 2:
        breaks.append("mehrere Aussagen")
    return breaks


@dataclass
class Score:
    """One draft's measurements."""

    case: Case
    drafted: Drafted
    keys: list[str] = field(default_factory=list)  # names of the keys found
    mistakes: list[str] = field(default_factory=list)
    check: textcheck.DraftCheck = field(default_factory=textcheck.DraftCheck)
    marked: int = 0  # unbacked sentences the draft's notes name
    model_frame: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    words: int = 0
    plain_sentences: int = 0
    plain_ok: int = 0
    plain_breaks: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)  # Quellenabgleich (summaries)
    assessment: quality.Assessment = field(default_factory=quality.Assessment)

    @property
    def minutes_keys(self) -> tuple[int, int]:
        """Decisions and tasks of the notes found / in the notes (minutes' keys with a kind)."""
        typed = [k for k in self.case.keys if k.kind]
        return sum(k.name in self.keys for k in typed), len(typed)

    @property
    def unmarked(self) -> int:
        return len(self.check.unbacked) - self.marked


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[\wäöüß]+", text.lower()))


def named_in_notes(sentence: str, notes: list[str]) -> bool:
    """Whether the draft's notes name ``sentence`` (so the user sees it was dropped or unsure)."""
    mine = _norm(sentence)
    words = set(mine.split())
    for note in notes:
        theirs = _norm(note)
        if mine and (mine in theirs or len(words & set(theirs.split())) >= 0.8 * len(words)):
            return True
    return False


def score(case: Case, drafted: Drafted, with_spelling: bool = True) -> Score:
    """All measurements of one draft."""
    text = drafted.text
    result = Score(case, drafted)
    result.keys = [k.name for k in case.keys if re.search(k.pattern, text, re.IGNORECASE)]
    result.mistakes = [k.name for k in case.forbidden if re.search(k.pattern, text, re.IGNORECASE)]
    sources = drafted.sources or [case.document, *case.values.values()]
    if not case.writing:
        result.assessment = quality.assess(text, drafted.instructions, "\n".join(sources))
        result.invented = [f.text for f in sourcecheck.check(text, sources)]
        return result
    letter = case.template in LETTERS
    vetted = [t for t in drafted.frame if t] + [VETTED.get(case.template, "")]
    result.check = textcheck.check_draft(text, sources, vetted, drafted.instructions, letter=letter)
    found = textcheck.frame(text)
    result.model_frame = (result.check.model_frame if letter
                          else [line for _, line in found.salutations + found.closings])
    result.marked = sum(named_in_notes(s, drafted.notes) for s, _ in result.check.unbacked)
    main = textcheck.body(text) if letter else text
    result.words = len(spelling.words(main))
    if with_spelling and spelling.available():
        result.unknown = spelling.unknown_words(main, sources)
    if case.template == "einfache-sprache":
        rule_breaks, split = _plain_rules()
        for sentence in split(text):
            breaks = rule_breaks(sentence)
            result.plain_sentences += 1
            result.plain_ok += not breaks
            result.plain_breaks += [f"{b}: {sentence[:60]}" for b in breaks]
    return result
