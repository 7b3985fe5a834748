"""„Meine Daten“: everything KI-Werkstatt stores about the participant, with delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
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
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from werkstatt import APP_NAME
from werkstatt.errors import WerkstattError
from werkstatt.feedback.entry import feedback_path, participant_id
from werkstatt.feedback.store import NOT_GIVEN, FeedbackStore
from werkstatt.numbers import de
from werkstatt.policy import Policy
from werkstatt.settings import Settings
from werkstatt.templates import load_templates

from . import placement
from .accessibility import breakable, named
from .tasks import Task, TaskRunner, TaskState

# the comment last: it takes the room the others leave
COLUMNS = ["Zeit", "Vorlage", "Qualität", "Korrekturaufwand", "Minuten", "Nutzen?", "Modell",
           "Dauer", "Token/s", "Texte gespeichert", "Probleme", "Kommentar"]
HEADERS = {"Korrekturaufwand": "Korrektur-\naufwand", "Texte gespeichert": "Texte\ngespeichert"}
WIDEST = 90  # pixels a column but the last may take beyond its longest word; the value
# wraps onto more lines (a word is never broken: Qt's row height then falls short)
COMMENT_WIDTH = 160  # the least the comment gets (the table scrolls sideways below that)


def template_titles() -> dict[str, str]:
    """Each template's title by its id (none if the templates cannot be read)."""
    try:
        return {t.id: t.title for t in load_templates()}
    except WerkstattError:
        return {}


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
        placement.fit(self, QSize(1600, 560), parent)  # as wide as the screen allows
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
        path = str(feedback_path(self.policy, settings))
        file_label = named(QLabel(breakable(path), self), path)
        file_label.setWordWrap(True)  # a long (network) path wraps instead of widening the dialog
        facts.addRow("Feedback-Datei:", file_label)
        for label, value in extra_facts or []:
            facts.addRow(label, QLabel(value, self))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Gespeicherte Bewertungen")
        self.table.setHorizontalHeaderLabels([HEADERS.get(name, name) for name in COLUMNS])
        self.table.setWordWrap(True)  # nothing cut: a long value wraps, its row grows
        self.table.horizontalHeader().setStretchLastSection(True)  # the comment: the room left
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents())
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

        def load(state: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
            if not path.exists():
                return [], {}
            with FeedbackStore(path) as store:
                return store.entries(), template_titles()

        Task(self, load, on_success=lambda loaded: self._show(*loaded)).run_on(self.runner)

    def _show(self, rows: list[dict[str, Any]], titles: dict[str, str]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            seconds, speed = r["generation_seconds"], r["tokens_per_second"]
            cells = {"Zeit": local_time(r["created_utc"]),
                     "Vorlage": titles.get(r["template_id"], r["template_id"]),
                     "Qualität": str(r["quality"]),
                     "Korrekturaufwand": r["correction_effort"] or NOT_GIVEN,
                     "Minuten": NOT_GIVEN if r["minutes_saved"] is None else de(r["minutes_saved"]),
                     "Nutzen?": r["would_use"] or NOT_GIVEN,
                     "Modell": (r["model_id"] or "") + (f"\n(KI-Server {r['inference_server']})"
                                                        if r.get("inference_server") else ""),
                     "Dauer": "" if seconds is None else f"{de(seconds, 1)} s",
                     "Token/s": "" if speed is None else de(speed, 1),
                     "Texte gespeichert": "ja" if r["input_text"] or r["output_text"] else "nein",
                     "Probleme": ", ".join(r["problems"]), "Kommentar": r["comment"] or ""}
            for j, name in enumerate(COLUMNS):
                self.table.setItem(i, j, QTableWidgetItem(cells[name]))
        self.fit_columns()

    def fit_columns(self) -> None:
        """Each column as wide as its longest value up to ``WIDEST`` (longer ones wrap), the
        comment in the room left, each row as tall as its longest value: nothing is cut."""
        table = self.table
        table.resizeColumnsToContents()
        last = len(COLUMNS) - 1
        margin = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 6
        for column in range(last):
            items = [table.item(row, column) for row in range(table.rowCount())]
            words = [word for item in items if item is not None for word in item.text().split()]
            word = max((table.fontMetrics().horizontalAdvance(w) for w in words), default=0)
            table.setColumnWidth(column, min(table.columnWidth(column), max(WIDEST, word + margin)))
        room = table.viewport().width() - sum(table.columnWidth(c) for c in range(last))
        table.setColumnWidth(last, max(room, COMMENT_WIDTH))
        table.resizeRowsToContents()

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
