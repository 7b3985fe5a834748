"""The catalogue's models with licence, size, RAM, verification and IT approval; one is chosen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from werkstatt import catalog
from werkstatt.numbers import de
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from . import placement
from .accessibility import named as _named
from .settings_dialog import FIXED


class ModelsDialog(QDialog):
    """Catalogue models with licence, size, RAM, verification and IT approval."""

    COLUMNS = ["Modell", "Lizenz", "Größe", "RAM", "Status", "Freigabe", "Hinweise"]

    def __init__(self, settings: Settings, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.policy = settings, policy
        self.setWindowTitle("Modelle")
        self.entries = catalog.load_catalog()
        self.table = _named(QTableWidget(len(self.entries), len(self.COLUMNS), self), "Modelle")
        self.table.setTabKeyNavigation(False)  # arrows move between cells, Tab leaves the table
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        for i, e in enumerate(self.entries):
            state = catalog.check_model(e)
            values = [e.name + (" (Standard)" if e.default else ""), e.license,
                      f"{de(e.size / 1e6)} MB", f"{de(e.ram_gb, 1)} GB",
                      state.value,
                      "freigegeben" if policy.model_allowed(e.sha256) else "nicht freigegeben",
                      " ".join(e.notes.split())]
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.use_button = _named(QPushButton("Dieses Modell &verwenden", self), "Modell verwenden")
        self.use_button.clicked.connect(lambda: self.use_selected())
        if policy.fixes("model_id"):
            self.use_button.setEnabled(False)
            self.use_button.setToolTip(FIXED)
        self.chosen: str | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        if policy.fixes("model_id"):
            row.addWidget(QLabel(FIXED, self))
        row.addStretch(1)
        row.addWidget(buttons)
        intro = QLabel("Nur geprüfte Modelle aus dem Katalog werden geladen. Die Änderung gilt "
                       "nach einem Neustart.", self)
        intro.setWordWrap(True)  # a large system font wraps it, never widens the dialog
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        placement.fit(self, QSize(980, 360), parent)  # once laid out: the screen bounds it

    def use_selected(self, row: int | None = None) -> None:
        row = self.table.currentRow() if row is None else row
        if row < 0:
            return
        entry = self.entries[row]
        if not self.policy.model_allowed(entry.sha256):
            self.use_button.setToolTip("Von der IT nicht freigegeben")
            return
        self.chosen = entry.id
        self.settings.set("model_id", entry.id)
        self.settings.save()
        self.accept()


if __name__ == "__main__":  # preview: python -m ui.models_dialog
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    ModelsDialog(Settings(folder / "settings.json"), Policy()).exec()
