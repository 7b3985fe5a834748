"""The summary pipeline for administrative documents: facts by rule, points chosen by the model.

A small model retells the opening of a council paper, misses its figures and decisions,
garbles what it paraphrases, and sometimes writes nothing at all. So the summary is built
in three parts:

1. **Worum geht es?** — the paper's kind, reference, lead and Betreff, stated exactly
   (``council.parse``); only a document without such a header asks the model for a sentence
   (checked; else the document's own opening sentence).
2. **Wichtigste Punkte** — the model picks the points, part by part so that it covers the
   whole text (without header, table of contents, form boilerplate and vote table). Each
   point is taken as the document sentence it comes from: a point that no single sentence
   holds (a mix-up, an invention), an instruction repeated, a repeat, a heading are dropped.
   If none survives, the model is asked once more differently. A text of a few sentences
   needs no choosing: its sentences are the points. Then every number, amount,
   date, reference and name of the text that the summary does not carry yet is added with
   the sentence it stands in (the Quellenabgleich in reverse), up to the length chosen.
3. **Stand und nächste Schritte** — the Beratungsfolge's results, the votes and the sentences
   that give mandates, recommendations and deadlines.

So every sentence under parts 2 and 3 is a sentence of the document, and part 1 its header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from . import council, quality, sourcecheck
from .engine import Generation
from .longdoc import condense, split_text
from .run import Run
from .templates import Template

if TYPE_CHECKING:
    from .pipeline import Request

HEADINGS = ("## Worum geht es?", "## Wichtigste Punkte", "## Stand und nächste Schritte")
POINTS = {"kurz": 3, "mittel": 5, "ausführlich": 8}  # asked of the model
LIMIT = {"kurz": 4, "mittel": 7, "ausführlich": 10}  # with the added facts
NEXT_STEPS = {"kurz": 1, "mittel": 2, "ausführlich": 3}
MAX_SENTENCE = 420  # longer sentences are not copied into the summary
PART_TOKENS = 320  # the model gets the text in parts of this size, so it covers all of it
GROUNDED = 0.7  # share of a point's words one document sentence must hold (else: dropped)
WORUM_USER = ('Dokument:\n"""\n{document}\n"""\n\nWorum geht es in diesem Dokument? Antworte mit '
              "genau einem Satz auf Deutsch.")
WORUM_PARAMS = Generation(temperature=0.1, max_tokens=80, stop=("\n",))
RETRY_HINT = "\nSchreibe jeden Stichpunkt als ganzen Satz in eine eigene Zeile, beginnend mit „- “."
NO_POINTS = ("Das Modell hat keine brauchbaren Stichpunkte geliefert; die Punkte sind Sätze aus "
             "dem Dokument.")
CUES = re.compile(  # mandates, recommendations, deadlines, intentions
    r"\b(beauftragt|wird gebeten|vorzulegen|vorlegen|zu berichten|berichten|bis zum|bis zur|"
    r"spätestens|Frist|zu stellen|empfehlen|empfiehlt|abzulehnen|abgelehnt|zuzustimmen|"
    r"zugestimmt|beschließt|soll|sollen|sollte|möge|mögen)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"(])|\n+")
_NO_END = re.compile(r"(\b\d{1,3}|\b[A-Za-zÄÖÜäöüß]|\b(St|Dr|Nr|Abs|Prof|bzw|ca|rd|vgl|gem|ggf|inkl|Str|"
                     r"Tel|z\. ?B|u\. ?a|d\. ?h|Ö|TOP|Mio|Mrd|Tsd|Std|Min|Jh|Art|Buchst))\.$")
_WEEKDAY = re.compile(r"^(Mo|Di|Mi|Do|Fr|Sa|So),\s*")
_MARKERS = re.compile(r"^(?:(?:[-*•]|\(?\d+(?:\.\d+)*[.):])\s+)+")  # "- 1. ", "5.1: ", "(2) "


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for every sentence or line of ``text``."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        if m.group(0).strip(" \t") == "" and "\n" not in m.group(0) and _NO_END.search(
                text[max(start, m.start() - 12):m.start()]):
            continue  # "119. Änderung", "St. Jürgen": no end of sentence
        piece = text[start:m.start()]
        stripped = piece.strip()
        marker = _MARKERS.match(stripped)
        if marker:  # "- ", "3. ", "(1) " of a list in the document
            stripped = stripped[marker.end():]
        if stripped:
            offset = start + piece.index(stripped)
            spans.append((offset, offset + len(stripped), " ".join(stripped.split())))
        start = m.end()
    return spans


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\wäöüß]{3,}", text.lower()))


def _overlaps(text: str, others: list[str], share: float = 0.6) -> bool:
    """Whether ``share`` of the words of ``text`` stand in one of ``others``."""
    mine = _words(text)
    return bool(mine) and any(len(mine & _words(o)) >= share * len(mine) for o in others)


def describe(paper: council.Paper) -> str:
    """The Worum sentence from the header, or "" if the paper has none."""
    if not paper.title:
        return ""
    if paper.kind == "Auszug":
        where = paper.session or paper.committee
        date = _WEEKDAY.sub("", paper.date)
        context = ", ".join(x for x in (where, date, f"TOP {paper.top}" if paper.top else "") if x)
        return f"Auszug aus der Niederschrift ({context}): {paper.title.rstrip('.')}."
    kind = " ".join(x for x in (paper.kind or "Dokument", paper.reference) if x)
    lead = f" ({paper.lead})" if paper.lead else ""
    return f"{kind}{lead}: {paper.title.rstrip('.')}."


def _plausible(sentence: str, body: str) -> bool:
    """A model sentence about the document, not about itself: whole, grounded, no meta talk."""
    words = _words(sentence)
    grounded = len(words & _words(body)) >= 0.7 * len(words) if words else False
    return (len(sentence.split()) >= 6 and sentence.endswith(".") and grounded
            and not quality.META.search(sentence) and "Dokument" not in sentence)


def _first_sentence(body: str) -> str:
    """The shortest of the first three sentences that is not too long (no model needed)."""
    first = [s for _, _, s in sentences(body)[:3]]
    candidates = [s for s in first if len(s) <= 280]
    if candidates:
        return _MARKERS.sub("", min(candidates, key=len))
    return _MARKERS.sub("", first[0][:200]) + " …" if first else ""


def status(paper: council.Paper, body: str, taken: list[str], count: int) -> list[str]:
    """Results, votes and the sentences with mandates or deadlines (not already taken)."""
    lines = []
    for step in paper.steps:
        if step.result:
            when = f", {step.date}" if step.date else ""
            lines.append(f"{step.body}{when}: {step.result}.")
    if paper.steps and not any(step.result for step in paper.steps):
        step = paper.steps[-1]
        when = f" ({step.date})" if step.date else ""
        lines.append(f"Vorgesehen: {step.body} {step.purpose}{when}.")
    if paper.outcome:
        date = _WEEKDAY.sub("", paper.date)
        lines.append(f"{paper.committee or 'Gremium'}{', ' + date if date else ''}: "
                     f"{paper.outcome}.")
    for vote in paper.votes:
        who = f" ({vote.who})" if vote.who and vote.who != paper.committee else ""
        lines.append(f"Abstimmung{who}: {vote.describe()}.")
    steps: list[str] = []
    for _, _, sentence in sentences(paper.decision_text() or body):
        if len(steps) >= count:
            break
        if (CUES.search(sentence) and len(sentence) <= MAX_SENTENCE
                and not _overlaps(sentence, taken + steps) and not re.search(r"Ja-Stimmen", sentence)):
            steps.append(sentence)
    if not lines and not steps:
        lines.append("Das Dokument enthält einen Beschlussvorschlag, aber kein Ergebnis der "
                     "Beratung." if paper.decision_text() else
                     "Das Dokument nennt kein Ergebnis und keine Frist.")
    return [f"- {line}" for line in lines + steps]


WEIGHT = {"Betrag": 3, "Datum": 2}  # amounts and dates matter most; others count 1


def missing_facts(body: str, summary: list[str], limit: int) -> list[str]:
    """Sentences of ``body`` carrying the facts the summary lacks, weightiest first."""
    added: list[str] = []
    spans = sentences(body)
    while limit > len(added):
        findings = sourcecheck.check(body, summary + added)
        best: tuple[int, int, str] | None = None
        best_count = 0
        for span in spans:
            start, end, sentence = span
            count = sum(WEIGHT.get(f.kind, 1) for f in findings if start <= f.start < end)
            if count > best_count and len(sentence) <= MAX_SENTENCE and sentence not in added:
                best, best_count = span, count
        if best is None:
            break
        added.append(best[2])
    order = {s: i for i, (_, _, s) in enumerate(spans)}
    return sorted(added, key=lambda s: order.get(s, 0))


class _Points:
    """Turns the model's stream into accepted bullet lines: complete, new, from the document."""

    def __init__(self, avoid: list[str], wanted: int, body: str, instructions: str) -> None:
        self.avoid = avoid
        self.wanted = wanted
        self.body = body
        self.instructions = instructions
        self.spans = [s for _, _, s in sentences(body)]
        self.accepted: list[str] = []
        self.done = False

    def expect(self, more: int) -> None:
        """Accept up to ``more`` further points (the next part of the document)."""
        self.wanted = len(self.accepted) + more
        self.done = False

    def take(self, line: str) -> str | None:
        """The bullet to show for one complete line, or None."""
        line = line.strip()
        if line.startswith("#"):
            self.done = True  # the model goes on to sections of its own
            return None
        text = _MARKERS.sub("", line).strip(" *")
        if (len(text.split()) < 4 or quality.META.search(text)
                or quality.instruction_words(text, self.instructions, self.body, 4)):
            return None
        source, share = self._source(text)
        if share < GROUNDED or len(source) > MAX_SENTENCE:
            return None  # not what one sentence of the document says: likely wrong
        text = source  # the model chose this sentence: take it as the document words it
        if _overlaps(text, self.avoid + self.accepted, 0.8):
            return None
        self.accepted.append(text)
        self.done = len(self.accepted) >= self.wanted
        return f"- {text}\n"

    def _source(self, text: str) -> tuple[str, float]:
        """The document sentence closest to this point, and the share of the point's words
        it contains (1.0: a copy; below 0.5: the point is not from the document)."""
        mine = _words(text)
        best = max(self.spans, key=lambda s: len(mine & _words(s)), default="")
        return best, (len(mine & _words(best)) / len(mine) if mine else 0.0)


