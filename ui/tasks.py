"""The one way long work leaves the UI thread (Anki's QueryOp + Orange's TaskState).

    Task(parent, fn, on_success=..., on_partial=..., on_progress=...).run_on(runner)

``fn(state)`` runs on the runner's single worker thread; it reports through ``state``:
``state.progress(fraction, message)``, ``state.partial(text)`` (coalesced, every 40 ms),
``state.restart(reason)`` (the partial results so far are void), and checks
``state.cancel`` (a core ``CancelToken``). The callbacks run on the GUI thread, reached
only through queued signals; workers never touch widgets. A failure shows a German
error dialog unless ``on_failure`` is given. Each runner has one worker, so the model and
anything else bound to a thread stays on it (Anki's collection executor).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from werkstatt.errors import Cancelled, WerkstattError
from werkstatt.progress import CancelToken

log = logging.getLogger(__name__)
PARTIAL_INTERVAL = 0.04  # seconds between two partial-result signals
PROGRESS_INTERVAL = 0.1


class TaskState:
    """What the worker function sees: progress, partial results and the cancel token."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self.cancel = CancelToken()
        self.chunks = 0
        self._buffer: list[str] = []
        self._last_partial = 0.0
        self._last_progress = 0.0

    @property
    def cancelled(self) -> bool:
        return self.cancel.cancelled

    def progress(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self._task._progress.emit((float(fraction), message))

    def partial(self, text: str) -> None:
        self.chunks += 1
        self._buffer.append(text)
        now = time.monotonic()
        if now - self._last_partial >= PARTIAL_INTERVAL:
            self.flush()
            self._last_partial = now

    def flush(self) -> None:
        if self._buffer:
            text, self._buffer = "".join(self._buffer), []
            self._task._partial.emit(text)

    def restart(self, reason: str = "") -> None:
        """The partial results so far are void: the GUI clears them (``on_restart``)."""
        self._buffer = []
        self.chunks = 0
        self._task._restarted.emit(reason)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The default failure handler: a German dialog; unexpected errors go to the app's one
    handler (``errors``: the log in Fehlerprotokolle, „Details speichern“)."""
    if isinstance(exc, WerkstattError):
        QMessageBox.warning(parent, "KI-Werkstatt", str(exc))
        return
    from . import errors

    errors.show_unexpected(exc, parent)


class Task(QObject):
    """One unit of long work with GUI-thread callbacks."""

    # Progress travels as one object: PySide6 6.12 corrupted refcounts with a cross-thread
    # Signal(float, str) (a crash at interpreter exit after many emits).
    _progress = Signal(object)
    _partial = Signal(str)
    _restarted = Signal(str)
    _succeeded = Signal(object)
    _failed = Signal(object)
    _was_cancelled = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[TaskState], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_partial: Callable[[str], None] | None = None,
        on_restart: Callable[[str], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._fn = fn
        self.state = TaskState(self)
        self._callbacks = {
            "success": on_success, "partial": on_partial, "restart": on_restart,
            "progress": on_progress,
            "failure": on_failure, "cancelled": on_cancelled, "done": on_done,
        }
        self.finished_event = threading.Event()
        self._progress.connect(self._deliver_progress)
        self._partial.connect(self._deliver_partial)
        self._restarted.connect(self._deliver_restart)
        self._succeeded.connect(self._deliver_success)
        self._failed.connect(self._deliver_failure)
        self._was_cancelled.connect(self._deliver_cancelled)

    def cancel(self) -> None:
        self.state.cancel.cancel()

    def run_on(self, runner: TaskRunner) -> Task:
        runner.submit(self)
        return self

    # worker thread -------------------------------------------------------------------
    def _execute(self) -> None:
        try:
            if self.state.cancelled:
                raise Cancelled()
            result = self._fn(self.state)
            self.state.flush()
            if self.state.cancelled:
                self._was_cancelled.emit()
            else:
                self._succeeded.emit(result)
        except Cancelled:
            self.state.flush()
            self._was_cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every failure reaches the user
            self.state.flush()
            self._failed.emit(exc)
        finally:
            self.finished_event.set()

    # GUI thread ----------------------------------------------------------------------
    def _call(self, name: str, *args: Any) -> None:
        callback = self._callbacks[name]
        if callback is not None:
            callback(*args)

    @Slot(object)
    def _deliver_progress(self, update: tuple[float, str]) -> None:
        self._call("progress", *update)

    @Slot(str)
    def _deliver_partial(self, text: str) -> None:
        self._call("partial", text)

    @Slot(str)
    def _deliver_restart(self, reason: str) -> None:
        self._call("restart", reason)

    def _finish(self) -> None:
        self._call("done")
        self.deleteLater()

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        self._call("success", result)
        self._finish()

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        if self._callbacks["failure"] is not None:
            self._call("failure", exc)
        else:
            show_error(self._parent_widget, exc)
        self._finish()

    @Slot()
    def _deliver_cancelled(self) -> None:
        self._call("cancelled")
        self._finish()


class TaskRunner:
    """A serial executor: tasks run one after another on one worker thread."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._tasks: list[Task] = []

    def submit(self, task: Task) -> None:
        self._tasks = [t for t in self._tasks if not t.finished_event.is_set()]
        self._tasks.append(task)
        self._executor.submit(task._execute)

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def shutdown(self) -> None:
        """Cancel everything and wait for the worker (called when the window closes)."""
        self.cancel_all()
        self._executor.shutdown(wait=True, cancel_futures=False)
