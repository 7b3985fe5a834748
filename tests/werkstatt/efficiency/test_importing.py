"""The process catalogue's import: good files in, every bad case refused with row and column,
nothing half-imported (issue 29, item 1)."""

from __future__ import annotations

import os
import time
import zipfile

import pytest

from werkstatt.efficiency.exporting import import_file, write_catalogue, write_template
from werkstatt.efficiency.importing import ImportFailed, read_processes
from werkstatt.errors import WerkstattError

from .xlsx_files import GOOD, HEADERS, csv_text, good_rows, openpyxl_book, raw_xlsx, row_of


def write_csv(path, rows, encoding="utf-8"):
    path.write_text(csv_text(rows), encoding=encoding)
    return path


def refused(path, catalogue) -> str:
    """The German message of a refused import; the catalogue is unchanged."""
    before = catalogue.processes()
    with pytest.raises(WerkstattError) as info:
        import_file(catalogue, path)
    assert catalogue.processes() == before
    return str(info.value)


def test_csv_and_xlsx_import_the_same_catalogue(tmp_path, catalogue):
    """A German Excel CSV (cp1252, semicolons, decimal comma) and an XLSX give the same processes."""
    rows = [HEADERS, row_of({**GOOD, "Minuten je Fall": "7,5", "Fälle pro Jahr": "12.000"})]
    from_csv = read_processes(write_csv(tmp_path / "k.csv", rows, "cp1252"))
    from_xlsx = read_processes(openpyxl_book(tmp_path / "k.xlsx", [HEADERS, row_of(GOOD)]))
    assert from_csv == from_xlsx
    assert from_csv[0].cases_per_year == 12000 and from_csv[0].minutes_per_case == 7.5
    changes = import_file(catalogue, tmp_path / "k.xlsx")
    assert (changes.new, changes.updated) == (1, 0)
    assert catalogue.processes()[0].templates == ("buergerbrief",)


def test_export_and_template_read_back(tmp_path, catalogue):
    """The exported catalogue (.xlsx, .csv) imports as the same catalogue; the blank template
    has the columns, pick lists and a sheet of hints, and imports as 'no processes'."""
    from werkstatt.efficiency.exporting import load_demo

    load_demo(catalogue)
    processes = catalogue.processes()
    for suffix in (".xlsx", ".csv"):
        back = read_processes(write_catalogue(processes, tmp_path / f"export{suffix}"))
        assert [p.values() | {"id": 0, "demo": False} for p in back] == [
            p.values() | {"id": 0, "demo": False} for p in processes]
    template = write_template(tmp_path / "vorlage.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(template)
    assert [c.value for c in book["Prozesse"][1]] == HEADERS
    assert book["Hinweise"]["A2"].value == "Prozess"
    assert book["Prozesse"].data_validations.dataValidation  # pick lists
    with pytest.raises(WerkstattError, match="keine Prozesse"):
        read_processes(template)


def test_unknown_missing_and_doubled_columns_are_named(tmp_path, catalogue):
    """Wrong columns: each named with row and column letter; nothing imported."""
    headers = [("Fallzahl" if h == "Fälle pro Jahr" else h) for h in HEADERS] + ["Prozess"]
    message = refused(write_csv(tmp_path / "k.csv", [headers, row_of(GOOD)]), catalogue)
    assert "Zeile 1, Spalte C: unbekannte Überschrift „Fallzahl“" in message
    with pytest.raises(ImportFailed) as info:
        read_processes(tmp_path / "k.csv")
    problems = info.value.problems
    assert "Zeile 1, Spalte U: die Spalte „Prozess“ steht schon in Spalte A." in problems
    assert "Zeile 1: die Spalte „Fälle pro Jahr“ fehlt." in problems


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("Fälle pro Jahr", "viele", "Zeile 2, Spalte C („Fälle pro Jahr“): „viele“ ist keine Zahl."),
    ("Fälle pro Jahr", "12,5", "Zeile 2, Spalte C („Fälle pro Jahr“): „12,5“ ist keine ganze Zahl."),
    ("Minuten je Fall", "-3", "Zeile 2, Spalte D („Minuten je Fall“): „-3“ ist keine Zahl von 0 an."),
    ("Minuten je Fall", "", "Zeile 2, Spalte D („Minuten je Fall“): ist leer, muss aber ausgefüllt sein."),
    ("Datenkategorie", "geheim", "Zeile 2, Spalte G („Datenkategorie“): „geheim“ ist nicht vorgesehen"),
    ("Vorlagen", "zauberbrief", "Zeile 2, Spalte J („Vorlagen“): die Vorlage „zauberbrief“ gibt es nicht"),
    ("Leistungsschlüssel (LeiKa/FIM)", "12345", "Zeile 2, Spalte I („Leistungsschlüssel (LeiKa/FIM)“): "
                                                "„12345“ ist kein Leistungsschlüssel (14 Ziffern)."),
    ("Prozess", "=HYPERLINK(\"http://x\")", "Zeile 2, Spalte A („Prozess“): „=HYPERLINK(\"http://x\")“ "
                                            "beginnt mit „=“ wie eine Formel"),
    ("Bemerkung", "x" * 1001,
     "Zeile 2, Spalte T („Bemerkung“): Text zu lang (1.001 Zeichen, höchstens 1.000)."),
    ("Schätzung Minuten gespart je Fall (von)", "9", "Zeile 2, Spalte K („Schätzung Minuten gespart je "
                                                     "Fall (von)“): 9 Minuten gespart sind mehr als die 7,5"),
])
def test_a_bad_cell_is_named_by_row_and_column(tmp_path, catalogue, column, value, expected):
    """Text in number columns, unknown values, formulas, long texts: one German line with the
    row and the column; the catalogue stays as it was."""
    rows = [HEADERS, row_of({**GOOD, column: value})]
    message = refused(write_csv(tmp_path / "k.csv", rows), catalogue)
    assert expected in message, message


