"""Server mode in the window: the city's inference server writes the draft, the window says
where the text goes, and a server that dies mid-answer costs nothing (llama-cpp-python's own
server with the default model on 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.inference import LlamaServer
from ui.main_window import MainWindow
from werkstatt.engine import EngineProcess
from werkstatt.engine.remote import RemoteEngine
from werkstatt.feedback.entry import feedback_path
from werkstatt.feedback.store import FeedbackStore
from werkstatt.settings import Settings

SHA = "cd" * 32


def open_window(qtbot, policy_file, server: LlamaServer, extra: str = "") -> MainWindow:
    policy_file.write_text(f'inference_server = "{server.url}"\n'
                           f'inference_models = ["{server.model} | Stadtmodell | {SHA}"]\n{extra}',
                           encoding="utf-8")
    window = MainWindow(settings=Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.ready, timeout=60_000)
    return window


def fill(window: MainWindow, data) -> None:
    window.select_template("beschlussvorschlag")  # one prompt, one stream
    window.input.document.setPlainText((data / "beschlussvorlage.txt").read_text(encoding="utf-8"))


@pytest.mark.model
def test_a_template_runs_on_the_server_and_the_rating_names_it(qtbot, tmp_path, data,
                                                              no_machine_policy):
    server = LlamaServer(tmp_path / "server.log")
    try:
        window = open_window(qtbot, no_machine_policy, server)
        where = f"127.0.0.1:{server.port}"
        assert isinstance(window.session.engine, RemoteEngine)
        assert window.session.status.text() == f"KI-Server {where}: Stadtmodell – bereit"
        assert f"an den KI-Server {where} der Stadt und an keinen anderen Ort" in (
            window.session.status.toolTip())
        fill(window, data)
        window.generate()
        qtbot.waitUntil(lambda: window.generation is None, timeout=300_000)
        assert len(window.pane.result.toPlainText()) > 40
        panel = window.feedback_panel
        panel.quality_group.button(3).setChecked(True)
        panel.save()
        qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
        with FeedbackStore(feedback_path(window.policy, window.settings)) as store:
            (row,) = store.entries()
        assert (row["inference_server"], row["model_id"], row["model_sha256"]) == (
            where, server.model, SHA)
        assert row["input_text"] is None
        window.shutdown()
    finally:
        server.stop()


@pytest.mark.model
def test_server_killed_mid_answer_keeps_the_draft_and_goes_on_locally(qtbot, tmp_path, data,
                                                                     no_machine_policy):
    server = LlamaServer(tmp_path / "server.log")
    try:
        window = open_window(qtbot, no_machine_policy, server, "allow_local_fallback = true\n")
        fill(window, data)
        window.generate()
        qtbot.waitUntil(lambda: len(window.pane.result.toPlainText()) > 30, timeout=300_000)
        server.kill()
        qtbot.waitUntil(lambda: window.generation is None, timeout=60_000)
    finally:
        server.stop()
    kept = window.pane.result.toPlainText()
    assert len(kept) > 30 and window.pane.current is not None  # the draft so far is a version
    box = window.fallback_box
    assert box is not None and box.isVisible()
    assert "Die Verbindung zum KI-Server" in box.text() and "bleibt erhalten" in box.text()
    local = next(b for b in box.buttons() if "diesem PC" in b.text())
    assert local.accessibleName() == "Mit dem Modell auf diesem PC weitermachen"
    local.click()
    qtbot.waitUntil(lambda: isinstance(window.session.engine, EngineProcess)
                    and window.generation is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.generation is None, timeout=300_000)
    assert window.session.status.text().startswith("Modell: ")
    assert "nichts verlässt den Rechner" in window.session.where()
    result = window.pane.result.toPlainText()
    assert result.startswith(kept.rstrip()[:30]) and len(result) > len(kept)  # went on
    window.shutdown()


def test_without_a_server_in_the_policy_the_window_uses_the_pc(qtbot, no_machine_policy,
                                                               fake_engine):
    """No inference_server: the window's own engine is the PC's model."""
    no_machine_policy.write_text("", encoding="utf-8")
    window = MainWindow(settings=Settings(), engine_factory=lambda: fake_engine)
    qtbot.addWidget(window)
    assert isinstance(window._default_engine(), EngineProcess)
    assert "nichts verlässt den Rechner" in window.session.where()
    window.shutdown()
