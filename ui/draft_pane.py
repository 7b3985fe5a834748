"""The draft pane: the draft as it streams in, editable; a formatted preview; copy and save
in the template's layout; the source check under it; every draft of this session in a
"Verlauf", edits included, so generating again never loses one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from werkstatt import APP_NAME, export, markdown
from werkstatt.drafting import Draft
from werkstatt.errors import WerkstattError
from werkstatt.pipeline import Request
from werkstatt.policy import Policy
from werkstatt.settings import Settings, letterhead

from .accessibility import named, themed
from .source_check import SourceCheck

CHECK_NOTE = "KI-Entwurf – bitte vor der Verwendung prüfen und verantworten."
WRITING_NOTE = "KI-Entwurf entsteht … – bitte danach prüfen und verantworten."
CUT_NOTE = ("Unvollständig: die Längengrenze der Vorlage ist erreicht, der Text bricht ab. "
            "„Weiterschreiben“ setzt ihn fort, oder selbst zu Ende schreiben.")
CANCELLED_NOTE = "Abgebrochen: der Entwurf ist unvollständig."
UNUSABLE_NOTE = ("Kein brauchbarer Entwurf – der Text unten ist nur zur Ansicht: {notes} "
                 "„Trotzdem übernehmen“ macht ihn zu Ihrem Entwurf.")
NOTE_STYLE = "background:#fff4ce;color:#3b2f00;padding:4px"
UNUSABLE_STYLE = "background:#fde7e9;color:#5c0010;padding:4px;font-weight:bold"
SALUTATION = re.compile(r"^(sehr geehrte[rn]?|liebe[rn]?|hallo|guten tag|moin)\b.*,$", re.IGNORECASE)


def describe(draft: Draft, text: str) -> str:
    """One line telling drafts apart (Verlauf, close warning, feedback): time, template, the
    body's first words (after the heading and the salutation every letter shares), length,
    and whether it was cancelled or unusable."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("#") and not SALUTATION.match(line)]
    words = " ".join(body or lines).replace("*", "").split()
    state = ("abgebrochen" if draft.stats.cancelled else "unbrauchbar" if draft.unusable else "")
    return " – ".join(filter(None, (
        f"{draft.created:%H:%M:%S}", draft.template.title,
        f"„{' '.join(words[:6])}{' …' if len(words) > 6 else ''}“" if words else "",
        f"{len(text.split())} Wörter", state)))


@dataclass
class Version:
    """One draft of this session: as generated, as last edited, as last saved."""

    draft: Draft
    text: str
    request: Request
    saved: str = ""
    accepted: bool = False  # an unusable draft the user took over anyway

    def label(self) -> str:
        return describe(self.draft, self.text)

    @property
    def usable(self) -> bool:
        """A draft to work with: not unusable, or taken over by the user ("Trotzdem übernehmen")."""
        return not self.draft.unusable or self.accepted

    def unsaved(self) -> bool:
        """Edited by the user and not saved since."""
        text = self.text.strip()
        return bool(text) and text != self.draft.text.strip() and text != self.saved.strip()