def test_formulas_in_a_workbook_are_refused_whatever_they_cached(tmp_path, catalogue):
    """A formula cell (with a forged cached value) and an external link: refused, named, never
    evaluated or copied."""
    rows = good_rows(2)
    rows[2][1][2] = ("f", "[1]Tabelle1!A1*1000", 99999)  # cases per year from another file
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook/></externalLink>')
    path = raw_xlsx(tmp_path / "formel.xlsx", rows, extra={"xl/externalLinks/externalLink1.xml": link})
    message = refused(path, catalogue)
    assert "Zeile 3, Spalte C („Fälle pro Jahr“): enthält eine Formel" in message


def test_duplicate_processes_name_both_rows(tmp_path, catalogue):
    """The same process twice in one unit (case and spaces aside): both rows named."""
    rows = [HEADERS, row_of(GOOD), row_of({**GOOD, "Prozess": "  meldebescheinigungen   AUSSTELLEN"})]
    message = refused(write_csv(tmp_path / "k.csv", rows), catalogue)
    assert "Zeile 3: „meldebescheinigungen AUSSTELLEN“ (Bürgerservice) steht schon in Zeile 2." in message


def test_many_errors_are_all_listed_and_nothing_is_half_imported(tmp_path, catalogue):
    """Good rows before a bad one are not stored: the import is whole or nothing."""
    import_file(catalogue, write_csv(tmp_path / "alt.csv", [HEADERS, row_of(GOOD)]))
    rows = [HEADERS] + [row_of({**GOOD, "Prozess": f"P{i}"}) for i in range(5)]
    rows += [row_of({**GOOD, "Prozess": "kaputt", "Minuten je Fall": "x"}),
             row_of({**GOOD, "Prozess": "kaputt2", "Fälle pro Jahr": "y"})]
    with pytest.raises(ImportFailed) as info:
        import_file(catalogue, write_csv(tmp_path / "k.csv", rows))
    assert len(info.value.problems) == 2 and "(und 1 weitere Fehler)" in str(info.value)
    assert [p.name for p in catalogue.processes()] == [GOOD["Prozess"]]


def test_100000_rows_are_refused_at_the_limit_quickly(tmp_path, catalogue):
    """A CSV with 100,000 processes: refused at row 10.002 in seconds, nothing stored."""
    line = csv_text([row_of(GOOD)]).strip().replace(GOOD["Prozess"], "P{}")
    text = ";".join(HEADERS) + "\n" + "\n".join(line.format(i) for i in range(100_000))
    (tmp_path / "gross.csv").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    message = refused(tmp_path / "gross.csv", catalogue)
    assert "Zeile 10.002: mehr als 10.000 Prozesse" in message
    assert time.perf_counter() - started < 20


def test_a_million_row_workbook_is_refused_without_reading_it_all(tmp_path, catalogue):
    """A sheet whose last row is row 1,000,000 (and claims A1:XFD1048576): the reader stops
    at 200,000 rows with a German line; it never pads 16,384 columns."""
    rows = good_rows(1) + [(1_000_000, row_of(GOOD))]
    path = raw_xlsx(tmp_path / "million.xlsx", rows, dimension="A1:XFD1048576")
    message = refused(path, catalogue)
    assert "Zeile 200.001: mehr als 200.000 Zeilen" in message


