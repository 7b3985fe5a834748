"""One way from a request to a draft, for the command line and the app alike.

    request = prepare(policy, record, template, values, document, names)   # every check
    response = run(engine, request, cancel, progress)
    for chunk in response:                                                 # the draft as it grows
        show(chunk)
    draft = response.draft                                                 # text, figures, notes
    export.write_draft(draft, edited_text, path, label=…, head=…)

Data flows one way: template → request → engine → draft → export or feedback. ``prepare``
checks everything a request needs (usage rules, KI-Pass, IT's template list, the fields, the
document) and renders the prompt once, before a model is loaded; ``run`` streams, and its
``draft`` carries the figures the stream produced.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from . import drafting
from .drafting import Draft, Restart
from .engine import TextEngine
from .errors import WerkstattError
from .governance import Record, Rules, check_may_generate
from .policy import Policy
from .progress import CancelToken, Progress, no_progress
from .run import Run
from .templates import Prompt, Template


@dataclass(frozen=True)
class Request:
    """What to write: a template, its checked field values and the document, rendered once."""

    template: Template
    values: dict[str, str]  # defaults filled in, every field checked
    document: str
    prompt: Prompt
    documents: tuple[str, ...] = ()  # names of the input documents (named in summaries)
    continues: bool = False  # goes on from a draft cut at the length limit (``continued``)

    @classmethod
    def build(cls, template: Template, values: dict[str, str], document: str = "",
              documents: Iterable[str] = ()) -> Request:
        """Check the fields and the document and render the prompt (a German error if not)."""
        resolved = template.resolve_values(values)
        return cls(template, resolved, document, template.render(resolved, document),
                   tuple(documents))

    def sources(self) -> list[str]:
        """What a draft may take its facts from: the document, the form's values and the
        template's own texts (the letter's salutation and closing, the minutes' header, the
        vetted blocks its way adds: a decision's Rechtsbehelfsbelehrung)."""
        return [self.document, *self.values.values(), self.prompt.answer_prefix,
                self.prompt.closing, *vetted_texts(self)]


def continued(request: Request, text: str) -> Request:
    """The same request, its answer going on from ``text``: a draft cut at the template's
    length limit, as the user may have edited it. The template's closing comes again at
    the end. Only the "prompt" way can go on; a summary is written anew."""
    if request.template.pipeline != "prompt":
        raise WerkstattError(f"Ein Entwurf der Vorlage „{request.template.title}“ kann nicht "
                             "weitergeschrieben werden; bitte neu erzeugen.")
    body, closing = text.rstrip(), request.prompt.closing
    if closing and body.endswith(closing):
        body = body[:-len(closing)].rstrip()
    return replace(request, prompt=replace(request.prompt, answer_prefix=body), continues=True)


def prepare(policy: Policy, record: Record, template: Template, values: dict[str, str],
            document: str = "", documents: Iterable[str] = (), *, rules: Rules | None = None,
            cli: bool = False) -> Request:
    """The request, once everything that must hold before AI is used holds."""
    check_may_generate(policy, record, rules, cli=cli)
    if not policy.template_enabled(template.id):
        raise WerkstattError(f"Die Vorlage „{template.id}“ ist von der IT nicht freigegeben.")
    return Request.build(template, values, document, documents)


class Response:
    """The draft as a stream of chunks (a ``Restart`` marker clears what was shown), then
    ``draft``: the cleaned text with its figures and notes. ``draft`` is set when the stream
    ends, also when it was cancelled or broke off (with the text streamed so far)."""

    def __init__(self, engine: TextEngine, request: Request, cancel: CancelToken | None = None,
                 progress: Progress = no_progress, seed: int | None = None) -> None:
        self.request = request
        self.draft: Draft | None = None
        self._run = Run(engine, cancel or CancelToken(), progress, seed)
        self._created = dt.datetime.now().replace(microsecond=0)
        self._started = False

    def __iter__(self) -> Iterator[str]:
        if self._started:
            raise RuntimeError("A response streams once.")
        self._started = True
        run, request = self._run, self.request
        chunks = way(request.template.pipeline)(run, request)
        text = ""
        try:
            for chunk in chunks:
                text = "" if isinstance(chunk, Restart) else text + chunk
                yield chunk
        finally:
            self.draft = Draft(
                template=request.template, values=request.values,
                model_id=run.engine.entry.id, text=drafting.clean(text), stats=run.stats,
                created=self._created, documents=request.documents, notes=list(run.notes),
                unusable=run.unusable, server=getattr(run.engine, "server", ""),
                model_sha256=run.engine.entry.sha256)


# The ways a template's draft is written (its ``pipeline`` key): module and function, each
# ``(run, request) -> chunks``; a module is imported when its way is first used.
WAYS = {
    "prompt": ("werkstatt.drafting", "stream_prompt"),
    "items": ("werkstatt.drafting", "stream_items"),
    "summary": ("werkstatt.summary", "stream_request"),
    "letter": ("werkstatt.letter", "stream"),  # letters and e-mail answers, sentence by sentence
    "minutes": ("werkstatt.minutes", "stream"),  # minutes from rough notes
    "plain": ("werkstatt.plainlang", "stream"),  # Einfache Sprache by the rules
}


# The vetted texts a way writes besides the model's, by way: (module, function(request) -> texts).
VETTED = {"letter": ("werkstatt.letter", "vetted")}


def vetted_texts(request: Request) -> list[str]:
    """The texts the request's way adds from vetted data ([] where it adds none, or where the
    request cannot be written: that error comes when it is)."""
    if request.template.pipeline not in VETTED:
        return []
    module, function = VETTED[request.template.pipeline]
    try:
        texts: list[str] = getattr(importlib.import_module(module), function)(request)
    except WerkstattError:
        return []
    return texts


def way(name: str) -> Callable[[Run, Request], Iterator[str]]:
    """The function that writes drafts the way ``name`` says."""
    module, function = WAYS[name]
    found: Callable[[Run, Request], Iterator[str]] = getattr(importlib.import_module(module), function)
    return found


def run(engine: TextEngine, request: Request, cancel: CancelToken | None = None,
        progress: Progress = no_progress, seed: int | None = None) -> Response:
    """Start nothing yet: the engine is asked when the response is iterated."""
    return Response(engine, request, cancel, progress, seed)


def generate(engine: TextEngine, request: Request, cancel: CancelToken | None = None,
             seed: int | None = None) -> Draft:
    """The whole draft at once (tests, scripts, the evaluation)."""
    response = run(engine, request, cancel, seed=seed)
    for _ in response:
        pass
    assert response.draft is not None
    return response.draft
