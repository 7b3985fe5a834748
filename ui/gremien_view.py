"""„Gremien“: the council library — search, a paper with its files and consultations,
council templates, and questions answered with their sources.

The window places its parts and runs what takes long: ``gremien_search`` (the search row,
filters and papers found), ``gremien_paper`` (the paper and its templates),
``gremien_questions`` (a question and its answer); each previews alone (``python -m
ui.gremien_search``). Searching runs on the UI thread (a query takes milliseconds, see ``make
bench-gremien``); importing and syncing run on the window's own runner with their own
connection (a slow server never holds up opening a document in the main window, which reads on
the io runner; closing the app cancels them and they end within a second), answering on the
model runner. A paper or meeting handed to a template opens in the main window (``Desk``: the
window never imports it), where the draft is written, edited, exported and rated like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from werkstatt.errors import WerkstattError
from werkstatt.gremien import ask, inputs
from werkstatt.gremien.library import Library

from . import gremien_notes, placement
from .accessibility import named, opened
from .announce import Announcer, WorkNews
from .gremien_desk import Desk
from .gremien_paper import PaperView
from .gremien_questions import QuestionPanel
from .gremien_search import SearchPanel, papers_text
from .tasks import Task, TaskRunner, TaskState, show_error


class GremienWindow(QDialog):
    """Non-modal window over the main window; one per main window."""

    def __init__(self, main: Desk, library_path: Path | None = None) -> None:
        super().__init__(main)  # the desk is a widget: the main window
        self.main = main
        self.library_path = library_path
        self.library = Library(library_path)
        self.runner = TaskRunner("gremien")  # import and sync: never in the io runner's way
        self.running: list[Task] = []  # import, sync, answer: what "Abbrechen" stops
        self.last_message = ""  # the latest import or sync report's first line
        self.last_import = self.library.last_import()  # its notes: the "Hinweise" button
        self.setWindowTitle("Gremien – Ratsdokumente")

        self.finder = SearchPanel(self.library, self)
        self.paper = PaperView(self.library, self)
        self.questions = QuestionPanel(main, self.library, self._start, self)
        self.state = QLabel(self)
        self.state.setWordWrap(True)  # a long library path wraps, never widens the window
        self.announcer = Announcer(self)  # an import's or sync's course, for screen readers
        self.finder.chosen.connect(self.paper.show_paper)
        self.finder.reported.connect(self.state.setText)
        self.paper.use.connect(self.use_paper_for)
        self.questions.answer.anchorClicked.connect(self.paper.follow)
        self.import_button = self._button("&Importieren …", "Ordner oder Dateien importieren",
                                          self.choose_import)
        self.sync_button = self._button("Mit &Server abgleichen …", "Mit OParl-Server abgleichen",
                                        self.choose_sync)
        allowed = self.main.policy.council_sync_hosts
        self.sync_button.setEnabled(bool(allowed))
        self.sync_button.setToolTip(
            f"Lädt die öffentlichen Vorlagen von {', '.join(allowed)} (OParl)." if allowed else
            "Von der IT nicht freigegeben (Richtlinie council_sync_hosts).")
        self.notes_button = self._button("&Hinweise …", "Hinweise des letzten Imports anzeigen",
                                         self.show_notes)
        self.cancel_button = self._button("Abb&rechen", "Laufende Arbeit abbrechen", self.cancel_work)
        self.cancel_button.setEnabled(False)
        # the parts' controls under the names the window has always had (tests, screenshots)
        finder, paper, questions = self.finder, self.paper, self.questions
        self.query, self.paper_type, self.status = finder.query, finder.paper_type, finder.status
        self.date_from, self.date_to = finder.date_from, finder.date_to
        self.search_button, self.results = finder.search_button, finder.results
        self.detail, self.meeting, self.meeting_button = paper.detail, paper.meeting, paper.meeting_button
        self.summary_button, self.decision_button = paper.summary_button, paper.decision_button
        self.changes_button = paper.changes_button
        self.question, self.ask_button = questions.question, questions.ask_button
        self.answer = questions.answer
        self._layout()
        self.refresh_choices()
        self.search()
        # placed once its parts are laid out: what does not fit the screen (200 %) scrolls
        placement.restore(self, "gremien", main.settings, QSize(1200, 800), main)

    def search(self) -> None:
        self.finder.search()

    def show_paper(self, pid: str, passage_id: int = 0) -> None:
        self.paper.show_paper(pid, passage_id)

    def follow(self, url: QUrl) -> None:
        """A link in the paper (a relative) or in the answer (a source passage)."""
        self.paper.follow(url)

    def ask(self) -> Task | None:
        return self.questions.ask()

    @property
    def paper_id(self) -> str:
        return self.paper.paper_id

    @property
    def answer_task(self) -> Task | None:
        return self.questions.answer_task

    @property
    def last_answer(self) -> ask.Answer | None:
        return self.questions.last_answer

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = named(QPushButton(text, self), name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _layout(self) -> None:
        self.finder.top.addWidget(self.import_button)
        self.finder.top.addWidget(self.sync_button)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.paper, 3)
        right_box.addWidget(self.questions, 2)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.finder.results)
        split.addWidget(right)
        split.setSizes([480, 720])
        box = QVBoxLayout(self)
        box.addWidget(self.finder)
        box.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.notes_button)
        bottom.addWidget(self.cancel_button)
        box.addLayout(bottom)
        order = [self.query, self.paper_type, self.status, self.date_from, self.date_to,
                 self.search_button, self.import_button, self.sync_button, self.results, self.detail,
                 self.summary_button, self.decision_button, self.changes_button, self.meeting,
                 self.meeting_button, self.question, self.ask_button, self.answer, self.notes_button,
                 self.cancel_button]
        for first, second in zip(order, order[1:]):  # the keyboard's way, as before the parts
            QWidget.setTabOrder(first, second)

    def refresh_choices(self) -> None:
        self.finder.refresh_choices()
        self.paper.refresh_meetings()
        self.state.setText(f"Die Bibliothek enthält {papers_text(self.library.count())} "
                           f"({self.library.path}).")
        self.show_notes_button()

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
        news = WorkNews(self.announcer, what)

        def done() -> None:
            self.import_button.setEnabled(True)
            self.sync_button.setEnabled(bool(self.main.policy.council_sync_hosts))

        def succeeded(message: str) -> None:
            self.last_import = self.library.last_import()
            self.refresh_choices()
            self.search()
            self.state.setText(f"{what}: {message}")
            self.last_message = message
            news.finished(message)

        def cancelled() -> None:  # what was taken before the cancel stays, and is shown
            self.refresh_choices()
            self.search()
            self.state.setText(f"{what} abgebrochen; bis dahin Übernommenes bleibt.")
            news.cancelled()

        def failed(exc: BaseException) -> None:
            news.failed(str(exc))
            show_error(self, exc)

        def progress(fraction: float, message: str) -> None:
            self.state.setText(f"{what}: {message}")
            news.progress(fraction)

        return self._start(work, self.runner, done, on_success=succeeded, on_cancelled=cancelled,
                           on_failure=failed, on_progress=progress)

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

    # a template on a paper or meeting ------------------------------------------------
    def use_paper_for(self, template_id: str, target: str) -> None:
        """A council template on a paper or meeting: the template and the document in the
        main window, ready for "Erzeugen" (the draft is then like any other: edited,
        exported, rated)."""
        if not self.main.policy.template_enabled(template_id):
            QMessageBox.warning(self, self.windowTitle(), f"Die Vorlage „{template_id}“ ist von der "
                                "IT nicht freigegeben.")
            return
        try:
            document, names = inputs.document_for(self.library, template_id, target)
        except WerkstattError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.main.take_document(template_id, document, tuple(n for n in names if n))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.cancel_work()
        placement.remember(self, "gremien", self.main.settings)
        super().closeEvent(event)


if __name__ == "__main__":  # preview: python -m ui.gremien_view (synthetic papers, no model)
    from PySide6.QtWidgets import QApplication

    from .gremien_desk import PreviewDesk, preview_library

    app = QApplication([])
    window = GremienWindow(PreviewDesk(), preview_library().path)
    window.show()
    app.exec()
