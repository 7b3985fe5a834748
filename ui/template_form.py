"""The form for one template, built from its typed fields; fields that show their whole
placeholder, and the beginning of a long value."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionFrame,
    QVBoxLayout,
    QWidget,
)

from werkstatt.templates import Field, Template

from .accessibility import RING_WIDTH

KEYBOARD = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason)


class FieldEdit(QLineEdit):
    """A single-line field at least as wide as its placeholder (and, with ``fit``, its
    text), which shows the beginning of a long value: after ``show_start``, on entering it by
    Tab (all selected, as Qt does, but from the start) and on leaving it unedited."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._edited = False
        self.textEdited.connect(self._on_edit)
        self.show_start()

    def _on_edit(self, _text: str) -> None:
        self._edited = True

    def width_for(self, text: str) -> int:
        """The width that shows ``text`` whole (Qt's own sizing of a line edit)."""
        margins = self.textMargins()
        inner = (self.fontMetrics().horizontalAdvance(text) + 2 * 2 + margins.left()
                 + margins.right() + self.style().pixelMetric(QStyle.PixelMetric.PM_TextCursorWidth))
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option,
                                             QSize(inner, self.sizeHint().height()), self).width()

    def fit(self, text: str = "", limit: int = 0) -> None:
        """Wide enough for the placeholder and ``text`` (each line of it), up to ``limit``."""
        lines = [*self.placeholderText().splitlines(), *text.splitlines()]
        width = max((self.width_for(line) for line in lines), default=0)
        self.setMinimumWidth(min(width, limit) if limit else width)

    def show_start(self) -> None:
        """Scroll to the value's first character (setText leaves the view at its end)."""
        self.setCursorPosition(0)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._edited = False
        if event.reason() in KEYBOARD and self.selectedText() == self.text() and self.text():
            self.setSelection(len(self.text()), -len(self.text()))  # cursor at the start

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self._edited and event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                                       Qt.FocusReason.ActiveWindowFocusReason):
            self.show_start()


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
        widest = max((text.fontMetrics().horizontalAdvance(line)
                      for line in field.placeholder.splitlines()), default=0)
        text.setMinimumWidth(widest + 2 * int(text.document().documentMargin())
                             + 2 * text.frameWidth() + 4)  # whole placeholder lines
        return text
    line = FieldEdit(field.default, parent)
    line.setPlaceholderText(field.placeholder)
    line.fit()
    return line


class TemplateForm(QWidget):
    """Field editors for a template; ``values()`` returns {field id: text}."""

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.editors: dict[str, QWidget] = {}
        self.hidden: dict[str, str] = {}  # fields not shown, filled by their preset
        outer = QVBoxLayout(self)
        # room for the focus ring at the scroll area's edges
        outer.setContentsMargins(RING_WIDTH, RING_WIDTH, RING_WIDTH, RING_WIDTH)
        layout = QFormLayout()
        # a field that needs more room than it has beside its label goes below it, whole
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(layout)
        outer.addStretch(1)  # room left over stays below the fields
        for field in template.fields:
            if field.hidden:
                self.hidden[field.id] = field.default
                continue
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

    def sizeHint(self) -> QSize:
        """Tall enough for the rows wrapped at the width it has in its scroll area, were
        that to show a scroll bar (the area sizes itself by this, once per form, before it
        lays the form out; measured on the roomier width, a wrapped row would make the bar
        appear, and stay)."""
        hint, parent, layout = super().sizeHint(), self.parentWidget(), self.layout()
        room = parent.width() if parent is not None else self.width()
        room -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = max(room, self.minimumSizeHint().width())
        wrapped = layout.totalHeightForWidth(width) if layout is not None else 0
        return QSize(hint.width(), max(hint.height(), wrapped))

    def values(self) -> dict[str, str]:
        result = dict(self.hidden)
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
        if field_id in self.hidden:
            self.hidden[field_id] = value
            return
        editor = self.editors[field_id]
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QDateEdit):
            editor.setDate(QDate.fromString(value, "yyyy-MM-dd"))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        elif isinstance(editor, FieldEdit):
            editor.setText(value)
            editor.show_start()

