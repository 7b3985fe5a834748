"""Is a draft usable at all? Empty sections, repetition and leaked instructions, found by rule.

Small models sometimes write the headings and stop, loop on one sentence, or copy their
instructions into the text ("Hier ist ein kurzes Brief mit den Stichpunkten:"). The drafting
pipeline uses ``assess`` to retry such a draft differently and, if it stays bad, to say so
instead of presenting it as a result; ``make eval`` counts the same problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIN_CONTENT_WORDS = 8
LEAK_NGRAM = 6  # words in a row shared with the instructions (and not with the document)
META = re.compile(
    r"\b(hier (ist|sind|folgt|kommt) (nun )?(ein|eine|die|der|das|deine|ihre)\b[^.\n]{0,40}"
    r"(brief|zusammenfassung|antwort|text|protokoll|fassung|entwurf|stichpunkt)"
    r"|ich bin bereit|als (ki|künstliche intelligenz|sprachmodell)|gemäß (ihren|deinen|den) "
    r"(anweisungen|vorgaben)|(die|diese|deine|ihre) anweisung|du bist (sachbearbeiterin|ein)"
    r"|sie-form|du-form|stichpunkte(n)? (des nutzers|der nutzerin|werden nicht verändert))",
    re.IGNORECASE)
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
PLACEHOLDERS = re.compile(r"\{\{\s*[a-z0-9_]+\s*\}\}")
_WORD = re.compile(r"[\wäöüßÄÖÜ]+")


@dataclass
class Assessment:
    empty_sections: list[str] = field(default_factory=list)  # headings with nothing below
    content_words: int = 0
    repeated: list[str] = field(default_factory=list)  # lines that occur more than once
    repeated_headings: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)  # instruction text in the draft

    @property
    def empty(self) -> bool:
        return self.content_words < MIN_CONTENT_WORDS

    @property
    def degenerate(self) -> bool:
        """Nothing a user could work with: empty, a section left blank, or looping."""
        return self.empty or bool(self.empty_sections) or len(self.repeated) >= 2

    @property
    def ok(self) -> bool:
        return not (self.degenerate or self.repeated or self.repeated_headings or self.leaked)

    def problems(self) -> list[str]:
        """German phrases for what is wrong (for the user and the evaluation)."""
        out = []
        if self.empty:
            out.append("kein Inhalt")
        elif self.empty_sections:
            out.append(f"leere Abschnitte: {', '.join(self.empty_sections)}")
        if self.repeated:
            out.append(f"{len(self.repeated)} wiederholte Zeile(n)")
        if self.repeated_headings:
            out.append(f"doppelte Überschrift(en): {', '.join(self.repeated_headings)}")
        if self.leaked:
            out.append("Anweisungen im Text")
        return out


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def assess(draft: str, instructions: str = "", document: str = "") -> Assessment:
    """Check ``draft``; ``instructions`` is the prompt without the document."""
    result = Assessment()
    sections: list[tuple[str, int]] = []
    seen_lines: dict[str, int] = {}
    seen_headings: dict[str, int] = {}
    for line in draft.splitlines():
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(1).strip()
            seen_headings[title.lower()] = seen_headings.get(title.lower(), 0) + 1
            if seen_headings[title.lower()] == 2:
                result.repeated_headings.append(title)
            sections.append((title, 0))
            continue
        words = len(_WORD.findall(line))
        result.content_words += words
        if sections:
            title, count = sections[-1]
            sections[-1] = (title, count + words)
        key = _norm(line)
        if len(key) >= 20:
            seen_lines[key] = seen_lines.get(key, 0) + 1
            if seen_lines[key] >= 2:  # a third time counts again: a loop is degenerate
                result.repeated.append(line.strip())
    result.empty_sections = [title for title, count in sections if count == 0]
    shared = instruction_words(draft, instructions, document)
    if shared:
        result.leaked.append(shared)
    result.leaked += [m.group(0) for m in META.finditer(draft)
                      if m.group(0).lower() not in document.lower()]
    return result


def instruction_words(text: str, instructions: str, document: str = "",
                      n: int = LEAK_NGRAM) -> str:
    """``n`` words in a row that ``text`` shares with the instructions but not with the
    document ("" if none): the model repeating what it was told."""
    if not instructions:
        return ""
    shared = (_ngrams(text, n) & _ngrams(instructions, n)) - _ngrams(document, n)
    return " ".join(sorted(shared)[0]) if shared else ""


_PLACEHOLDER_LINE = re.compile(r"^\s*\[(your|ihr|ihre|name|unterschrift|datum|ort)[^\]]*\]\s*,?\s*$",
                               re.IGNORECASE)


def without_meta_lines(text: str) -> str:
    """The draft without lines that talk about the task ("Hier ist ein kurzer Brief …") or
    are left-over placeholders of the model ("[Your Name]"). Other text stays untouched."""
    kept = []
    for line in text.split("\n"):
        short = len(line.split()) <= 20
        if (short and META.search(line)) or _PLACEHOLDER_LINE.match(line):
            continue
        kept.append(line)
    return "\n".join(kept)
