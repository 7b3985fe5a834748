"""„Meine Daten“: everything KI-Werkstatt stores about the participant, with delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from werkstatt import APP_NAME
from werkstatt.feedback.entry import feedback_path, participant_id
from werkstatt.feedback.store import NOT_GIVEN, FeedbackStore
from werkstatt.numbers import de
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from .tasks import Task, TaskRunner, TaskState

COLUMNS = ["Zeit", "Vorlage", "Qualität", "Korrekturaufwand", "Minuten", "Nutzen?",
           "Probleme", "Kommentar", "Modell", "Dauer", "Token/s", "Texte gespeichert"]


def local_time(utc: str) -> str:
    """``2026-11-26T07:45:12+00:00`` as this PC's local time, ``26.11.2026 08:45:12``."""
    try:
        return f"{dt.datetime.fromisoformat(utc).astimezone():%d.%m.%Y %H:%M:%S}"
    except ValueError:
        return utc


def export_feedback(parent: QWidget, policy: Policy, settings: Settings, runner: TaskRunner,
                    folder: str | None = None) -> None:
    """Datei → Feedback exportieren: a consistent copy of this PC's ratings for the pilot lead."""
    path = feedback_path(policy, settings)
    if not path.exists():
        QMessageBox.information(parent, APP_NAME, "Es gibt noch keine Bewertungen zum Exportieren.")
        return
    if not folder:
        folder = QFileDialog.getExistingDirectory(parent, "Feedback exportieren: Zielordner")
        if not folder:
            return
    participant, target = participant_id(settings), Path(folder)

    def export(state: TaskState) -> Path:
        with FeedbackStore(path) as store:
            return store.export_for_pilot_lead(target, participant)

    Task(parent, export, on_success=lambda p: QMessageBox.information(
        parent, APP_NAME, f"Feedback exportiert nach:\n{p}\n\nBitte diese Datei der "
        "Pilotleitung übergeben.")).run_on(runner)


class MyDataDialog(QDialog):
    def __init__(self, settings: Settings, policy: Policy, runner: TaskRunner,
                 parent: QWidget | None = None,
                 extra_facts: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Meine Daten")
        self.resize(900, 520)
        self.settings, self.policy = settings, policy
        self.runner = runner
        self.rows: list[dict[str, Any]] = []
        intro = QLabel(
            "Das ist alles, was KI-Werkstatt über Sie speichert – nur auf diesem PC. Es gibt "
            "keine Nutzungsprotokolle. Bewertungen geben Sie freiwillig ab; Sie können sie hier "
            "löschen.", self)
        intro.setWordWrap(True)
        facts = QFormLayout()
        facts.addRow("Pseudonyme Kennung:", QLabel(participant_id(settings), self))
        self.department = QLineEdit(str(settings.get("department")), self)
        self.department.setAccessibleName("Organisationseinheit (freiwillig)")
        self.department.setPlaceholderText("z. B. Bereich Schule und Sport (freiwillig)")
        facts.addRow("Organisationseinheit:", self.department)
        facts.addRow("Feedback-Datei:", QLabel(str(feedback_path(self.policy, settings)), self))
        for label, value in extra_facts or []:
            facts.addRow(label, QLabel(value, self))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Gespeicherte Bewertungen")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.delete_button = QPushButton("Ausgewählte Bewertungen &löschen …", self)
        self.delete_button.setAccessibleName("Ausgewählte Bewertungen löschen")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Schließen")
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Schließen")
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(facts)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()

    def done(self, result: int) -> None:
        self.settings.set("department", self.department.text().strip())
        self.settings.save()
        super().done(result)

    def reload(self) -> None:
        path = feedback_path(self.policy, self.settings)

        def load(state: Any) -> list[dict[str, Any]]:
            if not path.exists():
                return []
            with FeedbackStore(path) as store:
                return store.entries()

        Task(self, load, on_success=self._show).run_on(self.runner)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            seconds, speed = r["generation_seconds"], r["tokens_per_second"]
            values = [local_time(r["created_utc"]), r["template_id"], str(r["quality"]),
                      r["correction_effort"] or NOT_GIVEN,
                      NOT_GIVEN if r["minutes_saved"] is None else de(r["minutes_saved"]),
                      r["would_use"] or NOT_GIVEN, ", ".join(r["problems"]), r["comment"] or "",
                      (r["model_id"] or "") + (f" (KI-Server {r['inference_server']})"
                                               if r.get("inference_server") else ""),
                      "" if seconds is None else f"{de(seconds, 1)} s",
                      "" if speed is None else de(speed, 1),
                      "ja" if r["input_text"] or r["output_text"] else "nein"]
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def delete_selected(self) -> None:
        chosen = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not chosen:
            QMessageBox.information(self, "Meine Daten", "Bitte zuerst Zeilen auswählen.")
            return
        answer = QMessageBox.question(
            self, "Meine Daten", f"{len(chosen)} Bewertung(en) endgültig löschen?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete_rows(chosen)

    def delete_rows(self, rows: list[int]) -> None:
        uuids = [self.rows[i]["uuid"] for i in rows]
        path = feedback_path(self.policy, self.settings)

        def delete(state: Any) -> int:
            with FeedbackStore(path) as store:
                return store.delete(uuids)

        Task(self, delete, on_success=lambda n: self.reload()).run_on(self.runner)
