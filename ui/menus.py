"""The main window's menus: every command with its German name, access key and shortcut,
in one place (the window's keyboard map)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar

    from .document_input import DocumentInput
    from .draft_pane import DraftPane
    from .feedback_panel import FeedbackPanel
    from .template_picker import TemplatePicker


class MenuWindow(Protocol):
    """What the menus call: the window's parts and commands (``MainWindow`` is one, and the
    actions' parent)."""

    pane: DraftPane
    input: DocumentInput
    feedback_panel: FeedbackPanel
    picker: TemplatePicker

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt API
    def close(self) -> bool: ...
    def generate(self) -> None: ...
    def cancel_generation(self) -> None: ...
    def export_feedback(self) -> None: ...
    def show_my_data(self) -> Any: ...
    def show_evaluation(self) -> Any: ...
    def show_settings(self) -> Any: ...
    def show_gremien(self) -> Any: ...
    def show_rules(self) -> Any: ...
    def show_kipass(self) -> Any: ...
    def show_models(self) -> Any: ...
    def show_system_check(self) -> Any: ...
    def show_accessibility_statement(self) -> Any: ...
    def show_about(self) -> None: ...


def build_menus(window: MenuWindow) -> None:
    """Datei, Bearbeiten, Gremien, Hilfe: each action calls the window's own method."""

    def action(menu: Any, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        return act

    pane = window.pane
    file_menu = window.menuBar().addMenu("&Datei")
    action(file_menu, "Dokument ö&ffnen …", window.input.open_document, QKeySequence.StandardKey.Open)
    action(file_menu, "Entwurf &speichern …", pane.save, QKeySequence.StandardKey.Save)
    action(file_menu, "Als &Word-Dokument speichern …", lambda: pane.save(".docx"))
    action(file_menu, "Als &OpenDocument-Text speichern …", lambda: pane.save(".odt"))
    action(file_menu, "Als &Text speichern …", lambda: pane.save(".txt"))
    file_menu.addSeparator()
    action(file_menu, "&Feedback exportieren …", window.export_feedback)
    action(file_menu, "&Meine Daten …", window.show_my_data)
    action(file_menu, "&Auswertung (Pilotleitung) …", window.show_evaluation)
    file_menu.addSeparator()
    action(file_menu, "&Beenden", window.close, QKeySequence.StandardKey.Quit)
    edit_menu = window.menuBar().addMenu("&Bearbeiten")
    action(edit_menu, "&Erzeugen", window.generate, "Ctrl+Return")
    action(edit_menu, "&Abbrechen", window.cancel_generation, "Esc")
    action(edit_menu, "Entwurf &kopieren", pane.copy, "Ctrl+Shift+C")
    action(edit_menu, "&Nächste Angabe prüfen (Quellenabgleich)", pane.source_check.next_finding,
           "F8")
    action(edit_menu, "Ergebnis &bewerten", window.feedback_panel.focus_form, "Ctrl+B")
    action(edit_menu, "&Vorlagen suchen", window.picker.search.setFocus, "Ctrl+F")
    edit_menu.addSeparator()
    action(edit_menu, "E&instellungen …", window.show_settings)
    council_menu = window.menuBar().addMenu("&Gremien")
    action(council_menu, "&Ratsdokumente durchsuchen und befragen …", window.show_gremien, "Ctrl+G")
    help_menu = window.menuBar().addMenu("&Hilfe")
    action(help_menu, "&Nutzungsregeln …", window.show_rules)
    action(help_menu, "&KI-Pass …", window.show_kipass)
    action(help_menu, "&Modelle …", window.show_models)
    action(help_menu, "&Systemprüfung …", window.show_system_check)
    action(help_menu, "&Erklärung zur Barrierefreiheit …", window.show_accessibility_statement)
    help_menu.addSeparator()
    action(help_menu, "Ü&ber KI-Werkstatt", window.show_about)
