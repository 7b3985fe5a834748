"""The task abstraction: results, partial results, progress, failure, cancel, one worker."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from ui.tasks import Task, TaskRunner
from werkstatt.errors import WerkstattError


@pytest.fixture
def runner():
    r = TaskRunner("test")
    yield r
    r.shutdown()


@pytest.fixture
def parent(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_success_partials_and_progress_arrive_on_gui_thread(qtbot, runner, parent):
    """Partial results are coalesced, arrive in order on the GUI thread, then the result."""
    seen: dict[str, list] = {"partial": [], "progress": [], "threads": []}
    done = []

    def work(state):
        for i in range(200):
            state.partial(f"{i} ")
            state.progress(i / 200, "läuft")
            time.sleep(0.001)
        return "fertig"

    def on_partial(text):
        seen["partial"].append(text)
        seen["threads"].append(threading.current_thread() is threading.main_thread())

    Task(parent, work, on_partial=on_partial, on_progress=lambda f, m: seen["progress"].append(f),
         on_success=done.append).run_on(runner)
    qtbot.waitUntil(lambda: done == ["fertig"], timeout=5000)
    assert "".join(seen["partial"]) == "".join(f"{i} " for i in range(200))
    assert len(seen["partial"]) < 100  # coalesced, not one signal per chunk
    assert all(seen["threads"]) and seen["progress"]


def test_failure_shows_german_dialog_by_default(qtbot, runner, parent, monkeypatch):
    """A WerkstattError becomes a warning dialog with its German text."""
    shown = []
    monkeypatch.setattr("ui.tasks.QMessageBox.warning", lambda p, t, text: shown.append(text))
    finished = []

    def work(state):
        raise WerkstattError("Die Datei ist beschädigt.")

    Task(parent, work, on_done=lambda: finished.append(True)).run_on(runner)
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert shown == ["Die Datei ist beschädigt."]


def test_unexpected_error_is_logged_and_reported(qtbot, runner, parent, monkeypatch, werkstatt_home):
    """An unexpected exception shows a German message and writes the traceback to the log."""
    from ui import errors

    monkeypatch.setattr("ui.errors.QMessageBox.exec", lambda box: 0)
    finished = []
    Task(parent, lambda state: 1 / 0, on_done=lambda: finished.append(True)).run_on(runner)
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert errors.shown[-1].startswith("Unerwarteter Fehler (ZeroDivisionError)")
    (log,) = (werkstatt_home / "Fehlerprotokolle").glob("fehler-*.log")
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_cancel_reports_cancelled(qtbot, runner, parent):
    """Cancelling sets the token; the task ends as cancelled, not as success."""
    outcome = []

    def work(state):
        while not state.cancelled:
            time.sleep(0.01)
        return "zu spät"

    task = Task(parent, work, on_success=lambda r: outcome.append("success"),
                on_cancelled=lambda: outcome.append("cancelled")).run_on(runner)
    time.sleep(0.05)
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=2000)
    assert outcome == ["cancelled"]


def test_tasks_run_one_after_another(qtbot, runner, parent):
    """One runner is one worker: tasks never overlap (the model lives on it)."""
    order, done = [], []

    def make(name):
        def work(state):
            order.append(f"{name}-start")
            time.sleep(0.05)
            order.append(f"{name}-end")
        return work

    for name in "ab":
        Task(parent, make(name), on_done=lambda: done.append(1)).run_on(runner)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert order == ["a-start", "a-end", "b-start", "b-end"]


def test_signal_delivery_keeps_refcounts(qtbot, runner, parent):
    """Guards against the PySide6 6.12.0 bug that dropped a reference to True per delivery."""
    before = sys.getrefcount(True)
    done = []

    def work(state):
        for _ in range(300):
            state.flush()
            state._task._partial.emit("x")

    Task(parent, work, on_partial=lambda text: None, on_done=lambda: done.append(1)).run_on(runner)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert sys.getrefcount(True) > before - 100
