"""The dialogs and windows the main window opens from its menus (``menus.py``): Meine Daten,
Auswertung, Gremien, Nutzungsregeln, KI-Pass, Modelle, Systemprüfung, Einstellungen, Über.
One ``show_…`` method each, mixed into ``MainWindow`` (each dialog is its own module and
takes what it needs from the window)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from werkstatt import APP_NAME, __version__
from werkstatt.errors import WerkstattError
from werkstatt.governance import Record, Rules
from werkstatt.kipass import load_course
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from .accessibility import opened
from .evaluation import EvaluationWindow
from .gremien_view import GremienWindow
from .kipass_dialog import KiPassDialog
from .model_session import ModelSession
from .models_dialog import ModelsDialog
from .my_data import MyDataDialog, export_feedback
from .rules_dialog import RulesDialog
from .settings_dialog import SettingsDialog
from .statement_dialog import StatementDialog
from .system_check import SystemCheckDialog
from .tasks import TaskRunner


class WindowDialogs:
    """The main window's dialogs (a mixin of ``MainWindow``: ``self`` is the window)."""

    settings: Settings
    policy: Policy
    record: Record
    rules: Rules
    session: ModelSession
    model_runner: TaskRunner
    io_runner: TaskRunner
    feedback_runner: TaskRunner
    evaluation: EvaluationWindow | None
    gremien: GremienWindow | None

    # feedback ------------------------------------------------------------------------
    def export_feedback(self, folder: str | None = None) -> None:
        export_feedback(self, self.policy, self.settings, self.feedback_runner, folder)

    def show_my_data(self) -> MyDataDialog:
        dialog = MyDataDialog(self.settings, self.policy, self.feedback_runner, self,
                              extra_facts=self.record.facts(self.policy))
        dialog.show()
        return dialog

    def show_evaluation(self) -> EvaluationWindow:
        if self.evaluation is None:
            self.evaluation = EvaluationWindow(self.io_runner, self)
        self.evaluation.show()
        self.evaluation.raise_()
        return self.evaluation

    # council -------------------------------------------------------------------------
    def show_gremien(self) -> GremienWindow | None:
        """The council library (one window; a library file that cannot be opened is said)."""
        if self.gremien is None:
            try:
                self.gremien = GremienWindow(self)
            except WerkstattError as exc:
                QMessageBox.warning(self, APP_NAME, str(exc))
                return None
        self.gremien.show()
        self.gremien.raise_()
        return self.gremien

    # governance and help -------------------------------------------------------------
    def show_rules(self) -> RulesDialog:
        return opened(RulesDialog(self.rules, self.record, self))

    def show_kipass(self) -> KiPassDialog:
        return opened(KiPassDialog(load_course(), self.record, self))

    def show_models(self) -> ModelsDialog:
        return opened(ModelsDialog(self.settings, self.policy, self))

    def show_system_check(self) -> SystemCheckDialog:
        dialog = SystemCheckDialog(self.session.engine, self.policy, self.model_runner, self)
        dialog.open()
        dialog.start()
        return dialog

    def show_accessibility_statement(self) -> StatementDialog:
        """Hilfe → Erklärung zur Barrierefreiheit (BITV 2.0 § 7), from the installed file."""
        return opened(StatementDialog(self.policy.contact, self))

    def show_settings(self) -> SettingsDialog:
        return opened(SettingsDialog(self.settings, self.policy, self))

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"Über {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Pilot „Lübecker KI-Werkstatt“ der Hansestadt "
            f"Lübeck.<br><br>{self.session.where()}<br>Entwürfe sind Vorschläge: Inhalt vom "
            "Menschen prüfen und verantworten."
            + (f"<br><br>Fragen: {self.policy.contact}" if self.policy.contact else ""))
