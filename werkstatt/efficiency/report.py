"""The concept from a catalogue file: gather what it needs, build it, write it.

The CLI (``werkstatt effizienz bericht``) and the window use these functions; neither builds
the document itself. The merged feedback is the one given, else the one the catalogue
remembers (``Catalogue.feedback_path``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import WerkstattError
from ..progress import Progress, no_progress
from .blocks import VETTED, Document, Grid
from .concept import Analysis, Inputs, analyse, build
from .evidence import read_pilot
from .store import Catalogue
from .writers import write


def gather(catalogue: Catalogue, feedback: Path | None = None,
           today: dt.date | None = None) -> Inputs:
    """Everything the concept needs from ``catalogue`` and the feedback database."""
    source = feedback or catalogue.feedback_path()
    processes = catalogue.processes()
    if not processes:
        raise WerkstattError("Der Prozesskatalog ist leer: bitte zuerst Prozesse importieren "
                             "(werkstatt effizienz import DATEI) oder den Demo-Katalog laden "
                             "(werkstatt effizienz demo).")
    texts = {key: value for key in VETTED if (value := catalogue.text(key)) is not None}
    return Inputs(processes=processes, pilot=read_pilot(source), rules=catalogue.rules(),
                  overrides=catalogue.schedule(), texts=texts, catalogue_name=catalogue.path.name,
                  today=today or dt.date.today())


def check_target(inputs: Inputs, target: Path, catalogue: Path) -> None:
    """The concept never replaces the catalogue or the feedback database it is made from."""
    protected = [catalogue] + ([inputs.pilot.source] if inputs.pilot.source else [])
    for path in protected:
        names = {Path(f"{Path(path).resolve()}{s}") for s in ("", "-wal", "-shm", "-journal")}
        same = Path(target).resolve() in names
        try:
            same = same or os.path.samefile(path, target)
        except OSError:
            pass
        if same:
            raise WerkstattError(f"„{Path(target).name}“ ist eine der Datenbanken des Konzepts: "
                                 "bitte unter einem anderen Namen speichern.")


def concept(catalogue_path: Path | None, target: Path, *, feedback: Path | None = None,
            fmt: str | None = None, today: dt.date | None = None,
            progress: Progress = no_progress) -> tuple[Path, Document, Analysis]:
    """Write the concept for the catalogue at ``catalogue_path`` (None: the user's)."""
    progress(0.05, "Katalog und Bewertungen lesen …")
    with Catalogue(catalogue_path) as catalogue:
        if feedback is not None:
            catalogue.set_feedback_path(feedback)
        inputs = gather(catalogue, feedback, today)
        check_target(inputs, target, catalogue.path)
    progress(0.3, "Rangfolge und Zeitplan berechnen …")
    analysis = analyse(inputs)
    progress(0.5, "Diagramme zeichnen …")
    document, _ = build(inputs, analysis)
    progress(0.9, "Datei schreiben …")
    written = write(document, target, fmt)
    progress(1.0, "Fertig")
    return written, document, analysis


@dataclass
class Overview:
    """What the window shows: the catalogue's processes, rules and texts, the analysis, the
    two charts and the concept's tables (the same rows as the document)."""

    inputs: Inputs
    analysis: Analysis
    matrix: bytes
    gantt: bytes
    ranking: Grid
    evidence: Grid


def overview(catalogue_path: Path | None, feedback: Path | None = None,
             today: dt.date | None = None) -> Overview | None:
    """The window's view of the catalogue (None while it is empty); ``feedback`` is
    remembered for the catalogue."""
    from . import charts, tables

    with Catalogue(catalogue_path) as catalogue:
        if feedback is not None:
            catalogue.set_feedback_path(feedback)
        if not catalogue.count():
            return None
        inputs = gather(catalogue, feedback, today)
    analysis = analyse(inputs)
    return Overview(inputs, analysis, charts.matrix(analysis.assessments, inputs.rules),
                    charts.gantt(analysis.phases), tables.ranking(analysis.assessments, inputs.rules),
                    tables.evidence(inputs.pilot, inputs.processes, inputs.rules))
