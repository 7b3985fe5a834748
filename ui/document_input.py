"""The document input: the chosen template's title and form, and the document it works on
(typed, pasted, dropped or opened; files are read off the UI thread)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from werkstatt import APP_NAME
from werkstatt.documents import Document, combine, read_attachments, read_document, supported_suffixes
from werkstatt.errors import WerkstattError
from werkstatt.letters import kinds as letter_kinds
from werkstatt.numbers import de
from werkstatt.policy import Policy
from werkstatt.settings import Settings, letterhead
from werkstatt.templates import Template

from .accessibility import mnemonic_letters, named, with_mnemonic
from .document_edit import DocumentEdit
from .tasks import Task, TaskRunner, TaskState
from .template_form import TemplateForm

Loaded = tuple[list[Document], list[Document], list[str]]  # documents, attachments, problems


class DocumentInput(QWidget):
    """``template``, ``form`` (its fields) and ``document`` (the text); ``names`` are the
    opened documents' names, cleared when the text is emptied."""

    def __init__(self, settings: Settings, policy: Policy, runner: TaskRunner,
                 message: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.policy, self.runner, self.message = settings, policy, runner, message
        self.template: Template | None = None
        self.form: TemplateForm | None = None
        self.names: tuple[str, ...] = ()
        self._values: dict[str, dict[str, str]] = {}  # each template's fields while the app runs
        self._owner: Template | None = None  # the template the document was written for
        self._kind_chosen: set[str] = set()  # templates whose letter kind the user picked
        self.title_label = QLabel("Bitte links eine Vorlage wählen.", self)
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.description_label = QLabel("", self)
        self.description_label.setWordWrap(True)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields
        self.form_area.setMaximumHeight(230)
        self.document_label = QLabel("&Dokument:", self)
        self.document = named(DocumentEdit(self), "Dokument",
                              "Text einfügen, Dateien hierher ziehen oder öffnen.")
        self.document.files_dropped.connect(self.open_documents)
        self.document.setPlaceholderText(
            "Text hier einfügen (Strg+V), Dateien hierher ziehen oder „Datei öffnen …“ "
            "(Word, LibreOffice, PDF, E-Mail, HTML, Text).")
        self.document_label.setBuddy(self.document)
        self.document.textChanged.connect(self._update_info)
        self.open_button = named(QPushButton("Datei ö&ffnen …", self), "Datei öffnen",
                                 "Ein oder mehrere Dokumente als Eingabe laden.")
        self.open_button.clicked.connect(lambda: self.open_document())
        self.info = QLabel("", self)
        # a document carried over from another template is said so, and cleared in one step
        self.carried = QLabel("", self)
        self.carried.setWordWrap(True)
        self.clear_button = named(QPushButton("Dokument &leeren", self), "Dokument leeren",
                                  "Den Text im Dokumentfeld löschen (mit Strg+Z zurückholbar).")
        self.clear_button.clicked.connect(self.clear_document)
        carried_row = QHBoxLayout()
        carried_row.addWidget(self.carried, 1)
        carried_row.addWidget(self.clear_button)
        self.show_carried("")
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.info, 1)
        self.rows = QVBoxLayout(self)
        for widget in (self.title_label, self.description_label, self.form_area,
                       self.document_label):
            self.rows.addWidget(widget)
        self.rows.addLayout(carried_row)
        self.rows.addWidget(self.document, 1)
        self.rows.addLayout(row)

    def set_template(self, template: Template) -> None:
        """Show ``template``'s form with the values typed into it earlier in this session; a
        document typed for the previous template stays, with a note saying so."""
        previous = self.template
        if previous is not None and self.form is not None:
            self._values[previous.id] = self.form.values()
        self.template = template
        self.title_label.setText(template.title)
        self.description_label.setText(
            f"{template.description}\n(Version {template.version}, geprüft von "
            f"{template.vetted_by} am {template.vetted_on})")
        self.form = TemplateForm(template)
        head = letterhead(self.policy, self.settings)
        for field in template.fields:  # e.g. "Unterzeichnet von": the letterhead's contact
            if field.preset and getattr(head, field.preset):
                self.form.set_value(field.id, getattr(head, field.preset))
        presets = {f.id for f in template.fields if f.preset}
        for field_id, value in self._values.get(template.id, {}).items():
            if value or field_id not in presets:  # what was typed; a preset outlives a blank
                self.form.set_value(field_id, value)
        self.form_area.setWidget(self.form)
        self._watch_kind(template)
        # a short form without its own scroll bar; a long one scrolls above the document
        self.form_area.setMaximumHeight(min(self.form.sizeHint().height() + 6, 340))
        self._keyboard_path(self.form)
        self.document.setAccessibleName(template.document_label)
        owner = self._owner  # the template the text was typed or opened for
        carried = owner is not None and owner.id != template.id and self.text().strip()
        self.show_carried(f"Der Text im Feld „{template.document_label}“ stammt aus „{owner.title}“."
                          if carried and owner else "")

    def apply_presets(self) -> None:
        """Fill empty preset fields ("Unterzeichnet von") from the letterhead as it is now."""
        if self.template is None or self.form is None:
            return
        head = letterhead(self.policy, self.settings)
        values = self.form.values()
        for field in self.template.fields:
            if field.preset and not values.get(field.id, "").strip() and getattr(head, field.preset):
                self.form.set_value(field.id, getattr(head, field.preset))

    def _keyboard_path(self, form: TemplateForm) -> None:
        """Every field label and the document label get an Alt+letter not used elsewhere in
        the window; Tab goes from the template list through the fields to the document (a
        new form's editors would otherwise come last in the focus chain)."""
        window = self.window()
        labels = form.findChildren(QLabel)
        others = [w for w in window.findChildren(QAbstractButton) + window.findChildren(QLabel)
                  if w is not self.document_label and w not in labels]
        taken = mnemonic_letters(others)
        for label in [self.document_label, *labels]:  # the document's label first
            text = (f"{self.template.document_label}:" if label is self.document_label and self.template
                    else label.text().replace("&", ""))
            label.setText(with_mnemonic(text, taken))
            taken |= mnemonic_letters([label])
        editors = list(form.editors.values())
        if editors:
            before = self.document.previousInFocusChain()  # the first one Tab stops at
            while before is not self.document and not before.focusPolicy() & Qt.FocusPolicy.TabFocus:
                before = before.previousInFocusChain()
            for first, second in zip([before, *editors], [*editors, self.document]):
                QWidget.setTabOrder(first, second)

    def show_carried(self, note: str) -> None:
        self.carried.setText(note)
        self.carried.setVisible(bool(note))
        self.clear_button.setVisible(bool(note))

    def clear_document(self) -> None:
        """Empty the document field as one undoable edit (Strg+Z brings the text back)."""
        cursor = self.document.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.removeSelectedText()
        self.names = ()
        self.show_carried("")
        self.document.setFocus()

    def set_document(self, text: str, names: tuple[str, ...]) -> None:
        """A document handed over from elsewhere in the app (the Gremien view)."""
        self.document.setPlainText(text)
        self.names = names
        self.show_carried("")

    def text(self) -> str:
        if not self.document.toPlainText().strip():
            self.names = ()
        return self.document.toPlainText()

    def _update_info(self) -> None:
        text = self.document.toPlainText()
        if not text or self._owner is not self.template:  # edited here: it is this one's now
            self.show_carried("")
        self._owner = self.template if text else None
        tokens = Document("", text).estimate_tokens()
        self.info.setText(f"{de(len(text))} Zeichen, etwa {de(tokens)} Token" if text else "")
        self._propose_kind(text)

    def _watch_kind(self, template: Template) -> None:
        """A letter's kind ("Art des Schreibens") follows the notes as they are typed, until
        the user picks one (werkstatt/letters/kinds.py proposes it)."""
        try:
            field_id = letter_kinds.load().fields.get(template.id, "")
        except WerkstattError:
            return  # the letter data is broken: writing the letter says so
        editor = self.form.editors.get(field_id) if self.form is not None else None
        if isinstance(editor, QComboBox):
            editor.activated.connect(lambda _index, tid=template.id: self._kind_chosen.add(tid))
        self._propose_kind(self.document.toPlainText())

    def _propose_kind(self, text: str) -> None:
        if self.template is None or self.form is None or self.template.id in self._kind_chosen:
            return
        try:
            proposal = letter_kinds.load().proposal(self.template.id, text)
        except WerkstattError:
            return
        if proposal and proposal[0] in self.form.editors:
            self.form.set_value(*proposal)

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

        def read(state: TaskState) -> Loaded:
            documents = [read_document(p) for p in paths]
            inner: list[Document] = []
            problems: list[str] = []
            for document in documents:
                if document.attachments:
                    readable, bad = read_attachments(document)
                    inner += readable
                    problems += bad
            return documents, inner, problems

        folder = str(Path(paths[0]).parent)
        Task(self, read, on_success=lambda result: self._loaded(result, folder)).run_on(self.runner)

    def _loaded(self, result: Loaded, folder: str) -> None:
        documents, inner, problems = result
        if inner and self._ask_attachments(inner):
            documents = documents + inner
        else:
            problems = []
        self.document.setPlainText(combine(documents))
        self.names = tuple(d.name for d in documents)
        self.settings.set("last_directory", folder)  # only a folder a document was read from
        self.show_carried("")
        notes = [n for d in documents for n in d.notes] + problems
        names = "; ".join(
            f"{d.name} ({f'{d.pages} S., ' if d.pages else ''}{de(d.chars)} Zeichen, "
            f"etwa {de(d.estimate_tokens())} Token)" for d in documents)
        self.message(f"Geladen: {names}" + (f" – {'; '.join(notes)}" if notes else ""))

    def _ask_attachments(self, attachments: list[Document]) -> bool:
        names = "\n".join(f"• {d.name.split(' › ')[-1]} ({de(d.estimate_tokens())} Token)"
                          for d in attachments)
        answer = QMessageBox.question(
            self, APP_NAME, f"Die E-Mail hat lesbare Anhänge:\n{names}\n\n"
            "Sollen sie ebenfalls als Eingabe übernommen werden?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return bool(answer == QMessageBox.StandardButton.Yes)


if __name__ == "__main__":  # preview: python -m ui.document_input [vorlage]
    import sys
    import tempfile

    from PySide6.QtWidgets import QApplication

    from werkstatt.templates import get_template

    app = QApplication([])
    runner = TaskRunner("io")
    view = DocumentInput(Settings(Path(tempfile.mkdtemp()) / "settings.json"), Policy(), runner,
                         print)
    view.set_template(get_template(sys.argv[1] if len(sys.argv) > 1 else "buergerbrief"))
    view.show()
    app.exec()
    runner.shutdown()
