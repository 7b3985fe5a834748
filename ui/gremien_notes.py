"""The notes ("Hinweise") of the latest import or sync into the council library: every one
of them, in a dialog the Gremien window opens from its "13 Hinweise …" button.

The library keeps the latest report (``Library.last_import``), so the notes can be read
again after the window or the app was closed.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from werkstatt.gremien.display import count
from werkstatt.gremien.library import LastImport

from .accessibility import named


def button_text(report: LastImport | None) -> str:
    """'13 &Hinweise …' ('' when there are none)."""
    notes = len(report.notes) if report is not None else 0
    return count(notes, "&Hinweis", "e") + " …" if notes else ""


def heading(report: LastImport) -> str:
    """'Import vom 05.01.2026, 10:00 Uhr: 9 Vorlagen, 9 Dateien; 13 Hinweise.'"""
    when = report.when()
    return (f"{'Import vom ' + when if when else 'Letzter Import'}: "
            f"{count(report.papers, 'Vorlage', 'n')}, {count(report.files, 'Datei', 'en')}; "
            f"{count(len(report.notes), 'Hinweis', 'e')}.")


class NotesDialog(QDialog):
    """Every note of one import or sync, one per line; Escape or "Schließen" closes it."""

    def __init__(self, report: LastImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Hinweise zum letzten Import")
        self.resize(760, 420)
        self.heading = QLabel(heading(report), self)
        self.heading.setWordWrap(True)
        self.notes = named(QListWidget(self), "Hinweise", "Jeder Hinweis des letzten Imports oder "
                           "Abgleichs in einer Zeile.")
        self.notes.setWordWrap(True)
        self.notes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for note in report.notes:
            self.notes.addItem(note)
            self.notes.item(self.notes.count() - 1).setToolTip(note)
        self.heading.setBuddy(self.notes)
        buttons = QDialogButtonBox(self)
        self.copy_button = named(QPushButton("&Kopieren", self), "Hinweise in die Zwischenablage "
                                 "kopieren")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = named(buttons.addButton(QDialogButtonBox.StandardButton.Close),
                                  "Hinweise schließen")
        self.close_button.setText("&Schließen")
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.heading)
        box.addWidget(self.notes, 1)
        box.addWidget(buttons)
        self.notes.setFocus()
        if self.notes.count():
            self.notes.setCurrentRow(0)

    def copy(self) -> None:
        """Every note, under its heading, as lines for an e-mail to IT."""
        QGuiApplication.clipboard().setText("\n".join([heading(self.report), *self.report.notes]))
