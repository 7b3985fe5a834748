"""The sentences a summary may take as its points, and how many words it may spend on them.

Every point of a summary is a sentence of the document (``summary`` explains why). This
module says which sentences qualify — never a source line, a URL, a heading or an
introduction ending in ":" —, turns the model's choice into such a sentence (``Points``),
adds the sentences that carry facts the summary lacks (``missing_facts``), makes sure every
part of a long document, its end above all, is represented (``uncovered_parts``), and keeps
the whole within a length relative to the paper (``word_budget``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import quality, sourcecheck

MAX_SENTENCE = 420  # longer sentences are not copied into the summary
GROUNDED = 0.7  # share of a point's words one document sentence must hold (else: dropped)
SHARE = {"kurz": 0.35, "mittel": 0.65, "ausführlich": 0.85}  # of the paper's words, at most
MIN_WORDS = 60  # a very short paper still gets its header and a point or two
WEIGHT = {"Betrag": 3, "Datum": 2}  # amounts and dates matter most; others count 1
RANK = {"Betrag": 3, "Datum": 2, "Zahl": 2, "Aktenzeichen": 1, "Name": 0}  # choosing among sentences:
# a speaker's name ("AM Kröger bringt den Antrag ein.") says nothing of the matter
CUES = re.compile(  # mandates, recommendations, deadlines, intentions
    r"\b(beauftragt|wird gebeten|vorzulegen|vorlegen|zu berichten|berichten|bis zum|bis zur|"
    r"spätestens|Frist|zu stellen|empfehlen|empfiehlt|abzulehnen|abgelehnt|zuzustimmen|"
    r"zugestimmt|beschließt|beschlossen|entscheidet|soll|sollen|sollte|möge|mögen)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"(])|\n+")
_NO_END = re.compile(r"(\b\d{1,3}|\b[A-Za-zÄÖÜäöüß]|\b(St|Dr|Nr|Abs|Prof|bzw|ca|rd|vgl|gem|ggf|inkl|Str|"
                     r"Tel|z\. ?B|u\. ?a|d\. ?h|Ö|TOP|Mio|Mrd|Tsd|Std|Min|Jh|Art|Buchst))\.$")
MARKERS = re.compile(  # "- 1. ", "5.1: ", "(2) ", "Zu 1.: "
    r"^(?:(?:[-*•]|(?:Zu\s+)?\(?\d+(?:\.\d+)*(?:\.:|[.):]))\s+)+")
_HEADING = re.compile(r"^(#{1,6} |[0-9]+(\.[0-9]+)*\.? [A-ZÄÖÜ][^.!?\n]{0,100}$)")
_NOT_A_POINT = re.compile(
    r"https?://|\bwww\.|^Quelle:|:$|"  # the page's address; a heading or an introduction
    r"^(Wortprotokoll|Beschluss|Abstimmungsergebnis|Sachverhalt|Begründung|Anlagen?)\b\s*\|")


def sentences(text: str, ends: re.Pattern[str] = _SENTENCE_END, no_end: re.Pattern[str] = _NO_END,
              markers: re.Pattern[str] = MARKERS) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for every sentence or line of ``text``; ``ends`` where a sentence
    may end, ``no_end`` what before a full stop ends none ("St.", "119."), ``markers`` the list
    markers left out (``textcheck`` splits drafts with its own, wider patterns)."""
    spans = []
    start = 0
    for m in ends.finditer(text + "\n"):
        if m.group(0).strip(" \t") == "" and "\n" not in m.group(0) and no_end.search(
                text[max(start, m.start() - 12):m.start()]):
            continue  # "119. Änderung", "St. Jürgen": no end of sentence
        piece = text[start:m.start()]
        stripped = piece.strip()
        marker = markers.match(stripped)
        if marker:  # "- ", "3. ", "(1) " of a list in the document
            stripped = stripped[marker.end():]
        if stripped:
            offset = start + piece.index(stripped)
            spans.append((offset, offset + len(stripped), " ".join(stripped.split())))
        start = m.end()
    return spans


