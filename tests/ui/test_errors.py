"""The app's error handler: a German dialog with „Details speichern“, the window and its text kept."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from ui import errors
from werkstatt import crashlog

from .test_main_window import make_window


def test_an_exception_in_a_slot_becomes_a_dialog_and_a_log(qtbot, fake_engine, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    window = make_window(qtbot, fake_engine)
    window.input.document.setPlainText("Mein getippter Text")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install()
    try:
        raise ValueError("unerwartet")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert errors.shown[-1].startswith("Unerwarteter Fehler (ValueError)")
    assert "Fehlerprotokolle" in errors.shown[-1]
    assert window.isVisible() and window.input.document.toPlainText() == "Mein getippter Text"
    assert any("ValueError: unerwartet" in p.read_text(encoding="utf-8")
               for p in crashlog.log_dir().glob("fehler-*.log"))


def test_details_are_saved_where_the_user_says(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "fehler.txt"
    monkeypatch.setattr("ui.errors.QFileDialog.getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    errors.save_details(RuntimeError("x"))
    assert "RuntimeError: x" in target.read_text(encoding="utf-8")


def test_a_damaged_governance_record_does_not_stop_the_app(qtbot, fake_engine, werkstatt_home):
    (werkstatt_home / "governance.json").write_text('{"rules": 7}', encoding="utf-8")
    window = make_window(qtbot, fake_engine)
    assert "beschädigt" in window.record.problem


def test_qt_speaks_german(qtbot):
    """Qt's own buttons and dialogs (Details, Ja/Nein, file dialogs) are German in the app."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ui.app import install_german

    app = QApplication.instance()
    translator = install_german(app)
    try:
        assert translator is not None
        assert QCoreApplication.translate("QMessageBox", "Show Details...") == "Details einblenden..."
        assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Ja"
    finally:
        app.removeTranslator(translator)


def test_windows_show_the_apps_own_icon(qtbot):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ui.app import show_identity

    app = QApplication.instance()
    before = app.windowIcon()
    try:
        show_identity(app)
        icon = app.windowIcon()
        assert not icon.isNull() and icon.availableSizes()[0].width() == 256
    finally:
        app.setWindowIcon(before if not before.isNull() else QIcon())


def test_the_details_box_and_the_saved_details_show_no_credentials(qtbot, tmp_path, monkeypatch):
    """The reviewer saw ``Bearer sk-…`` in the dialog's details box: the box and the file saved
    from it carry the report with the key and the URL's password taken out."""
    shown_details: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown_details.append(self.detailedText()))
    exc = ValueError("Invalid header value b'Bearer sk-proj-abcdefgh12345678\\r\\n' für "
                     "https://rat:Geheim-Rat-1@ris.luebeck.de/oparl")
    errors.show_unexpected(exc)
    target = tmp_path / "fehler.txt"
    monkeypatch.setattr("ui.errors.QFileDialog.getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    errors.save_details(exc)
    for text in (shown_details[-1], target.read_text(encoding="utf-8")):
        assert "ValueError: Invalid header value b'Bearer ***" in text
        assert "abcdefgh12345678" not in text and "Geheim-Rat-1" not in text
