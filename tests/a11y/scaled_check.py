"""Every window at 200 % (EN 301 549 11.1.4.4 Resize text, 11.7 User preferences): Qt scaled
twice (``QT_SCALE_FACTOR=2``, what Windows' 200 % display scaling gives) or the system font
twice as large (18 pt), on the office laptop's 1366 × 768 screen. Prints, as JSON, each
control cut off or out of reach (tests/ui/fit_check.py's rules) and leaves a screenshot of
each window in the folder given. Its own process (the scale is fixed when Qt starts):

    QT_SCALE_FACTOR=2 QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \\
        python -m tests.a11y.scaled_check FOLDER [font]
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path


def main() -> None:
    os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp())
    os.environ["WERKSTATT_POLICY"] = str(Path(tempfile.mkdtemp()) / "policy.toml")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from PySide6.QtWidgets import QApplication

    folder, mode = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "scale")
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    if mode == "font":
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        app.setFont(font)
    from tests.ui.conftest import FakeEngine
    from tests.ui.fit_check import problems_of
    from ui import placement
    from ui.main_window import MainWindow
    from ui.settings_dialog import LetterheadDialog
    from werkstatt.governance import Record, load_rules

    Record().acknowledge(load_rules())
    found: list[str] = []
    window = MainWindow(engine_factory=FakeEngine)
    window.feedback_panel.setVisible(True)
    window.feedback_panel.details_button.setChecked(True)  # the longest state of the form
    window.show()
    app.processEvents()
    found += problems_of(window, placement.FRAME)
    window.grab().save(str(folder / f"{mode}-hauptfenster.png"))
    openers = [window.show_gremien, window.show_evaluation, window.show_my_data,
               window.show_kipass, window.show_rules, window.show_settings, window.show_models,
               window.show_system_check, window.show_accessibility_statement,
               lambda: LetterheadDialog(window.settings, window.policy, window)]
    for open_window in openers:
        other = open_window()
        if other is None:
            continue
        other.show()
        app.processEvents()
        found += problems_of(other, placement.FRAME)
        name = re.sub(r"[^a-z0-9]+", "-", other.windowTitle().lower()).strip("-")[:40]
        other.grab().save(str(folder / f"{mode}-{name}.png"))
        other.close()
    window.shutdown()
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
