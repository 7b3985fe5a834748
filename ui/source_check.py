"""The Quellenabgleich in the draft pane: facts the document lacks are marked and listed.

Marks every number, amount, date, reference and name of the draft that its sources do not
contain (``werkstatt.sourcecheck``) with a yellow background, lists them in a label under
the draft (screen readers get the same list) and reports the count for the status bar
("" when there is nothing to report). It re-checks while the employee edits (debounced);
F8 jumps to the next marked item.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QWidget

from werkstatt.sourcecheck import Finding, check, line_of, summary

from .accessibility import named

DELAY_MS = 300
MARK = QColor("#ffe08a")
UNDERLINE = "#8a5a00"  # a wavy line under each mark: seen without the colour (WCAG 1.4.1)
SHOWN = 6  # items listed in the label; the count covers all


class SourceCheck:
    def __init__(self, editor: QPlainTextEdit, parent: QWidget,
                 report: Callable[[str], None]) -> None:
        self.editor = editor
        self.report = report
        self.sources: list[str] | None = None
        self.findings: list[Finding] = []
        self.label = named(QLabel("", parent), "Quellenabgleich",
                           "Angaben im Entwurf, die im Dokument nicht vorkommen: bitte zuerst "
                           "prüfen (F8 springt zur nächsten).")
        self.label.setWordWrap(True)
        self.label.setVisible(False)
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.run)
        editor.textChanged.connect(self._changed)

    def set_sources(self, sources: list[str] | None) -> None:
        """What the draft may take its facts from; None switches the check off (streaming)."""
        self.sources = sources
        self.run()

    def _changed(self) -> None:
        if self.sources is not None:
            self._timer.start()

    def run(self) -> None:
        self._timer.stop()
        text = self.editor.toPlainText()
        if self.sources is None or not text.strip():
            self.findings = []
            self.editor.setExtraSelections([])
            self.label.setVisible(False)
            self.report("")
            return
        self.findings = check(text, self.sources)
        self.editor.setExtraSelections([self._selection(f) for f in self.findings])
        self.label.setText(self._describe(text))
        self.label.setVisible(True)
        self.report(summary(self.findings) if self.findings else "")

    def verdict(self) -> str:
        """The check's result in one phrase ("" while it is off): for the screen reader."""
        if self.sources is None or not self.editor.toPlainText().strip():
            return ""
        return summary(self.findings)

    def _selection(self, finding: Finding) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(MARK)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)  # not by colour alone
        fmt.setUnderlineColor(QColor(UNDERLINE))
        fmt.setToolTip(f"{finding.describe()} steht nicht im Dokument.")
        selection.format = fmt
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(finding.start)
        cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        return selection

    def _describe(self, text: str) -> str:
        if not self.findings:
            return f"Quellenabgleich: {summary(self.findings)}."
        items = [f"„{f.text}“ (Zeile {line_of(text, f.start)})" for f in self.findings[:SHOWN]]
        more = len(self.findings) - SHOWN
        tail = f" und {more} weitere" if more > 0 else ""
        return (f"Bitte prüfen – {summary(self.findings)} (gelb markiert, F8): "
                f"{', '.join(items)}{tail}.")

    def next_finding(self) -> Finding | None:
        """Select the next marked item after the cursor (wrapping around)."""
        if not self.findings:
            return None
        position = self.editor.textCursor().selectionEnd()
        target = next((f for f in self.findings if f.start >= position), self.findings[0])
        cursor = self.editor.textCursor()
        cursor.setPosition(target.start)
        cursor.setPosition(target.end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        return target
