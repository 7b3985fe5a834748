"""``werkstatt gremien``: the council library from the command line (no Qt).

    werkstatt gremien import ORDNER_ODER_DATEI...   OParl folders/files, pages saved from ALLRIS
    werkstatt gremien search "Krippenplätze"        one paper per line: reference, date, subject
    werkstatt gremien show VO/2025/14550            a paper with files, consultations, relatives
    werkstatt gremien ask "Wie viele …?"            an answer with its sources
    werkstatt gremien run VORLAGE ZIEL [-o x.docx]  a council template on a paper or meeting
    werkstatt gremien meetings                      the meetings with their agenda size
    werkstatt gremien sync URL                      fetch from an OParl endpoint (policy!)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli_draft import check_output, generate
from ..errors import WerkstattError
from ..governance import Record
from ..policy import load_policy
from ..templates import get_template
from . import ask as asking
from . import display, inputs
from .library import Library, count

LIBRARY_OPTION = click.option(
    "--library", "library_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Die Bibliotheksdatei (Standard: gremien.sqlite im Benutzerordner).")


@click.group("gremien")
def gremien_group() -> None:
    """Ratsdokumente (ALLRIS/OParl): importieren, suchen, fragen, zusammenfassen."""


def _progress(fraction: float, message: str) -> None:
    """A sync's pages as they come (the counts at the end are printed by the command)."""
    if message.startswith(("Liste", "Verbinde")):
        click.echo(f"[{message}]", err=True)


@gremien_group.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@LIBRARY_OPTION
def import_cmd(sources: tuple[Path, ...], library_path: Path | None) -> None:
    """OParl-Ordner oder -Dateien (JSON) und aus ALLRIS gespeicherte Vorlagen (HTML, PDF …)
    in die Bibliothek übernehmen."""
    max_mb = load_policy().council_max_file_mb  # no file over the policy's limit is read
    with Library(library_path) as library:
        report = library.import_paths(sources, progress=_progress, max_file_mb=max_mb)
        for problem in report.problems[:50]:
            click.echo(f"Hinweis: {problem}", err=True)
        if len(report.problems) > 50:
            click.echo(f"Hinweis: … und {len(report.problems) - 50} weitere.", err=True)
        click.echo(f"{report.describe()} Die Bibliothek enthält {count(library.count(), 'Vorlage', 'n')}.")


@gremien_group.command("search")
@click.argument("query", nargs=-1, required=False)
@click.option("--type", "paper_type", default="", help="Vorlagenart, z. B. Antrag.")
@click.option("--from", "date_from", default="", help="Datum ab (JJJJ-MM-TT).")
@click.option("--to", "date_to", default="", help="Datum bis (JJJJ-MM-TT).")
@click.option("--status", default="", help="Beratungsstand, z. B. beschlossen oder offen.")
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=20)
@LIBRARY_OPTION
def search_cmd(query: tuple[str, ...], paper_type: str, date_from: str, date_to: str, status: str,
               limit: int, library_path: Path | None) -> None:
    """Vorlagen nach Wörtern oder Aktenzeichen suchen; je Zeile eine, die beste zuerst:
    Aktenzeichen, Datum, Betreff."""
    with Library(library_path) as library:
        hits = library.search(" ".join(query), paper_type=paper_type, date_from=date_from,
                              date_to=date_to, status=status, limit=limit)
    if not hits:
        click.echo("Keine Vorlage gefunden.", err=True)
        raise SystemExit(1)
    for hit in hits:
        click.echo(f"{hit.reference or '-'}\t{hit.date or '-'}\t{hit.name}")


@gremien_group.command("show")
@click.argument("reference")
@LIBRARY_OPTION
def show_cmd(reference: str, library_path: Path | None) -> None:
    """Eine Vorlage mit Dateien, Beratungsfolge und verwandten Vorlagen zeigen."""
    with Library(library_path) as library:
        paper = library.paper(_paper_id(library, reference))
    assert paper is not None
    click.echo(f"{display.joined(paper['reference'], paper['name'] or '(ohne Betreff)')}\n"
               f"{display.paper_facts(paper)}")
    for c in paper["consultations"]:
        click.echo(f"  Beratung: {display.consultation_line(c)}")
    for f in paper["files"]:
        click.echo(f"  Datei: {display.file_line(f)}")
    for r in paper["related"]:
        click.echo(f"  Verwandt: {display.related_line(r)}" + (f" <{r['url']}>" if r["url"] else ""))


@gremien_group.command("meetings")
@LIBRARY_OPTION
def meetings_cmd(library_path: Path | None) -> None:
    """Die Sitzungen der Bibliothek, die neueste zuerst (Kennung für „run sitzungsvorbereitung“)."""
    with Library(library_path) as library:
        for meeting in library.meetings():
            click.echo(f"{meeting['start'][:10] or '-'}\t{meeting['name']}\t{meeting['items']} TOP\t"
                       f"{meeting['id']}")


