"""Key presses only (issue 30, item 3): what the keyboard task tests type, and how they answer
Qt's own (non-native) file dialogs by typing a path and Enter, as a user without a mouse does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    """The widget the keyboard is at (the test fails plainly where there is none)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          times: int = 1) -> None:
    """``key`` pressed on whatever has the focus, as the keyboard sends it."""
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: Any, text: str) -> None:
    """ASCII text typed into the focused widget (QTest types no umlauts)."""
    qtbot.keyClicks(focused(), text)


def menu(qtbot: Any, window: QWidget, menu_key: Qt.Key, item_key: Qt.Key) -> None:
    """Alt + the menu's letter, then the item's letter in the open menu."""
    qtbot.keyClick(window.menuBar(), menu_key, ALT)  # the menu bar has Alt's mnemonics
    popup = None
    for _ in range(50):
        popup = QApplication.activePopupWidget()
        if popup is not None:
            break
        qtbot.wait(10)
    assert popup is not None, "the menu did not open"
    qtbot.keyClick(popup, item_key)


def activate(qtbot: Any, window: QWidget) -> None:
    """The window active with the keyboard in it (as after a click on its title bar)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is not None,
                    timeout=5_000)


@contextmanager
def file_dialogs(qtbot: Any, *answers: str) -> Iterator[list[str]]:
    """While the block runs, each Qt file dialog that opens gets the next of ``answers`` typed
    into its name field, then Enter (a folder first navigates, the next answer names the
    file). Yields the titles of the dialogs answered."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    native = app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    pending, seen, busy = list(answers), [], []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if busy or not isinstance(dialog, QFileDialog) or not dialog.isVisible() or not pending:
            return
        field = QApplication.focusWidget()
        if field is None or field.window() is not dialog:
            return
        seen.append(dialog.windowTitle())
        busy.append(dialog)
        try:
            qtbot.keyClick(field, Qt.Key.Key_A, CTRL)  # the suggested name, replaced
            qtbot.keyClicks(field, pending.pop(0))
            qtbot.keyClick(field, Qt.Key.Key_Return)
        finally:
            busy.clear()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(answer)
    timer.start()
    try:
        yield seen
    finally:
        timer.stop()
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native)
        assert not pending, f"file dialogs not answered: {pending}"
