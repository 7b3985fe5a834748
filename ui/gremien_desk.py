"""What the Gremien window needs of the main window, as a small protocol: the Gremien parts
take a ``Desk`` and never import ``MainWindow`` (which opens them). ``MainWindow`` is one; the
parts' previews (``python -m ui.gremien_search`` …) use ``preview_desk``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from werkstatt.governance import Record
from werkstatt.gremien.library import Library
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from .tasks import TaskRunner


class Desk(Protocol):
    """The main window as the Gremien window sees it: a widget (the window's parent) with the
    machine policy, the user's settings and record, the model session and its runner, and the
    hand-over of a paper or meeting to a template."""

    settings: Settings
    policy: Policy
    record: Record
    session: Any  # ui.model_session.ModelSession: ``engine`` (None if unavailable), ``error``
    model_runner: TaskRunner

    def take_document(self, template_id: str, document: str, names: tuple[str, ...]) -> None:
        """The template chosen and the document in its field, ready for "Erzeugen"."""


class _NoModel:
    engine = None
    error = "In der Vorschau gibt es kein Modell."


class PreviewDesk(QWidget):
    """A stand-in main window for the parts' previews: defaults, no model, hand-overs printed."""

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings(Path(tempfile.mkdtemp()) / "settings.json")
        self.policy = Policy()
        self.record = Record(Path(tempfile.mkdtemp()) / "governance.json")
        self.session = _NoModel()
        self.model_runner = TaskRunner("preview")

    def take_document(self, template_id: str, document: str, names: tuple[str, ...]) -> None:
        print(f"→ {template_id} ({', '.join(names)}):\n{document[:400]}")


def preview_library(papers: int = 40) -> Library:
    """A library of synthetic papers in a temporary folder, for the previews."""
    from werkstatt.gremien import synthetic

    folder = Path(tempfile.mkdtemp())
    synthetic.write_folder(synthetic.generate(papers, seed=1), folder / "oparl", with_files=True)
    library = Library(folder / "gremien.sqlite")
    library.import_paths([folder / "oparl"])
    return library
