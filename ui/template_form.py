"""The form for one template, built from its typed fields."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from werkstatt.templates import Field, Template


def _make_editor(field: Field, parent: QWidget) -> QWidget:
    if field.type == "choice":
        combo = QComboBox(parent)
        combo.addItems(list(field.options))
        if field.default:
            combo.setCurrentText(field.default)
        return combo
    if field.type == "date":
        date = QDateEdit(parent)
        date.setCalendarPopup(True)
        date.setDisplayFormat("dd.MM.yyyy")
        date.setDate(QDate.fromString(field.default, "yyyy-MM-dd") if field.default
                     else QDate.currentDate())
        return date
    if field.type == "multiline":
        text = QPlainTextEdit(parent)
        text.setTabChangesFocus(True)
        text.setPlaceholderText(field.placeholder)
        text.setPlainText(field.default)
        text.setFixedHeight(90)
        return text
    line = QLineEdit(parent)
    line.setPlaceholderText(field.placeholder)
    line.setText(field.default)
    return line


class TemplateForm(QWidget):
    """Field editors for a template; ``values()`` returns {field id: text}."""

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.editors: dict[str, QWidget] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for field in template.fields:
            editor = _make_editor(field, self)
            editor.setObjectName(f"field_{field.id}")
            editor.setAccessibleName(field.label)
            editor.setAccessibleDescription(field.help or field.placeholder)
            if field.help:
                editor.setToolTip(field.help)
            label = QLabel(("* " if field.required else "") + field.label + ":", self)
            label.setBuddy(editor)
            layout.addRow(label, editor)
            self.editors[field.id] = editor

    def values(self) -> dict[str, str]:
        result = {}
        for field_id, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                result[field_id] = editor.currentText()
            elif isinstance(editor, QDateEdit):
                result[field_id] = editor.date().toString("yyyy-MM-dd")
            elif isinstance(editor, QPlainTextEdit):
                result[field_id] = editor.toPlainText()
            elif isinstance(editor, QLineEdit):
                result[field_id] = editor.text()
        return result

    def set_value(self, field_id: str, value: str) -> None:
        editor = self.editors[field_id]
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QDateEdit):
            editor.setDate(QDate.fromString(value, "yyyy-MM-dd"))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

