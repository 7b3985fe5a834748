"""Excel workbooks (.xlsx) in and out.

In: a workbook is checked as a zip first (no encrypted or old-format file, at most
``MAX_UNPACKED`` bytes unpacked, at most ``MAX_MEMBERS`` parts), then read in a reader child
(``python -m werkstatt.efficiency.xlsx``, ``childproc.ask``: killed past 30 s or 400 MB,
like the document readers). The child opens it with openpyxl read-only, through defusedxml,
without external links or macros, and hands back the cells of the sheet „Prozesse“ (else
the first sheet) as plain values: a formula comes back as a formula, never as the value a
hostile file may have cached for it, so the import can refuse it. At most
``MAX_SCANNED_ROWS`` rows are looked at.

Out: the export and the blank template, every text written as a text cell (a process name
beginning with "=" is never a formula in the written file).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import atomic, numbers
from ..errors import WerkstattError
from .fields import Cell

MODULE = "werkstatt.efficiency.xlsx"
MAX_UNPACKED = 100 * 2**20
MAX_MEMBERS = 2_000
MAX_SCANNED_ROWS = 200_000  # rows looked at, empty ones included
MAX_COLUMNS = 64
LONG_TEXT = 10_000  # a longer text travels back as its length only
SHEET = "Prozesse"


def check_zip(name: str, data: bytes) -> None:
    """Refuse what is no workbook, is encrypted, or would unpack beyond the limits."""
    if data[:4] != b"PK\x03\x04":
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise WerkstattError(f"„{name}“ ist verschlüsselt oder im alten Excel-Format (.xls): "
                                 "bitte ohne Kennwort als .xlsx speichern.")
        raise WerkstattError(f"„{name}“ ist keine Excel-Arbeitsmappe (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WerkstattError(f"„{name}“ ist beschädigt (kein lesbares ZIP-Archiv).") from None
    if len(infos) > MAX_MEMBERS:
        raise WerkstattError(f"„{name}“ besteht aus {numbers.de(len(infos))} Teilen (höchstens "
                             f"{numbers.de(MAX_MEMBERS)}); nicht gelesen.")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        raise WerkstattError(f"„{name}“ wäre entpackt {numbers.de(unpacked / 2**20)} MB groß "
                             f"(höchstens {MAX_UNPACKED // 2**20} MB); nicht gelesen (Verdacht auf "
                             "eine präparierte Datei).")
    if any(i.flag_bits & 0x1 for i in infos):
        raise WerkstattError(f"„{name}“ ist verschlüsselt: bitte ohne Kennwort speichern.")
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise WerkstattError(f"„{name}“ ist keine Excel-Arbeitsmappe (.xlsx).")


def read_rows(name: str, data: bytes, most: int) -> Iterator[tuple[int, list[object]]]:
    """(row number, cells) of the workbook's process sheet, read in the reader child, which
    stops after ``most`` rows that are not empty (the import names the first one too many)."""
    from .. import childproc
    from ..documents import MAX_READER_MEMORY, MAX_SECONDS

    check_zip(name, data)
    answer = childproc.ask(MODULE, {"name": name, "most": most}, data, MAX_SECONDS,
                           MAX_READER_MEMORY)
    for number, cells in answer["rows"]:
        yield int(number), [_decode(c) for c in cells]
    if answer.get("stopped"):
        raise WerkstattError(f"„{name}“ wurde nicht importiert: Zeile {numbers.de(answer['stopped'])}: "
                             f"mehr als {numbers.de(MAX_SCANNED_ROWS)} Zeilen; bitte den Katalog "
                             "kürzen oder aufteilen.")


def _decode(cell: Any) -> object:
    if isinstance(cell, dict):
        return Cell(str(cell.get("k", "")), str(cell.get("v", "")))
    return cell


# the child's side --------------------------------------------------------------------------

def _encode(cell: Any) -> Any:
    value, kind = getattr(cell, "value", None), getattr(cell, "data_type", "n")
    if value is None:
        return None
    if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
        return {"k": "formula", "v": str(value)[:200]}
    if kind == "e":
        return {"k": "error", "v": str(value)[:40]}
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return {"k": "date", "v": str(value)}
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return {"k": "long", "v": numbers.de(len(value))}
    if isinstance(value, (bool, int, float, str)):
        return value
    return {"k": "other", "v": type(value).__name__}


def _no_size(sheet: Any) -> None:
    """In place of openpyxl's ``_get_size``: a sheet without a ``<dimension>`` (Excel always
    writes one, a hostile file need not) was parsed to its end before the first row was read
    (100,000 rows: 20 s); the claimed size is not used here anyway."""
    sheet._min_column = sheet._min_row = 1
    sheet._max_column = sheet._max_row = None


def _answer(info: dict[str, Any], data: bytes) -> dict[str, Any]:
    import openpyxl
    from openpyxl.reader import excel
    from openpyxl.xml import DEFUSEDXML

    excel.ReadOnlyWorksheet._get_size = _no_size  # only in the reader child

    name = str(info.get("name", ""))
    most = int(info.get("most", MAX_SCANNED_ROWS))
    if not DEFUSEDXML:  # openpyxl would parse the XML without defusedxml's guards
        return {"ok": False, "message": "Excel-Dateien können nicht sicher gelesen werden "
                                        "(defusedxml fehlt); bitte die IT verständigen."}
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                                      keep_links=False, keep_vba=False)
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        sheet.reset_dimensions()  # a file's claimed size pads nothing
        rows: list[list[Any]] = []
        stopped = 0
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_SCANNED_ROWS:
                stopped = number
                break
            cells = [_encode(c) for c in row[:MAX_COLUMNS + 1]]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                rows.append([number, cells])
                if len(rows) >= most:
                    break
        book.close()
    except (KeyError, ValueError, TypeError, IndexError, OSError, zipfile.BadZipFile,
            SyntaxError) as exc:  # defusedxml's refusals are ValueErrors, XML errors SyntaxErrors
        return {"ok": False, "message": f"„{name}“ ist keine lesbare Excel-Arbeitsmappe "
                                        f"({type(exc).__name__})."}
    return {"ok": True, "rows": rows, "stopped": stopped}


def main() -> None:
    from ..childproc import serve

    serve(_answer)


# writing -------------------------------------------------------------------------------------

def write(target: Path, header: list[str], rows: list[list[object]],
          choices: dict[int, tuple[str, ...]], notes: list[list[str]] | None = None) -> Path:
    """A workbook with the sheet „Prozesse“ (header bold and frozen, pick lists for the
    columns with fixed values) and, for the template, a sheet „Hinweise“."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    table: list[list[object]] = [list(header), *rows]
    for r, values in enumerate(table, start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, also "=…"
            if r == 1:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(12, min(40, len(title) + 2))
    sheet.freeze_panes = "B2"
    last = max(len(rows) + 1, 1000)
    for c, allowed in choices.items():
        listed = ",".join(a for a in allowed if a)
        check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        check.add(f"{get_column_letter(c + 1)}2:{get_column_letter(c + 1)}{last}")
        sheet.add_data_validation(check)
    if notes:
        hints = book.create_sheet("Hinweise")
        for r, line in enumerate(notes, start=1):
            for c, text in enumerate(line, start=1):
                cell = hints.cell(row=r, column=c, value=text)
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if r == 1:
                    cell.font = Font(bold=True)
        for letter, width in (("A", 42), ("B", 12), ("C", 70)):
            hints.column_dimensions[letter].width = width
    return atomic.write_via(target, lambda p: book.save(str(p)))


if __name__ == "__main__":
    main()
