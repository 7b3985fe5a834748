"""One draft on the command line, shared by ``werkstatt run`` (``cli.py``) and ``werkstatt
gremien run`` (``gremien/commands.py``): the output's format checked before anything loads, the
draft streamed to stdout as it comes (and saved), the input files read with their attachments,
and the Quellenabgleich reported line by line.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import export, pipeline, sourcecheck
from .documents import Document, read_attachments, read_document
from .drafting import Restart
from .engine import make_engine
from .errors import UnusableDraft, WerkstattError
from .governance import Record
from .policy import load_policy
from .settings import Settings, letterhead
from .templates import Template


def check_output(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in (*export.FORMATS, ".md"):
        raise WerkstattError(f"Speichern als „{output.suffix or output.name}“ ist nicht möglich "
                             f"({', '.join(export.FORMATS)}).")


def generate(template: Template, document: str, names: tuple[str, ...] | list[str],
             values: dict[str, str], output: Path | None, model_id: str = "",
             seed: int | None = None, context_tokens: int | None = None,
             check_facts: bool = False, local: bool = False) -> None:
    """Write a draft of ``template`` on ``document`` to stdout as it comes (and to ``output``)."""
    policy = load_policy()  # an invalid policy stops here (exit 2, names file and problem)
    settings, record = Settings(), Record()
    if record.problem:
        click.echo(f"Hinweis: {record.problem}", err=True)
    head = letterhead(policy, settings)  # as the window: the letterhead fills what is not given
    values = {**{f.id: getattr(head, f.preset) for f in template.fields
                 if f.preset and getattr(head, f.preset, "")}, **values}
    request = pipeline.prepare(policy, record, template, values, document, names,
                               cli=True)  # every check before the model loads
    engine = make_engine(policy, settings, model_id, context_tokens, local)
    try:
        engine.load()
        server = getattr(engine, "server", "")
        if server:
            click.echo(f"[Servermodus: Der Text geht an den KI-Server {server} "
                       f"(Modell {engine.entry.name}) und an keinen anderen Ort.]", err=True)
        response = pipeline.run(engine, request, progress=show_parts, seed=seed)
        for chunk in response:
            if isinstance(chunk, Restart):
                click.echo(f"\n[Der Entwurf war unbrauchbar ({chunk.reason}); zweiter Versuch:]",
                           err=True)
                click.echo("\n")
            click.echo(chunk, nl=False)
    finally:
        engine.close()
    draft = response.draft
    assert draft is not None
    click.echo()
    stats = draft.stats
    where = f" auf dem KI-Server {server}" if server else ""
    click.echo(f"[{draft.model_id}{where}: {stats.completion_tokens} Token in "
               f"{stats.seconds:.1f} s, {stats.tokens_per_second:.1f} Token/s]", err=True)
    notice = str(getattr(engine, "notice", "")) if server else ""
    if notice:  # server mode: e.g. token counts estimated
        click.echo(f"Hinweis: {notice}", err=True)
    if draft.unusable:
        raise UnusableDraft(" ".join(draft.notes))
    for note in draft.notes:
        click.echo(f"Hinweis: {note}", err=True)
    if check_facts:
        report_findings(draft.text, request.sources(), err=True)
    if output is not None:
        export.write_draft(draft, draft.text, output, label=policy.export_label, head=head)
        click.echo(f"Gespeichert: {output}", err=True)


def show_parts(fraction: float, message: str) -> None:
    if message.startswith(("Teil", "Runde")):  # long documents: parts as they go
        click.echo(f"[{message}]", err=True)


def read_inputs(files: tuple[str, ...] | tuple[Path, ...], attachments: bool) -> list[Document]:
    """The input files, each followed by its readable e-mail attachments if asked for.
    A bad input file stops (exit 2); a bad attachment is reported and left out."""
    documents = []
    for file in files:
        document = read_document(file)
        documents.append(document)
        if attachments and document.attachments:
            inner, problems = read_attachments(document)
            documents.extend(inner)
            for problem in problems:
                click.echo(f"Hinweis: {problem}", err=True)
    return documents


def report_findings(draft: str, sources: list[str], err: bool = False) -> int:
    """One line per fact of the draft that the sources lack; returns their number."""

    findings = sourcecheck.check(draft, sources)
    for finding in findings:
        click.echo(f"Zeile {sourcecheck.line_of(draft, finding.start)}: {finding.describe()} steht nicht im "
                   "Dokument", err=err)
    click.echo(f"Quellenabgleich: {sourcecheck.summary(findings)}.", err=err)
    return len(findings)
