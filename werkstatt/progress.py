"""Cooperative cancellation and progress reporting for long core operations.

Core functions take a ``CancelToken`` and a ``progress(fraction, message)`` callback; they
never know whether a terminal, a test or the Qt front end is listening (Orange's TaskState).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled

Progress = Callable[[float, str], None]


def no_progress(fraction: float, message: str) -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """Set by the UI (any thread), checked by the core between tokens and chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