def usable(sentence: str) -> bool:
    """Whether a document sentence may be a point: not too long, no source line or address,
    no heading or introduction ("Antwort des Bereichs 5.660 Stadtgrün und Verkehr:", "3. Ausbau
    des Radwegs in Kücknitz", a fragment cut off without a figure in it)."""
    sentence = sentence.strip()
    heading = (not re.search(r"[.!?;“\")…]$", sentence) and len(sentence.split()) <= 10
               and not re.search(r"\d", sentence))
    return len(sentence) <= MAX_SENTENCE and not heading and not _NOT_A_POINT.search(sentence)


def words(text: str) -> set[str]:
    return set(re.findall(r"[\wäöüß]{3,}", text.lower()))


def count_words(text: str) -> int:
    return len(re.sub(r"(?m)^#+ .*$", "", text).replace("- ", " ").split())


def overlaps(text: str, others: list[str], share: float = 0.6) -> bool:
    """Whether ``share`` of the words of ``text`` stand in one of ``others``."""
    mine = words(text)
    return bool(mine) and any(len(mine & words(o)) >= share * len(mine) for o in others)


def word_budget(document: str, length: str) -> int:
    """The most words a summary of ``document`` may have: a share of the paper (a summary of a
    250-word paper is not 185 words long); long papers are bounded by the number of points."""
    return max(MIN_WORDS, round(SHARE.get(length, SHARE["mittel"]) * len(document.split())))


def score(sentence: str, start: int, end: int, findings: list[sourcecheck.Finding]) -> int:
    """How much a sentence carries: its facts (amounts, dates and figures; names do not count)
    and a mandate, decision or deadline."""
    facts = sum(RANK.get(f.kind, 1) for f in findings if start <= f.start < end)
    return facts + (2 if CUES.search(sentence) else 0)


def missing_facts(body: str, summary: list[str], limit: int, room: int | None = None) -> list[str]:
    """Sentences of ``body`` carrying the facts the summary lacks, weightiest first, at most
    ``limit`` of them and ``room`` words."""
    added: list[str] = []
    spans = sentences(body)
    left = room if room is not None else 10**9
    while limit > len(added):
        findings = sourcecheck.check(body, summary + added)
        best: tuple[int, int, str] | None = None
        best_count = 0
        for span in spans:
            start, end, sentence = span
            count = sum(WEIGHT.get(f.kind, 1) for f in findings if start <= f.start < end)
            if (count > best_count and usable(sentence) and sentence not in added
                    and count_words(sentence) <= left):
                best, best_count = span, count
        if best is None:
            break
        added.append(best[2])
        left -= count_words(best[2])
    order = {s: i for i, (_, _, s) in enumerate(spans)}
    return sorted(added, key=lambda s: order.get(s, 0))


def uncovered_parts(body: str, parts: list[str], taken: list[str], room: int,
                    shown: tuple[str, ...] = ()) -> list[str]:
    """For each part of the document that no sentence of the summary comes from, its weightiest
    sentence; first of all the document's last section (its opening sentence, which names the
    matter, and its weightiest), since a summary that stops early misses the decision at the
    end; the first part's opening sentence too. ``shown`` (the "Worum geht es?" line) is not
    repeated but covers no part: one detail of a section does not tell what the section is
    about. At most ``room`` words; returned in the document's order."""
    if not parts:
        return []
    spans = sentences(body)
    findings = sourcecheck.check(body, [])
    weight = {s: score(s, a, b, findings) for a, b, s in spans}
    order = {s: i for i, (_, _, s) in enumerate(spans)}
    once = {s for s in weight if sum(1 for _, _, t in spans if t == s) == 1}
    added: list[str] = []

    def pick(part: str, end: bool) -> None:
        nonlocal room
        mine = [s for _, _, s in sentences(part) if len(s.split()) >= 4 and s in once and usable(s)]
        told = [s for s in mine if s in taken or s in added]  # a sentence repeated everywhere tells nothing
        fresh = [s for s in mine if s not in told and not overlaps(s, [*taken, *added, *shown], 0.8)]
        chosen = []
        if end and mine and mine[0] in fresh:
            chosen.append(mine[0])  # the opening sentence names the matter ("Die alte Klappbrücke …")
        rest = [s for s in fresh if s not in chosen]
        if rest and not [s for s in told if s != mine[0]]:
            chosen.append(max(rest, key=lambda s: (weight[s], -order[s])))
        for sentence in chosen:
            if count_words(sentence) <= room:
                added.append(sentence)
                room -= count_words(sentence)

    pick(last_section(body), end=True)
    for part in reversed(parts):
        pick(part, end=part is parts[0])  # the opening names the matter too ("Die Turnhalle …")
    return sorted(added, key=lambda s: order.get(s, 0))


