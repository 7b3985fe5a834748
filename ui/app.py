"""Start the desktop app: ``ki-werkstatt`` (or ``python -m ui``)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from werkstatt import APP_NAME, __version__, paths
from werkstatt.errors import WerkstattError

from .accessibility import install_focus_ring

# Key names Qt's German catalogue leaves in English ("Strg+Return" in the Bearbeiten menu):
# the names on German keyboards and in German Windows menus ("Strg+Eingabe"). "Esc", "Tab",
# "Pause" and "F1"… are printed so on German keys and stay.
KEY_NAMES = {"Return": "Eingabe", "Enter": "Eingabe (Ziffernblock)", "SysReq": "S-Abf"}


class GermanQt(QTranslator):
    """Qt's German catalogue (qtbase_de.qm) with the key names it leaves in English."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context == "QShortcut" and source in KEY_NAMES:
            return KEY_NAMES[source]
        return super().translate(context, source, disambiguation, n)


def install_german(app: QCoreApplication) -> QTranslator | None:
    """Qt's own texts in German (file dialogs, Ja/Nein, „Details einblenden …“, key names in
    menus: "Strg+Eingabe"): Qt ships them as qtbase_de.qm beside its libraries (the MSI
    carries it, installer/payload.py checks). None if they are missing."""
    translator = GermanQt(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.German, QLocale.Country.Germany), "qtbase",
                           "_", folder):
        return None
    app.installTranslator(translator)
    return translator


def show_identity(app: QApplication) -> None:
    """The app's own icon for its windows; on Windows also its own taskbar group (else the
    taskbar shows pythonw's icon and groups the app with any other Python program)."""
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "ki-werkstatt.png")))
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(  # type: ignore[attr-defined]
            "HansestadtLuebeck.KIWerkstatt")


def main(argv: list[str] | None = None) -> int:
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    install_german(app)
    install_focus_ring(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Hansestadt Lübeck")
    show_identity(app)
    from PySide6.QtWidgets import QMessageBox

    from . import errors
    from .main_window import MainWindow

    errors.install()
    try:
        window = MainWindow()
    except WerkstattError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 - e.g. a damaged file in the user's folder
        errors.show_unexpected(exc)
        return 1
    for problem in (window.settings.problem, window.record.problem):
        if problem:
            QMessageBox.information(window, APP_NAME, problem)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
