"""A process catalogue from CSV or XLSX, checked as a whole before anything is stored.

The file is read within ``MAX_FILE_BYTES`` (``gremien.untrusted.read_inside``: a regular
file only); CSV here (UTF-8 or Windows-1252, separator ``;``, ``,`` or tab), XLSX in a reader
child (``xlsx.py``). The first non-empty row names the columns (``fields.COLUMNS``' headers,
case and spaces as they come). Every cell is checked by its column's parser; every problem
is collected as „Zeile 7, Spalte C (Fälle pro Jahr): …“ and, if there is one, nothing is
imported. Duplicate processes (same name in the same unit) are named with both rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import numbers
from ..errors import WerkstattError
from ..gremien.untrusted import printable, read_inside
from . import xlsx
from .fields import COLUMNS, REQUIRED, Cell, Column, FieldError, Process, check, parse, shown

MAX_FILE_BYTES = 20 * 2**20
MAX_PROCESSES = 10_000
MAX_PROBLEMS = 50  # listed; the message counts the rest
SUFFIXES = (".csv", ".xlsx", ".txt")
_HEADERS = {**{" ".join(c.header.split()).casefold(): c for c in COLUMNS},
            **{c.key: c for c in COLUMNS}}


class ImportFailed(WerkstattError):
    """The file was not imported; ``problems`` lists every German reason found (with row
    and column), the message names the first."""

    def __init__(self, name: str, problems: list[str]) -> None:
        more = len(problems) - 1
        extra = f" (und {numbers.de(more)} weitere Fehler)" if more else ""
        super().__init__(f"„{name}“ wurde nicht importiert: {problems[0]}{extra}")
        self.problems = problems


def letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def where(row: int, index: int, column: Column | None = None) -> str:
    title = f" („{column.header}“)" if column else ""
    return f"Zeile {numbers.de(row)}, Spalte {letter(index)}{title}"


def read_processes(path: Path) -> list[Process]:
    """The processes of a CSV or XLSX file; ``ImportFailed`` (or another German
    ``WerkstattError``) when any cell is wrong: then nothing may be imported."""
    path = Path(path)
    name = printable(path.name, 120)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise WerkstattError(f"„{name}“: Format „{suffix or '(ohne Endung)'}“ wird nicht gelesen; "
                             "bitte als .xlsx oder .csv speichern.")
    data = read_inside(path, None, MAX_FILE_BYTES)
    # the header, MAX_PROCESSES processes and one more, which is then named as too many
    rows = xlsx.read_rows(name, data, MAX_PROCESSES + 2) if suffix == ".xlsx" else csv_rows(name, data)
    return parse_rows(name, rows)


def csv_rows(name: str, data: bytes) -> Iterator[tuple[int, list[object]]]:
    if b"\x00" in data:
        raise WerkstattError(f"„{name}“ ist keine Textdatei (CSV).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's „CSV (Trennzeichen-getrennt)“
    first = text.split("\n", 1)[0]
    hint = first.rstrip("\r\n").casefold()
    if hint in ("sep=;", "sep=,", "sep=\t"):  # Excel's separator line (Excel shows no row for it)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        delimiter = hint[4:]
    else:
        delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, list(row)
    except csv.Error:
        raise ImportFailed(name, [f"Zeile {numbers.de(number + 1)}: diese CSV-Zeile ist nicht "
                                  "lesbar (Anführungszeichen nicht geschlossen oder ein Feld über "
                                  "128 KB)."]) from None


def _empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header(name: str, number: int, cells: list[object]) -> dict[int, Column]:
    problems: list[str] = []
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if _empty(cell):
            continue
        text = " ".join(str(cell.value if isinstance(cell, Cell) else cell).split())
        column = _HEADERS.get(text.casefold().rstrip(" *"))
        if column is None:
            problems.append(f"{where(number, index)}: unbekannte Überschrift „{shown(text)}“ "
                            "(die Spalten stehen in der Vorlage).")
        elif column.key in seen:
            problems.append(f"{where(number, index)}: die Spalte „{column.header}“ steht schon in "
                            f"Spalte {letter(seen[column.key])}.")
        else:
            columns[index] = column
            seen[column.key] = index
    for column in REQUIRED:
        if column.key not in seen:
            problems.append(f"Zeile {numbers.de(number)}: die Spalte „{column.header}“ fehlt.")
    if problems:
        raise ImportFailed(name, problems)
    return columns


def parse_rows(name: str, rows: Iterable[tuple[int, list[object]]]) -> list[Process]:
    """Processes from (row number, cells) with the header first; all or ``ImportFailed``."""
    columns: dict[int, Column] | None = None
    problems: list[str] = []
    processes: list[Process] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        if all(_empty(c) for c in cells):
            continue
        if columns is None:
            columns = _header(name, number, cells)
            continue
        if len(processes) >= MAX_PROCESSES:
            raise ImportFailed(name, [f"Zeile {numbers.de(number)}: mehr als "
                                      f"{numbers.de(MAX_PROCESSES)} Prozesse; bitte den Katalog "
                                      "kürzen oder aufteilen."])
        process = _process(number, cells, columns, problems)
        if process is not None:
            first = seen.setdefault(process.key, number)
            if first != number:
                problems.append(f"Zeile {numbers.de(number)}: „{shown(process.name)}“ "
                                f"({shown(process.department)}) steht schon in Zeile "
                                f"{numbers.de(first)}.")
            processes.append(process)
        if len(problems) >= MAX_PROBLEMS:
            problems.append("Die Prüfung wurde nach 50 Fehlern beendet.")
            break
    if columns is None:
        raise WerkstattError(f"„{name}“ ist leer: keine Überschriften, keine Prozesse.")
    if problems:
        raise ImportFailed(name, problems)
    if not processes:
        raise WerkstattError(f"„{name}“ enthält keine Prozesse (nur Überschriften).")
    return processes


def _process(number: int, cells: list[object], columns: dict[int, Column],
             problems: list[str]) -> Process | None:
    values: dict[str, object] = {}
    before = len(problems)
    for index, cell in enumerate(cells):
        column = columns.get(index)
        if column is None:
            if not _empty(cell):
                problems.append(f"{where(number, index)}: ein Wert ohne Überschrift.")
            continue
        try:
            values[column.key] = parse(column, cell)
        except FieldError as exc:
            problems.append(f"{where(number, index, column)}: {exc}")
    for index, column in columns.items():  # a short row: the cells it lacks are empty
        if index >= len(cells) and column.required:
            problems.append(f"{where(number, index, column)}: ist leer, muss aber ausgefüllt sein.")
    if len(problems) > before:
        return None
    process = Process(**values)  # type: ignore[arg-type]
    index_of = {c.key: i for i, c in columns.items()}
    for key, reason in check(process):
        column = next(c for c in COLUMNS if c.key == key)
        problems.append(f"{where(number, index_of.get(key, 0), column)}: {reason}")
    return process if len(problems) == before else None