def _points(run: Run, template: Template, values: dict[str, str], text: str,
            points: _Points, retry: bool) -> Iterator[str]:
    """Stream the model's points through ``points`` (which keeps the accepted ones)."""
    prompt = template.render(values, text)
    user = prompt.user + (RETRY_HINT if retry else "")
    wanted = points.wanted - len(points.accepted)
    params = replace(template.generation,  # a point is rarely longer than 100 tokens
                     max_tokens=min(template.generation.max_tokens, 60 + 100 * wanted))
    if retry:
        params = replace(params, temperature=0.5)
    buffer = ""
    stream = run.generate(prompt.system, user, params, prompt.answer_prefix,
                          seed_offset=17 if retry else 0)
    try:
        for chunk in stream:
            buffer += chunk
            while "\n" in buffer and not points.done:
                line, buffer = buffer.split("\n", 1)
                shown = points.take(line)
                if shown:
                    yield shown
            if points.done:
                break
    finally:
        stream.close()
    cut_off = run.stats.finish_reason == "length" and not re.search(r"[.!?“\")]\s*$", buffer)
    if buffer.strip() and not points.done and not cut_off:
        shown = points.take(buffer)
        if shown:
            yield shown


def stream_request(run: Run, request: Request) -> Iterator[str]:
    """The summary of ``request``'s document (the pipeline's way "summary")."""
    return stream(run, request.template, request.values, request.document)


