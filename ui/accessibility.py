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