def test_a_200_mb_file_is_refused_before_reading(tmp_path, catalogue):
    """A 200 MB file (sparse: no disk used) is refused by its size, not read."""
    big = tmp_path / "riesig.csv"
    with big.open("wb") as fh:
        fh.truncate(200 * 2**20)
    message = refused(big, catalogue)
    assert "ist mit 200.0 MB zu groß (höchstens 20 MB)" in message


def test_zip_bomb_encrypted_and_foreign_files_are_refused(tmp_path, catalogue):
    """A workbook that unpacks beyond 100 MB, an encrypted (OLE) file, a renamed text file, an
    unknown suffix: each one German line, before openpyxl sees it."""
    bomb = tmp_path / "bombe.xlsx"
    raw_xlsx(bomb, good_rows(1))
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/leer.bin", b"\0" * (110 * 2**20))
    assert bomb.stat().st_size < 2 * 2**20
    assert "wäre entpackt 110 MB groß (höchstens 100 MB)" in refused(bomb, catalogue)
    ole = tmp_path / "kennwort.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "verschlüsselt oder im alten Excel-Format" in refused(ole, catalogue)
    text = tmp_path / "text.xlsx"
    text.write_text("Prozess;Organisationseinheit\n", encoding="utf-8")
    assert "keine Excel-Arbeitsmappe" in refused(text, catalogue)
    assert "bitte als .xlsx oder .csv speichern" in refused(tmp_path / "alt.xls", catalogue)


def test_a_huge_string_cell_costs_the_reader_not_the_app(tmp_path, catalogue):
    """A 5-million-character cell: the reader child hands back its length only; the message
    names row and column."""
    rows = good_rows(1)
    rows[1][1][0] = "A" * 5_000_000
    message = refused(raw_xlsx(tmp_path / "lang.xlsx", rows), catalogue)
    assert "Zeile 2, Spalte A („Prozess“): Text zu lang (5.000.000 Zeichen)." in message


def test_broken_csv_quotes_and_binary_files(tmp_path, catalogue):
    """An unclosed quote or a NUL byte: one German line, nothing imported."""
    path = tmp_path / "quote.csv"
    path.write_text(";".join(HEADERS) + '\n"offen;Bürgerservice;1;1\n', encoding="utf-8")
    assert "Zeile" in refused(path, catalogue)
    binary = tmp_path / "binär.csv"
    binary.write_bytes(b"Prozess\x00;x\n")
    assert "keine Textdatei" in refused(binary, catalogue)


def test_replace_removes_what_the_file_lacks_and_updates_by_name(tmp_path, catalogue):
    """Without --ersetzen an import adds and updates; with it, processes not in the file go."""
    import_file(catalogue, write_csv(tmp_path / "a.csv", [HEADERS, row_of(GOOD),
                                                         row_of({**GOOD, "Prozess": "Zweiter"})]))
    changed = import_file(catalogue, write_csv(tmp_path / "b.csv", [
        HEADERS, row_of({**GOOD, "Fälle pro Jahr": 5})]), replace=True)
    assert (changed.new, changed.updated, changed.removed) == (0, 1, 1)
    assert [(p.name, p.cases_per_year) for p in catalogue.processes()] == [(GOOD["Prozess"], 5)]


def test_symlinked_and_device_sources_are_not_read(tmp_path, catalogue):
    """The import reads only regular files: /dev/zero as a catalogue is refused at once."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    link = tmp_path / "null.csv"
    link.symlink_to("/dev/zero")
    assert "keine gewöhnliche Datei" in refused(link, catalogue)


def test_an_export_never_writes_a_formula(tmp_path):
    """A name that looks like a formula (put into the file by hand, past the import's check)
    leaves as text: ' before it in the CSV, a text cell in the XLSX."""
    from openpyxl import load_workbook

    from werkstatt.efficiency.fields import Process

    hostile = Process("=cmd|' /C calc'!A0", "@SUMME(A1)", 1, 1.0)
    text = write_catalogue([hostile], tmp_path / "k.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd|' /C calc'!A0;'@SUMME(A1)" in text
    sheet = load_workbook(write_catalogue([hostile], tmp_path / "k.xlsx"))["Prozesse"]
    assert (sheet["A2"].data_type, sheet["B2"].data_type) == ("s", "s")
    with zipfile.ZipFile(tmp_path / "k.xlsx") as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
