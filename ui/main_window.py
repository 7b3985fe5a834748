"""The main window: choose a template, give it a document, stream a draft, save it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from werkstatt import APP_NAME, __version__, catalog, export, markdown
from werkstatt.documents import (
    Document,
    combine,
    read_attachments,
    read_document,
    supported_suffixes,
)
from werkstatt.drafting import Draft, Restart, check_sources, stream_draft
from werkstatt.engine import Engine
from werkstatt.errors import EngineFailure, WerkstattError
from werkstatt.governance import Record, check_may_generate, load_rules
from werkstatt.kipass import load_course
from werkstatt.numbers import de, percent
from werkstatt.policy import Policy, PolicyError, load_policy
from werkstatt.settings import Settings, effective
from werkstatt.templates import Template, load_templates

from .accessibility import mnemonic_letters, with_mnemonic
from .accessibility import named as _named
from .document_edit import DocumentEdit
from .evaluation import EvaluationWindow
from .feedback_panel import FeedbackPanel
from .governance_dialogs import KiPassDialog, ModelsDialog, RulesDialog, SettingsDialog
from .my_data import MyDataDialog
from .source_check import SourceCheck
from .system_check import SystemCheckDialog
from .tasks import Task, TaskRunner, TaskState, show_error
from .template_form import TemplateForm

EngineFactory = Callable[[], Any]
ROLE_TEMPLATE = Qt.ItemDataRole.UserRole




class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None,
                 engine_factory: EngineFactory | None = None,
                 templates: list[Template] | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.model_runner = TaskRunner("model")
        self.io_runner = TaskRunner("io")
        self.feedback_runner = TaskRunner("feedback")  # the feedback database's one thread
        self.evaluation: EvaluationWindow | None = None
        try:
            self.policy = load_policy()
            self.locked = ""
        except PolicyError as exc:  # an invalid policy is never ignored: the app locks
            self.policy = Policy()
            self.locked = str(exc)
        self.record = Record()
        self.rules = load_rules()
        all_templates = templates if templates is not None else load_templates()
        self.templates = [t for t in all_templates if self.policy.template_enabled(t.id)]
        self.engine: Any = None  # made at once (cheap); the model loads on the model runner
        self.engine_error: str = ""
        self.engine_ready = False
        self.template: Template | None = None
        self.form: TemplateForm | None = None
        self.draft: Draft | None = None
        self.generation: Task | None = None
        self._started = 0.0
        self._closed = False
        self._draft_document = ""
        self._documents: tuple[str, ...] = ()  # names of the opened documents (for summaries)
        self._clipboard_data: QMimeData | None = None  # what this window last copied
        self._owns_engine = engine_factory is None
        self.setWindowTitle(APP_NAME)
        self._build_ui()
        self._build_menu()
        self._fill_templates()
        self._restore_geometry()
        if self.locked:
            self._lock()
        else:
            self._create_engine(engine_factory or self._default_engine)
        QTimer.singleShot(0, self._first_start)

    # construction --------------------------------------------------------------------
    def _build_ui(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        search_label = QLabel("&Vorlagen suchen:", left)
        self.search = _named(QLineEdit(left), "Vorlagen suchen",
                             "Filtert die Vorlagen nach Titel, Kategorie und Beschreibung.")
        self.search.setPlaceholderText("z. B. Brief, Protokoll …")
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.search.textChanged.connect(self._filter_templates)
        self.tree = _named(QTreeWidget(left), "Vorlagen", "Geprüfte Vorlagen nach Kategorie.")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._on_template_item)
        left_layout.addWidget(search_label)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.tree)

        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        self.title_label = QLabel("Bitte links eine Vorlage wählen.", middle)
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.description_label = QLabel("", middle)
        self.description_label.setWordWrap(True)
        self.form_area = QScrollArea(middle)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_area.setMaximumHeight(230)
        self.document_label = QLabel("&Dokument:", middle)
        self.document = _named(DocumentEdit(middle), "Dokument",
                               "Text einfügen, Dateien hierher ziehen oder öffnen.")
        self.document.files_dropped.connect(self.open_documents)
        self.document.setTabChangesFocus(True)
        self.document.setPlaceholderText(
            "Text hier einfügen (Strg+V), Dateien hierher ziehen oder „Datei öffnen …“ "
            "(Word, LibreOffice, PDF, E-Mail, HTML, Text).")
        self.document_label.setBuddy(self.document)
        self.document.textChanged.connect(self._update_document_info)
        self.open_button = _named(QPushButton("Datei ö&ffnen …", middle), "Datei öffnen",
                                  "Ein oder mehrere Dokumente als Eingabe laden.")
        self.open_button.clicked.connect(lambda: self.open_document())
        self.document_info = QLabel("", middle)
        doc_row = QHBoxLayout()
        doc_row.addWidget(self.open_button)
        doc_row.addWidget(self.document_info, 1)
        self.generate_button = _named(QPushButton("&Erzeugen", middle), "Erzeugen",
                                      "Entwurf mit dem lokalen Modell erzeugen (Strg+Eingabe).")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(lambda: self.generate())
        self.cancel_button = _named(QPushButton("&Abbrechen", middle), "Abbrechen",
                                    "Erzeugung abbrechen (Esc).")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.cancel_generation())
        self.progress = _named(QProgressBar(middle), "Fortschritt")
        self.progress.setVisible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.generate_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        middle_layout.addWidget(self.title_label)
        middle_layout.addWidget(self.description_label)
        middle_layout.addWidget(self.form_area)
        middle_layout.addWidget(self.document_label)
        middle_layout.addWidget(self.document, 1)
        middle_layout.addLayout(doc_row)
        middle_layout.addLayout(actions)

        right = QGroupBox("Entwurf", self)
        right_layout = QVBoxLayout(right)
        self.result_label = result_label = QLabel("E&ntwurf (bearbeitbar):", right)
        self.result = _named(QPlainTextEdit(right), "Entwurf",
                             "Das Ergebnis des Modells. Bitte prüfen und bearbeiten.")
        self.result.setTabChangesFocus(True)
        result_label.setBuddy(self.result)
        self.copy_button = _named(QPushButton("&Kopieren", right), "Kopieren",
                                  "Entwurf in die Zwischenablage kopieren.")
        self.copy_button.clicked.connect(lambda: self.copy_result())
        self.save_button = _named(QPushButton("Entwurf s&peichern …", right), "Entwurf speichern",
                                  "Entwurf als Word-Dokument, OpenDocument-Text oder Text "
                                  "speichern, im Layout der Vorlage (Strg+S).")
        self.save_button.clicked.connect(lambda: self.save_result())
        self.preview = _named(QTextBrowser(right), "Vorschau des Entwurfs",
                              "Der Entwurf mit Formatierung, wie er gespeichert wird.")
        self.preview.setTabChangesFocus(True)
        self.result_stack = QStackedWidget(right)
        self.result_stack.addWidget(self.result)
        self.result_stack.addWidget(self.preview)
        self.preview_button = _named(QPushButton("Vorscha&u", right), "Vorschau",
                                     "Zwischen bearbeitbarem Text und formatierter Vorschau wechseln.")
        self.preview_button.setCheckable(True)
        self.preview_button.toggled.connect(self._show_preview)
        for button in (self.copy_button, self.save_button, self.preview_button):
            button.setEnabled(False)
        self.result.textChanged.connect(self._update_result_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        self.feedback_panel = FeedbackPanel(
            self.settings, self.feedback_runner, right,
            on_saved=lambda uid: self.statusBar().showMessage("Bewertung gespeichert.", 5000),
            texts_allowed=self.policy.allow_feedback_texts)
        right_layout.addWidget(result_label)
        right_layout.addWidget(self.result_stack, 1)
        self.check_status = QLabel("", self)
        self.source_check = SourceCheck(self.result, right, self.check_status.setText)
        right_layout.addWidget(self.source_check.label)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.feedback_panel)

        self.splitter = QSplitter(self)
        left.setMinimumWidth(160)
        middle.setMinimumWidth(260)
        right.setMinimumWidth(280)
        for widget in (left, middle, right):
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([240, 460, 500])
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel("", central)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#b00020;color:white;padding:8px;font-weight:bold")
        self.banner.setVisible(False)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.model_status = QLabel("Modell wird vorbereitet …", self)
        self.time_status = QLabel("", self)
        self.speed_status = QLabel("", self)
        self.statusBar().addPermanentWidget(self.model_status)
        self.statusBar().addPermanentWidget(self.time_status)
        self.statusBar().addPermanentWidget(self.speed_status)
        self.statusBar().addPermanentWidget(self.check_status)
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._tick)

    def _build_menu(self) -> None:
        def action(menu: Any, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda _checked=False: slot())
            menu.addAction(act)
            return act

        file_menu = self.menuBar().addMenu("&Datei")
        action(file_menu, "Dokument ö&ffnen …", self.open_document, QKeySequence.StandardKey.Open)
        self.save_action = action(file_menu, "Entwurf &speichern …", self.save_result,
                                  QKeySequence.StandardKey.Save)
        action(file_menu, "Als &Word-Dokument speichern …", lambda: self.save_result(".docx"))
        action(file_menu, "Als &OpenDocument-Text speichern …", lambda: self.save_result(".odt"))
        action(file_menu, "Als &Text speichern …", lambda: self.save_result(".txt"))
        file_menu.addSeparator()
        action(file_menu, "&Feedback exportieren …", self.export_feedback)
        action(file_menu, "&Meine Daten …", self.show_my_data)
        action(file_menu, "&Auswertung (Pilotleitung) …", self.show_evaluation)
        file_menu.addSeparator()
        action(file_menu, "&Beenden", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Bearbeiten")
        action(edit_menu, "&Erzeugen", self.generate, "Ctrl+Return")
        action(edit_menu, "&Abbrechen", self.cancel_generation, "Esc")
        action(edit_menu, "Entwurf &kopieren", self.copy_result, "Ctrl+Shift+C")
        action(edit_menu, "&Nächste Angabe prüfen (Quellenabgleich)", self.source_check.next_finding,
               "F8")
        action(edit_menu, "Ergebnis &bewerten", self.feedback_panel.focus_form, "Ctrl+B")
        action(edit_menu, "&Vorlagen suchen", self.search.setFocus, "Ctrl+F")
        edit_menu.addSeparator()
        action(edit_menu, "E&instellungen …", self.show_settings)
        help_menu = self.menuBar().addMenu("&Hilfe")
        action(help_menu, "&Nutzungsregeln …", self.show_rules)
        action(help_menu, "&KI-Pass …", self.show_kipass)
        action(help_menu, "&Modelle …", self.show_models)
        action(help_menu, "&Systemprüfung …", self.show_system_check)
        help_menu.addSeparator()
        action(help_menu, "Ü&ber KI-Werkstatt", self.show_about)

    def _fill_templates(self) -> None:
        categories: dict[str, QTreeWidgetItem] = {}
        for template in self.templates:
            parent = categories.get(template.category)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [template.category])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent.setExpanded(True)
                categories[template.category] = parent
            item = QTreeWidgetItem(parent, [template.title])
            item.setData(0, ROLE_TEMPLATE, template.id)
            item.setToolTip(0, template.description)
        last = self.settings.get("last_template")
        self.select_template(last if any(t.id == last for t in self.templates)
                             else (self.templates[0].id if self.templates else ""))

    def _template_items(self) -> list[QTreeWidgetItem]:
        items = []
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            items.extend(parent.child(j) for j in range(parent.childCount()))
        return items

    def select_template(self, template_id: str) -> None:
        for item in self._template_items():
            if item.data(0, ROLE_TEMPLATE) == template_id:
                self.tree.setCurrentItem(item)
                return

    def _filter_templates(self, text: str) -> None:
        needle = text.strip().lower()
        by_id = {t.id: t for t in self.templates}
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            visible = 0
            for j in range(parent.childCount()):
                item = parent.child(j)
                t = by_id[item.data(0, ROLE_TEMPLATE)]
                hay = f"{t.title} {t.category} {t.description} {t.id}".lower()
                item.setHidden(bool(needle) and needle not in hay)
                visible += not item.isHidden()
            parent.setHidden(visible == 0)

    def _on_template_item(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        template_id = item.data(0, ROLE_TEMPLATE) if item else None
        if not template_id:
            return
        template = next(t for t in self.templates if t.id == template_id)
        self.template = template
        self.title_label.setText(template.title)
        self.description_label.setText(
            f"{template.description}\n(Version {template.version}, geprüft von "
            f"{template.vetted_by} am {template.vetted_on})")
        self.form = TemplateForm(template)
        self.form_area.setWidget(self.form)
        others = [w for w in self.findChildren(QAbstractButton) + self.findChildren(QLabel)
                  if w is not self.document_label]
        self.document_label.setText(with_mnemonic(f"{template.document_label}:",
                                                  mnemonic_letters(others)))
        self.document.setAccessibleName(template.document_label)
        self.settings.set("last_template", template.id)

    # engine --------------------------------------------------------------------------
    def _default_engine(self) -> Engine:
        model_id = effective(self.settings, "model_id")
        entry = catalog.find_model(model_id) if model_id else catalog.default_model()
        return Engine(entry, int(effective(self.settings, "context_tokens")))

    def _create_engine(self, factory: EngineFactory) -> None:
        """Make the engine object now, on the GUI thread, and load its model in the background.

        Every task that needs the model runs on the same serial model runner after the load
        task and calls ``engine.load()`` itself (a no-op once loaded): a generation started
        early waits for the model instead of racing the load."""
        try:
            self.engine = factory()
        except WerkstattError as exc:
            self.engine_error = str(exc)
            self.model_status.setText("Modell nicht verfügbar – siehe Meldung")
            QTimer.singleShot(0, lambda error=exc: show_error(self, error))
            return
        self.load_engine()

    def load_engine(self) -> None:
        """Load (or after a crash, restart) the engine off the UI thread."""
        engine = self.engine
        self.engine_ready = False

        def load(state: TaskState) -> Any:
            engine.load(state.progress)
            return engine

        def failed(exc: BaseException) -> None:
            self.engine_error = str(exc)
            self.model_status.setText("Modell nicht verfügbar – siehe Meldung")
            show_error(self, exc)

        def progress(fraction: float, message: str) -> None:
            self.model_status.setText(f"{message} {percent(fraction)}")

        Task(self, load, on_success=self._engine_loaded, on_failure=failed,
             on_progress=progress).run_on(self.model_runner)

    def _engine_loaded(self, engine: Any) -> None:
        self.engine_ready = True
        self.engine_error = ""
        variant = getattr(engine, "variant", "")
        self.model_status.setText(f"Modell: {engine.entry.name} – bereit")
        details = f"Geladen in {de(engine.load_seconds, 1)} s" + (
            f", CPU-Variante {variant} (Hilfe → Systemprüfung)" if variant else "")
        self.model_status.setToolTip(details)
        self.model_status.setAccessibleDescription(details)
        notice = " ".join(filter(None, (getattr(engine, "memory_warning", ""),
                                        getattr(engine, "notice", ""))))
        if notice:
            self.statusBar().showMessage(notice, 15000)

    # document input ------------------------------------------------------------------
    def _update_document_info(self) -> None:
        text = self.document.toPlainText()
        if not text:
            self.document_info.setText("")
            return
        tokens = Document("", text).estimate_tokens()
        self.document_info.setText(
            f"{de(len(text))} Zeichen, etwa {de(tokens)} Token")

    def open_document(self, path: str | None = None) -> None:
        if path:
            self.open_documents([path])
            return
        patterns = " ".join(f"*{s}" for s in supported_suffixes())
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Dokumente öffnen", self.settings.get("last_directory"),
            f"Dokumente ({patterns});;Alle Dateien (*)")
        if paths:
            self.open_documents(paths)

    def open_documents(self, paths: list[str]) -> None:
        """Read files off the UI thread; on any bad file the typed text stays untouched."""
        self.settings.set("last_directory", str(Path(paths[0]).parent))

        def read(state: TaskState) -> tuple[list[Document], list[Document], list[str]]:
            documents = [read_document(p) for p in paths]
            inner: list[Document] = []
            problems: list[str] = []
            for document in documents:
                if document.attachments:
                    readable, bad = read_attachments(document)
                    inner += readable
                    problems += bad
            return documents, inner, problems

        def loaded(result: tuple[list[Document], list[Document], list[str]]) -> None:
            documents, inner, problems = result
            if inner and self._ask_attachments(inner):
                documents = documents + inner
            else:
                problems = []
            self.document.setPlainText(combine(documents))
            self._documents = tuple(d.name for d in documents)
            notes = [n for d in documents for n in d.notes] + problems
            names = "; ".join(
                f"{d.name} ({f'{d.pages} S., ' if d.pages else ''}{de(d.chars)} Zeichen, "
                f"etwa {de(d.estimate_tokens())} Token)" for d in documents)
            self.statusBar().showMessage(
                f"Geladen: {names}" + (f" – {'; '.join(notes)}" if notes else ""), 10000)

        Task(self, read, on_success=loaded).run_on(self.io_runner)

    def _ask_attachments(self, attachments: list[Document]) -> bool:
        names = "\n".join(f"• {d.name.split(' › ')[-1]} ({de(d.estimate_tokens())} Token)"
                          for d in attachments)
        answer = QMessageBox.question(
            self, APP_NAME, f"Die E-Mail hat lesbare Anhänge:\n{names}\n\n"
            "Sollen sie ebenfalls als Eingabe übernommen werden?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return bool(answer == QMessageBox.StandardButton.Yes)

    # generation ----------------------------------------------------------------------
    def generate(self) -> None:
        if self.generation is not None or self.template is None or self.form is None:
            return
        if self.locked:
            QMessageBox.warning(self, APP_NAME, self.locked)
            return
        try:
            check_may_generate(self.policy, self.record, self.rules)
        except WerkstattError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            if not self.record.has_acknowledged(self.rules):
                self.show_rules()
            else:
                self.show_kipass()
            return
        template, values = self.template, self.form.values()
        document = self.document.toPlainText()
        try:
            template.render(values, document)
        except WerkstattError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        if self.engine is None:
            QMessageBox.warning(self, APP_NAME, self.engine_error or "Das Modell ist nicht verfügbar.")
            return
        if not document.strip():
            self._documents = ()
        self.draft = Draft(template=template, values=template.resolve_values(values),
                           model_id="", documents=self._documents)
        self._draft_document = document
        draft = self.draft
        self.result.clear()
        self.result.setReadOnly(True)
        self._set_generating(True)

        engine = self.engine

        def work(state: TaskState) -> Draft:
            engine.load(state.progress)  # waits for a load still running: same serial runner
            draft.model_id = engine.entry.id
            for chunk in stream_draft(engine, template, values, document, draft,
                                      state.cancel, state.progress):
                if isinstance(chunk, Restart):
                    state.restart(chunk.reason)
                else:
                    state.partial(chunk)
            return draft

        self.generation = Task(
            self, work, on_partial=self._append_result, on_restart=self._on_restart,
            on_progress=self._on_progress,
            on_success=self._on_generated, on_cancelled=self._on_cancelled,
            on_failure=self._on_generation_failed, on_done=lambda: self._set_generating(False),
        ).run_on(self.model_runner)

    def _append_result(self, text: str) -> None:
        if self.progress.isVisible():
            self.progress.setVisible(False)
        cursor = self.result.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text)
        self.result.setTextCursor(cursor)

    def _on_restart(self, reason: str) -> None:
        self.result.clear()
        self.statusBar().showMessage(f"Der Entwurf war unbrauchbar ({reason}); zweiter Versuch …",
                                     10000)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{message} %p %")

    def _on_generated(self, draft: Draft) -> None:
        if draft.text != self.result.toPlainText().strip():
            self.result.setPlainText(draft.text)  # the cleaned text (repeats removed)
        stats = draft.stats
        self.statusBar().showMessage(
            f"Fertig: {stats.completion_tokens} Token in {de(stats.seconds, 1)} s. "
            "Bitte den Entwurf prüfen.", 10000)
        if draft.notes:
            QMessageBox.warning(self, APP_NAME, "\n\n".join(draft.notes))
        self.speed_status.setText(f"{de(stats.tokens_per_second, 1)} Token/s")
        self.feedback_panel.had_kipass = self.record.kipass is not None
        self.feedback_panel.add_result(draft, self._draft_document)

    def _on_generation_failed(self, exc: BaseException) -> None:
        """The draft so far stays in the editor and the document in its field; after an
        engine crash the engine restarts at once so that the next "Erzeugen" works."""
        if isinstance(exc, EngineFailure):
            self.statusBar().showMessage(exc.reason, 15000)
            self.model_status.setText("KI-Engine wird neu gestartet …")
            self.load_engine()
        show_error(self, exc)

    def _on_cancelled(self) -> None:
        self.statusBar().showMessage("Erzeugung abgebrochen.", 10000)

    def _set_generating(self, active: bool) -> None:
        if active:
            self.preview_button.setChecked(False)  # the draft streams into the text view
        self.generate_button.setEnabled(not active)
        self.cancel_button.setEnabled(active)
        self.result.setReadOnly(active)
        if active:
            self._started = time.monotonic()
            self.progress.setVisible(False)
            self.speed_status.setText("")
            self.source_check.set_sources(None)  # checked once the draft is complete
            self.timer.start()
        else:
            self.generation = None
            self.progress.setVisible(False)
            self.timer.stop()
            self._tick()
            self._update_result_buttons()
            if self.draft is not None:  # also a cancelled or broken-off draft
                self.source_check.set_sources(check_sources(
                    self.draft.template, self.draft.values, self._draft_document))

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._started if self._started else 0.0
        self.time_status.setText(f"{de(elapsed, 1)} s")
        if self.generation is not None and self.generation.state.chunks and elapsed > 0:
            rate = self.generation.state.chunks / elapsed
            self.speed_status.setText(f"{de(rate, 1)} Token/s")

    def cancel_generation(self) -> None:
        if self.generation is not None:
            self.generation.cancel()
            self.statusBar().showMessage("Wird abgebrochen …")

    # result --------------------------------------------------------------------------
    def _update_result_buttons(self) -> None:
        has_text = bool(self.result.toPlainText().strip()) and self.generation is None
        self.copy_button.setEnabled(has_text)
        self.save_button.setEnabled(has_text and self.draft is not None)
        self.preview_button.setEnabled(has_text)
        if not has_text:
            self.preview_button.setChecked(False)

    def _show_preview(self, on: bool) -> None:
        """The draft as it will look (headings, lists, bold); editing stays in the text view."""
        if on:
            self.preview.setHtml(markdown.to_html(self.result.toPlainText()))
        shown = self.preview if on else self.result
        self.result_stack.setCurrentWidget(shown)
        self.result_label.setText("E&ntwurf (Vorschau):" if on else "E&ntwurf (bearbeitbar):")
        self.result_label.setBuddy(shown)
        shown.setFocus()

    def copy_result(self) -> None:
        text = self.result.toPlainText().strip()
        if text:
            if self.policy.label_clipboard:
                text += f"\n\n{self.policy.export_label}"
            data = QMimeData()  # formatted for Word and Outlook, plain for everything else
            data.setHtml(markdown.to_html(text))
            data.setText(markdown.to_plain(text).strip())
            QGuiApplication.clipboard().setMimeData(data)
            self._clipboard_data = data
            self.statusBar().showMessage("Entwurf in die Zwischenablage kopiert.", 5000)

    def _release_clipboard(self) -> None:
        """Hand a copied draft over to the clipboard as plain text before the window goes.

        Mime data made in Python is deleted by the clipboard when Qt shuts down, which can be
        after Python has finished: PySide6 then crashes at exit. Plain text set here is Qt's
        own, so the copied draft stays available after the app has closed.
        """
        clipboard = QGuiApplication.clipboard()
        if self._clipboard_data is not None and clipboard.mimeData() is self._clipboard_data:
            clipboard.setText(self._clipboard_data.text())
        self._clipboard_data = None

    def save_result(self, suffix: str = "", path: str | None = None) -> Path | None:
        text = self.result.toPlainText().strip()
        if not text or self.draft is None or self.generation is not None:
            return None
        suffix = suffix or str(self.settings.get("export_format"))
        if not path:
            filters = {s: f"{name} (*{s})" for s, name in export.FORMATS.items()}
            start = Path(self.settings.get("last_directory") or Path.home())
            suggestion = start / f"{self.draft.template.id}-{self.draft.created:%Y-%m-%d}{suffix}"
            path, chosen = QFileDialog.getSaveFileName(
                self, "Entwurf speichern", str(suggestion), ";;".join(filters.values()),
                filters.get(suffix, ""))
            if not path:
                return None
            suffix = next((s for s, f in filters.items() if f == chosen), suffix)
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(suffix)
            # The dialog asked about the name without the suffix: ask about the real one.
            if target.exists() and QMessageBox.question(
                    self, APP_NAME, f"„{target.name}“ gibt es schon. Ersetzen?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
                return None
        try:
            written = export.write(text, target, self.draft.provenance(),
                                   self.draft.export_source(text, export.letterhead(self.settings)))
        except WerkstattError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return None
        self.settings.set("last_directory", str(target.parent))
        if written.suffix.lower() in export.FORMATS:
            self.settings.set("export_format", written.suffix.lower())
        self.statusBar().showMessage(f"Gespeichert: {written}", 8000)
        return written

    # feedback ------------------------------------------------------------------------
    def export_feedback(self, folder: str | None = None) -> None:
        from werkstatt.feedback.record import feedback_path, participant_id
        from werkstatt.feedback.store import FeedbackStore

        path = feedback_path(self.settings)
        if not path.exists():
            QMessageBox.information(self, APP_NAME, "Es gibt noch keine Bewertungen zum Exportieren.")
            return
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, "Feedback exportieren: Zielordner")
            if not folder:
                return
        participant = participant_id(self.settings)

        def export(state: TaskState) -> Path:
            with FeedbackStore(path) as store:
                return store.export_for_pilot_lead(Path(folder), participant)

        Task(self, export, on_success=lambda p: QMessageBox.information(
            self, APP_NAME, f"Feedback exportiert nach:\n{p}\n\nBitte diese Datei der "
            "Pilotleitung übergeben.")).run_on(self.feedback_runner)

    def show_my_data(self) -> MyDataDialog:
        dialog = MyDataDialog(self.settings, self.feedback_runner, self,
                              extra_facts=self.record.facts())
        dialog.show()
        return dialog

    def show_evaluation(self) -> EvaluationWindow:
        if self.evaluation is None:
            self.evaluation = EvaluationWindow(self.io_runner, self)
        self.evaluation.show()
        self.evaluation.raise_()
        return self.evaluation

    # governance ----------------------------------------------------------------------
    def _lock(self) -> None:
        """An invalid policy: nothing can be generated until IT fixes the file."""
        self.banner.setText(f"KI-Werkstatt ist gesperrt: {self.locked}")
        self.banner.setVisible(True)
        self.model_status.setText("Gesperrt – Richtlinie ungültig")
        for widget in (self.generate_button, self.tree, self.search):
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

    def show_rules(self) -> RulesDialog:
        dialog = RulesDialog(self.rules, self.record, self)
        dialog.open()
        return dialog

    def show_kipass(self) -> KiPassDialog:
        dialog = KiPassDialog(load_course(), self.record, self)
        dialog.open()
        return dialog

    def show_models(self) -> ModelsDialog:
        dialog = ModelsDialog(self.settings, self.policy, self)
        dialog.open()
        return dialog

    def show_system_check(self) -> SystemCheckDialog:
        dialog = SystemCheckDialog(self.engine, self.model_runner, self)
        dialog.open()
        dialog.start()
        return dialog

    def show_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.policy, self)
        dialog.open()
        return dialog

    # misc ----------------------------------------------------------------------------
    def show_about(self) -> None:
        QMessageBox.about(
            self, f"Über {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Pilot „Lübecker KI-Werkstatt“ der Hansestadt "
            "Lübeck.<br><br>Alle Texte werden auf diesem PC erzeugt; nichts verlässt den "
            "Rechner.<br>Entwürfe sind Vorschläge: Inhalt vom Menschen prüfen und verantworten."
            + (f"<br><br>Fragen: {self.policy.contact}" if self.policy.contact else ""))

    def _restore_geometry(self) -> None:
        geometry = self.settings.get("window_geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1280, 800)
        splitter = self.settings.get("splitter_state")
        if splitter:
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode("ascii")))

    def shutdown(self) -> None:
        """Remember the window, cancel running work and wait for it (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.settings.set("window_geometry", bytes(self.saveGeometry().toBase64()).decode("ascii"))
        self.settings.set("splitter_state",
                          bytes(self.splitter.saveState().toBase64()).decode("ascii"))
        try:
            self.settings.save()
        except OSError:
            pass
        for runner in (self.model_runner, self.io_runner, self.feedback_runner):
            runner.shutdown()
        self._release_clipboard()
        if self.engine is not None and self._owns_engine:
            self.engine.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)
