"""The main window: it assembles the parts, the menus (``menus.py``) and the dialogs they open
(``window_dialogs.py``), and runs a request through the pipeline. Left the template picker, in
the middle the document input with the generation controls, right the draft pane with the
feedback form under it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from werkstatt import APP_NAME, pipeline
from werkstatt.drafting import Draft, Restart
from werkstatt.engine import TextEngine, make_engine
from werkstatt.errors import EngineFailure, ServerFailure, WerkstattError
from werkstatt.governance import Record, kipass_valid, load_rules
from werkstatt.numbers import de
from werkstatt.policy import Policy, PolicyError, load_policy
from werkstatt.settings import Settings
from werkstatt.templates import Template, load_templates

from . import placement
from .accessibility import install_focus_ring, themed
from .accessibility import opened as _opened
from .announce import Announcer, DraftNews
from .document_input import DocumentInput
from .draft_pane import DraftPane
from .evaluation import EvaluationWindow
from .feedback_panel import FeedbackPanel
from .generation_controls import GenerationControls
from .gremien_view import GremienWindow
from .menus import build_menus
from .model_session import EngineFactory, ModelSession
from .settings_dialog import LetterheadDialog, letterhead_missing
from .tasks import Task, TaskRunner, TaskState, show_error
from .template_picker import TemplatePicker
from .window_dialogs import WindowDialogs


class MainWindow(WindowDialogs, QMainWindow):
    def __init__(self, settings: Settings | None = None,
                 engine_factory: EngineFactory | None = None,
                 templates: list[Template] | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.model_runner = TaskRunner("model")
        self.io_runner = TaskRunner("io")
        self.feedback_runner = TaskRunner("feedback")  # the feedback database's one thread
        self.evaluation: EvaluationWindow | None = None
        self.gremien: GremienWindow | None = None
        self.fallback_box: QMessageBox | None = None  # the offer after a server failure
        try:  # the policy is read here, once, and handed to every part that obeys it
            self.policy = load_policy()
            self.locked = ""
        except PolicyError as exc:  # an invalid policy is never ignored: the app locks
            self.policy = Policy()
            self.locked = str(exc)
        self.record = Record()
        self.rules = load_rules()
        all_templates = templates if templates is not None else load_templates()
        self.templates = [t for t in all_templates
                          if self.policy.template_enabled(t.id) and not t.library_only]
        self.generation: Task | None = None
        self._closed = False
        self._owns_engine = engine_factory is None
        self.setWindowTitle(APP_NAME)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_focus_ring(app)  # the blue ring outside the focused control
        self._build_ui()
        build_menus(self)
        last = self.settings.get("last_template")
        self.select_template(last if any(t.id == last for t in self.templates)
                             else (self.templates[0].id if self.templates else ""))
        self._restore_geometry()
        if self.locked:
            self._lock()
        else:
            self.session.start(engine_factory or self._default_engine)
        QTimer.singleShot(0, self._first_start)

    # construction --------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.announcer = Announcer(self)  # status messages and a draft's course, for screen readers

        def message(timeout: int) -> Callable[[str], None]:
            return lambda text: (self.statusBar().showMessage(text, timeout), self.announcer.say(text))

        self.picker = TemplatePicker(self.templates, self)
        self.picker.chosen.connect(self._on_template)
        self.input = DocumentInput(self.settings, self.policy, self.io_runner, message(10000), self)
        self.controls = GenerationControls(self.generate, self.cancel_generation, self.input)
        self.input.rows.addWidget(self.controls)
        self.check_status = QLabel("", self)
        self.pane = DraftPane(self.settings, self.policy, message(8000), self.check_status.setText,
                              self)
        self.news = DraftNews(self.announcer, self.pane.result.toPlainText, self.pane.source_check.verdict)
        self.feedback_panel = FeedbackPanel(
            self.settings, self.policy, self.feedback_runner, self.pane,
            on_saved=lambda uid: self.statusBar().showMessage("Bewertung gespeichert.", 5000),
            return_focus=lambda: self.pane.result.setFocus())
        # the form scrolls within at most a third of the window: the draft keeps its room
        self.feedback_scroll = QScrollArea(self.pane)
        self.feedback_scroll.setWidget(self.feedback_panel)
        self.feedback_scroll.setWidgetResizable(True)
        self.feedback_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.feedback_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.feedback_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.feedback_panel.shown.connect(self.feedback_scroll.setVisible)
        self.feedback_scroll.setVisible(False)
        self.pane.rows.addWidget(self.feedback_scroll)
        self.pane.go_on.connect(self.continue_draft)
        self.session = ModelSession(self, self.model_runner, message(15000))

        self.splitter = QSplitter(self)
        for widget, width in ((self.picker, 160), (self.input, 260), (self.pane, 280)):
            widget.setMinimumWidth(width)
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([240, 460, 500])
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel("", central)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(themed("background:#b00020;color:white;padding:8px;font-weight:bold"))
        self.banner.setVisible(False)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        for label in (self.session.status, self.controls.time_status, self.controls.speed_status,
                      self.check_status):
            self.statusBar().addPermanentWidget(label)

    def select_template(self, template_id: str) -> None:
        self.picker.select(template_id)

    def take_document(self, template_id: str, document: str, names: tuple[str, ...]) -> None:
        """A document for a template (the Gremien window's hand-over): ready for "Erzeugen"."""
        self.select_template(template_id)
        self.input.set_document(document, names)
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("Dokument aus der Gremien-Bibliothek übernommen; „Erzeugen“ "
                                     "(Strg+Eingabe) schreibt den Entwurf.", 10000)

    def _on_template(self, template: Template) -> None:
        self.input.set_template(template)
        self.settings.set("last_template", template.id)

    def _default_engine(self) -> TextEngine:
        """The city's inference server where IT's policy names one, else the PC's model."""
        return make_engine(self.policy, self.settings)

    def _local_engine(self) -> TextEngine:
        return make_engine(self.policy, self.settings, local=True)

    def use_local_model(self, go_on: bool = True) -> None:
        """After a server failure, where the policy allows it: the model on this PC for the
        rest of the session; ``go_on`` continues the draft so far (or writes it anew)."""
        if self.generation is not None or not self.policy.allow_local_fallback:
            return
        self.session.close()
        self.session.start(self._local_engine)
        if self.session.engine is None:  # refused (IT's allowlist): the session says why
            return
        self.statusBar().showMessage("Weiter mit dem Modell auf diesem PC; nichts geht mehr an "
                                     "den KI-Server.", 15000)
        if go_on:
            version = self.pane.current
            if (version is not None and version.text.strip()
                    and version.request.template.pipeline == "prompt"):
                self.continue_draft()
            else:
                self.generate()

    # generation: request → pipeline → draft pane → feedback --------------------------
    def generate(self) -> None:
        template, form, engine = self.input.template, self.input.form, self.session.engine
        if self.generation is not None or template is None or form is None:
            return
        if self.locked:
            QMessageBox.warning(self, APP_NAME, self.locked)
            return
        try:
            request = pipeline.prepare(self.policy, self.record, template, form.values(),
                                       self.input.text(), self.input.names, rules=self.rules)
        except WerkstattError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            if not self.record.has_acknowledged(self.rules):
                self.show_rules()
            elif (self.policy.require_kipass and not self.policy.kipass_accounts
                  and not kipass_valid(self.record)[0]):
                self.show_kipass()  # self-declared: the pass is taken here (IT's list: not)
            return
        if engine is None:
            QMessageBox.warning(self, APP_NAME, self.session.error or "Das Modell ist nicht verfügbar.")
            return
        if template.output == "letter" and self._ask_letterhead_once():
            return  # the letter is written once the sender's data are in
        self._start(engine, request)

    def continue_draft(self) -> None:
        """Go on from a draft cut at the length limit, with the user's edits."""
        version, engine = self.pane.current, self.session.engine
        if self.generation is None and version is not None and engine is not None:
            self._start(engine, pipeline.continued(version.request, self.pane.result.toPlainText()))

    def _start(self, engine: TextEngine, request: pipeline.Request) -> None:
        response: pipeline.Response | None = None

        def work(state: TaskState) -> Draft | None:
            nonlocal response
            engine.load(state.progress)  # waits for a load still running: same serial runner
            response = pipeline.run(engine, request, state.cancel, state.progress)
            for chunk in response:
                if isinstance(chunk, Restart):
                    state.restart(chunk.reason)
                else:
                    state.partial(chunk)
            return response.draft

        def done() -> None:
            self.generation = None
            self._stop_controls()
            self.pane.finish(response.draft if response else None, request)
            self.news.finished(self.pane.current)  # with the Quellenabgleich's verdict

        def cancelled() -> None:
            self.statusBar().showMessage("Erzeugung abgebrochen.", 10000)
            self.news.cancelled()

        started_here = self.controls.generate_button.hasFocus()
        self.pane.start()
        self.news.started(request.template.title)
        self.generation = Task(
            self, work, on_partial=self._on_partial, on_restart=self._on_restart,
            on_progress=lambda f, m: (self.controls.show_progress(f, m), self.news.reading(f, m)),
            on_success=self._on_generated, on_cancelled=cancelled,
            on_failure=self._on_generation_failed, on_done=done,
        ).run_on(self.model_runner)
        task = self.generation
        self.controls.start(lambda: task.state.chunks)
        if started_here:  # "Erzeugen" is off now: the keyboard stays on the work (Esc, Abbrechen)
            self.controls.cancel_button.setFocus()

    def _stop_controls(self) -> None:
        """The draft is done: "Abbrechen" goes off, and the keyboard goes to the draft, not
        wherever Qt would send it (the template search)."""
        on_cancel = self.controls.cancel_button.hasFocus()
        self.controls.stop()
        if on_cancel:
            self.pane.result.setFocus()

    def _ask_letterhead_once(self) -> bool:
        """Before the first letter, and before it is written: the sender's data, unless IT
        fixed them all. True while the dialog is open; closing it (saved or „Später“) fills
        the letter's signature and writes the letter."""
        if self.settings.get("letterhead_asked") or not letterhead_missing(self.settings,
                                                                           self.policy):
            return False
        self.settings.set("letterhead_asked", True)
        self.settings.save()
        dialog = _opened(LetterheadDialog(self.settings, self.policy, self))
        dialog.finished.connect(lambda _result: self._after_letterhead())
        return True

    def _after_letterhead(self) -> None:
        self.input.apply_presets()  # "Unterzeichnet von": the contact just entered
        self.generate()

    def _on_partial(self, text: str) -> None:
        self.controls.streaming()
        self.pane.append(text)
        self.news.writing()

    def _on_restart(self, reason: str) -> None:
        self.pane.result.clear()
        self.statusBar().showMessage(f"Der Entwurf war unbrauchbar ({reason}); zweiter Versuch …",
                                     10000)

    def _on_generated(self, draft: Draft) -> None:
        self._stop_controls()  # the clock stops with the draft, not when a message is closed
        if draft.text != self.pane.result.toPlainText().strip():
            self.pane.result.setPlainText(draft.text)  # the cleaned text (repeats removed)
        stats = draft.stats
        self.statusBar().showMessage(
            "Kein brauchbarer Entwurf – siehe Hinweis über dem Text." if draft.unusable else
            f"Fertig: {stats.completion_tokens} Token in {de(stats.seconds, 1)} s. "
            "Bitte den Entwurf prüfen.", 10000)
        self.controls.show_speed(stats.tokens_per_second)
        if draft.notes:  # after the pane shows the draft as what it is (``done``)
            notes = "\n\n".join(draft.notes)
            QTimer.singleShot(0, lambda: QMessageBox.warning(self, APP_NAME, notes))
        self.feedback_panel.had_kipass = self.record.kipass is not None
        self.feedback_panel.add_result(draft, self.input.document.toPlainText())

    def _on_generation_failed(self, exc: BaseException) -> None:
        """The draft so far stays in the editor and the document in its field; after an
        engine crash the engine restarts at once so that the next "Erzeugen" works. After a
        server failure the model on this PC is offered where the policy allows it."""
        self.news.failed(getattr(exc, "reason", "") or str(exc) or "Die Erzeugung ist fehlgeschlagen.")
        if isinstance(exc, EngineFailure):
            self.statusBar().showMessage(exc.reason, 15000)
            self.session.restart()
        if isinstance(exc, ServerFailure):
            self.statusBar().showMessage(exc.reason, 15000)
            if exc.fallback:  # after the failed task has finished: then a new one may start
                self.fallback_box = self.session.offer_local(
                    exc.reason, lambda: QTimer.singleShot(0, self.use_local_model))
                return
        show_error(self, exc)

    def cancel_generation(self) -> None:
        if self.generation is not None:
            self.generation.cancel()
            self.statusBar().showMessage("Wird abgebrochen …")

    # governance ----------------------------------------------------------------------
    def _lock(self) -> None:
        """An invalid policy: nothing can be generated until IT fixes the file."""
        self.banner.setText(f"KI-Werkstatt ist gesperrt: {self.locked}")
        self.banner.setVisible(True)
        self.session.lock()
        for widget in (self.controls.generate_button, self.picker):
            widget.setEnabled(False)

    def _first_start(self) -> None:
        if self._closed:
            return
        if self.locked:
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                              f"{self.locked}\n\nBitte wenden Sie sich an die IT.", parent=self)
            box.open()
        elif not self.record.has_acknowledged(self.rules):
            self.show_rules()

    # window state --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        placement.restore(self, "main", self.settings, QSize(1280, 800))
        splitter = self.settings.get("splitter_state")
        if splitter:
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode("ascii")))

    def shutdown(self) -> None:
        """Remember the window, cancel running work and wait for it (idempotent)."""
        if self._closed:
            return
        self._closed = True
        placement.remember(self, "main", self.settings)
        if self.gremien is not None and self.gremien.isVisible():
            placement.remember(self.gremien, "gremien", self.settings)
        self.settings.set("splitter_state",
                          bytes(self.splitter.saveState().toBase64()).decode("ascii"))
        try:
            self.settings.save()
        except OSError:
            pass
        if self.gremien is not None:
            self.gremien.shutdown()  # its own runner: a sync ends within a second of the cancel
        for runner in (self.model_runner, self.io_runner, self.feedback_runner):
            runner.shutdown()
        self.pane.release_clipboard()
        if self._owns_engine:
            self.session.close()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.feedback_scroll.setMaximumHeight(max(120, self.height() // 3))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._closed and not self.pane.may_discard():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