def stream(run: Run, template: Template, values: dict[str, str], document: str) -> Iterator[str]:
    """The summary as chunks, in the order of its three parts."""
    paper = council.parse(document)
    body = paper.body.strip() or document.strip()
    length = values.get("laenge", "mittel")
    text = condense_if_needed(run, template, values, body)
    if text is None:
        return
    yield f"{HEADINGS[0]}\n"
    worum = describe(paper)
    if not worum:
        system = template.render(values, text).system
        answer = "".join(run.generate(system, WORUM_USER.format(document=text), WORUM_PARAMS))
        worum = answer.strip() if _plausible(answer.strip(), body) else _first_sentence(body)
    yield worum
    if run.cancelled:
        return
    yield f"\n\n{HEADINGS[1]}\n"
    instructions = quality.PLACEHOLDERS.sub(" ", f"{template.system}\n{template.user}")
    points = _Points([worum], 0, body, instructions)
    short = [s for _, _, s in sentences(body) if len(s.split()) >= 4]
    if len(short) <= POINTS.get(length, 5) + 1:  # a few sentences: they are the points
        for sentence in short:
            if not _overlaps(sentence, [worum, *points.accepted], 0.8):
                points.accepted.append(sentence)
                yield f"- {sentence}\n"
    else:
        for part, wanted in _parts(run, text, POINTS.get(length, 5)):
            points.expect(wanted)
            yield from _points(run, template, values, part, points, retry=False)
            if run.cancelled:
                return
    if not points.accepted:  # nothing usable: once more, differently, on the whole text
        points.expect(POINTS.get(length, 5))
        yield from _points(run, template, values, text, points, retry=True)
    bullets = points.accepted
    if run.cancelled:
        return
    lines = status(paper, body, [worum, *bullets], NEXT_STEPS.get(length, 2))
    room = max(LIMIT.get(length, 7) - len(bullets), 0) if bullets else POINTS.get(length, 5)
    added = missing_facts(body, [worum, *bullets, *lines], room)
    if not bullets:
        run.notes.append(NO_POINTS)
    for sentence in added:
        yield f"- {sentence}\n"
    yield f"\n{HEADINGS[2]}\n" + "\n".join(lines)


def _parts(run: Run, text: str, wanted: int) -> list[tuple[str, int]]:
    """The text in parts of about ``PART_TOKENS`` tokens, each with its share of the points
    (at least one): the model then covers the whole document, not only its opening."""
    pieces = split_text(text, PART_TOKENS, run.engine.count_tokens)
    if len(pieces) <= 1:
        return [(text, wanted)]
    sizes = [len(p) for p in pieces]
    shares = [max(1, round(wanted * size / sum(sizes))) for size in sizes]
    return list(zip(pieces, shares, strict=True))


def condense_if_needed(run: Run, template: Template, values: dict[str, str],
                       body: str) -> str | None:
    """The body, or for a long one its condensed parts (None if cancelled meanwhile)."""
    from .drafting import fits, part_budget

    text, round_number = body, 1
    while not fits(run.engine, template, template.render(values, text)):
        condensed = condense(run.engine, text, part_budget(run.engine), run.cancel,
                             run.progress, round_number)
        if condensed is None:
            return None
        text, round_number = condensed, round_number + 1
    return text
