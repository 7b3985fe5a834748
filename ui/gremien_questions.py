"""The Gremien window's questions: a question to the documents, answered by the model from the
retrieved passages, each statement with its source as a link (a link opens the passage in the
paper). The answer is written on the model's runner and streams in; "Abbrechen" stops it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from werkstatt.errors import WerkstattError
from werkstatt.gremien import ask
from werkstatt.gremien.library import Library

from .accessibility import named
from .gremien_desk import Desk
from .tasks import Task, TaskState, show_error

# (work, runner, done, **callbacks) -> the task, run with "Abbrechen" enabled until it ends
Start = Callable[..., Task]


class QuestionPanel(QWidget):
    """The question row and the answer; ``answer.anchorClicked`` is for the window to follow."""

    def __init__(self, desk: Desk, library: Library, start: Start, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.library = library
        self.start = start
        self.answer_task: Task | None = None
        self.last_answer: ask.Answer | None = None  # the latest answer shown (tests read it)
        self.question = named(QLineEdit(self), "Frage an die Dokumente",
                              "Eine Frage; die Antwort nennt zu jeder Aussage ihre Quelle.")
        self.question.setPlaceholderText("z. B. Wie viele Krippenplätze sollen entstehen?")
        self.question.returnPressed.connect(self.ask)
        self.ask_button = named(QPushButton("&Fragen", self), "Frage stellen")
        self.ask_button.clicked.connect(lambda _checked=False: self.ask())
        self.answer = named(QTextBrowser(self), "Antwort", "Die Antwort mit ihren Quellen; eine "
                            "Quelle öffnet die Stelle in der Vorlage.")
        self.answer.setOpenLinks(False)
        asking = QHBoxLayout()
        label = QLabel("Fra&ge an die Dokumente:", self)
        label.setBuddy(self.question)
        asking.addWidget(label)
        asking.addWidget(self.question, 3)
        asking.addWidget(self.ask_button)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(asking)
        rows.addWidget(self.answer, 1)

    def ask(self) -> Task | None:
        question = self.question.text().strip()
        if not question or self.answer_task is not None:
            return None
        desk = self.desk
        title = self.window().windowTitle()
        try:
            passages = ask.retrieve(self.library, question)
            request = ask.request(desk.policy, desk.record, question, passages) if passages else None
        except WerkstattError as exc:
            QMessageBox.warning(self, title, str(exc))
            return None
        if request is None:
            self.show_answer(ask.not_found(question))
            return None
        engine = desk.session.engine
        if engine is None:
            QMessageBox.warning(self, title, desk.session.error or "Das Modell ist nicht verfügbar.")
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

        self.answer_task = self.start(
            work, desk.model_runner, done, on_partial=self.answer.insertPlainText,
            on_success=self.show_answer, on_cancelled=lambda: self.answer.append("(abgebrochen)"),
            on_failure=lambda exc: show_error(self.window(), exc))
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


if __name__ == "__main__":  # preview: python -m ui.gremien_questions (no model: says so)
    from PySide6.QtWidgets import QApplication

    from .gremien_desk import PreviewDesk, preview_library

    app = QApplication([])

    def start(work: Any, runner: Any, done: Any, **callbacks: Any) -> Task:
        return Task(panel, work, on_done=done, **callbacks).run_on(runner)

    panel = QuestionPanel(PreviewDesk(), preview_library(), start)
    panel.answer.anchorClicked.connect(lambda url: print(url.toString()))
    panel.question.setText("Wie hoch sind die Kosten?")
    panel.resize(800, 400)
    panel.show()
    app.exec()
