"""The werkstatt CLI: success paths and a one-line German message with exit 2 for bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import docx
import pytest

from werkstatt.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_lists_all(capsys):
    """`werkstatt templates` lists the shipped templates."""
    code, out, _ = run(capsys, "templates")
    assert code == 0
    for tid in ("zusammenfassung", "buergerbrief", "protokoll", "einfache-sprache", "email-antwort"):
        assert tid in out


def test_models_shows_verification_state(capsys):
    """`werkstatt models` shows the default model as verified and the larger one as missing or verified."""
    code, out, _ = run(capsys, "models")
    assert code == 0
    assert "qwen2.5-coder-0.5b-instruct-q4km" in out and "geprüft" in out
    assert "qwen2.5-coder-1.5b-instruct-q4km" in out


@pytest.mark.model
def test_run_zusammenfassung_writes_docx(tmp_path, data):
    """The documented command writes a Word document with a summary (real entry point)."""
    out = tmp_path / "out.docx"
    proc = subprocess.run(
        [sys.executable, "-m", "werkstatt.cli", "run", "zusammenfassung",
         "--input", str(data / "beschlussvorlage.txt"), "--set", "laenge=kurz",
         "--output", str(out), "--seed", "3"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Worum geht es?" in proc.stdout and "Token/s" in proc.stderr
    d = docx.Document(out)
    assert any(p.style.name.startswith("Heading") for p in d.paragraphs)
    assert "template=zusammenfassung" in d.core_properties.keywords


@pytest.mark.model
def test_run_writes_text_file(tmp_path, data, capsys):
    """--output FILE.txt writes plain text."""
    out = tmp_path / "brief.txt"
    code, stdout, _ = run(capsys, "run", "buergerbrief", "-i", str(data / "stichpunkte.txt"),
                          "-s", "anrede=Herr", "-s", "name=Muster", "-s", "betreff=Parkausweis",
                          "-o", str(out), "--seed", "1")
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith("Sehr geehrter Herr Muster,")


@pytest.mark.parametrize("args,message", [
    (["run", "gibtsnicht", "--input", "x.txt"], "gibt es nicht"),
    (["run", "buergerbrief", "--input", "{data}/stichpunkte.txt"], "Pflichtfeld"),
    (["run", "zusammenfassung", "--input", "{tmp}/fehlt.txt"], "gibt es nicht"),
    (["run", "zusammenfassung", "--input", "{tmp}/leer.txt"], "ist leer"),
    (["run", "zusammenfassung", "--input", "{tmp}/kaputt.docx"], "kein Word-Dokument"),
    (["run", "zusammenfassung", "--input", "{data}/amtstext.txt", "--set", "laenge"], "FELD=WERT"),
    (["run", "zusammenfassung", "--input", "{data}/amtstext.txt", "--set", "farbe=rot"], "kein Feld"),
    (["run", "zusammenfassung", "--input", "{data}/amtstext.txt", "-o", "{tmp}/x.pdf"], "nicht möglich"),
    (["run", "zusammenfassung"], "braucht eine Eingabe"),
    (["run", "zusammenfassung", "--unbekannt"], "unbekannte Option"),
    (["gibtsnicht"], "ungültiger Aufruf"),
])
def test_bad_input_exits_2_with_german_line(tmp_path, data, capsys, args, message):
    """Each bad input exits with code 2 and one German line, no traceback."""
    (tmp_path / "leer.txt").write_bytes(b"")
    (tmp_path / "kaputt.docx").write_bytes(b"%PDF-1.4 not a docx")
    args = [a.format(tmp=tmp_path, data=data) for a in args]
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("Fehler: ") and message in err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.model
def test_input_too_long_exits_2(tmp_path, capsys):
    """For a template without long-document support, too-long input exits 2 in German (a
    letter's notes: too long for a letter, before the model is asked)."""
    long = tmp_path / "lang.txt"
    long.write_text("Die Hansestadt Lübeck plant viele Vorhaben. " * 400, encoding="utf-8")
    code, _, err = run(capsys, "run", "buergerbrief", "-i", str(long), "--context", "1024",
                       "-s", "anrede=Frau", "-s", "name=Muster", "-s", "betreff=Antrag")
    assert code == 2 and "zu lang für einen Brief" in err and "Traceback" not in err


@pytest.mark.model
def test_run_letter_to_odt_in_din_layout(tmp_path, data, capsys):
    """`run buergerbrief -o brief.odt`: the model's letter in the DIN 5008 layout, with the
    address from --set and the letterhead from the settings (placeholders where empty)."""
    from odf import opendocument, teletype
    from odf.table import TableCell
    from odf.text import P

    out = tmp_path / "brief.odt"
    code, _, err = run(capsys, "run", "buergerbrief", "-i", str(data / "stichpunkte.txt"),
                       "-s", "anrede=Herr", "-s", "name=Muster", "-s", "betreff=Parkausweis",
                       "-s", "anschrift=Musterweg 12, 23552 Lübeck", "-s", "absender=Anna Beispiel",
                       "-o", str(out), "--seed", "1")
    assert code == 0, err
    doc = opendocument.load(str(out))
    address = teletype.extractText(doc.text.getElementsByType(TableCell)[0])
    assert "Herr Muster" in address and "23552 Lübeck" in address and "[Bereich]" in address
    paragraphs = [teletype.extractText(p) for p in doc.text.getElementsByType(P)]
    assert paragraphs.index("Sehr geehrter Herr Muster,") < paragraphs.index("Mit freundlichen Grüßen")
    assert paragraphs.index("Mit freundlichen Grüßen") < paragraphs.index("Anna Beispiel")
    assert "Parkausweis" in paragraphs


@pytest.mark.model
def test_run_minutes_to_docx_with_task_table(tmp_path, data, capsys):
    """`run protokoll -o protokoll.docx`: header table, one heading per TOP, a task table."""
    out = tmp_path / "protokoll.docx"
    code, _, err = run(capsys, "run", "protokoll", "-i", str(data / "sitzungsnotizen.txt"),
                       "-s", "gremium=Dienstbesprechung Schule und Sport", "-s", "datum=2026-11-20",
                       "-s", "ort=Raum 2.14", "-o", str(out), "--seed", "1")
    assert code == 0, err
    d = docx.Document(out)
    facts = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert facts["Datum"] == "20.11.2026" and facts["Ort"] == "Raum 2.14"
    assert facts["Protokoll"] == "[bitte ergänzen]"
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 3 and headings[0].startswith("TOP 1"), headings
    tasks = [t for t in d.tables[1:] if [c.text for c in t.rows[0].cells] == ["Wer", "Was", "Bis wann"]]
    rows = [[c.text for c in r.cells] for t in tasks for r in t.rows[1:]]
    assert rows, [p.text for p in d.paragraphs]
    assert any("Berg" in r[0] or "Jansen" in r[0] or "Öztürk" in r[0] for r in rows), rows


def _engine_child(cli: subprocess.Popen, timeout: float = 120.0) -> int:
    """The pid of the engine process the CLI started (once it exists)."""
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in psutil.Process(cli.pid).children(recursive=True):
            try:  # the document reader process may have ended meanwhile
                command = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if "werkstatt.engine.worker" in command:
                return child.pid
        time.sleep(0.05)
    raise AssertionError("no engine process")


@pytest.mark.model
@pytest.mark.parametrize("sig, words", [(signal.SIGSEGV, "abgestürzt"),
                                        (signal.SIGKILL, "vom System beendet")])
def test_engine_crash_exits_3_with_one_german_line(tmp_path, data, sig, words):
    """The engine process dies mid-draft: the CLI keeps what it printed and exits 3, no traceback."""
    cli = subprocess.Popen(
        [sys.executable, "-m", "werkstatt.cli", "run", "einfache-sprache",  # one long stream
         "--input", str(data / "beschlussvorlage.txt"), "--seed", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    worker = _engine_child(cli)
    first = cli.stdout.read(40)  # the draft has started streaming
    os.kill(worker, sig)
    rest, err = cli.communicate(timeout=60)
    assert cli.returncode == 3, err
    assert len(first + rest) >= 40
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fehler: Die KI-Engine") and words in lines[0]
    assert "Traceback" not in err


@pytest.mark.model
def test_run_check_lists_the_source_check_on_stderr(data, capsys):
    """`run --check` ends with the Quellenabgleich on stderr; the draft stays on stdout."""
    code, out, err = run(capsys, "run", "zusammenfassung", "-i", str(data / "beschlussvorlage.txt"),
                         "-s", "laenge=kurz", "--seed", "1", "--check")
    assert code == 0 and "Worum geht es?" in out
    assert "Quellenabgleich:" in err.strip().splitlines()[-1]
    assert "Quellenabgleich" not in out


def test_output_the_code_page_lacks_never_ends_the_command(monkeypatch):
    """Windows writes redirected output in cp1252; an arrow or an emoji of a draft comes out
    as "?" (the installed copy under Wine crashed on "→" before)."""
    import io

    import click

    from werkstatt.cli import readable_output

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stream)
    readable_output()
    click.echo("Gesamt → fertig 🙂 äöü")
    stream.flush()
    assert raw.getvalue().decode("cp1252") == "Gesamt ? fertig ? äöü\n"


@pytest.mark.model
def test_run_letter_takes_the_letterhead_of_the_settings(data, capsys):
    """`run buergerbrief` fills what the window fills from the letterhead: the office of the
    Rechtsbehelfsbelehrung and the signer (before, the CLI letter showed „[Bereich]“)."""
    from werkstatt.settings import Settings

    settings = Settings()
    settings.set("letter_unit", "Bereich Bürgerservice")
    settings.set("letter_address", "Kronsforder Allee 2-6, 23560 Lübeck")
    settings.set("letter_contact", "Anna Beispiel")
    settings.save()
    code, out, err = run(capsys, "run", "buergerbrief", "-i", str(data / "stichpunkte.txt"),
                         "-s", "anrede=Frau", "-s", "name=Muster", "-s", "betreff=Parkausweis",
                         "-s", "art=Bewilligung", "--seed", "1")
    assert code == 0, err
    assert "Der Bürgermeister, Bereich Bürgerservice, Kronsforder Allee 2-6, 23560 Lübeck" in out
    assert "[Bereich]" not in out and out.rstrip().endswith("Anna Beispiel")
