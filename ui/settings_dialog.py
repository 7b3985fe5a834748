"""User settings; what IT's policy fixes is greyed out with "Von der IT festgelegt"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from werkstatt import catalog
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from . import placement
from .accessibility import named as _named
from .template_form import FieldEdit

FIXED = "Von der IT festgelegt"


LETTER_FIELDS = (
    ("letter_organisation", "Dienststelle:", "Hansestadt Lübeck"),
    ("letter_unit", "Bereich:", "z. B. Bereich Stadtgrün und Verkehr"),
    ("letter_address", "Anschrift:", "z. B. Kronsforder Allee 2-6, 23560 Lübeck"),
    ("letter_contact", "Ansprechperson:", "z. B. Max Muster"),
    ("letter_phone", "Telefon:", "z. B. 0451 122-0"),
    ("letter_email", "E-Mail:", "z. B. stadtgruen@luebeck.de"),
)


def save_or_cancel(dialog: QDialog, save: Callable[[], None], cancel: str) -> QDialogButtonBox:
    """The "Speichern" button runs ``save``; the other one (``cancel``) closes unsaved."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText("Speichern")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def fit(edit: FieldEdit) -> None:
    """Wide enough for its example and its value, up to half the screen (the rest scrolls)."""
    screen = edit.screen() or QGuiApplication.primaryScreen()
    edit.fit(edit.text(), screen.availableGeometry().width() // 2)


def add_row(form: QFormLayout, label: str, widget: QWidget, fixed: bool) -> None:
    """A form row; a value IT fixed is shown greyed out with "Von der IT festgelegt"."""
    if fixed:
        widget.setEnabled(False)
        widget.setToolTip(FIXED)
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        row.addWidget(QLabel(f"<i>{FIXED}</i>", widget.parentWidget()))
        form.addRow(label, row)
    else:
        form.addRow(label, widget)


class LetterheadBox(QGroupBox):
    """The sender's data for letters; what IT fixed is shown, not editable."""

    def __init__(self, settings: Settings, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__("Briefkopf für Briefe (leer: Platzhalter im Dokument)", parent)
        self.settings, self.policy = settings, policy
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, example in LETTER_FIELDS:
            value = policy.fixed_value(key)
            edit = _named(FieldEdit(str(settings.get(key) if value is None else value), self),
                          label.rstrip(":"))
            edit.setPlaceholderText(example)
            fit(edit)
            self.fields[key] = edit
            add_row(form, label, edit, policy.fixes(key))

    def save(self) -> None:
        for key, edit in self.fields.items():
            if not self.policy.fixes(key):
                self.settings.set(key, edit.text().strip())


def letterhead_missing(settings: Settings, policy: Policy) -> bool:
    """Some letterhead value is empty and the user could fill it in (IT did not fix it)."""
    return any(not policy.fixes(key) and not str(settings.get(key)).strip()
               for key, _label, _example in LETTER_FIELDS)


class LetterheadDialog(QDialog):
    """Asked once, before the first letter: the sender's data, so letters carry no
    placeholders (later in Bearbeiten → Einstellungen)."""

    def __init__(self, settings: Settings, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Briefkopf für Ihre Briefe")
        intro = QLabel("Ihre Briefe bekommen einen Briefkopf mit diesen Angaben. Was leer bleibt, "
                       "steht im Brief als Platzhalter [in Klammern]. Später änderbar unter "
                       "Bearbeiten → Einstellungen.", self)
        intro.setWordWrap(True)
        self.box = LetterheadBox(settings, policy, self)
        buttons = save_or_cancel(self, self.save, "Später")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.box)
        layout.addWidget(buttons)
        placement.fit(self, self.sizeHint(), parent)  # its full height: no field squashed at 200 %

    def save(self) -> None:
        self.box.save()
        self.settings.save()
        self.accept()


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
        self.feedback = _named(FieldEdit(str(settings.get("feedback_path")), self),
                               "Feedback-Datei")
        self.feedback.setPlaceholderText("Standard: im Benutzerordner")
        if policy.feedback_dir:
            self.feedback.setText(policy.feedback_dir)
            self.feedback.show_start()
        fit(self.feedback)
        self.department: QComboBox | QLineEdit
        if policy.departments:
            combo = QComboBox(self)
            combo.addItems(["", *policy.departments])
            combo.setCurrentText(str(settings.get("department")))
            self.department = combo
        else:
            self.department = FieldEdit(str(settings.get("department")), self)
            fit(self.department)
        _named(self.department, "Organisationseinheit (freiwillig)")
        for label, widget, key in (("Modell:", self.model, "model_id"),
                                   ("Kontextfenster:", self.context, "context_tokens"),
                                   ("Feedback-Datei:", self.feedback, "feedback_path"),
                                   ("Organisationseinheit:", self.department, "department")):
            self._add_row(form, label, widget, key)
        self.letterhead = LetterheadBox(settings, policy, self)
        self.letter_fields = self.letterhead.fields
        kipass = "nein" if not policy.require_kipass else (
            "ja, von der IT bestätigt" if policy.kipass_accounts else "ja (selbst abgelegt)")
        info = [f"KI-Pass erforderlich: {kipass}",
                "Texte im Feedback speichern: "
                + ("erlaubt (freiwillig)" if policy.allow_feedback_texts else "nicht erlaubt"),
                f"Richtlinie: {policy.source or 'keine (Standardwerte)'}"]
        if policy.contact:
            info.append(f"Ansprechpartner: {policy.contact}")
        buttons = save_or_cancel(self, self.save, "Abbrechen")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.letterhead)
        layout.addWidget(QLabel("\n".join(info), self))
        layout.addWidget(buttons)
        placement.fit(self, self.sizeHint(), parent)  # taller than the screen: the form scrolls

    def _add_row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        add_row(form, label, widget, self.policy.fixes(key))

    def save(self) -> None:
        self.letterhead.save()
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


if __name__ == "__main__":  # preview: python -m ui.settings_dialog
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    SettingsDialog(Settings(folder / "settings.json"), Policy()).exec()
