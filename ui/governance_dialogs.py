"""Usage rules, KI-Pass, models and settings dialogs (governance in the app)."""

from __future__ import annotations

import random
import textwrap

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from werkstatt import catalog
from werkstatt.governance import Record, Rules
from werkstatt.kipass import Course, Question, Result, grade
from werkstatt.numbers import de
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from .accessibility import named as _named

FIXED = "Von der IT festgelegt"




def _browser(markdown: str, parent: QWidget, name: str) -> QTextBrowser:
    browser = _named(QTextBrowser(parent), name)
    browser.setMarkdown(markdown)
    browser.setOpenExternalLinks(False)
    return browser


class RulesDialog(QDialog):
    """Shows the usage rules; accepting records version and date."""

    def __init__(self, rules: Rules, record: Record, parent: QWidget | None = None,
                 require: bool = True) -> None:
        super().__init__(parent)
        self.rules, self.record = rules, record
        self.setWindowTitle(f"{rules.title} – Version {rules.version}")
        self.resize(760, 640)
        self.text = _browser(rules.text, self, "Nutzungsregeln")
        self.confirm = _named(QCheckBox("Ich habe die Nutzungsregeln &gelesen und halte sie ein.",
                                        self), "Nutzungsregeln gelesen")
        self.accept_button = _named(QPushButton("&Bestätigen", self), "Nutzungsregeln bestätigen")
        self.accept_button.setEnabled(False)
        self.confirm.toggled.connect(self.accept_button.setEnabled)
        self.accept_button.clicked.connect(lambda: self.acknowledge())
        close = _named(QPushButton("&Später" if require else "&Schließen", self), "Schließen")
        close.clicked.connect(self.reject)
        already = record.has_acknowledged(rules)
        self.confirm.setVisible(not already)
        self.accept_button.setVisible(not already)
        row = QHBoxLayout()
        row.addWidget(self.confirm, 1)
        row.addWidget(close)
        row.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        if already:
            layout.addWidget(QLabel(f"Bestätigt am {record.data['rules']['date']}.", self))
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def acknowledge(self) -> None:
        if self.confirm.isChecked():
            self.record.acknowledge(self.rules)
            self.accept()


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
        self.resize(820, 660)
        self.stack = QStackedWidget(self)
        self.page_index = 0
        self.page_view = _browser("", self, "KI-Pass Seite")
        self.stack.addWidget(self.page_view)
        self.quiz_area = QScrollArea(self)
        self.quiz_area.setWidgetResizable(True)
        self.stack.addWidget(self.quiz_area)
        self.result_view = _browser("", self, "Ergebnis des Tests")
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


class ModelsDialog(QDialog):
    """Catalogue models with licence, size, RAM, verification and IT approval."""

    COLUMNS = ["Modell", "Lizenz", "Größe", "RAM", "Status", "Freigabe", "Hinweise"]

    def __init__(self, settings: Settings, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.policy = settings, policy
        self.setWindowTitle("Modelle")
        self.resize(980, 360)
        self.entries = catalog.load_catalog()
        self.table = _named(QTableWidget(len(self.entries), len(self.COLUMNS), self), "Modelle")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        for i, e in enumerate(self.entries):
            state = catalog.check_model(e)
            values = [e.name + (" (Standard)" if e.default else ""), e.license,
                      f"{de(e.size / 1e6)} MB", f"{de(e.ram_gb, 1)} GB",
                      state.value,
                      "freigegeben" if policy.model_allowed(e.sha256) else "nicht freigegeben",
                      " ".join(e.notes.split())]
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.use_button = _named(QPushButton("Dieses Modell &verwenden", self), "Modell verwenden")
        self.use_button.clicked.connect(lambda: self.use_selected())
        if policy.fixes("model_id"):
            self.use_button.setEnabled(False)
            self.use_button.setToolTip(FIXED)
        self.chosen: str | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        if policy.fixes("model_id"):
            row.addWidget(QLabel(FIXED, self))
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nur geprüfte Modelle aus dem Katalog werden geladen. Die "
                                "Änderung gilt nach einem Neustart.", self))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def use_selected(self, row: int | None = None) -> None:
        row = self.table.currentRow() if row is None else row
        if row < 0:
            return
        entry = self.entries[row]
        if not self.policy.model_allowed(entry.sha256):
            self.use_button.setToolTip("Von der IT nicht freigegeben")
            return
        self.chosen = entry.id
        self.settings.set("model_id", entry.id)
        self.settings.save()
        self.accept()


