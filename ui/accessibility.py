"""Accessible names for every control (screen readers, UI automation, tests)."""

from __future__ import annotations

from typing import Any


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
