"""The main job: a template, its field values and a document become a draft.

``stream_draft`` is what the CLI and the app both call. The template's ``pipeline`` picks
how: "prompt" renders its prompt once (long documents condensed in parts first);
"summary" builds a summary from the document's structure (``summary.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from . import quality, sourcecheck
from .engine import MIN_ANSWER_TOKENS, Stats, TextEngine
from .errors import WerkstattError
from .export import Letterhead, Provenance, Source
from .longdoc import PART_PARAMS, PART_SYSTEM, PART_TOKENS, PART_USER, condense
from .progress import CancelToken, Progress, no_progress
from .run import Run
from .templates import DOCUMENT, Prompt, Template


@dataclass
class Draft:
    """A finished (or cancelled) draft and where it came from."""

    template: Template
    values: dict[str, str]
    model_id: str
    text: str = ""
    stats: Stats = field(default_factory=Stats)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    documents: tuple[str, ...] = ()  # names of the input documents (named in summaries)
    notes: list[str] = field(default_factory=list)  # what the user should know about it
    unusable: bool = False  # empty or looping even after a second attempt

    def provenance(self, label: str | None = None) -> Provenance:
        from .policy import load_policy_or_default

        return Provenance(
            template_id=self.template.id, template_version=self.template.version,
            template_title=self.template.title, model_id=self.model_id, created=self.created,
            label=label or load_policy_or_default().export_label,
        )


    def export_source(self, text: str | None = None, head: Letterhead | None = None) -> Source:
        """What the exporters lay out: the (edited) text with this draft's context."""
        return Source(text=self.text if text is None else text, kind=self.template.output,
                      title=self.template.title, values=dict(self.values),
                      documents=self.documents, created=self.created, head=head or Letterhead())


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


def _stream_prompt(run: Run, template: Template, values: dict[str, str],
                   document: str) -> Iterator[str]:
    """The template's prompt; a document too long for it condensed in parts first. A draft
    that is empty, loops or repeats its instructions is written once more differently."""
    prompt = template.render(values, document)
    if template.long_documents:
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
        found = quality.assess(text[len(prompt.answer_prefix):], instructions, sources)
        if not (found.degenerate or found.leaked):
            break
        if attempt == 0:
            yield restart(", ".join(found.problems()))
            params = replace(params, temperature=min(params.temperature + 0.3, 1.0))
        else:
            run.notes.append(UNUSABLE.format(problems=", ".join(found.problems())))
            run.unusable = found.degenerate
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


def stream_draft(engine: TextEngine, template: Template, values: dict[str, str], document: str,
                 draft: Draft | None = None, cancel: CancelToken | None = None,
                 progress: Progress = no_progress, seed: int | None = None) -> Iterator[str]:
    """Yield the draft's text in chunks; ``draft`` (if given) collects text, figures, notes."""
    run = Run(engine, cancel or CancelToken(), progress, seed)
    template.render(values, document)  # a missing field or document: an error before any work
    if template.pipeline == "summary":
        from . import summary

        chunks = summary.stream(run, template, values, document)
    else:
        chunks = _stream_prompt(run, template, values, document)
    text = ""
    for chunk in chunks:
        text = "" if isinstance(chunk, Restart) else text + chunk
        yield chunk
    if draft is not None:
        text = re.sub(r"\n{3,}", "\n\n", quality.without_meta_lines(text))
        draft.text = drop_repeated_paragraphs(text)
        draft.stats = run.stats
        draft.notes = run.notes
        draft.unusable = run.unusable


def check_sources(template: Template, values: dict[str, str], document: str) -> list[str]:
    """What a draft may take its facts from: the document, the form's values and the
    template's own texts (the letter's salutation and closing, the minutes' header)."""
    try:
        prompt = template.render(values, document)
        own = [prompt.answer_prefix, prompt.closing]
    except WerkstattError:  # no document or a field emptied since: check against the rest
        own = []
    return [document, *values.values(), *own]


def make_draft(engine: TextEngine, template: Template, values: dict[str, str], document: str,
               cancel: CancelToken | None = None, seed: int | None = None) -> Draft:
    """Generate the whole draft at once (tests, scripts)."""
    draft = Draft(template=template, values=template.resolve_values(values),
                  model_id=engine.entry.id)
    for _ in stream_draft(engine, template, values, document, draft, cancel, seed=seed):
        pass
    return draft
