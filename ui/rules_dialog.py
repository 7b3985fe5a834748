"""The usage rules (Nutzungsregeln): read, and acknowledged once per version."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from werkstatt.governance import Record, Rules

from . import placement
from .accessibility import named as _named


def browser(markdown: str, parent: QWidget, name: str) -> QTextBrowser:
    browser = _named(QTextBrowser(parent), name)
    browser.setMarkdown(markdown)
    browser.setOpenExternalLinks(False)
    return browser


class RulesDialog(QDialog):
    """Shows the usage rules; accepting records version and date."""

    def __init__(self, rules: Rules, record: Record, parent: QWidget | None = None,
                 require: bool = True) -> None:
        super().__init__(parent)
        self.rules, self.record = rules, record
        self.setWindowTitle(f"{rules.title} – Version {rules.version}")
        placement.fit(self, QSize(760, 640), parent)
        self.text = browser(rules.text, self, "Nutzungsregeln")
        self.confirm = _named(QCheckBox("Ich habe die Nutzungsregeln &gelesen und halte sie ein.",
                                        self), "Nutzungsregeln gelesen")
        self.accept_button = _named(QPushButton("&Bestätigen", self), "Nutzungsregeln bestätigen")
        self.accept_button.setEnabled(False)
        self.confirm.toggled.connect(self.accept_button.setEnabled)
        self.accept_button.clicked.connect(lambda: self.acknowledge())
        close = _named(QPushButton("&Später" if require else "&Schließen", self), "Schließen")
        close.clicked.connect(self.reject)
        already = record.has_acknowledged(rules)
        self.confirm.setVisible(not already)
        self.accept_button.setVisible(not already)
        row = QHBoxLayout()
        row.addWidget(self.confirm, 1)
        row.addWidget(close)
        row.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        if already:
            layout.addWidget(QLabel(f"Bestätigt am {record.data['rules']['date']}.", self))
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def acknowledge(self) -> None:
        if self.confirm.isChecked():
            self.record.acknowledge(self.rules)
            self.accept()


if __name__ == "__main__":  # preview: python -m ui.rules_dialog
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from werkstatt.governance import load_rules

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    RulesDialog(load_rules(), Record(folder / "record.json")).exec()
