"""The README's screenshots at 1366 × 768, the common office screen: ``make screenshots``.

Runs the real app window with the real default model under Xvfb and a window manager
(openbox: title bars, placement as on a desktop; the windows size and place themselves from
the screen, ``ui/placement.py``), writes a letter from the test notes, saves it as .docx,
builds the evaluation report from demo data, and renders the screen and the first page of
each document (LibreOffice) into ``docs/screenshots/``. So the pictures show what the code
does today, not what it did when someone last took them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
NOTES = ROOT / "tests" / "data" / "stichpunkte.txt"
LETTERHEAD = {"letter_unit": "Bereich Stadtgrün und Verkehr",
              "letter_address": "Kronsforder Allee 2-6, 23560 Lübeck",
              "letter_contact": "Max Muster", "letter_phone": "0451 122-0",
              "letter_email": "stadtgruen@luebeck.de"}
LETTER = {"anrede": "Frau", "name": "Schmidt", "betreff": "Ihr Antrag auf einen Bewohnerparkausweis",
          "anschrift": "Musterweg 12\n23552 Lübeck", "zeichen": "32.1-2026/114"}


def first_page_png(document: Path, target: Path) -> None:
    """Page 1 of a .docx as PNG: LibreOffice prints it to PDF (as a user would see it
    printed), pdftoppm draws the page."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "pdf", "--outdir", tmp, str(document)],
                       check=True, capture_output=True, timeout=180)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(Path(tmp) / f"{document.stem}.pdf"), str(target.with_suffix(""))],
                       check=True, capture_output=True, timeout=60)


def wait_until(done) -> None:  # noqa: ANN001
    """Run the event loop until ``done()`` (a loop of ``processEvents(…, ms)`` would spin and
    take a core from the engine)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, check = QEventLoop(), QTimer()
    check.timeout.connect(lambda: done() and loop.quit())
    check.start(50)
    if not done():
        loop.exec()
    check.stop()


def council(window, work: Path) -> None:  # noqa: ANN001
    """The Gremien window on the real council papers of the test library: a search, a paper,
    a question answered by the model with its sources."""
    from tests.werkstatt.gremien import council_data
    from werkstatt.gremien.library import Library

    council_data.write(work / "oparl")
    with Library() as library:
        library.import_paths([work / "oparl"])
    gremien = window.show_gremien()
    gremien.refresh_choices()
    gremien.query.setText("Krippenplätze")
    gremien.search()
    gremien.question.setText("Wie viele zusätzliche Krippenplätze wurden beschlossen?")
    gremien.ask()
    wait_until(lambda: gremien.answer_task is None)
    screen_shot(OUT / "gremien.png")
    gremien.close()


def window_manager() -> subprocess.Popen[bytes] | None:
    """openbox on the virtual screen, where installed: windows get frames and are placed as a
    user's desktop would place them."""
    try:
        manager = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        print("screenshots: openbox fehlt, Fenster ohne Rahmen")
        return None
    import time

    time.sleep(1.0)
    return manager


def screen_shot(target: Path) -> None:
    """The whole screen as the user sees it (frames, placement), after pending paints."""
    from PySide6.QtWidgets import QApplication

    for _ in range(20):
        QApplication.processEvents()
    QApplication.primaryScreen().grabWindow(0).save(str(target))


def main() -> int:
    os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-shots-"))
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from ui.app import install_german
    from ui.main_window import MainWindow
    from werkstatt.feedback import report
    from werkstatt.feedback.demo import write_demo
    from werkstatt.governance import Record, load_rules
    from werkstatt.settings import Settings

    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(os.environ["WERKSTATT_HOME"])
    Record().acknowledge(load_rules())
    settings = Settings()
    for key, value in {**LETTERHEAD, "letterhead_asked": True}.items():
        settings.set(key, value)
    settings.save()

    manager = window_manager()
    app = QApplication([])
    install_german(app)
    from PySide6.QtWidgets import QMessageBox

    for name in ("warning", "information"):  # a modal box would wait for a click forever
        setattr(QMessageBox, name, staticmethod(lambda parent, title, text, *a: print(text)))
    window = MainWindow(settings)
    window.show()
    wait_until(lambda: window.session.ready or bool(window.session.error))
    window.select_template("buergerbrief")
    for field_id, value in LETTER.items():
        window.input.form.set_value(field_id, value)
    window.input.document.setPlainText(NOTES.read_text(encoding="utf-8"))
    window.generate()
    wait_until(lambda: window.generation is None)
    screen_shot(OUT / "hauptfenster.png")
    letter = window.pane.save(path=str(work / "brief.docx"))
    window.pane.versions.clear()  # saved: nothing to ask on closing
    council(window, work)
    window.close()
    if letter is not None:
        first_page_png(letter, OUT / "brief.png")
    demo = work / "demo.sqlite"
    write_demo(demo, 200, seed=1)
    first_page_png(report.write_docx(report.compute(demo), work / "auswertung.docx"),
                   OUT / "auswertung.png")
    for name in ("hauptfenster.png", "gremien.png", "brief.png", "auswertung.png"):
        print(OUT / name)
    if manager is not None:
        manager.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
