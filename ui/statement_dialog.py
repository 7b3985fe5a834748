"""Hilfe → Erklärung zur Barrierefreiheit: the statement BITV 2.0 § 7 asks for, shipped with
the app (``resources/accessibility/``, written from the accessibility tests' results by
``tests/a11y/statement.py`` in ``make test-a11y``) and shown from the local file: no network."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from werkstatt import paths

from . import placement
from .accessibility import named
from .rules_dialog import browser

TITLE = "Erklärung zur Barrierefreiheit"


def statement_file() -> Path:
    return paths.resources_dir() / "accessibility" / "erklaerung-barrierefreiheit.md"


class StatementDialog(QDialog):
    """The statement, readable with the keyboard and a screen reader; „Als Datei öffnen“
    hands the same file to the system's viewer."""

    def __init__(self, contact: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        placement.fit(self, QSize(760, 640), parent)
        path = statement_file()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = f"Die Erklärung fehlt in dieser Installation ({path}); bitte die IT informieren."
        self.text = browser(text, self, TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        if contact:
            layout.addWidget(QLabel(f"Ansprechstelle Ihrer IT: {contact}", self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Schließen")
        self.file_button = named(QPushButton("Als &Datei öffnen", self), "Als Datei öffnen",
                                 "Die Erklärung im Programm öffnen, das das System für Textdateien "
                                 "vorsieht.")
        buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.file_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


if __name__ == "__main__":  # preview: python -m ui.statement_dialog
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    StatementDialog("it-service@luebeck.de").exec()
