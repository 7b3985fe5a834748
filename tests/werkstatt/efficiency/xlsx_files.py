"""Workbooks for the import tests: written by openpyxl (what Excel makes) or by hand, part by
part, for what no honest spreadsheet program writes (formulas with forged cached values,
external links, a million rows, a sheet that lies about its size, zip bombs)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from werkstatt.efficiency.fields import COLUMNS
from werkstatt.efficiency.importing import letter

HEADERS = [c.header for c in COLUMNS]
GOOD = {"Prozess": "Meldebescheinigungen ausstellen", "Organisationseinheit": "Bürgerservice",
        "Fälle pro Jahr": 12000, "Minuten je Fall": 7.5, "Datenkategorie": "personenbezogen",
        "Vorlagen": "buergerbrief", "Aufwandsklasse": "Nur Vorlage", "Aufwand Personentage": 4}

_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
          'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
          '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
          'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
          'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
         'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships"><sheets><sheet name="Prozesse" sheetId="1" r:id="rId1"/></sheets>'
         '</workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
              'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
              'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
              'Target="worksheets/sheet1.xml"/>{extra}</Relationships>')


def cell_xml(ref: str, value: object) -> str:
    if isinstance(value, tuple) and value[0] == "f":  # ("f", formula, cached value)
        return f'<c r="{ref}"><f>{escape(value[1])}</f><v>{escape(str(value[2]))}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[tuple[int, list[object]]], dimension: str = "") -> str:
    body = "".join(
        f'<row r="{number}">' + "".join(cell_xml(f"{letter(i)}{number}", v)
                                        for i, v in enumerate(values) if v is not None) + "</row>"
        for number, values in rows)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
            f'.org/spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData></worksheet>')


def raw_xlsx(path: Path, rows: list[tuple[int, list[object]]], *, dimension: str = "",
             extra: dict[str, bytes] | None = None, extra_rels: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS.format(extra=extra_rels))
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml(rows, dimension))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def row_of(values: dict[str, object]) -> list[object]:
    return [values.get(h) for h in HEADERS]


def good_rows(count: int = 3) -> list[tuple[int, list[object]]]:
    rows: list[tuple[int, list[object]]] = [(1, list(HEADERS))]
    for i in range(count):
        rows.append((i + 2, row_of({**GOOD, "Prozess": f"{GOOD['Prozess']} {i + 1}"})))
    return rows


def openpyxl_book(path: Path, rows: list[list[object]]) -> Path:
    """A workbook as Excel would save it (shared strings, styles), sheet „Prozesse“."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Prozesse"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_text(rows: list[list[object]]) -> str:
    return "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows) + "\n"