def last_section(body: str) -> str:
    """The text after the document's last heading ("12. Neubau der Hafenbrücke"), or its last
    paragraph where it has no headings."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    for i in range(len(paragraphs) - 1, -1, -1):
        if _HEADING.match(paragraphs[i]) and i < len(paragraphs) - 1:
            return "\n\n".join(paragraphs[i + 1:])
    return paragraphs[-1] if paragraphs else ""


def stretches(body: str, count: int) -> list[str]:
    """``body`` in ``count`` stretches of about equal length, cut between sentences."""
    spans = sentences(body)
    if not spans or count < 2:
        return [body] if spans else []
    size = len(body) / count
    groups: list[list[str]] = [[] for _ in range(count)]
    for start, _, sentence in spans:
        groups[min(int(start / size), count - 1)].append(sentence)
    return ["\n".join(group) for group in groups if group]


class Points:
    """Turns the model's stream into accepted bullet lines: complete, new, from the document."""

    def __init__(self, avoid: list[str], wanted: int, body: str, instructions: str,
                 frame: Callable[[str], str] = lambda s: s, room: int | None = None) -> None:
        self.avoid = avoid
        self.wanted = wanted
        self.body = body
        self.instructions = instructions
        self.frame = frame  # how a sentence is shown (a rejected motion says so)
        self.room = room  # words the points may take (None: no limit); the first always fits
        self.spans = [s for _, _, s in sentences(body)]
        self.accepted: list[str] = []
        self.done = False

    def expect(self, more: int) -> None:
        """Accept up to ``more`` further points (the next part of the document)."""
        self.wanted = len(self.accepted) + more
        self.done = self.full()

    def full(self) -> bool:
        return self.room is not None and bool(self.accepted) and self.used() >= self.room

    def used(self) -> int:
        return sum(count_words(s) for s in self.accepted)

    def add(self, sentence: str) -> str | None:
        """Accept a document sentence if it is usable, new and fits; the bullet to show."""
        if not usable(sentence) or overlaps(sentence, self.avoid + self.accepted, 0.8):
            return None
        if self.room is not None and self.accepted and self.used() + count_words(sentence) > self.room:
            return None
        self.accepted.append(sentence)
        self.done = len(self.accepted) >= self.wanted or self.full()
        return f"- {self.frame(sentence)}\n"

    def take(self, line: str) -> str | None:
        """The bullet to show for one complete line of the model, or None."""
        line = line.strip()
        if line.startswith("#"):
            self.done = True  # the model goes on to sections of its own
            return None
        text = MARKERS.sub("", line).strip(" *")
        if (len(text.split()) < 4 or quality.META.search(text)
                or quality.instruction_words(text, self.instructions, self.body, 4)):
            return None
        source, share = self._source(text)
        if share < GROUNDED:
            return None  # not what one sentence of the document says: likely wrong
        return self.add(source)  # the model chose this sentence: take it as the document words it

    def _source(self, text: str) -> tuple[str, float]:
        """The document sentence closest to this point, and the share of the point's words
        it contains (1.0: a copy; below 0.5: the point is not from the document)."""
        mine = words(text)
        best = max(self.spans, key=lambda s: len(mine & words(s)), default="")
        return best, (len(mine & words(best)) / len(mine) if mine else 0.0)
