"""The "prompt" way of writing a draft, and what every draft is checked and cleaned for.

``pipeline.py`` picks the way by the template's ``pipeline``: "prompt" (here) sends the
request's rendered prompt, a long document condensed in parts first; "summary"
(``summary.py``) builds a summary from the document's structure. Both yield chunks, and
``Restart`` when a useless draft is thrown away and written anew.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import quality, sourcecheck
from .engine import MIN_ANSWER_TOKENS, Stats, TextEngine
from .errors import WerkstattError
from .longdoc import PART_PARAMS, PART_SYSTEM, PART_TOKENS, PART_USER, condense
from .run import Run
from .templates import DOCUMENT, Prompt, Template

if TYPE_CHECKING:
    from .pipeline import Request


@dataclass
class Draft:
    """A finished (or cancelled, or broken-off) draft, where it came from and its figures.
    Made by ``pipeline.Response`` when its stream ends; nobody fills it in from outside."""

    template: Template
    values: dict[str, str]
    model_id: str
    text: str = ""
    stats: Stats = field(default_factory=Stats)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    documents: tuple[str, ...] = ()  # names of the input documents (named in summaries)
    notes: list[str] = field(default_factory=list)  # what the user should know about it
    unusable: bool = False  # empty or looping even after a second attempt
    server: str = ""  # the inference server that wrote it ("host:port"); "" on this PC
    model_sha256: str = ""  # the weights' checksum, where known


def fits(engine: TextEngine, template: Template, prompt: Prompt) -> bool:
    used = engine.count_prompt(prompt.system, prompt.user, prompt.answer_prefix)
    return used + min(template.generation.max_tokens, MIN_ANSWER_TOKENS) <= engine.n_ctx


def part_budget(engine: TextEngine) -> int:
    """Tokens of document text one part may have (the part prompt and answer need room)."""
    overhead = engine.count_prompt(PART_SYSTEM, PART_USER.format(index=9, count=9, part=""))
    budget = min(PART_TOKENS, engine.n_ctx - overhead - PART_PARAMS.max_tokens - 32)
    if budget < 200:
        raise WerkstattError("Das Kontextfenster ist zu klein, um lange Dokumente in Teilen zu "
                             "bearbeiten (mindestens 1.024 Token).")
    return budget


def drop_repeated_paragraphs(text: str) -> str:
    """The text without paragraphs, and lines of 25 characters or more, that repeat an
    earlier one (small models loop)."""
    seen: set[str] = set()
    seen_lines: set[str] = set()
    kept = []
    for paragraph in text.strip().split("\n\n"):
        key = " ".join(paragraph.split()).lower()
        if key and key in seen and len(key) > 20:
            continue
        seen.add(key)
        lines = []
        for line in paragraph.split("\n"):
            line_key = " ".join(line.split()).lower()
            if len(line_key) >= 25 and line_key in seen_lines:
                continue
            seen_lines.add(line_key)
            lines.append(line)
        kept.append("\n".join(lines))
    return "\n\n".join(kept)


class Restart(str):
    """Yielded (as an empty string) when a draft is thrown away and written anew: whoever
    shows the stream clears what it showed. ``"".join`` of a stream is unaffected."""

    reason: str = ""


def restart(reason: str) -> Restart:
    marker = Restart("")
    marker.reason = reason
    return marker


UNUSABLE = ("Der Entwurf ist auch im zweiten Versuch unbrauchbar ({problems}). Bitte die Eingabe "
            "prüfen und neu erzeugen oder den Text selbst schreiben.")


def stream_prompt(run: Run, request: Request) -> Iterator[str]:
    """The request's prompt; a document too long for it condensed in parts first. A draft
    that is empty, loops or repeats its instructions is written once more differently."""
    template, values, document, prompt = (request.template, request.values, request.document,
                                          request.prompt)
    if template.long_documents and not request.continues:
        round_number = 1
        while not fits(run.engine, template, prompt):
            condensed = condense(run.engine, document, part_budget(run.engine), run.cancel,
                                 run.progress, round_number)
            if condensed is None:  # cancelled
                return
            document, round_number = condensed, round_number + 1
            prompt = template.render(values, document)
    instructions = quality.PLACEHOLDERS.sub(" ", f"{template.system}\n{template.user}")
    sources = "\n".join([document, *values.values()])
    params = template.generation
    for attempt in (0, 1):
        text = ""
        for chunk in run.generate(prompt.system, prompt.user, params, prompt.answer_prefix,
                                  seed_offset=17 * attempt):
            text += chunk
            yield chunk
        if run.cancelled:
            return
        if request.continues:  # going on from the user's draft: no second attempt
            break
        found = quality.assess(text[len(prompt.answer_prefix):], instructions, sources)
        if not (found.degenerate or found.leaked):
            break
        if attempt == 0:
            yield restart(", ".join(found.problems()))
            params = replace(params, temperature=min(params.temperature + 0.3, 1.0))
        else:
            run.notes.append(UNUSABLE.format(problems=", ".join(found.problems())))
            run.unusable = True  # said "unbrauchbar": never handed over as a draft
    notes = document if template.cover == DOCUMENT else values.get(template.cover, "")
    missing = uncovered_points(notes, text) if template.cover else []
    if missing:
        newlines = len(text) - len(text.rstrip("\n"))
        addition = "\n" * max(0, 2 - newlines) + " ".join(missing)
        text += addition
        yield addition
    if prompt.closing:
        # The template's own closing (greeting, signature): the model stops before it.
        newlines = len(text) - len(text.rstrip("\n"))
        yield "\n" * max(0, 2 - newlines) + prompt.closing


ITEM_HEAD = re.compile(r"^TOP\s+\S+?:", re.MULTILINE)


def stream_items(run: Run, request: Request) -> Iterator[str]:
    """The "items" way (a meeting briefing): the document's items, each starting with a line
    "TOP n: …", are written one at a time — a small model given one item condenses it, given
    twenty it copies them. Each paragraph follows its item's heading line."""
    template, values, document = request.template, request.values, request.document
    starts = [m.start() for m in ITEM_HEAD.finditer(document)]
    items = [document[a:b].strip() for a, b in zip(starts, [*starts[1:], len(document)])]
    if not items:
        yield from stream_prompt(run, request)
        return
    for number, item in enumerate(items, start=1):
        run.progress((number - 1) / len(items), f"Punkt {number} von {len(items)}")
        heading, _, body = item.partition("\n")
        yield ("\n\n" if number > 1 else "") + heading + "\n"
        if not body.strip() or body.strip() == "(ohne Vorlage)":
            yield "Ohne Vorlage."
            continue
        prompt = template.render(values, item)
        text = "".join(run.generate(prompt.system, prompt.user, template.generation,
                                    prompt.answer_prefix, seed_offset=number))
        if run.cancelled:
            return
        # what a small model echoes of its input's frame: the heading, the prompt's lead-in
        kept = [line for line in text.strip().splitlines()
                if line.strip() and line.strip() not in (heading, '"""')
                and not line.lower().startswith(("tagesordnungspunkt", "top "))]
        joined = re.sub(r"(^|(?<=[.!?])\s)\d{1,2}\.\s+(?=[A-ZÄÖÜ])", r"\1", " ".join(kept))
        sentences = re.split(r"(?<=[.!?])\s+", joined)  # numbering dropped, repeats once
        paragraph = " ".join(dict.fromkeys(s for s in sentences if s)).strip()
        if not paragraph or quality.assess(paragraph, "", item).degenerate:
            run.notes.append(f"Zu „{heading}“ ist der Absatz unbrauchbar; bitte selbst ergänzen.")
        yield paragraph


def uncovered_points(notes: str, draft: str) -> list[str]:
    """The notes' points whose figures, dates or names the draft leaves out, each as a
    sentence (the employee's own words): a letter never drops the date or the amount."""
    sentences = []
    for line in notes.splitlines():
        point = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip().rstrip(";,")
        if point and sourcecheck.check(point, [draft]):
            point = point[0].upper() + point[1:]
            sentences.append(point if point[-1] in ".!?" else point + ".")
    return sentences


def clean(text: str) -> str:
    """The draft as kept: meta lines ("Hier ist …"), runs of blank lines and repeats gone."""
    return drop_repeated_paragraphs(re.sub(r"\n{3,}", "\n\n", quality.without_meta_lines(text)))
