"""Hilfe → Systemprüfung: the same report as ``werkstatt doctor``, for the app's own engine."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from werkstatt import doctor
from werkstatt.engine import TextEngine
from werkstatt.policy import Policy

from . import placement
from .accessibility import named
from .tasks import Task, TaskRunner, TaskState


class SystemCheckDialog(QDialog):
    """Runs the checks on the model runner (the engine's own thread) and shows the report."""

    def __init__(self, engine: TextEngine | None, policy: Policy, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.policy, self.runner = engine, policy, runner
        self.report: doctor.Checkup | None = None
        self.setWindowTitle("Systemprüfung")
        placement.fit(self, QSize(720, 460), parent)
        self.status = QLabel("Die Prüfung läuft (einige Sekunden) …", self)
        self.status.setWordWrap(True)
        self.progress = named(QProgressBar(self), "Fortschritt der Prüfung")
        self.text = named(QPlainTextEdit(self), "Ergebnis der Systemprüfung",
                          "CPU, CPU-Variante der KI-Engine, Modell, Speicher und Selbsttest.")
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = named(QPushButton("&Kopieren", self), "Bericht kopieren",
                                 "Den Bericht in die Zwischenablage kopieren (z. B. für die IT).")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Schließen")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Schließen")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def start(self) -> None:
        engine, policy = self.engine, self.policy

        def check(state: TaskState) -> doctor.Checkup:
            return doctor.run(policy, engine=engine, progress=state.progress)

        Task(self, check, on_success=self.show_report, on_progress=self._on_progress
             ).run_on(self.runner)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status.setText(message)

    def show_report(self, report: doctor.Checkup) -> None:
        self.report = report
        self.progress.setVisible(False)
        self.status.setText("Alles in Ordnung." if report.ok else
                            f"{len(report.problems)} Problem(e) gefunden – bitte an die IT "
                            "weitergeben (Kopieren).")
        self.text.setPlainText(report.text())
        self.copy_button.setEnabled(True)
        self.text.setFocus()

    def copy(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.text())
