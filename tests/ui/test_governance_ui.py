"""Governance in the app: locked state, first-start rules, KI-Pass, settings fixed by IT."""

from __future__ import annotations

import random

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui.kipass_dialog import KiPassDialog
from ui.models_dialog import ModelsDialog
from ui.rules_dialog import RulesDialog
from ui.settings_dialog import FIXED, SettingsDialog
from werkstatt.governance import Record
from werkstatt.kipass import load_course

from .test_main_window import make_window


def test_invalid_policy_locks_the_app(qtbot, fake_engine, no_machine_policy, monkeypatch):
    """A broken policy file: banner naming file and problem, nothing can be generated."""
    no_machine_policy.write_text("require_kipass = vielleicht\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning", lambda p, t, text: shown.append(text))
    from ui.main_window import MainWindow
    from werkstatt.settings import Settings

    window = MainWindow(settings=Settings(), engine_factory=lambda: fake_engine)
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible() and str(no_machine_policy) in window.banner.text()
    assert not window.controls.generate_button.isEnabled() and window.session.engine is None
    window.generate()
    assert shown and "Richtlinie" in shown[0]


def test_first_start_asks_for_rules_before_any_template(qtbot, fake_engine, werkstatt_home, data,
                                                        monkeypatch):
    """Without acknowledgement the rules dialog opens and generating is refused until confirmed."""
    (werkstatt_home / "governance.json").unlink()
    monkeypatch.setattr("ui.main_window.QMessageBox.warning", lambda *a: None)
    window = make_window(qtbot, fake_engine)
    qtbot.waitUntil(lambda: any(isinstance(w, RulesDialog) and w.isVisible()
                                for w in window.findChildren(QWidget)), timeout=3_000)
    dialog = next(w for w in window.findChildren(RulesDialog) if w.isVisible())
    window.select_template("zusammenfassung")
    window.input.document.setPlainText("Text")
    window.generate()
    assert window.generation is None
    assert not dialog.accept_button.isEnabled()
    dialog.confirm.setChecked(True)
    dialog.accept_button.click()
    assert Record().has_acknowledged(window.rules)
    window.generate()
    assert window.generation is not None
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)


def test_kipass_fail_retry_pass_and_gate(qtbot, fake_engine, no_machine_policy, werkstatt_home):
    """Quiz: a failed try explains the wrong answers, a retry reshuffles, passing records it."""
    no_machine_policy.write_text("require_kipass = true\n", encoding="utf-8")
    record = Record()
    course = load_course()
    dialog = KiPassDialog(course, record, rng=random.Random(5))
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in course.pages:
        dialog.next.click()
    assert dialog.stack.currentWidget() is dialog.quiz_area and not dialog.next.isEnabled()
    for i, q in enumerate(dialog.quiz):  # three wrong answers: 75 %, fails
        dialog.answer(i, (q.correct + 1) % len(q.options) if i < 3 else q.correct)
    first_order = [q.question for q in dialog.quiz]
    dialog.next.click()
    assert not dialog.result.passed and "Richtig ist" in dialog.result_view.toPlainText()
    dialog.next.click()  # retry
    assert [q.question for q in dialog.quiz] != first_order
    for i, q in enumerate(dialog.quiz):
        dialog.answer(i, q.correct)
    dialog.next.click()
    assert dialog.result.passed
    dialog.next.click()
    assert not dialog.next.isEnabled()  # checklist not yet confirmed
    for box in dialog.checks:
        box.setChecked(True)
    dialog.next.click()
    assert record.kipass is not None and record.kipass["score"] == 1.0
    assert Record().kipass["content_version"] == course.version


def test_kipass_required_blocks_generation(qtbot, fake_engine, no_machine_policy, monkeypatch):
    """With require_kipass and no KI-Pass the window refuses and opens the KI-Pass."""
    no_machine_policy.write_text("require_kipass = true\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning", lambda p, t, text: shown.append(text))
    window = make_window(qtbot, fake_engine)
    window.select_template("zusammenfassung")
    window.input.document.setPlainText("Text")
    window.generate()
    assert window.generation is None and "KI-Pass" in shown[0]
    assert any(isinstance(w, KiPassDialog) and w.isVisible() for w in window.findChildren(QWidget))