class DraftPane(QGroupBox):
    """``draft`` is the last draft made (its template, values and figures); the text shown
    is the user's to edit. ``busy`` while a draft streams in. ``go_on``: the user asks to
    continue a draft cut at the length limit."""

    go_on = Signal()

    def __init__(self, settings: Settings, policy: Policy, message: Callable[[str], None],
                 check_status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__("Entwurf", parent)
        self.settings, self.policy, self.message = settings, policy, message
        self.draft: Draft | None = None
        self.busy = False
        self.versions: list[Version] = []
        self.current: Version | None = None
        self._clipboard_data: QMimeData | None = None  # what this pane last copied
        self.history = named(QComboBox(self), "Verlauf",
                             "Alle Entwürfe seit dem Start, mit Ihren Änderungen; Auswahl holt "
                             "einen zurück.")
        history_label = QLabel("Ve&rlauf:", self)
        history_label.setBuddy(self.history)
        self.history.activated.connect(self.show_version)
        self.history.setEnabled(False)
        self.history_row = QHBoxLayout()
        self.history_row.addWidget(history_label)
        self.history_row.addWidget(self.history, 1)
        self.note = QLabel("", self)  # stays while a draft is shown: never mistaken for final
        self.note.setWordWrap(True)
        self.note.setStyleSheet(themed(NOTE_STYLE))
        self.note.setVisible(False)
        self.go_on_button = named(QPushButton("Weiters&chreiben", self), "Weiterschreiben",
                                  "Den abgebrochenen Entwurf (mit Ihren Änderungen) fortsetzen.")
        self.go_on_button.setVisible(False)
        self.go_on_button.clicked.connect(lambda: self.go_on.emit())
        self.accept_button = named(QPushButton("Trotzdem übernehmen", self), "Trotzdem übernehmen",
                                   "Den unbrauchbaren Entwurf dennoch als Ihren Entwurf "
                                   "übernehmen, um ihn zu bearbeiten und zu speichern.")
        self.accept_button.setVisible(False)
        self.accept_button.clicked.connect(lambda: self.accept_unusable())
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.go_on_button)
        note_row.addWidget(self.accept_button)
        self.result_label = QLabel("E&ntwurf (bearbeitbar):", self)
        self.result = named(QPlainTextEdit(self), "Entwurf",
                            "Das Ergebnis des Modells. Bitte prüfen und bearbeiten.")
        self.result.setTabChangesFocus(True)
        self.result_label.setBuddy(self.result)
        self.preview = named(QTextBrowser(self), "Vorschau des Entwurfs",
                             "Der Entwurf mit Formatierung, wie er gespeichert wird.")
        self.preview.setTabChangesFocus(True)
        self.preview.installEventFilter(self)  # typing there is explained, not ignored
        self.result_stack = QStackedWidget(self)
        self.result_stack.addWidget(self.result)
        self.result_stack.addWidget(self.preview)
        self.copy_button = named(QPushButton("&Kopieren", self), "Kopieren",
                                 "Entwurf in die Zwischenablage kopieren.")
        self.copy_button.clicked.connect(lambda: self.copy())
        self.save_button = named(QPushButton("Entwurf s&peichern …", self), "Entwurf speichern",
                                 "Entwurf als Word-Dokument, OpenDocument-Text oder Text "
                                 "speichern, im Layout der Vorlage (Strg+S).")
        self.save_button.clicked.connect(lambda: self.save())
        self.preview_button = named(QPushButton("Vorscha&u", self), "Vorschau",
                                    "Zwischen bearbeitbarem Text und formatierter Vorschau wechseln.")
        self.preview_button.setCheckable(True)
        self.preview_button.toggled.connect(self.show_preview)
        for button in (self.copy_button, self.save_button, self.preview_button):
            button.setEnabled(False)
        self.result.textChanged.connect(self.update_buttons)
        self.source_check = SourceCheck(self.result, self, check_status)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.preview_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.rows = QVBoxLayout(self)
        self.rows.addLayout(self.history_row)
        self.rows.addLayout(note_row)
        self.rows.addWidget(self.result_label)
        self.rows.addWidget(self.result_stack, 1)
        self.rows.addWidget(self.source_check.label)
        self.rows.addLayout(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (watched is self.preview and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.text().strip()
                and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier):
            self.message("Die Vorschau ist nur zum Lesen. Zum Bearbeiten „Vorschau“ ausschalten "
                         "(Alt+U).")
            return True
        return super().eventFilter(watched, event)

    # streaming -----------------------------------------------------------------------
    def start(self) -> None:
        """A new draft streams in: the text view shows, read-only, the check waits."""
        self.busy = True
        self._keep_edits()
        self.note.setText(WRITING_NOTE)  # the note keeps its place: the text does not jump
        self.note.setStyleSheet(themed(NOTE_STYLE))
        self.note.setVisible(True)
        self.go_on_button.setVisible(False)
        self.accept_button.setVisible(False)
        self.preview_button.setChecked(False)
        self.result.clear()
        self.result.setReadOnly(True)
        self.source_check.set_sources(None)  # checked once the draft is complete
        self.update_buttons()

    def append(self, text: str) -> None:
        cursor = self.result.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text)
        self.result.setTextCursor(cursor)

    def finish(self, draft: Draft | None, request: Request) -> None:
        """Streaming ended (done, cancelled or broken off): the text is the user's again."""
        self.busy = False
        self.result.setReadOnly(False)
        if draft is not None:
            self.draft = draft
            self.current = Version(draft, self.result.toPlainText(), request)
            self.versions.append(self.current)
            self.history.addItem(self.current.label())
            self.history.setCurrentIndex(len(self.versions) - 1)
            self._show(self.current)
        else:  # broken off (an engine or server failure): what came stays, checked, and no
            self.current = None  # earlier draft of the Verlauf is overwritten with it
            self.note.setText(f"{CANCELLED_NOTE} {CHECK_NOTE}")
            self.note.setStyleSheet(themed(NOTE_STYLE))
            self.accept_button.setVisible(False)
            self.source_check.set_sources(request.sources())
        self.history.setEnabled(bool(self.versions))
        self.update_buttons()

    def _show(self, version: Version) -> None:
        """The note over a draft says what it is; an unusable one is read-only, unchecked and
        cannot be copied or saved until the user takes it over."""
        draft = version.draft
        cut = draft.stats.finish_reason == "length"
        if not version.usable:
            text = UNUSABLE_NOTE.format(notes=" ".join(draft.notes))
        else:
            text = " ".join(filter(None, (
                CANCELLED_NOTE if draft.stats.cancelled else "", CHECK_NOTE,
                CUT_NOTE if cut else "")))
        self.note.setText(text)
        self.note.setStyleSheet(themed(NOTE_STYLE if version.usable else UNUSABLE_STYLE))
        self.note.setAccessibleDescription(text)
        self.note.setVisible(True)
        self.accept_button.setVisible(not version.usable)
        self.go_on_button.setVisible(version.usable and (cut or draft.stats.cancelled)
                                     and draft.template.pipeline == "prompt")
        self.result.setReadOnly(not version.usable)
        self.source_check.set_sources(version.request.sources() if version.usable else None)
        self.update_buttons()

    def accept_unusable(self) -> None:
        """The user takes an unusable draft over as theirs: editable, checked, savable."""
        if self.current is None or self.current.usable or self.busy:
            return
        self.current.accepted = True
        self.history.setItemText(self.versions.index(self.current), self.current.label())
        self._show(self.current)
        self.result.setFocus()
        self.message("Unbrauchbaren Entwurf übernommen – bitte besonders sorgfältig prüfen.")

    def _keep_edits(self) -> None:
        if self.current is not None:
            self.current.text = self.result.toPlainText()

    def show_version(self, index: int) -> None:
        """Bring back a draft of this session as it was last edited."""
        if self.busy or not 0 <= index < len(self.versions):
            return
        self._keep_edits()
        self.current = version = self.versions[index]
        self.draft = version.draft
        self.result.setPlainText(version.text)
        self._show(version)
        self.message(f"Entwurf von {version.draft.created:%H:%M:%S} wiederhergestellt.")

    def may_discard(self) -> bool:
        """Edited drafts not saved: ask before they go (the Verlauf lives only while the app
        runs)."""
        unsaved = self.unsaved()
        if not unsaved:
            return True
        answer = QMessageBox.question(
            self, APP_NAME, "Diese bearbeiteten Entwürfe sind nicht gespeichert:\n"
            + "\n".join(f"• {label}" for label in unsaved)
            + "\n\nTrotzdem beenden? Die Änderungen gehen verloren.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def unsaved(self) -> list[str]:
        """The drafts of this session with edits that were not saved (for closing)."""
        self._keep_edits()
        return [v.label() for v in self.versions if v.unsaved()]

    # result --------------------------------------------------------------------------
    def update_buttons(self) -> None:
        has_text = (bool(self.result.toPlainText().strip()) and not self.busy
                    and (self.current is None or self.current.usable))
        self.copy_button.setEnabled(has_text)
        self.save_button.setEnabled(has_text and self.draft is not None)
        self.preview_button.setEnabled(has_text)
        if not has_text:
            self.preview_button.setChecked(False)

    def show_preview(self, on: bool) -> None:
        """The draft as it will look (headings, lists, bold); editing stays in the text view."""
        if on:
            self.preview.setHtml(markdown.to_html(self.result.toPlainText()))
        shown = self.preview if on else self.result
        self.result_stack.setCurrentWidget(shown)
        self.result_label.setText("E&ntwurf (Vorschau):" if on else "E&ntwurf (bearbeitbar):")
        self.result_label.setBuddy(shown)
        shown.setFocus()

    def copy(self) -> None:
        text = self.result.toPlainText().strip()
        if text and (self.current is None or self.current.usable):
            if self.policy.label_clipboard:
                text += f"\n\n{self.policy.export_label}"
            data = QMimeData()  # formatted for Word and Outlook, plain for everything else
            data.setHtml(markdown.to_html(text))
            data.setText(markdown.to_plain(text).strip())
            QGuiApplication.clipboard().setMimeData(data)
            self._clipboard_data = data
            self.message("Entwurf in die Zwischenablage kopiert.")

    def release_clipboard(self) -> None:
        """Hand a copied draft over to the clipboard as plain text before the window goes.

        Mime data made in Python is deleted by the clipboard when Qt shuts down, which can be
        after Python has finished: PySide6 then crashes at exit. Plain text set here is Qt's
        own, so the copied draft stays available after the app has closed.
        """
        clipboard = QGuiApplication.clipboard()
        if self._clipboard_data is not None and clipboard.mimeData() is self._clipboard_data:
            clipboard.setText(self._clipboard_data.text())
        self._clipboard_data = None

    def save(self, suffix: str = "", path: str | None = None) -> Path | None:
        text = self.result.toPlainText().strip()
        if (not text or self.draft is None or self.busy
                or (self.current is not None and not self.current.usable)):
            return None
        suffix = suffix or str(self.settings.get("export_format"))
        if not path:
            filters = {s: f"{name} (*{s})" for s, name in export.FORMATS.items()}
            start = Path(self.settings.get("save_directory") or Path.home())
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
            written = export.write_draft(self.draft, text, target, label=self.policy.export_label,
                                         head=letterhead(self.policy, self.settings))
        except WerkstattError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return None
        if self.current is not None:  # always the version shown (finish, show_version)
            self.current.saved = text
        self.settings.set("save_directory", str(target.parent))
        if written.suffix.lower() in export.FORMATS:
            self.settings.set("export_format", written.suffix.lower())
        self.message(f"Gespeichert: {written}")
        return written


if __name__ == "__main__":  # preview: python -m ui.draft_pane
    import tempfile

    from PySide6.QtWidgets import QApplication

    from werkstatt.templates import get_template

    app = QApplication([])
    pane = DraftPane(Settings(Path(tempfile.mkdtemp()) / "settings.json"), Policy(), print, print)
    template = get_template("zusammenfassung")
    pane.start()
    pane.append("## Worum geht es?\nDie Stadt plant 3 neue Radwege.\n\n## Wichtigste Punkte\n"
                "- Kosten: 1,2 Mio. Euro\n- Beginn: März 2027")
    document = "Die Stadt plant 3 neue Radwege."
    request = Request.build(template, {"laenge": "kurz"}, document)
    pane.finish(Draft(template, request.values, "vorschau"), request)
    pane.show()
    app.exec()
