"""The ``werkstatt`` command line: everything the app does, without a screen (no Qt).

Exit codes: 0 success, 1 ``doctor`` found problems or ``check`` found facts missing from the
sources, 2 bad input or a refused action (one German line on stderr), 3 the engine process
died or the inference server failed (one German line; the text streamed so far is on
stdout), 4 the model gave no usable draft even on a second attempt (nothing is saved), 130
interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, catalog, crashlog, doctor
from .cli_draft import check_output, generate, read_inputs, report_findings
from .documents import combine, read_document
from .efficiency.commands import efficiency_group
from .engine import safemode
from .errors import EngineFailure, ServerFailure, UnusableDraft, WerkstattError
from .feedback.commands import feedback_group
from .governance import Record, load_rules
from .gremien.commands import gremien_group
from .numbers import de
from .policy import POLICY_KEYS, describe_source, load_policy, load_policy_or_default
from .templates import Template, get_template, load_templates


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="werkstatt")
def cli() -> None:
    """KI-Werkstatt: Entwürfe mit einem Sprachmodell auf diesem PC (oder, wenn die IT es
    festlegt, auf dem KI-Server der Stadt; sonst verlässt nichts den PC)."""


@cli.command("templates")
def templates_cmd() -> None:
    """Geprüfte Vorlagen auflisten (nur die von der IT freigegebenen)."""
    policy = load_policy_or_default()
    for t in load_templates():
        if not policy.template_enabled(t.id):
            continue
        click.echo(f"{t.id:18} {t.title:32} {t.category:22} v{t.version}  "
                   f"(geprüft: {t.vetted_by}, {t.vetted_on})")


@cli.command("models")
def models_cmd() -> None:
    """Modelle aus dem Katalog mit Prüfstatus auflisten."""
    policy = load_policy_or_default()
    for entry in catalog.load_catalog():
        state = catalog.check_model(entry)
        mark = "*" if entry.default else " "
        allowed = "" if policy.model_allowed(entry.sha256) else ", von der IT nicht freigegeben"
        click.echo(f"{mark} {entry.id:36} {entry.size / 1e6:8.0f} MB  {entry.license:12} "
                   f"{state.value}{allowed}")
        click.echo(f"    {entry.name} – {entry.path}")


def _parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise WerkstattError(f"„{pair}“ hat nicht die Form FELD=WERT.")
        values[key.strip()] = value
    return values


@cli.command("run")
@click.argument("template_id")
@click.option("--input", "-i", "input_files", multiple=True,
              help="Eingabedatei (.txt, .docx, .odt, .pdf, .eml, .msg, .html …; mehrfach möglich) "
                   "oder - für stdin.")
@click.option("--set", "-s", "sets", multiple=True, metavar="FELD=WERT",
              help="Feldwert der Vorlage (mehrfach möglich).")
@click.option("--attachments", is_flag=True,
              help="Lesbare Anhänge von E-Mails (.eml, .msg) ebenfalls als Eingabe verwenden.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Ergebnis speichern (.docx, .odt oder .txt; Brief, Protokoll und "
                   "Zusammenfassung im passenden Layout).")
@click.option("--model", "model_id", default="",
              help="Modell-ID aus dem Katalog (im Servermodus: ein freigegebenes Servermodell).")
@click.option("--seed", type=int, default=None, help="Zufallswert für reproduzierbare Ergebnisse.")
@click.option("--context", "context_tokens", type=int, default=None,
              help="Größe des Kontextfensters in Token.")
@click.option("--check", "check_facts", is_flag=True,
              help="Quellenabgleich: Zahlen, Daten und Namen des Entwurfs, die nicht in der "
                   "Eingabe stehen, auf stderr auflisten.")
@click.option("--local", "local", is_flag=True,
              help="Im Servermodus das Modell auf diesem PC verwenden (nur wenn die IT es "
                   "erlaubt: allow_local_fallback).")
def run_cmd(template_id: str, input_files: tuple[str, ...], sets: tuple[str, ...],
            attachments: bool, output: Path | None, model_id: str, seed: int | None,
            context_tokens: int | None, check_facts: bool, local: bool) -> None:
    """Eine Vorlage auf eine Eingabe anwenden; der Entwurf erscheint fortlaufend."""
    load_policy()  # an invalid policy stops first (exit 2, names file and problem)
    template = get_template(template_id)
    check_output(output)
    document, names = _input_text(template, input_files, attachments)
    generate(template, document, names, _parse_sets(sets), output, model_id, seed,
             context_tokens, check_facts, local)


def _input_text(template: Template, files: tuple[str, ...],
                attachments: bool) -> tuple[str, tuple[str, ...]]:
    """The input as one text and the names of its documents (stdin has none)."""
    if files == ("-",):
        return sys.stdin.read(), ()
    if files:
        documents = read_inputs(files, attachments)
        return combine(documents), tuple(d.name for d in documents)
    if template.document:
        raise WerkstattError(f"Die Vorlage „{template.id}“ braucht eine Eingabe: --input DATEI.")
    return "", ()


@cli.command("check")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--draft", "draft_file", required=True, type=click.Path(path_type=Path),
              help="Der zu prüfende Entwurf (.txt, .docx, .odt …), z. B. anderswo bearbeitet.")
def check_cmd(sources: tuple[Path, ...], draft_file: Path) -> None:
    """Quellenabgleich: Zahlen, Beträge, Daten, Aktenzeichen und Namen im Entwurf, die in
    keiner Quelle stehen (Exit-Code 1, wenn es welche gibt)."""
    draft = read_document(draft_file).text
    texts = [d.text for d in read_inputs(sources, attachments=False)]
    if report_findings(draft, texts):
        raise SystemExit(1)


@cli.command("doctor")
@click.option("--model", "model_id", default="", help="Modell-ID aus dem Katalog.")
@click.option("--reset", is_flag=True,
              help="Den abgesicherten Modus der KI-Engine aufheben und den Grafikprozessor neu "
                   "prüfen (nach einem Abhilfe- oder Treiber-Update).")
def doctor_cmd(model_id: str, reset: bool) -> None:
    """Systemprüfung: CPU, gewählte CPU-Variante, Grafikprozessor, Modell, Speicher und ein
    kurzer Selbsttest."""
    from .engine import gpu

    if reset and safemode.reset():
        click.echo("Abgesicherter Modus der KI-Engine aufgehoben.")
    if reset and gpu.forget():
        click.echo("Der Grafikprozessor wird beim nächsten Start neu geprüft.")
    entry = catalog.find_model(model_id) if model_id else None

    def progress(fraction: float, message: str) -> None:
        if sys.stderr.isatty():
            click.echo(f"\r{message:40}", nl=False, err=True)

    report = doctor.run(load_policy(), entry, progress=progress)
    if sys.stderr.isatty():
        click.echo("\r" + " " * 40 + "\r", nl=False, err=True)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--attachments", is_flag=True,
              help="Lesbare Anhänge von E-Mails ebenfalls ausgeben.")
def extract_cmd(files: tuple[Path, ...], attachments: bool) -> None:
    """Den Text zeigen, den das Modell aus jeder Datei lesen würde (mit Token-Schätzung)."""
    for document in read_inputs(files, attachments):
        pages = f", {document.pages} Seiten" if document.pages else ""
        click.echo(f"== {document.name}: {de(document.chars)} Zeichen{pages}, etwa "
                   f"{de(document.estimate_tokens())} Token ==")
        for note in document.notes:
            click.echo(f"   ({note})")
        click.echo(document.text)
        click.echo()


@cli.group("rules")
def rules_group() -> None:
    """Nutzungsregeln (Dienstvereinbarung) anzeigen und bestätigen."""


@rules_group.command("show")
def rules_show() -> None:
    """Die Nutzungsregeln ausgeben."""

    rules = load_rules()
    click.echo(f"{rules.title} (Version {rules.version})\n")
    click.echo(rules.text)
    record = Record()
    if record.problem:
        click.echo(f"Hinweis: {record.problem}", err=True)
    state = "bestätigt" if record.has_acknowledged(rules) else "noch nicht bestätigt"
    click.echo(f"\n[{state}; bestätigen mit: werkstatt rules accept]", err=True)


@rules_group.command("accept")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage bestätigen.")
def rules_accept(yes: bool) -> None:
    """Bestätigen, dass Sie die Nutzungsregeln gelesen haben und einhalten."""

    rules = load_rules()
    if not yes and not click.confirm(
            f"Haben Sie die Nutzungsregeln (Version {rules.version}) gelesen und halten Sie "
            "sie ein?", default=False):
        raise WerkstattError("Nicht bestätigt. Lesen: werkstatt rules show")
    Record().acknowledge(rules)
    click.echo(f"Nutzungsregeln Version {rules.version} bestätigt.")


@cli.command("policy")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def policy_cmd(file: Path | None) -> None:
    """Die wirksame Richtlinie der IT anzeigen (oder eine Datei prüfen)."""

    policy = load_policy(file)
    click.echo(f"Richtlinie: {file}" if file else describe_source())
    for key in POLICY_KEYS:
        value = getattr(policy, key)
        if key == "inference_api_key" and value:
            value = "(gesetzt, wird nicht angezeigt)"
        elif key == "inference_models":
            value = tuple(" | ".join(filter(None, (m.name, m.display, m.sha256))) for m in value)
        click.echo(f"  {key} = {value!r}")
    for note in policy.notes:
        click.echo(f"Hinweis: {note}")


cli.add_command(feedback_group)
cli.add_command(gremien_group)
cli.add_command(efficiency_group)


def readable_output() -> None:
    """On Windows, output that goes to a pipe or file uses the ANSI code page (cp1252): a
    character it lacks (an arrow, an emoji in a draft) comes out as "?" instead of ending the
    command with an error (seen with the installed copy)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    readable_output()
    try:
        cli.main(args=argv, prog_name="werkstatt", standalone_mode=False)
    except EngineFailure as exc:
        click.echo(f"\nFehler: {exc.reason} Der Entwurf bis dahin steht oben; bitte erneut "
                   "versuchen (werkstatt doctor prüft die Engine).", err=True)
        return 3
    except ServerFailure as exc:
        click.echo(f"\nFehler: {exc.reason} Was bis dahin erzeugt war, steht oben."
                   + (" Mit dem Modell auf diesem PC: dasselbe Kommando mit --local."
                      if exc.fallback else ""), err=True)
        return 3
    except UnusableDraft as exc:
        click.echo(f"Fehler: {exc}", err=True)
        return 4
    except WerkstattError as exc:
        click.echo(f"Fehler: {exc}", err=True)
        return 2
    except click.exceptions.NoSuchOption as exc:
        click.echo(f"Fehler: unbekannte Option {exc.option_name}. Hilfe: werkstatt --help", err=True)
        return 2
    except click.UsageError as exc:
        click.echo(f"Fehler: ungültiger Aufruf ({exc.format_message()}). Hilfe: werkstatt --help",
                   err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("Abgebrochen.", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"Fehler: {exc.format_message()}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("\nAbgebrochen.", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # noqa: BLE001 - the one handler for what nobody foresaw

        click.echo(f"Fehler: {crashlog.message(exc, crashlog.write_log(exc))}", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
