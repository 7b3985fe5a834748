"""``werkstatt effizienz``: the process catalogue and the efficiency concept from the command
line (no Qt).

    werkstatt effizienz import DATEI [--ersetzen]    CSV or XLSX, checked whole first
    werkstatt effizienz demo [--ersetzen]            the demo catalogue (assumed figures)
    werkstatt effizienz liste                        the ranking with quick wins and flags
    werkstatt effizienz bericht -o KONZEPT.docx      .docx, .odt or .html [--feedback DB]
    werkstatt effizienz vorlage -o KATALOG.xlsx      the blank template (.xlsx or .csv)
    werkstatt effizienz export -o KATALOG.xlsx       the catalogue as it is now
    werkstatt effizienz regeln [--gewichte 50,30,20 …]  show or change weights and thresholds

Their imports (openpyxl, numpy, matplotlib) stay inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import WerkstattError

CATALOGUE = click.option(
    "--katalog", "catalogue_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Die Katalogdatei (Standard: effizienz.sqlite im Benutzerordner).")
REPLACE = click.option("--ersetzen", "replace", is_flag=True,
                       help="Prozesse, die nicht in der Datei stehen, entfernen.")


@click.group("effizienz")
def efficiency_group() -> None:
    """Effizienzkonzept: Prozesskatalog, Priorisierung, Quick Wins, Zeitplan (Punkt 5 der
    Vorlage VO/2025/14550)."""


@efficiency_group.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@CATALOGUE
@REPLACE
def import_cmd(source: Path, catalogue_path: Path | None, replace: bool) -> None:
    """Prozesskatalog aus CSV oder XLSX übernehmen (bei einem Fehler: nichts)."""
    from .exporting import import_file
    from .importing import ImportFailed
    from .store import Catalogue

    with Catalogue(catalogue_path) as catalogue:
        try:
            changes = import_file(catalogue, source, replace=replace)
        except ImportFailed as exc:
            for problem in exc.problems[1:]:
                click.echo(f"Hinweis: {problem}", err=True)
            raise
        click.echo(f"Importiert: {changes.describe()}. Der Katalog enthält {catalogue.count()} "
                   "Prozesse.")


@efficiency_group.command("demo")
@CATALOGUE
@REPLACE
def demo_cmd(catalogue_path: Path | None, replace: bool) -> None:
    """Den Demo-Katalog laden (angenommene Zahlen, als Demo gekennzeichnet)."""
    from .exporting import load_demo
    from .store import Catalogue

    with Catalogue(catalogue_path) as catalogue:
        changes = load_demo(catalogue, replace=replace)
        click.echo(f"Demo-Katalog geladen: {changes.describe()}. Die Zahlen sind angenommen.")


@efficiency_group.command("liste")
@CATALOGUE
@click.option("--feedback", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Zusammengeführte Feedback-Datenbank (Standard: die zuletzt gewählte).")
def list_cmd(catalogue_path: Path | None, feedback: Path | None) -> None:
    """Die Prozesse nach Rang: Punkte, Nutzen, Aufwand, Quick Win oder warum nicht."""
    from .. import numbers
    from .concept import analyse
    from .report import gather
    from .store import Catalogue

    with Catalogue(catalogue_path) as catalogue:
        inputs = gather(catalogue, feedback)
    for a in analyse(inputs).assessments:
        rank = f"{a.rank:>3}" if a.rank else "  –"
        score = numbers.de(a.score, 1) if a.score is not None else "–"
        gain = (f"{numbers.de(a.benefit.low)}–{numbers.de(a.benefit.high)} Std./Jahr "
                f"({a.benefit.basis})" if a.benefit.known else "ohne Nutzenangabe")
        mark = "QUICK WIN" if a.quick_win else "; ".join(a.reasons)
        click.echo(f"{rank} {score:>4}  {a.process.name} ({a.process.department}): {gain}, "
                   f"{numbers.de(a.process.days, 1)} PT – {mark}")


@efficiency_group.command("bericht")
@CATALOGUE
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--feedback", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Zusammengeführte Feedback-Datenbank (wird für den Katalog gemerkt).")
@click.option("--format", "fmt", type=click.Choice(["docx", "odt", "html"]), default=None,
              help="Standard: nach Dateiendung, sonst docx.")
def report_cmd(catalogue_path: Path | None, output: Path, feedback: Path | None,
               fmt: str | None) -> None:
    """„Konzept zur Steigerung der Verwaltungseffizienz durch KI“ schreiben."""
    from .report import concept

    written, _, analysis = concept(catalogue_path, output, feedback=feedback, fmt=fmt)
    click.echo(f"Konzept geschrieben: {written} ({len(analysis.assessments)} Prozesse, "
               f"{len(analysis.quick_wins)} Quick Wins).")


@efficiency_group.command("vorlage")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
def template_cmd(output: Path) -> None:
    """Leere Vorlage für den Prozesskatalog (.xlsx mit Hinweisen, oder .csv)."""
    from .exporting import write_template

    click.echo(f"Vorlage geschrieben: {write_template(output)}")


@efficiency_group.command("export")
@CATALOGUE
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export_cmd(catalogue_path: Path | None, output: Path) -> None:
    """Den Prozesskatalog als .xlsx oder .csv speichern (wieder importierbar)."""
    from .exporting import write_catalogue
    from .store import Catalogue

    with Catalogue(catalogue_path) as catalogue:
        processes = catalogue.processes()
    click.echo(f"{len(processes)} Prozesse geschrieben: {write_catalogue(processes, output)}")


@efficiency_group.command("regeln")
@CATALOGUE
@click.option("--gewichte", help="Nutzen,Aufwand,Evidenz, z. B. 50,30,20")
@click.option("--quick-win-stunden", "hours", help="Quick Win ab so vielen Stunden im Jahr")
@click.option("--quick-win-tage", "days", help="Quick Win bis zu so vielen Personentagen")
@click.option("--mindestens", "min_ratings", help="Mindestzahl der Antworten je Vorlage")
@click.option("--team", help="Personen, die parallel umsetzen")
@click.option("--beginn", "start", help="Beginn des Zeitplans (TT.MM.JJJJ)")
def rules_cmd(catalogue_path: Path | None, gewichte: str | None, hours: str | None,
              days: str | None, min_ratings: str | None, team: str | None,
              start: str | None) -> None:
    """Gewichte, Quick-Win-Schwellen und Zeitplan anzeigen oder ändern."""
    from .rules import LABELS, with_values
    from .store import Catalogue

    values: dict[str, object] = {k: v for k, v in (
        ("quick_win_hours", hours), ("quick_win_days", days), ("min_ratings", min_ratings),
        ("team", team), ("start", start)) if v is not None}
    if gewichte is not None:
        parts = [p.strip() for p in gewichte.replace(";", ",").split(",")]
        if len(parts) != 3:
            raise WerkstattError("--gewichte braucht drei Zahlen: Nutzen,Aufwand,Evidenz.")
        values.update(zip(("weight_benefit", "weight_effort", "weight_evidence"), parts,
                          strict=True))
    with Catalogue(catalogue_path) as catalogue:
        rules = catalogue.rules()
        if values:
            rules = catalogue.set_rules(with_values(rules, **values))
        for key, label in LABELS.items():
            value = getattr(rules, key) or ("nächster Monatsanfang" if key == "start" else "")
            click.echo(f"{label}: {value}")