def test_settings_fixed_by_policy_are_greyed(qtbot, no_machine_policy):
    """Settings IT fixed are disabled and say "Von der IT festgelegt"."""
    no_machine_policy.write_text("context_tokens = 4096\nallow_feedback_texts = false\n"
                                 "departments = ['Bereich Umwelt', 'Bereich Schule']\n",
                                 encoding="utf-8")
    from werkstatt.policy import load_policy
    from werkstatt.settings import Settings

    dialog = SettingsDialog(Settings(), load_policy())
    qtbot.addWidget(dialog)
    assert not dialog.context.isEnabled() and dialog.context.value() == 4096
    assert dialog.model.isEnabled()
    assert any(FIXED in label.text() for label in dialog.findChildren(QLabel))
    assert dialog.department.count() == 3


def test_letterhead_settings_and_policy(qtbot, no_machine_policy):
    """The letterhead fields save to the settings; those IT fixes are greyed with its value."""
    no_machine_policy.write_text('letter_unit = "Bereich Umwelt"\n', encoding="utf-8")
    from werkstatt.policy import load_policy
    from werkstatt.settings import Settings, letterhead

    settings = Settings()
    dialog = SettingsDialog(settings, load_policy())
    qtbot.addWidget(dialog)
    unit, phone = dialog.letter_fields["letter_unit"], dialog.letter_fields["letter_phone"]
    assert not unit.isEnabled() and unit.text() == "Bereich Umwelt" and phone.isEnabled()
    assert dialog.letter_fields["letter_organisation"].text() == "Hansestadt Lübeck"
    phone.setText("0451 122-0")
    dialog.save()
    head = letterhead(load_policy(), Settings())
    assert (head.unit, head.phone, head.contact) == ("Bereich Umwelt", "0451 122-0", "")
    assert head.value("contact") == "[Ansprechperson]"


def test_models_dialog_shows_licence_and_size(qtbot, no_machine_policy):
    """The model dialog lists licence, size and whether IT allows each model."""
    sha = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    no_machine_policy.write_text(f"allowed_models = ['{sha}']\n", encoding="utf-8")
    from werkstatt.policy import load_policy
    from werkstatt.settings import Settings

    dialog = ModelsDialog(Settings(), load_policy())
    qtbot.addWidget(dialog)
    cells = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
             for r in range(dialog.table.rowCount())]
    assert cells[0][1] == "Apache-2.0" and cells[0][2] == "491 MB" and cells[0][5] == "freigegeben"
    assert cells[1][5] == "nicht freigegeben"
    dialog.use_selected(1)
    assert dialog.chosen is None


def test_clipboard_label_and_feedback_texts_by_policy(qtbot, fake_engine, no_machine_policy, data):
    """Policy can append the AI note on copy and forbid storing texts in feedback."""
    no_machine_policy.write_text("label_clipboard = true\nallow_feedback_texts = false\n",
                                 encoding="utf-8")
    window = make_window(qtbot, fake_engine)
    window.select_template("zusammenfassung")
    window.input.document.setPlainText("Text")
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    window.pane.copy()
    assert QGuiApplication.clipboard().text().endswith("Inhalt vom Menschen geprüft und verantwortet.")
    assert not window.feedback_panel.store_texts.isEnabled()


def test_dialog_controls_have_accessible_names(qtbot):
    """Rules and KI-Pass dialogs name every button."""
    from werkstatt.governance import load_rules

    for dialog in (RulesDialog(load_rules(), Record()), KiPassDialog(load_course(), Record())):
        qtbot.addWidget(dialog)
        dialog.show()
        for button in dialog.findChildren(QAbstractButton):
            if button.isVisibleTo(dialog):
                assert button.accessibleName(), button.text()


def test_the_window_and_its_fallback_refuse_a_model_it_did_not_allow(qtbot, no_machine_policy,
                                                                     werkstatt_home):
    """The window's own engine checks IT's allowlist (also for the model in the user's
    settings), and so does the fallback to the PC's model in server mode."""
    from ui.main_window import MainWindow
    from werkstatt import catalog
    from werkstatt.settings import Settings

    small, large = catalog.load_catalog()[:2]
    no_machine_policy.write_text(f"allowed_models = ['{large.sha256}']\n", encoding="utf-8")
    settings = Settings()
    settings.set("model_id", small.id)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.session.engine is None and "nicht freigegeben" in window.session.error
    window.close()
    no_machine_policy.write_text(f"allowed_models = ['{large.sha256}']\n"
                                 'inference_server = "http://127.0.0.1:9"\n'
                                 "allow_local_fallback = true\n", encoding="utf-8")
    window = MainWindow(settings=Settings())
    qtbot.addWidget(window)
    assert window.session.engine is not None and window.session.engine.server
    window.use_local_model(go_on=False)
    assert window.session.engine is None and "nicht freigegeben" in window.session.error
    window.close()
