"""„Gremien“: the council library — search, a paper with its files and consultations,
council templates, and questions answered with their sources.

Searching runs on the UI thread (a query takes milliseconds, see ``make bench-gremien``);
importing and syncing run on the window's own runner with their own connection (a slow
server never holds up opening a document in the main window, which reads on the io runner;
closing the app cancels them and they end within a second), answering on the model runner.
A paper or meeting handed to a template opens in the main window, where the draft is
written, edited, exported and rated like any other.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from werkstatt.errors import WerkstattError
from werkstatt.gremien import ask, inputs
from werkstatt.gremien.display import count, german_date, joined
from werkstatt.gremien.library import Hit, Library

from . import gremien_notes, placement
from .accessibility import named, opened
from .gremien_paper import paper_html
from .tasks import Task, TaskRunner, TaskState, show_error

if TYPE_CHECKING:
    from .main_window import MainWindow

ALL = "Alle"


def _papers(number: int) -> str:
    return count(number, "Vorlage", "n")


def _iso(text: str) -> str:
    """'04.12.2025' or '2025-12-04' → '2025-12-04'; '' for empty; ValueError otherwise."""
    text = text.strip()
    if not text:
        return ""
    if "." in text:
        day, month, year = text.split(".")
        return dt.date(int(year), int(month), int(day)).isoformat()
    return dt.date.fromisoformat(text).isoformat()


class GremienWindow(QDialog):
    """Non-modal window over the main window; one per main window."""

    def __init__(self, main: MainWindow, library_path: Path | None = None) -> None:
        super().__init__(main)
        self.main = main
        self.library_path = library_path
        self.library = Library(library_path)
        self.runner = TaskRunner("gremien")  # import and sync: never in the io runner's way
        self.hits: list[Hit] = []
        self.paper_id = ""
        self.answer_task: Task | None = None
        self.running: list[Task] = []  # import, sync, answer: what "Abbrechen" stops
        self.last_answer: ask.Answer | None = None  # the latest answer shown (tests read it)
        self.last_message = ""  # the latest import or sync report's first line
        self.last_import = self.library.last_import()  # its notes: the "Hinweise" button
        self.setWindowTitle("Gremien – Ratsdokumente")
        placement.restore(self, "gremien", main.settings, QSize(1200, 800), main)

        self.query = named(QLineEdit(self), "Suche", "Wörter oder Aktenzeichen, z. B. "
                           "„Krippenplätze“ oder „VO/2025/14550“.")
        self.query.setPlaceholderText("Wörter oder Aktenzeichen …")
        self.query.returnPressed.connect(self.search)
        self.paper_type = named(QComboBox(self), "Vorlagenart")
        self.status = named(QComboBox(self), "Beratungsstand")
        self.date_from = named(QLineEdit(self), "Datum ab", "TT.MM.JJJJ")
        self.date_to = named(QLineEdit(self), "Datum bis", "TT.MM.JJJJ")
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText("TT.MM.JJJJ")
            edit.setMaximumWidth(110)
            edit.returnPressed.connect(self.search)
        self.search_button = self._button("&Suchen", "Suchen", self.search)
        self.import_button = self._button("&Importieren …", "Ordner oder Dateien importieren",
                                          self.choose_import)
        self.sync_button = self._button("Mit &Server abgleichen …", "Mit OParl-Server abgleichen",
                                        self.choose_sync)
        allowed = self.main.policy.council_sync_hosts
        self.sync_button.setEnabled(bool(allowed))
        self.sync_button.setToolTip(
            f"Lädt die öffentlichen Vorlagen von {', '.join(allowed)} (OParl)." if allowed else
            "Von der IT nicht freigegeben (Richtlinie council_sync_hosts).")

        self.results = named(QTableWidget(0, 3, self), "Suchergebnisse",
                             "Gefundene Vorlagen; Eingabetaste oder Doppelklick öffnet eine.")
        self.results.setHorizontalHeaderLabels(["Aktenzeichen", "Datum", "Betreff"])
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.currentCellChanged.connect(lambda row, *_: self.show_hit(row))
        self.detail = named(QTextBrowser(self), "Vorlage", "Die gewählte Vorlage mit Dateien, "
                            "Beratungsfolge und verwandten Vorlagen.")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self.follow)

        self.summary_button = self._button("&Zusammenfassen", "Vorlage zusammenfassen",
                                           lambda: self.use_paper("vorlage-zusammenfassen"))
        self.decision_button = self._button("&Beschlussvorschlag", "Beschlussvorschlag herausarbeiten",
                                            lambda: self.use_paper("beschlussvorschlag"))
        self.changes_button = self._button("Änderungen zur &Vorversion", "Änderungen zur Vorversion",
                                           lambda: self.use_paper("aenderungen-vorversion"))
        self.meeting = named(QComboBox(self), "Sitzung", "Die Sitzung, die vorbereitet werden soll.")
        self.meeting.setMinimumContentsLength(28)
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meeting_button = self._button("Sitzung vor&bereiten", "Sitzung vorbereiten",
                                           self.prepare_meeting)

        self.question = named(QLineEdit(self), "Frage an die Dokumente",
                              "Eine Frage; die Antwort nennt zu jeder Aussage ihre Quelle.")
        self.question.setPlaceholderText("z. B. Wie viele Krippenplätze sollen entstehen?")
        self.question.returnPressed.connect(self.ask)
        self.ask_button = self._button("&Fragen", "Frage stellen", self.ask)
        self.answer = named(QTextBrowser(self), "Antwort", "Die Antwort mit ihren Quellen; eine "
                            "Quelle öffnet die Stelle in der Vorlage.")
        self.answer.setOpenLinks(False)
        self.answer.anchorClicked.connect(self.follow)
        self.state = QLabel(self)
        self.notes_button = self._button("&Hinweise …", "Hinweise des letzten Imports anzeigen",
                                         self.show_notes)
        self.cancel_button = self._button("Abb&rechen", "Laufende Arbeit abbrechen", self.cancel_work)
        self.cancel_button.setEnabled(False)
        self._layout()
        self.refresh_choices()
        self.search()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = named(QPushButton(text, self), name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _labelled(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self._labelled("Su&che:", self.query))
        top.addWidget(self.query, 3)
        top.addWidget(self.search_button)
        top.addWidget(self.import_button)
        top.addWidget(self.sync_button)
        filters = QHBoxLayout()
        for text, widget in (("Vorlagen&art:", self.paper_type), ("Beratungs&stand:", self.status),
                             ("Datum a&b:", self.date_from), ("&bis:", self.date_to)):
            filters.addWidget(self._labelled(text, widget))
            filters.addWidget(widget)
        filters.addStretch(1)
        paper_actions = QHBoxLayout()
        for button in (self.summary_button, self.decision_button, self.changes_button):
            paper_actions.addWidget(button)
        paper_actions.addStretch(1)
        paper_actions.addWidget(self._labelled("Si&tzung:", self.meeting))
        paper_actions.addWidget(self.meeting, 2)
        paper_actions.addWidget(self.meeting_button)
        asking = QHBoxLayout()
        asking.addWidget(self._labelled("Fra&ge an die Dokumente:", self.question))
        asking.addWidget(self.question, 3)
        asking.addWidget(self.ask_button)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.detail, 3)
        right_box.addLayout(paper_actions)
        right_box.addLayout(asking)
        right_box.addWidget(self.answer, 2)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.results)
        split.addWidget(right)
        split.setSizes([480, 720])
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addLayout(filters)
        box.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.notes_button)
        bottom.addWidget(self.cancel_button)
        box.addLayout(bottom)

    # searching -----------------------------------------------------------------------
    def refresh_choices(self) -> None:
        choices = self.library.choices()
        for combo, values, extra in ((self.paper_type, choices["paper_type"], []),
                                     (self.status, choices["status"], ["offen"])):
            current = combo.currentText()
            combo.clear()
            combo.addItems([ALL, *extra, *values])
            combo.setCurrentText(current if current else ALL)
        self.meeting.clear()
        for meeting in self.library.meetings():
            self.meeting.addItem(joined(german_date(meeting["start"]), meeting["name"] or "Sitzung",
                                        f"({meeting['items']} TOP)"), meeting["id"])
        self.meeting_button.setEnabled(self.meeting.count() > 0)
        self.state.setText(f"Die Bibliothek enthält {_papers(self.library.count())} "
                           f"({self.library.path}).")
        self.show_notes_button()

    def search(self) -> None:
        try:
            date_from, date_to = _iso(self.date_from.text()), _iso(self.date_to.text())
        except ValueError:
            QMessageBox.warning(self, self.windowTitle(), "Bitte das Datum als TT.MM.JJJJ angeben.")
            return
        combo = {c: "" if c.currentText() == ALL else c.currentText()
                 for c in (self.paper_type, self.status)}
        self.hits = self.library.search(self.query.text(), paper_type=combo[self.paper_type],
                                        status=combo[self.status], date_from=date_from,
                                        date_to=date_to, limit=200)
        self.results.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            for column, value in enumerate((hit.reference, german_date(hit.date), hit.name)):
                item = QTableWidgetItem(value)
                item.setToolTip(hit.snippet or hit.name)
                self.results.setItem(row, column, item)
        self.state.setText((f"{_papers(len(self.hits))} gefunden." if self.hits else
                            "Keine Vorlage gefunden.") if self.query.text().strip()
                           else f"Die Bibliothek enthält {_papers(self.library.count())}.")
        if self.hits:
            self.results.setCurrentCell(0, 0)
            self.show_hit(0)  # also when row 0 was current before (no change signal then)
        else:
            self.show_paper("")

    def show_hit(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.show_paper(self.hits[row].paper_id)

    def show_paper(self, pid: str, passage_id: int = 0) -> None:
        self.paper_id = pid
        paper = self.library.paper(pid) if pid else None
        for button in (self.summary_button, self.decision_button):
            button.setEnabled(paper is not None)
        self.changes_button.setEnabled(paper is not None and self.library.predecessor(pid) is not None)
        if paper is None:
            self.detail.setHtml("<p>Keine Vorlage gewählt.</p>")
            return
        self.detail.setHtml(paper_html(paper, passage_id))
        if passage_id:
            self.detail.scrollToAnchor(f"p{passage_id}")

    def follow(self, url: QUrl) -> None:
        """A link in the paper (a relative) or in the answer (a source passage)."""
        target = url.toString()
        if target.startswith("paper:"):
            self.show_paper(target[len("paper:"):])
        elif target.startswith("passage:"):
            passage = self.library.passage(int(target[len("passage:"):]))
            if passage is not None:
                self.show_paper(passage.paper_id, passage.id)

    # importing and syncing -----------------------------------------------------------
    def choose_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "OParl-Ordner oder Ordner mit gespeicherten "
                                                  "Vorlagen wählen")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, sources: list[Path]) -> Task:
        path = self.library.path
        max_mb = self.main.policy.council_max_file_mb

        def work(state: TaskState) -> str:
            with Library(path) as library:
                return library.import_paths(sources, state.progress, state.cancel, max_mb).describe()

        return self._background(work, "Import")

    def choose_sync(self) -> None:
        hosts = self.main.policy.council_sync_hosts
        url, ok = QInputDialog.getText(self, "Mit Server abgleichen", "Adresse des OParl-Servers:",
                                       text=f"https://{hosts[0]}/" if hosts else "")
        if ok and url.strip():
            self.sync(url.strip())

    def sync(self, url: str, confirm: bool = True) -> Task | None:
        from werkstatt.gremien import sync as syncing  # the only network code, loaded on use

        policy = self.main.policy
        try:
            plan = syncing.describe_plan(url, policy)
        except WerkstattError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return None
        if confirm and QMessageBox.question(self, self.windowTitle(), plan + "\n\nAbgleichen?") \
                != QMessageBox.StandardButton.Yes:
            return None
        path = self.library.path

        def work(state: TaskState) -> str:
            report = syncing.sync(url, policy, progress=state.progress, cancel=state.cancel)
            assert report.folder is not None
            with Library(path) as library:  # the sync's notes are kept with the import's
                return library.import_paths([report.folder], state.progress, state.cancel,
                                            policy.council_max_file_mb, report.skipped).describe()

        return self._background(work, "Abgleich")

    def _background(self, work: Any, what: str) -> Task:
        for button in (self.import_button, self.sync_button):
            button.setEnabled(False)

        def done() -> None:
            self.import_button.setEnabled(True)
            self.sync_button.setEnabled(bool(self.main.policy.council_sync_hosts))

        def succeeded(message: str) -> None:
            self.last_import = self.library.last_import()
            self.refresh_choices()
            self.search()
            self.state.setText(f"{what}: {message}")
            self.last_message = message

        def cancelled() -> None:  # what was taken before the cancel stays, and is shown
            self.refresh_choices()
            self.search()
            self.state.setText(f"{what} abgebrochen; bis dahin Übernommenes bleibt.")

        return self._start(work, self.runner, done, on_success=succeeded,
                           on_cancelled=cancelled,
                           on_progress=lambda _fraction, message: self.state.setText(
                               f"{what}: {message}"))

    def _start(self, work: Any, runner: Any, done: Any, **callbacks: Any) -> Task:
        """Run ``work`` as a task with "Abbrechen" enabled until it ends."""
        def ended() -> None:
            self.running.remove(task)
            self.cancel_button.setEnabled(bool(self.running))
            done()

        task = Task(self, work, on_done=ended, **callbacks)
        self.running.append(task)
        self.cancel_button.setEnabled(True)
        return task.run_on(runner)

    def show_notes_button(self) -> None:
        text = gremien_notes.button_text(self.last_import)
        self.notes_button.setText(text)
        self.notes_button.setVisible(bool(text))

    def show_notes(self) -> gremien_notes.NotesDialog | None:
        """Every note of the latest import or sync, in a dialog."""
        if self.last_import is None or not self.last_import.notes:
            return None
        return opened(gremien_notes.NotesDialog(self.last_import, self))

    def cancel_work(self) -> None:
        for task in list(self.running):
            task.cancel()

    def shutdown(self) -> None:
        """Cancel import, sync and answer and wait for the window's runner (the app closes)."""
        self.cancel_work()
        self.runner.shutdown()

    # templates and questions ---------------------------------------------------------
    def use_paper(self, template_id: str) -> None:
        self.use_paper_for(template_id, self.paper_id)

    def prepare_meeting(self) -> None:
        meeting_id = self.meeting.currentData()
        if meeting_id:
            self.use_paper_for("sitzungsvorbereitung", str(meeting_id))

    def use_paper_for(self, template_id: str, target: str) -> None:
        """A council template on a paper or meeting: the template and the document in the
        main window, ready for "Erzeugen" (the draft is then like any other: edited,
        exported, rated)."""
        main = self.main
        if not main.policy.template_enabled(template_id):
            QMessageBox.warning(self, self.windowTitle(), f"Die Vorlage „{template_id}“ ist von der "
                                "IT nicht freigegeben.")
            return
        try:
            document, names = inputs.document_for(self.library, template_id, target)
        except WerkstattError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        main.select_template(template_id)
        main.input.set_document(document, tuple(n for n in names if n))
        main.raise_()
        main.activateWindow()
        main.statusBar().showMessage("Dokument aus der Gremien-Bibliothek übernommen; „Erzeugen“ "
                                     "(Strg+Eingabe) schreibt den Entwurf.", 10000)

    def ask(self) -> Task | None:
        question = self.question.text().strip()
        if not question or self.answer_task is not None:
            return None
        main = self.main
        try:
            passages = ask.retrieve(self.library, question)
            request = ask.request(main.policy, main.record, question, passages) if passages else None
        except WerkstattError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return None
        if request is None:
            self.show_answer(ask.not_found(question))
            return None
        engine = main.session.engine
        if engine is None:
            QMessageBox.warning(self, self.windowTitle(), main.session.error or
                                "Das Modell ist nicht verfügbar.")
            return None
        self.answer.setPlainText("")
        self.ask_button.setEnabled(False)

        def work(state: TaskState) -> ask.Answer | None:
            engine.load(state.progress)
            for item in ask.stream(engine, request, passages, state.cancel):
                if isinstance(item, ask.Answer):
                    return item
                state.partial(item)
            return None

        def done() -> None:
            self.answer_task = None
            self.ask_button.setEnabled(True)

        self.answer_task = self._start(
            work, main.model_runner, done, on_partial=self.answer.insertPlainText,
            on_success=self.show_answer, on_cancelled=lambda: self.answer.append("(abgebrochen)"),
            on_failure=lambda exc: show_error(self, exc))
        return self.answer_task

    def show_answer(self, answer: ask.Answer | None) -> None:
        if answer is None:
            return
        self.last_answer = answer
        text = html.escape(answer.text).replace("\n", "<br>")
        for passage in answer.passages:
            text = text.replace(html.escape(passage.citation),
                                f"<a href='passage:{passage.id}'>{html.escape(passage.citation)}</a>")
        self.answer.setHtml(f"<p>{text}</p>" + (
            "<p><i>Bitte prüfen Sie die Antwort an den Quellen (anklicken).</i></p>"
            if answer.found else ""))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.cancel_work()
        placement.remember(self, "gremien", self.main.settings)
        super().closeEvent(event)
