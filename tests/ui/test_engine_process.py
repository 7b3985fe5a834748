"""The window and its engine process: a crash costs nothing, an early click waits, the system check."""

from __future__ import annotations

import os
import signal

import pytest

from ui.main_window import MainWindow
from werkstatt.engine.variants import ALLOWED
from werkstatt.settings import Settings

from .test_main_window import fill_plain, fill_summary, make_window

pytestmark = pytest.mark.model


def own_engine_window(qtbot) -> MainWindow:
    """A window that starts its own engine process, as the app does."""
    window = MainWindow(settings=Settings())
    qtbot.addWidget(window)
    window.show()
    return window


def test_generate_before_the_model_is_ready_waits_and_succeeds(qtbot, data, no_blocking_dialogs):
    """"Erzeugen" right after start: the generation waits for the load instead of failing."""
    window = own_engine_window(qtbot)
    fill_summary(window, data)
    assert not window.session.ready
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=180_000)
    assert "Worum geht es?" in window.pane.result.toPlainText()
    assert no_blocking_dialogs == []


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_engine_crash_keeps_every_character_and_the_next_generation_works(
        qtbot, data, no_blocking_dialogs, sig):
    """The engine dies mid-draft: window alive, document, form and streamed text kept, a German
    message, the engine restarted, and the next generation succeeds."""
    window = own_engine_window(qtbot)
    fill_plain(window, data)  # one long stream: the kill lands while the model writes
    document, values = window.input.document.toPlainText(), window.input.form.values()
    window.generate()
    qtbot.waitUntil(lambda: len(window.pane.result.toPlainText()) > 40, timeout=180_000)
    os.kill(window.session.engine.pid, sig)
    seen = window.pane.result.toPlainText()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    kept = window.pane.result.toPlainText()
    assert kept.startswith(seen) and len(kept) > 40
    assert len(no_blocking_dialogs) == 1 and "KI-Engine" in no_blocking_dialogs[0]
    assert "erhalten" in no_blocking_dialogs[0]
    assert window.input.document.toPlainText() == document and window.input.form.values() == values
    assert not window.pane.result.isReadOnly() and window.pane.save_button.isEnabled()
    qtbot.waitUntil(lambda: window.session.ready, timeout=60_000)
    assert "bereit" in window.session.status.text()
    window.select_template("zusammenfassung")
    window.input.form.set_value("laenge", "kurz")
    window.input.document.setPlainText((data / "amtstext.txt").read_text(encoding="utf-8"))
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=180_000)
    assert "Worum geht es?" in window.pane.result.toPlainText()
    assert not any("KI-Engine" in message for message in no_blocking_dialogs[1:])


def test_system_check_shows_the_variant_and_a_self_test(qtbot, engine):
    """Hilfe → Systemprüfung runs the doctor on the app's engine and shows its report."""
    window = make_window(qtbot, engine)
    dialog = window.show_system_check()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert dialog.report.ok, dialog.report.problems
    text = dialog.text.toPlainText()
    assert any(f"CPU-Variante: {v} " in " ".join(text.split()) for v in ALLOWED), text
    assert "Selbsttest" in text and dialog.copy_button.isEnabled()
    assert dialog.text.accessibleName() and dialog.copy_button.accessibleName()
