"""Every window and dialog of the app, opened with content (a draft with its feedback form, a
council library with a paper, merged feedback with tables and charts, the efficiency concept
with its demo catalogue), so the accessibility checks see what a user sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"


def write_draft(window: Any, qtbot: Any, template: str = "beschlussvorschlag") -> None:
    """A draft from the fake engine, done, with the feedback form shown."""
    window.select_template(template)
    window.input.document.setPlainText((DATA / "beschlussvorlage.txt").read_text(encoding="utf-8"))
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=30_000)
    qtbot.waitUntil(lambda: window.feedback_panel.isVisible(), timeout=5_000)


def council_window(window: Any, qtbot: Any, tmp_path: Path) -> Any:
    """The Gremien window on the test library (nine papers), the first paper shown."""
    from tests.werkstatt.gremien import council_data

    council_data.write(tmp_path / "oparl")
    gremien = window.show_gremien()
    gremien.import_paths([tmp_path / "oparl"])
    qtbot.waitUntil(lambda: gremien.results.rowCount() == 9, timeout=60_000)
    gremien.results.selectRow(0)
    return gremien


def evaluation_window(window: Any, qtbot: Any, tmp_path: Path) -> Any:
    """Auswertung on two merged demo files: tables and charts."""
    from werkstatt.feedback.demo import write_demo

    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    write_demo(a, 60, seed=1)
    write_demo(b, 40, seed=2)
    evaluation = window.show_evaluation()
    evaluation.merge_files([a, b], tmp_path / "pilot.sqlite")
    qtbot.waitUntil(lambda: evaluation.report is not None, timeout=60_000)
    return evaluation


def concept_window(evaluation: Any, qtbot: Any) -> Any:
    """The Effizienzkonzept with the demo catalogue."""
    concept = evaluation.show_concept()
    qtbot.waitUntil(lambda: concept.busy == 0, timeout=60_000)
    concept.load_demo()
    qtbot.waitUntil(lambda: concept.busy == 0 and concept.view is not None, timeout=90_000)
    return concept


def open_every_window(window: Any, qtbot: Any, tmp_path: Path) -> dict[str, Any]:
    """Each window and dialog open at once (they are not modal to the test), by title."""
    from ui.settings_dialog import LetterheadDialog

    write_draft(window, qtbot)
    shown: dict[str, Any] = {"main": window}
    gremien = council_window(window, qtbot, tmp_path)
    evaluation = evaluation_window(window, qtbot, tmp_path)
    concept = concept_window(evaluation, qtbot)
    others = [gremien, evaluation, concept, window.show_my_data(), window.show_kipass(),
              window.show_rules(), window.show_settings(), window.show_models(),
              window.show_system_check(), window.show_accessibility_statement(),
              LetterheadDialog(window.settings, window.policy, window)]
    for other in others:
        other.show()
        qtbot.waitExposed(other)
        shown[other.windowTitle()] = other
    return shown
