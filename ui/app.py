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
