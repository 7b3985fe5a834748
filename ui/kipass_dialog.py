"""The KI-Pass: course pages, a quiz with explanations, a checklist, then the pass recorded."""

from __future__ import annotations

import random
import textwrap

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from werkstatt.governance import Record
from werkstatt.kipass import Course, Question, Result, grade

from . import placement
from .accessibility import named as _named
from .rules_dialog import browser


class KiPassDialog(QDialog):
    """Pages → quiz → result (wrong answers explained, retry) → checklist → recorded."""

    def __init__(self, course: Course, record: Record, parent: QWidget | None = None,
                 rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.course, self.record = course, record
        self.rng = rng or random.Random()
        self.quiz: list[Question] = []
        self.groups: list[QButtonGroup] = []
        self.result: Result | None = None
        self.setWindowTitle("KI-Pass")
        placement.fit(self, QSize(820, 660), parent)
        self.stack = QStackedWidget(self)
        self.page_index = 0
        self.page_view = browser("", self, "KI-Pass Seite")
        self.stack.addWidget(self.page_view)
        self.quiz_area = QScrollArea(self)
        self.quiz_area.setWidgetResizable(True)
        self.stack.addWidget(self.quiz_area)
        self.result_view = browser("", self, "Ergebnis des Tests")
        self.stack.addWidget(self.result_view)
        checklist = QWidget(self)
        check_layout = QVBoxLayout(checklist)
        check_layout.addWidget(QLabel("<b>Zum Abschluss bestätigen Sie bitte:</b>", checklist))
        self.checks = []
        for item in course.checklist:
            box = _named(QCheckBox(item, checklist), item)
            box.toggled.connect(lambda _on: self._update_buttons())
            self.checks.append(box)
            check_layout.addWidget(box)
        check_layout.addStretch(1)
        self.stack.addWidget(checklist)
        self.progress = QLabel("", self)
        self.back = _named(QPushButton("&Zurück", self), "Zurück")
        self.next = _named(QPushButton("&Weiter", self), "Weiter")
        self.back.clicked.connect(lambda: self.go(-1))
        self.next.clicked.connect(lambda: self.go(1))
        cancel = _named(QPushButton("Schl&ießen", self), "Schließen")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(cancel)
        row.addWidget(self.back)
        row.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(row)
        self.show_page(0)

    # steps ---------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.page_index = index
        page = self.course.pages[index]
        self.page_view.setMarkdown(f"# {page.title}\n\n{page.text}")
        self.stack.setCurrentWidget(self.page_view)
        self.progress.setText(f"Seite {index + 1} von {len(self.course.pages)}")
        self._update_buttons()

    def start_quiz(self) -> None:
        self.quiz = self.course.shuffled_quiz(self.rng)
        self.groups = []
        content = QWidget()
        layout = QVBoxLayout(content)
        for n, question in enumerate(self.quiz, 1):
            box = QGroupBox(f"{n}. {question.question}", content)
            box.setToolTip(question.question)
            inner = QVBoxLayout(box)
            group = QButtonGroup(box)
            for i, option in enumerate(question.options):
                radio = _named(QRadioButton(textwrap.fill(option, 90), box),
                               f"Frage {n}, Antwort {i + 1}: {option}")
                group.addButton(radio, i)
                inner.addWidget(radio)
            group.buttonToggled.connect(lambda *_: self._update_buttons())
            self.groups.append(group)
            layout.addWidget(box)
        self.quiz_area.setWidget(content)
        self.stack.setCurrentWidget(self.quiz_area)
        self.progress.setText(f"Test: {len(self.quiz)} Fragen, bestanden ab "
                              f"{round(self.course.pass_mark * 100)} %")
        self._update_buttons()

    def answers(self) -> list[int | None]:
        return [g.checkedId() if g.checkedId() >= 0 else None for g in self.groups]

    def answer(self, question_index: int, option_index: int) -> None:
        self.groups[question_index].button(option_index).setChecked(True)

    def submit_quiz(self) -> Result:
        self.result = grade(self.course, self.quiz, self.answers())
        lines = [f"## {'Bestanden' if self.result.passed else 'Noch nicht bestanden'}: "
                 f"{round(self.result.score * 100)} % richtig\n"]
        for q in self.result.wrong:
            lines.append(f"**{q.question}**\n\nRichtig ist: {q.answer}\n\n{q.explanation}\n")
        if not self.result.passed:
            lines.append("Lesen Sie die Seiten noch einmal und versuchen Sie es erneut – die "
                         "Fragen kommen dann in anderer Reihenfolge.")
        self.result_view.setMarkdown("\n".join(lines))
        self.stack.setCurrentWidget(self.result_view)
        self._update_buttons()
        return self.result

    def go(self, step: int) -> None:
        current = self.stack.currentWidget()
        if current is self.page_view:
            target = self.page_index + step
            if target >= len(self.course.pages):
                self.start_quiz()
            elif target >= 0:
                self.show_page(target)
        elif current is self.quiz_area:
            if step < 0:
                self.show_page(len(self.course.pages) - 1)
            else:
                self.submit_quiz()
        elif current is self.result_view:
            if self.result is not None and self.result.passed and step > 0:
                self.stack.setCurrentIndex(3)
                self.progress.setText("Checkliste")
            else:
                self.start_quiz()  # retry: shuffled anew
        elif step > 0 and all(box.isChecked() for box in self.checks):
            assert self.result is not None
            self.record.record_kipass(self.course.version, self.result.score)
            self.accept()
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self.stack.currentWidget()
        self.back.setEnabled(current is self.page_view and self.page_index > 0
                             or current is self.quiz_area)
        if current is self.quiz_area:
            self.next.setText("&Auswerten")
            self.next.setEnabled(all(a is not None for a in self.answers()))
        elif current is self.result_view:
            passed = self.result is not None and self.result.passed
            self.next.setText("&Weiter" if passed else "&Erneut versuchen")
            self.next.setEnabled(True)
        elif current is self.page_view:
            self.next.setText("&Weiter" if self.page_index < len(self.course.pages) - 1
                              else "Zum &Test")
            self.next.setEnabled(True)
        else:
            self.next.setText("KI-Pass &abschließen")
            self.next.setEnabled(all(box.isChecked() for box in self.checks))


if __name__ == "__main__":  # preview: python -m ui.kipass_dialog
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from werkstatt.kipass import load_course

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    KiPassDialog(load_course(), Record(folder / "record.json")).exec()
