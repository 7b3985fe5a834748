"""„Auswertung“ for the pilot lead: merge workstation files, see tables and charts, save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from werkstatt.feedback import report
from werkstatt.feedback.merge import merge

from . import placement
from .tasks import Task, TaskRunner


class EvaluationWindow(QDialog):
    """Non-modal window; the figures are computed off the UI thread."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Auswertung des Pilotversuchs")
        placement.fit(self, QSize(1100, 800), parent)
        self.runner = runner
        self.report: report.Report | None = None
        self.charts: dict[str, bytes] = {}
        self.open_button = self._button("Datenbank ö&ffnen …", "Zusammengeführte Datenbank öffnen",
                                        self.choose_database)
        self.merge_button = self._button("Dateien &zusammenführen …",
                                         "Feedback-Dateien zusammenführen", self.choose_merge)
        self.save_button = self._button("Bericht &speichern …", "Bericht speichern",
                                        self.choose_save)
        self.save_button.setEnabled(False)
        self.concept_button = self._button("&Effizienzkonzept …", "Effizienzkonzept öffnen",
                                           self.show_concept)
        self.concept: Any = None  # the Effizienzkonzept window, made on first use
        self.summary = QLabel("Öffnen Sie eine zusammengeführte Feedback-Datenbank.", self)
        self.summary.setWordWrap(True)
        self.template_table = self._table("Auswertung je Vorlage")
        self.department_table = self._table("Auswertung je Organisationseinheit")
        self.chart_box = QVBoxLayout()
        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.addWidget(self.summary)
        inner.addWidget(QLabel("<b>Je Vorlage</b>", content))
        inner.addWidget(self.template_table)
        inner.addWidget(QLabel("<b>Je Organisationseinheit</b>", content))
        inner.addWidget(self.department_table)
        inner.addLayout(self.chart_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.merge_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.concept_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.clicked.connect(lambda: slot())
        return button

    def _table(self, name: str) -> QTableWidget:
        table = QTableWidget(0, len(report.HEADERS), self)
        table.setAccessibleName(name)
        table.setTabKeyNavigation(False)  # arrows move between cells, Tab leaves the table
        # long headers on two lines: the columns stay narrow and no header is cut
        table.setHorizontalHeaderLabels([h.replace(" ", "\n", 1) if len(h) > 12 else h
                                         for h in report.HEADERS])
        for column, header in enumerate(report.HEADERS):
            table.horizontalHeaderItem(column).setToolTip(header)
        table.setMinimumHeight(160)
        return table

    # actions -------------------------------------------------------------------------
    def choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Feedback-Datenbank öffnen", "",
                                              "SQLite (*.sqlite *.db);;Alle Dateien (*)")
        if path:
            self.load(Path(path))

    def choose_merge(self) -> None:
        sources, _ = QFileDialog.getOpenFileNames(self, "Feedback-Dateien der Arbeitsplätze", "",
                                                  "SQLite (*.sqlite *.db);;Alle Dateien (*)")
        if not sources:
            return
        target, _ = QFileDialog.getSaveFileName(self, "Zusammengeführte Datenbank", "pilot.sqlite",
                                                "SQLite (*.sqlite)")
        if target:
            self.merge_files([Path(s) for s in sources], Path(target))

    def merge_files(self, sources: list[Path], target: Path) -> None:
        def done(result: Any) -> None:
            lines = [f"{result.new} neue, {result.duplicate} doppelte Einträge."]
            lines += [f"Übersprungen: {r.rejected}" for r in result.rejected]
            lines += [f"{r.path.name}: {r.invalid} ungültige Einträge ausgelassen."
                      for r in result.sources if r.invalid]
            QMessageBox.information(self, "Zusammenführen", "\n".join(lines))
            self.load(target)

        Task(self, lambda state: merge(sources, target, state.progress, state.cancel),
             on_success=done).run_on(self.runner)

    def load(self, path: Path) -> None:
        def compute(state: Any) -> tuple[report.Report, dict[str, bytes]]:
            data = report.compute(path)
            return data, report.charts(data)

        Task(self, compute, on_success=self.show_report).run_on(self.runner)

    def show_report(self, result: tuple[report.Report, dict[str, bytes]]) -> None:
        self.report, self.charts = result
        self.summary.setText("\n".join(report.methods(self.report)))
        for table, groups in ((self.template_table, self.report.by_template),
                              (self.department_table, self.report.by_department)):
            rows = report.table_rows(groups)
            table.setRowCount(len(rows))
            for i, values in enumerate(rows):
                for j, value in enumerate(values):
                    table.setItem(i, j, QTableWidgetItem(value))
            table.resizeColumnsToContents()
        while self.chart_box.count():
            item = self.chart_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        described = report.chart_descriptions(self.report)
        for title, png in self.charts.items():
            label = QLabel(self)
            label.setAccessibleDescription(described[title])  # its figures, in words
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            label.setPixmap(pixmap)
            label.setAccessibleName(f"Diagramm: {title}")
            self.chart_box.addWidget(label)
        self.save_button.setEnabled(True)

    def show_concept(self) -> Any:
        """The Effizienzkonzept window (issue 29), with the feedback shown here, if any."""
        from .efficiency import EfficiencyWindow

        source = self.report.source if self.report else None
        if self.concept is None:
            self.concept = EfficiencyWindow(self.runner, self, feedback=source)
        elif source is not None and source != self.concept.feedback:
            self.concept.refresh(source)
        self.concept.show()
        self.concept.raise_()
        return self.concept

    def choose_save(self) -> None:
        if self.report is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Bericht speichern", "auswertung.docx",
            "Word (*.docx);;HTML (*.html);;CSV (*.csv)")
        if target:
            self.save(Path(target))

    def save(self, target: Path) -> None:
        data = self.report
        assert data is not None
        Task(self, lambda state: report.write(data, target),
             on_success=lambda p: QMessageBox.information(self, "Bericht", f"Gespeichert: {p}")
             ).run_on(self.runner)
