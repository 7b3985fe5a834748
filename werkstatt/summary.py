"""The summary pipeline for administrative documents: facts by rule, points chosen by the model.

A small model retells the opening of a council paper, misses its figures and decisions,
garbles what it paraphrases, and sometimes writes nothing at all. So the summary is built
in three parts:

1. **Worum geht es?** — the paper's kind, reference, lead and Betreff, stated exactly
   (``council.parse``); only a document without such a header asks the model for a sentence
   (checked; else the document's own opening sentence).
2. **Wichtigste Punkte** — the model picks the points, part by part so that it covers the
   whole text (without header, table of contents, form boilerplate, vote table, speaker lists
   and source lines). Each point is taken as the document sentence it comes from: a point
   that no single sentence holds (a mix-up, an invention), an instruction repeated, a repeat,
   a heading are dropped (``summary_points``). If none survives, the model is asked once more
   differently. A text of a few sentences needs no choosing: its weightiest sentences are the
   points. A stretch of a long text that no point comes from (its end above all) gets its
   weightiest sentence; then the sentences with numbers, amounts, dates, references and names
   the summary lacks (the Quellenabgleich in reverse). A sentence of a motion that was voted
   down says so ("Beantragt, aber abgelehnt: …").
3. **Stand und nächste Schritte** — the Beratungsfolge's results, each vote with the motion it
   decided ("Der Antrag … wurde mit 3 Ja-Stimmen und 12 Nein-Stimmen abgelehnt."), and the
   sentences that give mandates, recommendations and deadlines (not those voted down).

So every sentence under parts 2 and 3 is a sentence of the document or a fact of its header
and votes. The whole stays within a share of the paper's length (``word_budget``): a summary
of a short paper is not nearly as long as the paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from . import council, quality, sourcecheck
from .engine import Generation
from .longdoc import condense, split_text
from .run import Run
from .summary_points import (
    CUES,
    MARKERS,
    Points,
    count_words,
    missing_facts,
    overlaps,
    score,
    sentences,
    stretches,
    uncovered_parts,
    usable,
    word_budget,
    words,
)
from .templates import Template, document_block

if TYPE_CHECKING:
    from .pipeline import Request

HEADINGS = ("## Worum geht es?", "## Wichtigste Punkte", "## Stand und nächste Schritte")
POINTS = {"kurz": 3, "mittel": 5, "ausführlich": 8}  # asked of the model
LIMIT = {"kurz": 4, "mittel": 7, "ausführlich": 10}  # with the added facts
NEXT_STEPS = {"kurz": 1, "mittel": 3, "ausführlich": 4}  # at most, within the length
PART_TOKENS = 320  # the model gets the text in parts of this size, so it covers all of it
COVER = {"kurz": 2, "mittel": 3, "ausführlich": 4}  # stretches of a long text, each in the summary
WORUM_TASK = "Worum geht es in diesem Dokument? Antworte mit genau einem Satz auf Deutsch."
WORUM_PARAMS = Generation(temperature=0.1, max_tokens=80, stop=("\n",))
RETRY_HINT = "\nSchreibe jeden Stichpunkt als ganzen Satz in eine eigene Zeile, beginnend mit „- “."
NO_POINTS = ("Das Modell hat keine brauchbaren Stichpunkte geliefert; die Punkte sind Sätze aus "
             "dem Dokument.")
REJECTED = "Beantragt, aber abgelehnt: "
RESULT = re.compile(  # a body's result or recommendation, said in the text
    r"^(?:Der|Die|Das|Beide)\s[^.]{0,60}\b(?:Ausschuss|Ausschüsse|Bürgerschaft|Beirat|Rat|Senat|Gremien|"
    r"Hauptausschuss|Ortsbeirat)\b[^.]*\b(?:abgelehnt|beschlossen|zugestimmt|empfehlen|empfiehlt|empfohlen|"
    r"abzulehnen)\b")
MANDATE = re.compile(r"\b(beauftragt|wird gebeten|beschließt|beschlossen|aufgefordert)\b")
DEADLINE = re.compile(r"\b(bis zum|bis zur|bis Ende|spätestens|Frist|(Januar|Februar|März|April|Mai|Juni|"
                      r"Juli|August|September|Oktober|November|Dezember)\w*\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4})")
_WEEKDAY = re.compile(r"^(Mo|Di|Mi|Do|Fr|Sa|So),\s*")
_Points = Points  # the names the tests and earlier callers use
_MARKERS = MARKERS
_words = words
_overlaps = overlaps


def describe(paper: council.Paper) -> str:
    """The Worum sentence from the header, or "" if the paper has none."""
    if not paper.title:
        return ""
    if paper.kind == "Auszug":
        where = paper.session or paper.committee
        date = _WEEKDAY.sub("", paper.date)
        context = ", ".join(x for x in (where, date, f"TOP {paper.top}" if paper.top else "") if x)
        context = f" ({context})" if context else ""  # a copy without the session's header
        return f"Auszug aus der Niederschrift{context}: {paper.title.rstrip('.')}."
    kind = " ".join(x for x in (paper.kind or "Dokument", paper.reference) if x)
    lead = f" ({paper.lead})" if paper.lead else ""
    return f"{kind}{lead}: {paper.title.rstrip('.')}."


def _plausible(sentence: str, body: str) -> bool:
    """A model sentence about the document, not about itself: whole, grounded, no meta talk."""
    mine = words(sentence)
    grounded = len(mine & words(body)) >= 0.7 * len(mine) if mine else False
    return (len(sentence.split()) >= 6 and sentence.endswith(".") and grounded
            and not quality.META.search(sentence) and "Dokument" not in sentence)


def _first_sentence(body: str) -> str:
    """The shortest of the first three sentences that is not too long (no model needed)."""
    first = [s for _, _, s in sentences(body)[:3] if usable(s)]
    candidates = [s for s in first if len(s) <= 280]
    if candidates:
        return MARKERS.sub("", min(candidates, key=len))
    return MARKERS.sub("", first[0][:200]) + " …" if first else ""


def rejected_frame(paper: council.Paper) -> Callable[[str], str]:
    """How a point is shown: a sentence of a motion that was voted down says so."""
    rejected = {s for _, _, s in sentences(paper.rejected_text())}
    return lambda sentence: f"{REJECTED}{sentence}" if sentence in rejected else sentence


def results(paper: council.Paper, avoid: list[str] | None = None) -> list[str]:
    """The Beratungsfolge's results, each vote with the motion it decided, and up to two
    sentences in which a body reports its result or recommendation (none of ``avoid``)."""
    lines = []
    for step in paper.steps:
        if step.result:
            when = f", {step.date}" if step.date else ""
            lines.append(f"{step.body}{when}: {step.result}.")
    if paper.steps and not any(step.result for step in paper.steps):
        step = paper.steps[-1]
        when = f" ({step.date})" if step.date else ""
        lines.append(f"Vorgesehen: {step.body} {step.purpose}{when}.")
    own = paper.votes[0] if paper.votes and paper.votes[0].result and paper.votes[0].motion is None \
        and paper.votes[0].point is None else None
    if paper.outcome and not own:  # the extract's own vote says its Beschlussart
        date = _WEEKDAY.sub("", paper.date)
        lines.append(f"{paper.committee or 'Gremium'}{', ' + date if date else ''}: "
                     f"{paper.outcome}.")
    motion = paper.motion()
    for vote in paper.votes:
        line = vote.statement(motion, paper.committee)
        if line not in lines:
            lines.append(line)
    said = [s for _, _, s in sentences(paper.decision_text() or paper.body)
            if RESULT.search(s) and usable(s) and not overlaps(s, lines + (avoid or []))]
    return lines + said[:2]  # "Beide Ausschüsse haben den Antrag abgelehnt und empfehlen …"


def next_steps(paper: council.Paper, body: str, taken: list[str], count: int,
               room: int | None = None) -> list[str]:
    """The sentences with mandates, recommendations or deadlines (none voted down), not
    already taken, at most ``count`` and ``room`` words: mandates first, then deadlines, each
    kind in the document's order; shown in the document's order."""
    rejected = {s for _, _, s in sentences(paper.rejected_text())}
    candidates = [s for _, _, s in sentences(paper.decision_text() or body)
                  if CUES.search(s) and usable(s) and s not in rejected and not s.endswith("?")
                  and not re.search(r"Ja-Stimmen", s)]
    ranked = sorted(candidates, key=lambda s: (-_weight(s), candidates.index(s)))
    steps: list[str] = []
    left = room if room is not None else 10**9
    for sentence in ranked:
        if len(steps) >= count:
            break
        fits = count_words(sentence) <= left or (not steps and MANDATE.search(sentence))
        if fits and not overlaps(sentence, taken + steps):  # the main mandate always
            steps.append(sentence)
            left -= count_words(sentence)
    return sorted(steps, key=candidates.index)


def _weight(sentence: str) -> int:
    """A mandate or decision outweighs a deadline, a deadline any other cue."""
    return (2 * bool(MANDATE.search(sentence)) + bool(DEADLINE.search(sentence)))


def status(paper: council.Paper, body: str, taken: list[str], count: int,
           room: int | None = None) -> list[str]:
    """Results, votes with their motions and the sentences with mandates or deadlines."""
    lines = results(paper, taken)
    steps = next_steps(paper, body, taken, count, room)
    if not lines and not steps:
        lines.append("Das Dokument enthält einen Beschlussvorschlag, aber kein Ergebnis der "
                     "Beratung." if paper.decision_text() else
                     "Das Dokument nennt kein Ergebnis und keine Frist.")
    return [f"- {line}" for line in lines + steps]


def _few(body: str, points: Points) -> Iterator[str]:
    """A text of a few sentences: its weightiest sentences that fit, in the document's order
    (a motion voted down last: its vote already names it)."""
    spans = [(a, b, s) for a, b, s in sentences(body) if len(s.split()) >= 4 and usable(s)
             and not overlaps(s, points.avoid, 0.8)]  # not what the header and the status say
    findings = sourcecheck.check(body, [])
    weight = {s: score(s, a, b, findings) for a, b, s in spans}
    ranked = sorted(spans, key=lambda span: (points.frame(span[2]) != span[2], -weight[span[2]]))
    chosen: set[str] = set()
    used = 0
    for _, _, sentence in ranked:
        size = count_words(sentence)
        if points.room is None or not chosen or used + size <= points.room:
            chosen.add(sentence)
            used += size
    points.wanted = len(chosen)
    room, points.room = points.room, None  # chosen to fit already
    for _, _, sentence in spans:
        if sentence in chosen:
            shown = points.add(sentence)
            if shown:
                yield shown
    points.room = room


def _points(run: Run, template: Template, values: dict[str, str], text: str,
            points: Points, retry: bool) -> Iterator[str]:
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
        system = template.render(values, text).system  # as the points' prompt: the document is read once
        answer = "".join(run.generate(system, f"{document_block(text)}\n\n{WORUM_TASK}", WORUM_PARAMS))
        answer = MARKERS.sub("", answer.strip())
        worum = answer if _plausible(answer, body) else _first_sentence(body)
    yield worum
    if run.cancelled:
        return
    yield f"\n\n{HEADINGS[1]}\n"
    fixed = results(paper, [worum])  # the decisions first: they always fit, the points share the rest
    room = word_budget(document, length) - count_words(worum) - sum(count_words(x) for x in fixed)
    steps = next_steps(paper, body, [worum, *fixed], NEXT_STEPS.get(length, 2), max(room, 0))
    room -= sum(count_words(x) for x in steps)
    instructions = quality.PLACEHOLDERS.sub(" ", f"{template.system}\n{template.user}")
    points = Points([worum, *fixed, *steps], 0, body, instructions, rejected_frame(paper), max(room, 0))
    short = [s for _, _, s in sentences(body) if len(s.split()) >= 4 and usable(s)]
    if len(short) <= POINTS.get(length, 5) + 1:  # a few sentences: they are the points
        yield from _few(body, points)
    else:
        for part, wanted in _parts(run, text, POINTS.get(length, 5)):
            points.expect(wanted)
            if points.done:
                break  # the length allowed is reached
            yield from _points(run, template, values, part, points, retry=False)
            if run.cancelled:
                return
    if not points.accepted:  # nothing usable: once more, differently, on the whole text
        points.expect(POINTS.get(length, 5))
        yield from _points(run, template, values, text, points, retry=True)
    bullets = points.accepted
    if run.cancelled:
        return
    left = max(room - points.used(), 0)
    taken = [worum, *bullets, *fixed, *steps]
    covered = uncovered_parts(body, _stretches(run, body, COVER.get(length, 3)), taken[1:], left,
                              shown=(worum,))
    left -= sum(count_words(x) for x in covered)
    count = max(LIMIT.get(length, 7) - len(bullets) - len(covered), 0) if bullets else POINTS.get(length, 5)
    added = missing_facts(body, [*taken, *covered], count, left)
    if not bullets:
        run.notes.append(NO_POINTS)
    for sentence in sorted(covered + added, key=_position(body)):
        yield f"- {points.frame(sentence)}\n"
    lines = [f"- {line}" for line in fixed + steps] or status(paper, body, taken, 0)
    yield f"\n{HEADINGS[2]}\n" + "\n".join(lines)


def _position(body: str) -> Callable[[str], int]:
    order = {s: i for i, (_, _, s) in enumerate(sentences(body))}
    return lambda sentence: order.get(sentence, 0)


def _stretches(run: Run, body: str, count: int) -> list[str]:
    """A long text in ``count`` stretches (a short one is none: the model's points and the
    facts cover it)."""
    return stretches(body, count) if run.engine.count_tokens(body) > 3 * PART_TOKENS else []


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