@gremien_group.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--model", "model_id", default="", help="Modell-ID aus dem Katalog.")
@click.option("--seed", type=int, default=None)
@LIBRARY_OPTION
def ask_cmd(question: tuple[str, ...], model_id: str, seed: int | None,
            library_path: Path | None) -> None:
    """Eine Frage aus den Dokumenten beantworten, jede Aussage mit ihrer Quelle."""
    from ..engine import make_engine

    text = " ".join(question)
    policy = load_policy()
    with Library(library_path) as library:
        passages = asking.retrieve(library, text)
    answer = asking.not_found(text)
    if passages:
        request = asking.request(policy, Record(), text, passages)  # every check before loading
        engine = make_engine(policy, model_id=model_id)
        try:
            engine.load()
            for item in asking.stream(engine, request, passages, seed=seed):
                if isinstance(item, asking.Answer):
                    answer = item
        finally:
            engine.close()
    assert answer is not None
    click.echo(answer.text)
    if answer.found:
        click.echo("\nQuellen:")
        for passage in answer.cited() or answer.passages:
            click.echo(f"  {passage.citation} {passage.title}")


@gremien_group.command("run")
@click.argument("template_id", type=click.Choice([*inputs.PAPER_TEMPLATES, *inputs.MEETING_TEMPLATES]))
@click.argument("target")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Auch als Datei speichern (.docx, .odt, .txt, .md).")
@click.option("--model", "model_id", default="", help="Modell-ID aus dem Katalog.")
@click.option("--seed", type=int, default=None)
@LIBRARY_OPTION
def run_cmd(template_id: str, target: str, output: Path | None, model_id: str, seed: int | None,
            library_path: Path | None) -> None:
    """Eine Gremien-Vorlage anwenden: ZIEL ist das Aktenzeichen einer Vorlage oder (für
    sitzungsvorbereitung) die Kennung einer Sitzung aus „werkstatt gremien meetings“."""
    load_policy()
    check_output(output)
    with Library(library_path) as library:
        if template_id in inputs.MEETING_TEMPLATES:
            target_id = _meeting_id(library, target)
        else:
            target_id = _paper_id(library, target)
        document, names = inputs.document_for(library, template_id, target_id)
    generate(get_template(template_id), document, names, {}, output, model_id, seed)


@gremien_group.command("sync")
@click.argument("url")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage abgleichen.")
@LIBRARY_OPTION
def sync_cmd(url: str, yes: bool, library_path: Path | None) -> None:
    """Vorlagen von einem OParl-Server laden (nur wenn die IT den Server freigegeben hat)
    und in die Bibliothek übernehmen; ein abgebrochener Abgleich wird fortgesetzt."""
    from . import sync as syncing  # the only network code: loaded when a sync is asked for

    policy = load_policy()
    plan = syncing.describe_plan(url, policy)  # refused here when the policy does not allow it
    click.echo(plan, err=True)
    if not yes and sys.stdin.isatty():
        click.confirm("Abgleichen?", abort=True, err=True)
    report = syncing.sync(url, policy, progress=_progress)
    for note in report.skipped:
        click.echo(f"Hinweis: {note}", err=True)
    click.echo(report.describe(), err=True)
    assert report.folder is not None
    with Library(library_path) as library:
        imported = library.import_paths([report.folder], progress=_progress,
                                        max_file_mb=policy.council_max_file_mb,
                                        notes=report.skipped)
        for problem in imported.problems[len(report.skipped):][:50]:
            click.echo(f"Hinweis: {problem}", err=True)
        click.echo(f"{imported.describe()} Die Bibliothek enthält "
                   f"{count(library.count(), 'Vorlage', 'n')}.")


def _paper_id(library: Library, reference: str) -> str:
    if library.paper(reference) is not None:
        return reference
    hits = [h for h in library.search(reference, limit=5) if h.reference.lower() == reference.lower()]
    if not hits:
        raise WerkstattError(f"Die Vorlage „{reference}“ ist nicht in der Bibliothek.")
    return hits[0].paper_id


def _meeting_id(library: Library, target: str) -> str:
    meetings = library.meetings(limit=100_000)
    exact = [m for m in meetings if m["id"] == target]
    found = exact or [m for m in meetings if target.lower() in f"{m['name']} {m['start']}".lower()]
    if not found:
        raise WerkstattError(f"Keine Sitzung „{target}“ in der Bibliothek (werkstatt gremien "
                             "meetings listet sie).")
    if len(found) > 1:
        raise WerkstattError(f"„{target}“ passt auf {len(found)} Sitzungen; bitte die Kennung "
                             "aus „werkstatt gremien meetings“ angeben.")
    return str(found[0]["id"])
