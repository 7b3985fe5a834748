"""``werkstatt feedback``: the pilot lead's commands (merge, report, demo data).

Their imports (sqlite-utils, numpy) stay inside the commands: at the top they would cost
every other command 0.16 s (``python -X importtime``).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import WerkstattError


@click.group("feedback")
def feedback_group() -> None:
    """Feedback der Pilotteilnehmenden zusammenführen und auswerten."""


@feedback_group.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Zusammengeführte Datenbank (wird angelegt oder ergänzt).")
def feedback_merge(inputs: tuple[Path, ...], output: Path) -> None:
    """Feedback-Dateien der Arbeitsplätze zusammenführen (doppelte werden erkannt)."""
    from .merge import merge

    result = merge(list(inputs), output)
    for source in result.sources:
        if source.rejected:
            click.echo(f"übersprungen: {source.rejected}", err=True)
        else:
            invalid = f", {source.invalid} ungültig (ausgelassen)" if source.invalid else ""
            click.echo(f"{source.path.name}: {source.new} neu, {source.duplicate} doppelt{invalid}")
    click.echo(f"Gesamt: {result.new} neu, {result.duplicate} doppelt, "
               f"{len(result.rejected)} Datei(en) abgelehnt; Ergebnis: {output}")


@feedback_group.command("report")
@click.argument("database", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["docx", "html", "csv"]), default=None,
              help="Standard: nach Dateiendung, sonst docx.")
def feedback_report(database: Path, output: Path, fmt: str | None) -> None:
    """Auswertung je Vorlage und Organisationseinheit als Word, HTML oder CSV."""

    if not database.is_file():
        raise WerkstattError(f"Die Datei „{database}“ gibt es nicht.")
    from .report import check_target
    from .report import compute as compute_report
    from .report import write as write_report

    check_target(database, output)
    data = compute_report(database)
    write_report(data, output, fmt)
    click.echo(f"Auswertung mit {data.entries} Einträgen geschrieben: {output}")


@feedback_group.command("demo")
@click.option("--count", "-n", type=click.IntRange(1, 10_000_000), default=200)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", type=int, default=None)
def feedback_demo(count: int, output: Path, seed: int | None) -> None:
    """Synthetische Demodaten erzeugen (als synthetisch gekennzeichnet)."""

    from .demo import write_demo

    written = write_demo(output, count, seed)
    click.echo(f"{written} synthetische Einträge geschrieben: {output}")
