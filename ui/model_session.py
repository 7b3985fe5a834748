"""The model session: the engine process this window talks to, loaded off the UI thread,
restarted after a crash, and its state in the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from werkstatt.engine import TextEngine
from werkstatt.errors import WerkstattError
from werkstatt.numbers import de, percent

from .tasks import Task, TaskRunner, TaskState, show_error

EngineFactory = Callable[[], TextEngine]


class ModelSession:
    """``engine`` (None if it could not be made), ``ready`` once loaded, ``error`` why not;
    ``status`` is the status bar's model label."""

    def __init__(self, parent: QWidget, runner: TaskRunner,
                 message: Callable[[str], None]) -> None:
        self.parent, self.runner, self.message = parent, runner, message
        self.engine: TextEngine | None = None
        self.ready = False
        self.error = ""
        self.status = QLabel("Modell wird vorbereitet …", parent)

    def start(self, factory: EngineFactory) -> None:
        """Make the engine object now, on the GUI thread, and load its model in the background.

        Every task that needs the model runs on the same serial model runner after the load
        task and calls ``engine.load()`` itself (a no-op once loaded): a generation started
        early waits for the model instead of racing the load."""
        self.engine = None  # a refused choice leaves no earlier engine in use
        try:
            self.engine = factory()
        except WerkstattError as exc:
            self._failed(exc, later=True)
            return
        self.load()

    def load(self) -> None:
        """Load (or after a crash, restart) the engine off the UI thread."""
        engine = self.engine
        assert engine is not None
        self.ready = False

        def load(state: TaskState) -> TextEngine:
            engine.load(state.progress)
            return engine

        def progress(fraction: float, message: str) -> None:
            self.status.setText(f"{message} {percent(fraction)}")

        Task(self.parent, load, on_success=self._loaded, on_failure=self._failed,
             on_progress=progress).run_on(self.runner)

    def restart(self) -> None:
        """After the engine process died: a new one, so that the next request works."""
        self.status.setText("KI-Engine wird neu gestartet …")
        self.load()

    def _failed(self, exc: BaseException, later: bool = False) -> None:
        self.error = str(exc)
        self.status.setText("Modell nicht verfügbar – siehe Meldung")
        if later:  # the window is not shown yet
            QTimer.singleShot(0, lambda: show_error(self.parent, exc))
        else:
            show_error(self.parent, exc)

    def where(self) -> str:
        """Where the text goes, in one German sentence (status bar, Hilfe → Über)."""
        server = str(getattr(self.engine, "server", "")) if self.engine is not None else ""
        if server:
            return (f"Servermodus: Eingaben und Entwürfe gehen an den KI-Server {server} der "
                    "Stadt und an keinen anderen Ort.")
        return "Alle Texte werden auf diesem PC erzeugt; nichts verlässt den Rechner."

    def _loaded(self, engine: TextEngine) -> None:
        self.ready = True
        self.error = ""
        variant = getattr(engine, "variant", "")
        server = str(getattr(engine, "server", ""))
        if server:
            self.status.setText(f"KI-Server {server}: {engine.entry.name} – bereit")
            details = self.where()
        else:
            self.status.setText(f"Modell: {engine.entry.name} – bereit")
            details = f"Geladen in {de(engine.load_seconds, 1)} s" + (
                f", CPU-Variante {variant} (Hilfe → Systemprüfung)" if variant else "")
        self.status.setToolTip(details)
        self.status.setAccessibleDescription(details)
        notice = " ".join(filter(None, (engine.memory_warning, getattr(engine, "notice", ""))))
        if notice:
            self.message(notice)

    def offer_local(self, reason: str, accepted: Callable[[], None]) -> QMessageBox:
        """After a server failure (where the policy allows it): the PC's model instead."""
        box = QMessageBox(QMessageBox.Icon.Warning, "KI-Werkstatt",
                          f"{reason}\n\nDer bisherige Entwurf bleibt erhalten.", parent=self.parent)
        box.setInformativeText("Mit dem Modell auf diesem PC weitermachen? Es ist langsamer "
                               "und schreibt einfacher; der Text bleibt dann auf diesem PC.")
        local = box.addButton("Mit dem Modell auf &diesem PC weitermachen",
                              QMessageBox.ButtonRole.AcceptRole)
        local.setAccessibleName("Mit dem Modell auf diesem PC weitermachen")
        later = box.addButton("&Nicht jetzt", QMessageBox.ButtonRole.RejectRole)
        later.setAccessibleName("Nicht jetzt")
        box.setDefaultButton(local)
        local.clicked.connect(accepted)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def lock(self) -> None:
        self.status.setText("Gesperrt – Richtlinie ungültig")

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


if __name__ == "__main__":  # preview: python -m ui.model_session (loads the default model)
    from PySide6.QtWidgets import QApplication

    from werkstatt import catalog
    from werkstatt.engine import Engine

    app = QApplication([])
    runner = TaskRunner("model")
    window = QWidget()
    session = ModelSession(window, runner, print)
    session.status.setParent(window)
    window.show()
    session.start(lambda: Engine(catalog.default_model(), 2048))
    app.exec()
    runner.shutdown()
    session.close()
