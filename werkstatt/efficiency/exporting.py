"""The catalogue out again (CSV or XLSX, the import's columns), the blank template, and the
demo catalogue in.

A CSV is written the way German Excel reads it (UTF-8 with BOM, ``;``, decimal comma); a
text that begins like a formula gets a leading ``'``, so that a spreadsheet shows it as text.
The XLSX writes texts as text cells (``xlsx.write``). Both read back through the import as
the same catalogue.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .. import atomic, paths
from ..errors import WerkstattError
from . import xlsx
from .fields import COLUMNS, FORMULA_START, Process, display
from .importing import read_processes
from .store import Catalogue, Changes

FORMATS = (".xlsx", ".csv")
DEMO_SOURCE = "angenommen (Demo-Katalog)"


def demo_file() -> Path:
    return paths.resources_dir() / "efficiency" / "demo-katalog.csv"


def template_notes() -> list[list[str]]:
    """The „Hinweise“ sheet: each column, whether it is required, what it takes."""
    rows = [["Spalte", "Pflicht", "Was gehört hinein"]]
    for c in COLUMNS:
        allowed = f" Erlaubt: {', '.join(x for x in c.choices if x)}." if c.choices else ""
        rows.append([c.header, "ja" if c.required else "", f"{c.help}{allowed}".strip()])
    rows.append(["", "", "Nur Werte, keine Formeln: Zellen mit Formeln werden nicht importiert. "
                         "Jeder Prozess einmal je Organisationseinheit."])
    return rows


def safe_text(value: str) -> str:
    """A text a spreadsheet never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cells(process: Process, typed: bool) -> list[object]:
    cells: list[object] = []
    for column in COLUMNS:
        value = getattr(process, column.key)
        if typed and isinstance(value, (int, float)) and not isinstance(value, bool):
            cells.append(value)
        else:
            cells.append(safe_text(display(process, column.key)))
    return cells


def write_catalogue(processes: list[Process], target: Path) -> Path:
    """``processes`` as .xlsx or .csv (by suffix), in the import's columns."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise WerkstattError(f"Speichern als „{suffix or target.name}“ ist nicht möglich (.xlsx "
                             "oder .csv).")
    header = [c.header for c in COLUMNS]
    if suffix == ".xlsx":
        choices = {i: (c.choices if c.kind == "choice" else ("ja", "nein"))
                   for i, c in enumerate(COLUMNS) if c.kind in ("choice", "bool")}
        return xlsx.write(target, header, [_cells(p, True) for p in processes], choices,
                          template_notes() if not processes else None)

    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(header)
            for process in processes:
                writer.writerow(_cells(process, False))

    return atomic.write_via(target, write)


def write_template(target: Path) -> Path:
    """The blank template: the columns, pick lists and (XLSX) a sheet of hints."""
    return write_catalogue([], target)


def import_file(catalogue: Catalogue, source: Path, *, replace: bool = False) -> Changes:
    """A CSV or XLSX into ``catalogue``: checked whole first, then stored in one step."""
    processes = read_processes(source)
    return catalogue.store(processes, replace=replace, source=Path(source).name)


def load_demo(catalogue: Catalogue, *, replace: bool = False) -> Changes:
    """The demo catalogue (assumed figures, every row marked ``demo``). A catalogue with
    processes of its own is only replaced when asked to."""
    own = [p for p in catalogue.processes() if not p.demo]
    if own and not replace:
        raise WerkstattError(f"Der Katalog enthält {len(own)} eigene Prozesse; der Demo-Katalog "
                             "würde sie ersetzen. Bitte ausdrücklich ersetzen (--ersetzen) oder "
                             "eine andere Katalogdatei wählen (--katalog).")
    processes = [_as_demo(p) for p in read_processes(demo_file())]
    return catalogue.store(processes, replace=True, source=demo_file().name)


def _as_demo(process: Process) -> Process:
    from dataclasses import replace

    return replace(process, demo=True, figures_source=process.figures_source or DEMO_SOURCE)