LETTER_FIELDS = (
    ("letter_organisation", "Dienststelle:", "Hansestadt Lübeck"),
    ("letter_unit", "Bereich:", "z. B. Bereich Stadtgrün und Verkehr"),
    ("letter_address", "Anschrift:", "z. B. Kronsforder Allee 2-6, 23560 Lübeck"),
    ("letter_contact", "Ansprechperson:", "z. B. Max Muster"),
    ("letter_phone", "Telefon:", "z. B. 0451 122-0"),
    ("letter_email", "E-Mail:", "z. B. stadtgruen@luebeck.de"),
)


class SettingsDialog(QDialog):
    """User settings; what the policy fixes is shown greyed out with "Von der IT festgelegt"."""

    def __init__(self, settings: Settings, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.policy = settings, policy
        self.setWindowTitle("Einstellungen")
        form = QFormLayout()
        self.model = _named(QComboBox(self), "Modell")
        entries = catalog.load_catalog()
        for e in entries:
            self.model.addItem(e.name, e.id)
        chosen = policy.model_id or settings.get("model_id") or catalog.default_model(entries).id
        self.model.setCurrentIndex(max(0, self.model.findData(chosen)))
        self.context = _named(QSpinBox(self), "Kontextfenster in Token")
        self.context.setRange(1024, 32768)
        self.context.setSingleStep(1024)
        self.context.setValue(int(policy.context_tokens or settings.get("context_tokens")))
        self.feedback = _named(QLineEdit(str(settings.get("feedback_path")), self),
                               "Feedback-Datei")
        self.feedback.setPlaceholderText("Standard: im Benutzerordner")
        if policy.feedback_dir:
            self.feedback.setText(policy.feedback_dir)
        self.department: QComboBox | QLineEdit
        if policy.departments:
            combo = QComboBox(self)
            combo.addItems(["", *policy.departments])
            combo.setCurrentText(str(settings.get("department")))
            self.department = combo
        else:
            self.department = QLineEdit(str(settings.get("department")), self)
        _named(self.department, "Organisationseinheit (freiwillig)")
        for label, widget, key in (("Modell:", self.model, "model_id"),
                                   ("Kontextfenster:", self.context, "context_tokens"),
                                   ("Feedback-Datei:", self.feedback, "feedback_path"),
                                   ("Organisationseinheit:", self.department, "department")):
            self._add_row(form, label, widget, key)
        letter_box = QGroupBox("Briefkopf für Briefe (leer: Platzhalter im Dokument)", self)
        letter_form = QFormLayout(letter_box)
        self.letter_fields: dict[str, QLineEdit] = {}
        for key, label, example in LETTER_FIELDS:
            value = policy.fixed_value(key)
            edit = _named(QLineEdit(str(settings.get(key) if value is None else value), self),
                          label.rstrip(":"))
            edit.setPlaceholderText(example)
            self.letter_fields[key] = edit
            self._add_row(letter_form, label, edit, key)
        info = [f"KI-Pass erforderlich: {'ja' if policy.require_kipass else 'nein'}",
                "Texte im Feedback speichern: "
                + ("erlaubt (freiwillig)" if policy.allow_feedback_texts else "nicht erlaubt"),
                f"Richtlinie: {policy.source or 'keine (Standardwerte)'}"]
        if policy.contact:
            info.append(f"Ansprechpartner: {policy.contact}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Speichern")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(letter_box)
        layout.addWidget(QLabel("\n".join(info), self))
        layout.addWidget(buttons)

    def _add_row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        """A form row; a value IT fixed is shown greyed out with "Von der IT festgelegt"."""
        if self.policy.fixes(key):
            widget.setEnabled(False)
            widget.setToolTip(FIXED)
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            row.addWidget(QLabel(f"<i>{FIXED}</i>", self))
            form.addRow(label, row)
        else:
            form.addRow(label, widget)

    def save(self) -> None:
        for key, edit in self.letter_fields.items():
            if not self.policy.fixes(key):
                self.settings.set(key, edit.text().strip())
        if not self.policy.fixes("model_id"):
            self.settings.set("model_id", self.model.currentData() or "")
        if not self.policy.fixes("context_tokens"):
            self.settings.set("context_tokens", self.context.value())
        if not self.policy.fixes("feedback_path"):
            self.settings.set("feedback_path", self.feedback.text().strip())
        department = (self.department.currentText() if isinstance(self.department, QComboBox)
                      else self.department.text())
        self.settings.set("department", department.strip())
        self.settings.save()
        self.accept()
