"""The README's two pictures of the efficiency concept (issue 29) at 1366 × 768:

- ``docs/screenshots/effizienz-matrix.png``: Auswertung → „Effizienzkonzept …“ with the demo
  catalogue and two workstations' demo feedback merged, on the tab „Priorisierung“ (matrix,
  weights, ranking with reasons);
- ``docs/screenshots/effizienz-konzept.png``: the first page of the concept (.docx) as
  LibreOffice prints it.

Run under Xvfb with a window manager, like ``scripts/screenshots.py`` (whose helpers it uses):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_efficiency.py

No model is needed: the concept never asks one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-shots-"))
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication, QMessageBox
    from screenshots import first_page_png, screen_shot, wait_until, window_manager

    from ui.app import install_german
    from ui.evaluation import EvaluationWindow
    from ui.tasks import TaskRunner
    from werkstatt.efficiency.exporting import load_demo
    from werkstatt.efficiency.report import concept
    from werkstatt.efficiency.store import Catalogue
    from werkstatt.feedback.demo import write_demo
    from werkstatt.feedback.merge import merge

    OUT.mkdir(parents=True, exist_ok=True)
    home = Path(os.environ["WERKSTATT_HOME"])
    write_demo(home / "arbeitsplatz-1.sqlite", 300, seed=1)
    write_demo(home / "arbeitsplatz-2.sqlite", 200, seed=2)
    pilot = home / "pilot.sqlite"
    merge([home / "arbeitsplatz-1.sqlite", home / "arbeitsplatz-2.sqlite"], pilot)
    with Catalogue() as catalogue:
        load_demo(catalogue)

    manager = window_manager()
    app = QApplication([])
    install_german(app)
    for name in ("warning", "information"):  # a modal box would wait for a click forever
        setattr(QMessageBox, name, staticmethod(lambda parent, title, text, *a: print(text)))
    runner = TaskRunner("io")
    evaluation = EvaluationWindow(runner)
    evaluation.show()
    evaluation.load(pilot)
    wait_until(lambda: evaluation.report is not None)
    window = evaluation.show_concept()
    wait_until(lambda: window.busy == 0 and window.view is not None)
    window.tabs.setCurrentIndex(1)
    window.ranking.setFocus()
    window.ranking.selectRow(0)
    screen_shot(OUT / "effizienz-matrix.png")
    document, _, analysis = concept(None, home / "effizienzkonzept.docx", feedback=pilot)
    first_page_png(document, OUT / "effizienz-konzept.png")
    window.close()
    evaluation.close()
    runner.shutdown()
    for name in ("effizienz-matrix.png", "effizienz-konzept.png"):
        print(OUT / name)
    print(f"{len(analysis.assessments)} Prozesse, {len(analysis.quick_wins)} Quick Wins")
    if manager is not None:
        manager.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
