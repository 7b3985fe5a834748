"""The feedback form after each result: non-modal, skippable, keyboard-fast.

Keys while the form has focus: 1–5 set the quality, Enter saves, Esc skips. The last
unrated results of this session stay selectable, so a result can be rated later.
Storage goes through a task on the feedback worker; the form never blocks the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from werkstatt.drafting import Draft
from werkstatt.feedback.entry import feedback_path, make_entry, participant_id
from werkstatt.feedback.store import (
    EFFORTS,
    NOT_GIVEN,
    PROBLEMS,
    QUALITY_LABELS,
    WOULD_USE,
    FeedbackStore,
    Rating,
)
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from .accessibility import named as _named
from .draft_pane import describe
from .tasks import Task, TaskRunner

MAX_PENDING = 5
NO_MINUTES = -241  # one below the lowest estimate: shown as „keine Angabe“


@dataclass
class PendingResult:
    draft: Draft
    document: str

    def label(self) -> str:
        """What tells two results apart (as in the Verlauf)."""
        return describe(self.draft, self.draft.text)




class FeedbackPanel(QGroupBox):
    """Rate a result; ``saved`` callback receives the entry's UUID. ``shown`` tells when the
    form appears or goes; ``return_focus`` takes the keyboard back to the work when the form
    goes while it had it."""

    shown = Signal(bool)

    def __init__(self, settings: Settings, policy: Policy, runner: TaskRunner,
                 parent: QWidget | None = None,
                 on_saved: Callable[[str], None] | None = None,
                 return_focus: Callable[[], None] | None = None) -> None:
        super().__init__("Wie gut war das Ergebnis? (freiwillig)", parent)
        self.settings, self.policy = settings, policy
        self.runner = runner
        self.on_saved = on_saved
        self.return_focus = return_focus
        self.pending: list[PendingResult] = []
        self.had_kipass: bool | None = None
        self._saving: PendingResult | None = None  # guards against a double Enter

        self.result_choice = _named(QComboBox(self), "Bewertetes Ergebnis")
        self.quality_group = QButtonGroup(self)
        quality_row = QGridLayout()  # three a row: the labels stay whole in a narrow pane
        for value, label in QUALITY_LABELS.items():
            button = _named(QRadioButton(f"&{value} {label}", self), f"Qualität {value}: {label}")
            self.quality_group.addButton(button, value)
            quality_row.addWidget(button, (value - 1) // 3, (value - 1) % 3)
        self.effort = _named(QComboBox(self), "Korrekturaufwand")
        self.effort.addItems([NOT_GIVEN, *EFFORTS])
        self.minutes = _named(QSpinBox(self), "Geschätzte Minuten gespart")
        self.minutes.setRange(NO_MINUTES, 480)
        self.minutes.setSpecialValueText(NOT_GIVEN)  # the lowest value: nothing said
        self.minutes.setValue(NO_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setToolTip("Im Vergleich zur Arbeit ohne KI; 0 oder negativ ist möglich.")
        self.would_use = _named(QComboBox(self), "Würde ich für echte Arbeit nutzen")
        self.would_use.addItems([NOT_GIVEN, *WOULD_USE])
        problems = QGridLayout()
        self.problem_boxes: dict[str, QCheckBox] = {}
        for i, problem in enumerate(PROBLEMS):
            box = _named(QCheckBox(problem, self), f"Problem: {problem}")
            self.problem_boxes[problem] = box
            problems.addWidget(box, i // 2, i % 2)
        self.comment = _named(QLineEdit(self), "Kommentar")
        self.comment.setPlaceholderText("Was war gut, was nicht? (freiwillig)")
        self.comment.returnPressed.connect(lambda: self.save())
        self.store_texts = _named(QCheckBox(
            "Eingabe und Ergebnis mitspeichern (nur ohne personenbezogene Daten)", self),
            "Texte mitspeichern", "Eingabe und Ergebnis mit der Bewertung speichern – nur wenn "
            "keine personenbezogenen Daten enthalten sind. Sonst bleibt nur die Bewertung.")
        self.store_texts.setChecked(False)
        self.store_texts.setEnabled(self.policy.allow_feedback_texts)
        self.save_button = _named(QPushButton("Bewertung &speichern", self), "Bewertung speichern")
        self.save_button.clicked.connect(lambda: self.save())
        self.skip_button = _named(QPushButton("Ü&berspringen", self), "Bewertung überspringen")
        self.skip_button.clicked.connect(lambda: self.skip())

        # the quality is what counts; the rest folds away so the draft keeps its room
        self.details_button = _named(QPushButton("&Weitere Angaben", self), "Weitere Angaben",
                                     "Korrekturaufwand, Zeit, Nutzen, Probleme, Kommentar "
                                     "ein- oder ausblenden.")
        self.details_button.setCheckable(True)
        self.details = QWidget(self)
        form = QFormLayout()
        form.addRow("Ergebnis:", self.result_choice)
        form.addRow("Qualität:", self._group(quality_row, "Qualität (1 bis 5)",
                                             self.quality_group.button(3)))
        details = QFormLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addRow("Korrekturaufwand:", self.effort)
        details.addRow("Zeit gespart:", self.minutes)
        details.addRow("Für echte Arbeit nutzen?", self.would_use)
        details.addRow("Probleme:", self._group(problems, "Probleme",
                                                next(iter(self.problem_boxes.values()))))
        details.addRow("Kommentar:", self.comment)
        details.addRow(self.store_texts)
        self.details_button.toggled.connect(self._show_details)
        self.details_button.setChecked(bool(settings.get("feedback_details")))
        self._show_details(self.details_button.isChecked())
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.hint = QLabel("", self)
        layout.addWidget(self.hint)
        self.setVisible(False)

    def _group(self, layout: QGridLayout, name: str, first: QWidget) -> QWidget:
        """Buttons under one label: a named group the label is tied to (its buddy), the
        keyboard entering it at ``first``."""
        group = _named(QWidget(self), name)
        group.setLayout(layout)
        layout.setContentsMargins(0, 0, 0, 0)
        group.setFocusProxy(first)
        return group

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt API
        super().setVisible(visible)
        self.shown.emit(visible)

    def _leave(self) -> None:
        """After a rating is saved or skipped: the next unrated result, or back to the work."""
        focused = QApplication.focusWidget()
        had_focus = focused is not None and (focused is self or self.isAncestorOf(focused))
        self.setVisible(bool(self.pending))
        if had_focus:
            if self.pending:
                self.focus_form()
            elif self.return_focus is not None:
                self.return_focus()

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("&Weitere Angaben ▾" if shown else "&Weitere Angaben ▸")
        self.settings.set("feedback_details", shown)  # as the participant left it

    # results -------------------------------------------------------------------------
    def add_result(self, draft: Draft, document: str) -> None:
        self.pending.insert(0, PendingResult(draft, document))
        del self.pending[MAX_PENDING:]
        self._refresh_choices()
        self.reset_form()
        self.hint.setText("Tipp: Ziffern 1–5 wählen die Qualität, Eingabe speichert.")
        self.setVisible(True)

    def _refresh_choices(self) -> None:
        self.result_choice.clear()
        self.result_choice.addItems([p.label() for p in self.pending])
        self.result_choice.setCurrentIndex(0 if self.pending else -1)

    def reset_form(self) -> None:
        checked = self.quality_group.checkedButton()
        if checked is not None:
            self.quality_group.setExclusive(False)
            checked.setChecked(False)
            self.quality_group.setExclusive(True)
        self.effort.setCurrentText(NOT_GIVEN)
        self.minutes.setValue(NO_MINUTES)
        self.would_use.setCurrentText(NOT_GIVEN)
        for box in self.problem_boxes.values():
            box.setChecked(False)
        self.comment.clear()
        self.store_texts.setChecked(False)

    def focus_form(self) -> None:
        if self.isVisible():
            buttons = self.quality_group.buttons()
            (self.quality_group.checkedButton() or buttons[2]).setFocus()

    def rating(self) -> Rating:
        return Rating(
            quality=self.quality_group.checkedId(),
            correction_effort=self.effort.currentText(),
            minutes_saved=None if self.minutes.value() == NO_MINUTES else float(self.minutes.value()),
            would_use=self.would_use.currentText(),
            problems=[p for p, box in self.problem_boxes.items() if box.isChecked()],
            comment=self.comment.text(),
            store_texts=self.store_texts.isChecked() and self.store_texts.isEnabled(),
        )

    # actions -------------------------------------------------------------------------
    def save(self) -> None:
        index = self.result_choice.currentIndex()
        if index < 0 or index >= len(self.pending):
            return
        rating = self.rating()
        if rating.quality not in QUALITY_LABELS:
            self.hint.setText("Bitte zuerst die Qualität wählen (1 bis 5).")
            return
        item = self.pending[index]
        if self._saving is item:
            return
        self._saving = item
        participant = participant_id(self.settings)
        department = str(self.settings.get("department"))
        path = feedback_path(self.policy, self.settings)
        texts_allowed = self.policy.allow_feedback_texts
        had_kipass = self.had_kipass

        def store(state: Any) -> str:
            entry = make_entry(item.draft, rating, item.document, participant=participant,
                               department=department, had_kipass=had_kipass,
                               texts_allowed=texts_allowed)
            with FeedbackStore(path) as db:
                return db.add(entry)

        def stored(entry_uuid: str) -> None:
            if item in self.pending:
                self.pending.remove(item)
            self._refresh_choices()
            self.reset_form()
            self.hint.setText("Danke! Die Bewertung ist gespeichert.")
            self._leave()
            if self.on_saved:
                self.on_saved(entry_uuid)

        def done() -> None:
            self._saving = None

        Task(self, store, on_success=stored, on_done=done).run_on(self.runner)

    def skip(self) -> None:
        index = self.result_choice.currentIndex()
        if 0 <= index < len(self.pending):
            del self.pending[index]
        self._refresh_choices()
        self.reset_form()
        self._leave()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5 and not self.comment.hasFocus():
            button = self.quality_group.button(key - Qt.Key.Key_0)
            button.setChecked(True)
            button.setFocus()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        else:
            super().keyPressEvent(event)
