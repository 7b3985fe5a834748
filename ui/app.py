"""Start the desktop app: ``ki-werkstatt`` (or ``python -m ui``)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from werkstatt import APP_NAME, __version__
from werkstatt.errors import WerkstattError


def main(argv: list[str] | None = None) -> int:
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Hansestadt Lübeck")
    from PySide6.QtWidgets import QMessageBox

    from .main_window import MainWindow

    try:
        window = MainWindow()
    except WerkstattError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if window.settings.problem:
        QMessageBox.information(window, APP_NAME, window.settings.problem)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
