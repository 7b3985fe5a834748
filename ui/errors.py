"""The app's one handler for errors nobody foresaw: a German dialog, the details in a log.

Installed as ``sys.excepthook`` by ``app.main``: an exception escaping a slot reaches it
instead of a console nobody sees. The window stays open with everything typed and the draft
as it was; the dialog says where the log is and offers „Details speichern“ (to hand to IT).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from werkstatt import APP_NAME, crashlog
from werkstatt.errors import WerkstattError

shown: list[str] = []  # the messages shown, newest last (tests read it)


def show_unexpected(exc: BaseException, parent: QWidget | None = None) -> None:
    log = crashlog.write_log(exc)
    text = crashlog.message(exc, log)
    shown.append(text)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAccessibleName("Unerwarteter Fehler")
    save = box.addButton("&Details speichern …", QMessageBox.ButtonRole.ActionRole)
    save.setAccessibleName("Details speichern")
    box.setDetailedText(crashlog.details(exc))
    box.exec()
    if box.clickedButton() is save:
        save_details(exc, parent)


def save_details(exc: BaseException, parent: QWidget | None = None) -> None:
    name, _ = QFileDialog.getSaveFileName(parent, "Fehlerdetails speichern",
                                          str(Path.home() / "ki-werkstatt-fehler.txt"),
                                          "Textdatei (*.txt)")
    if not name:
        return
    from werkstatt import atomic

    try:
        atomic.write_text(Path(name), crashlog.details(exc))
    except WerkstattError as err:
        QMessageBox.warning(parent, APP_NAME, str(err))


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    if isinstance(exc, WerkstattError):  # a foreseen error that escaped: its own line
        QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(exc))
        return
    show_unexpected(exc, QApplication.activeWindow())


def install() -> None:
    sys.excepthook = _hook
