"""„Effizienzkonzept“ for the pilot lead (opened from Auswertung): the process catalogue in a
table, the benefit/effort matrix with the ranking and its reasons, the timeline, the project
organisation text, and the concept document.

Every catalogue operation runs on the window's runner (one worker: the SQLite connection
stays on its thread); the core computes, the window only shows (``efficiency.report``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from werkstatt.efficiency import exporting, report, rules
from werkstatt.efficiency.blocks import VETTED, vetted_text
from werkstatt.efficiency.fields import Process
from werkstatt.efficiency.store import Catalogue
from werkstatt.errors import WerkstattError

from . import placement
from .accessibility import named
from .efficiency_tables import ProcessTable, ScheduleTable, fill_grid
from .tasks import Task, TaskRunner

FILTERS = "Excel (*.xlsx);;CSV (*.csv)"
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


def _picture(name: str, description: str) -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader reaches its description
    return named(label, name, description)


def _scrolled(widget: QWidget, name: str) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setAccessibleName(name)
    return area


class EfficiencyWindow(QDialog):
    """Non-modal window; ``catalogue`` None: the user's ``effizienz.sqlite``."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None,
                 catalogue: Path | None = None, feedback: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Effizienzkonzept (Punkt 5 der Vorlage VO/2025/14550)")
        placement.fit(self, QSize(1280, 800), parent)
        self.runner, self.catalogue, self.feedback = runner, catalogue, feedback
        self.view: report.Overview | None = None
        self.busy = 0  # tasks under way (tests wait for 0)
        self.status = named(QLabel("Katalog wird geladen …"), "Stand")
        self.status.setWordWrap(True)
        self.tabs = named(QTabWidget(), "Bereiche des Effizienzkonzepts")
        self.table = ProcessTable()
        self.table.edited.connect(self.edit_cell)
        self.tabs.addTab(self._processes_tab(), "&Prozesse")
        self.tabs.addTab(self._ranking_tab(), "P&riorisierung")
        self.tabs.addTab(self._timeline_tab(), "&Zeitplan")
        self.tabs.addTab(self._texts_tab(), "Projekt&organisation")
        self.feedback_label = named(QLabel(), "Feedback-Datenbank des Konzepts")
        top = QHBoxLayout()
        top.addWidget(self.feedback_label, 1)
        top.addWidget(self._button("&Feedback-Datenbank wählen …", self.choose_feedback))
        bottom = QHBoxLayout()
        for text, slot in (("&Importieren …", self.choose_import), ("&Demo-Katalog laden", self.load_demo),
                           ("Leere &Vorlage speichern …", self.choose_template),
                           ("E&xportieren …", self.choose_export)):
            bottom.addWidget(self._button(text, slot))
        bottom.addStretch(1)
        self.save_button = self._button("&Konzept speichern …", self.choose_save)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.refresh(feedback)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip(" …"))
        button.clicked.connect(lambda: slot())
        return button

    # tabs ----------------------------------------------------------------------------------
    def _processes_tab(self) -> QWidget:
        page = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self._button("Prozess &hinzufügen", self.add_process))
        buttons.addWidget(self._button("Prozess &löschen", self.delete_processes))
        hint = QLabel("Doppelklick oder Tippen ändert eine Zelle; geprüft wird wie beim Import.")
        buttons.addWidget(hint, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        return page

    def _ranking_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.weights = [QSpinBox(), QSpinBox(), QSpinBox()]
        for box, label in zip(self.weights, ("Gewicht &Nutzen (%)", "Gewicht A&ufwand (%)",
                                             "Gewicht &Evidenz (%)"), strict=True):
            box.setRange(0, 100)
            form.addRow(label, named(box, label.replace("&", "")))
        self.hours = named(QDoubleSpinBox(), "Quick Win ab Stunden im Jahr")
        self.hours.setRange(0, 1_000_000)
        self.hours.setDecimals(0)
        self.hours.setGroupSeparatorShown(True)
        self.days = named(QDoubleSpinBox(), "Quick Win bis Personentage")
        self.days.setRange(0.5, 10_000)
        self.days.setDecimals(1)
        for box in (self.hours, self.days):
            box.setLocale(GERMAN)  # „1.000“ and „20,0“, whatever the PC's language
        form.addRow("Quick Win ab &Stunden/Jahr", self.hours)
        form.addRow("Quick Win bis Personen&tage", self.days)
        apply = self._button("Regeln ü&bernehmen", self.apply_rules)
        form.addRow(apply)
        self.matrix = _picture("Diagramm: Nutzen-Aufwand-Matrix, jeder Prozess mit seinem Rang",
                               "Nutzen und Aufwand jedes Prozesses stehen als Zahlen in der "
                               "Tabelle „Rangfolge“.")
        self.ranking = named(QTableWidget(), "Rangfolge mit Punkten und Begründung")
        self.ranking.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(form)
        column.addWidget(_scrolled(self.matrix, "Nutzen-Aufwand-Matrix"), 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.ranking)
        split.setSizes([560, 680])
        QVBoxLayout(page).addWidget(split)
        return page

    def _timeline_tab(self) -> QWidget:
        page = QWidget()
        form = QHBoxLayout()
        self.team = named(QSpinBox(), "Personen im Team")
        self.team.setRange(1, 50)
        self.start = named(QDateEdit(), "Beginn des Zeitplans")
        self.start.setDisplayFormat("dd.MM.yyyy")
        self.start.setCalendarPopup(True)
        for text, widget in (("Be&ginn:", self.start), ("Personen im Te&am:", self.team)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addWidget(label)
            form.addWidget(widget)
        form.addWidget(self._button("Ter&mine neu berechnen", self.apply_rules))
        form.addWidget(QLabel("Beginn und Ende sind änderbar (TT.MM.JJJJ); leer: wieder geplant."), 1)
        self.schedule = ScheduleTable()
        self.schedule.edited.connect(self.edit_date)
        self.gantt = _picture("Diagramm: Zeitplan als Gantt-Diagramm",
                              "Phasen mit Beginn und Ende stehen in der Tabelle „Zeitplan“ daneben.")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.schedule)
        split.addWidget(_scrolled(self.gantt, "Gantt-Diagramm"))
        split.setSizes([560, 680])  # the chart at its drawn width beside the dates
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        return page

    def _texts_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, (_, title) in VETTED.items():
            editor = named(QPlainTextEdit(), title, "Absätze, Überschriften mit ## und Listen mit -")
            label = QLabel(f"<b>{title}</b> (geprüfter Textbaustein, von der Pilotleitung änderbar)")
            layout.addWidget(label)
            layout.addWidget(editor, 1)
            self.texts[key] = editor
        buttons = QHBoxLayout()
        buttons.addWidget(self._button("Texte spei&chern", self.save_texts))
        buttons.addWidget(self._button("Geprüfte Textbausteine &wiederherstellen", self.reset_texts))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    # running work --------------------------------------------------------------------------
    def run(self, work: Any, done: Any = None, message: str = "") -> None:
        """``work(catalogue)`` on the worker, then the view recomputed and shown."""
        path, feedback = self.catalogue, self.feedback
        self.busy += 1
        if message:
            self.status.setText(message)

        def task(state: Any) -> tuple[Any, report.Overview | None]:
            result = None
            if work is not None:
                with Catalogue(path) as catalogue:
                    result = work(catalogue)
            return result, report.overview(path, feedback)

        def success(value: tuple[Any, report.Overview | None]) -> None:
            self.show_view(value[1])
            if done is not None:
                done(value[0])

        def failure(exc: BaseException) -> None:
            from .tasks import show_error

            self.status.setText(str(exc) if isinstance(exc, WerkstattError) else "Fehler.")
            show_error(self, exc)
            self.refresh()

        Task(self, task, on_success=success, on_failure=failure,
             on_done=self._done).run_on(self.runner)

    def _done(self) -> None:
        self.busy -= 1

    def refresh(self, feedback: Path | None = None) -> None:
        self.feedback = feedback or self.feedback
        self.run(None, message="Berechne …")

    def show_view(self, view: report.Overview | None) -> None:
        self.view = view
        self.save_button.setEnabled(view is not None)
        if view is None:
            self.table.fill([])
            self.status.setText("Der Katalog ist leer: Importieren Sie einen Prozesskatalog (eine leere "
                                "Vorlage gibt es unter „Leere Vorlage speichern …“) oder laden Sie den "
                                "Demo-Katalog.")
            return
        inputs, analysis = view.inputs, view.analysis
        self.feedback = inputs.pilot.source
        count = f" ({inputs.pilot.entries} Bewertungen)" if inputs.pilot.source else ""
        self.feedback_label.setText(f"Feedback-Datenbank: {inputs.pilot.source or 'keine gewählt'}{count}")
        self.table.fill(inputs.processes)
        for box, value in zip(self.weights, inputs.rules.weights, strict=True):
            box.setValue(value)
        self.hours.setValue(inputs.rules.quick_win_hours)
        self.days.setValue(inputs.rules.quick_win_days)
        self.team.setValue(inputs.rules.team)
        start = inputs.rules.start_date(inputs.today)
        self.start.setDate(QDate(start.year, start.month, start.day))
        self._pixmap(self.matrix, view.matrix, 540)
        self._pixmap(self.gantt, view.gantt, 620)
        # rank, process, benefit, effort, verdict with reasons, then the points
        fill_grid(self.ranking, view.ranking, (0, 1, 2, 3, 5, 4), (44, 230, 90, 74, 330, 230))
        self.schedule.fill(analysis.phases)
        for key, editor in self.texts.items():
            editor.setPlainText(inputs.texts.get(key) or vetted_text(key))
        demo = sum(1 for p in inputs.processes if p.demo)
        self.status.setText(
            f"{len(inputs.processes)} Prozesse, {len(analysis.quick_wins)} Quick Wins, "
            f"{sum(1 for a in analysis.assessments if a.flags)} mit Risikomerkmal."
            + (f" {demo} Prozesse aus dem Demo-Katalog: Zahlen angenommen." if demo else "")
            + (" Bewertungen enthalten Demodaten." if inputs.pilot.synthetic else ""))

    def _pixmap(self, label: QLabel, png: bytes, width: int) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        label.setPixmap(pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    # actions -------------------------------------------------------------------------------
    def edit_cell(self, pid: int, key: str, text: str) -> None:
        """A refused value: the German message, then the stored value again (``run``)."""
        self.run(lambda c: c.set_value(pid, key, text))

    def add_process(self) -> None:
        count = len(self.view.inputs.processes) if self.view else 0
        process = Process(f"Neuer Prozess {count + 1}", "Organisationseinheit", 0, 1.0)
        self.run(lambda c: c.add(process), lambda _: self.table.setCurrentCell(count, 0))

    def delete_processes(self) -> None:
        ids = self.table.selected_ids()
        if ids and QMessageBox.question(self, "Prozesse löschen", f"{len(ids)} Prozess(e) aus dem "
                                        "Katalog löschen?") == QMessageBox.StandardButton.Yes:
            self.run(lambda c: c.delete(ids))

    def apply_rules(self) -> None:
        values = dict(zip(("weight_benefit", "weight_effort", "weight_evidence"),
                          (str(b.value()) for b in self.weights), strict=True))
        values.update(quick_win_hours=str(self.hours.value()), quick_win_days=str(self.days.value()),
                      team=str(self.team.value()),
                      start=self.start.date().toString("yyyy-MM-dd"))
        self.run(lambda c: c.set_rules(rules.with_values(c.rules(), **values)),
                 message="Rangfolge und Zeitplan werden neu berechnet …")

    def edit_date(self, key: str, column: int, text: str, shown_start: str) -> None:
        overrides = self.view.inputs.overrides if self.view else {}
        start, end = overrides.get(key, ("", ""))

        def store(catalogue: Catalogue) -> None:
            value = rules.parse_date(text) if text else ""
            if column == 1:
                catalogue.set_schedule(key, value, end)
            else:  # a process's own end needs its start
                first = start or (rules.parse_date(shown_start) if not key.startswith("phase:") else "")
                catalogue.set_schedule(key, first if value else start, value)

        self.run(store)

    def save_texts(self) -> None:
        texts = {k: e.toPlainText() for k, e in self.texts.items()}
        self.run(lambda c: [c.set_text(k, t) for k, t in texts.items()], message="Texte gespeichert.")

    def reset_texts(self) -> None:
        self.run(lambda c: [c.set_text(k, None) for k in VETTED])

    def choose_feedback(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Zusammengeführte Feedback-Datenbank", "",
                                              "SQLite (*.sqlite *.db);;Alle Dateien (*)")
        if path:
            self.refresh(Path(path))

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Prozesskatalog importieren", "", FILTERS)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, replace: bool = False) -> None:
        self.run(lambda c: exporting.import_file(c, path, replace=replace),
                 lambda changes: self.status.setText(f"Importiert: {changes.describe()}."),
                 f"„{path.name}“ wird geprüft …")

    def load_demo(self, replace: bool = False) -> None:
        self.run(lambda c: exporting.load_demo(c, replace=replace),
                 message="Demo-Katalog wird geladen …")

    def choose_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Leere Vorlage speichern", "prozesskatalog.xlsx",
                                              FILTERS)
        if path:
            self.run(lambda c: exporting.write_template(Path(path)))

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Katalog exportieren", "prozesskatalog.xlsx", FILTERS)
        if path:
            self.run(lambda c: exporting.write_catalogue(c.processes(), Path(path)))

    def choose_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Konzept speichern", "effizienzkonzept.docx",
            "Word (*.docx);;OpenDocument (*.odt);;HTML (*.html)")
        if path:
            self.save(Path(path))

    def save(self, target: Path) -> None:
        catalogue, feedback = self.catalogue, self.feedback
        self.busy += 1

        def done(result: Any) -> None:
            self.status.setText(f"Konzept gespeichert: {result[0]}")
            QMessageBox.information(self, "Konzept", f"Gespeichert: {result[0]}")

        Task(self, lambda state: report.concept(catalogue, target, feedback=feedback,
                                                progress=state.progress),
             on_success=done, on_progress=lambda _f, text: self.status.setText(text),
             on_done=self._done).run_on(self.runner)
