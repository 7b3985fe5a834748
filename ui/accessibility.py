"""Accessibility: names for every control (screen readers, UI automation, tests), Alt+letter
shortcuts, a focus frame that can be seen, and dialogs that never block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog


def named(widget: Any, name: str, description: str = "") -> Any:
    """Give ``widget`` an accessible name (and description plus tooltip); returns it."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def mnemonic_letters(widgets: Any) -> set[str]:
    """The Alt+letter shortcuts the given buttons and labels already use."""
    taken = set()
    for widget in widgets:
        text = widget.text()
        index = text.find("&")
        if 0 <= index < len(text) - 1 and text[index + 1] != "&":
            taken.add(text[index + 1].lower())
    return taken


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with an Alt+letter shortcut on its first letter not in ``taken`` (or none)."""
    for index, char in enumerate(text):
        if char.isalpha() and char.lower() not in taken:
            return f"{text[:index]}&{text[index:]}"
    return text


Dialog = TypeVar("Dialog", bound="QDialog")


def opened(dialog: Dialog) -> Dialog:
    """A dialog shown window-modal without blocking (tests and the event loop go on)."""
    dialog.open()
    return dialog


# Where the keyboard is must be seen at a glance: a blue frame on the focused field, list
# and button (Qt's default is a thin dotted line many office screens do not show).
FOCUS_STYLE = """
QLineEdit:focus, QPlainTextEdit:focus, QTextBrowser:focus, QTreeWidget:focus,
QComboBox:focus, QSpinBox:focus, QDateEdit:focus { border: 2px solid #005fb8; }
QPushButton:focus { border: 2px solid #005fb8; border-radius: 3px; padding: 3px 10px; }
QRadioButton:focus, QCheckBox:focus { border: 1px solid #005fb8; border-radius: 2px; }
"""
