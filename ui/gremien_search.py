"""The Gremien window's search: words or a reference, the filters (kind of paper, state of
its Beratungsfolge, dates) and the papers found. A query takes milliseconds (``make
bench-gremien``), so it runs on the UI thread.

The panel holds the search row and the filter row; its result list (``results``) is placed
by the window, beside the paper.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from werkstatt.gremien.display import count, german_date
from werkstatt.gremien.library import Library
from werkstatt.gremien.search import Hit

from .accessibility import named

ALL = "Alle"


def papers_text(number: int) -> str:
    """'1 Vorlage', '3 Vorlagen'."""
    return count(number, "Vorlage", "n")


def iso_date(text: str) -> str:
    """'04.12.2025' or '2025-12-04' → '2025-12-04'; '' for empty; ValueError otherwise."""
    text = text.strip()
    if not text:
        return ""
    if "." in text:
        day, month, year = text.split(".")
        return dt.date(int(year), int(month), int(day)).isoformat()
    return dt.date.fromisoformat(text).isoformat()


class SearchPanel(QWidget):
    """The search row (``top``: the window adds its import and sync buttons) and the filter
    row; ``chosen`` says which paper to show ("" for none), ``reported`` what was found."""

    chosen = Signal(str)
    reported = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.hits: list[Hit] = []
        self.query = named(QLineEdit(self), "Suche", "Wörter oder Aktenzeichen, z. B. "
                           "„Krippenplätze“ oder „VO/2025/14550“.")
        self.query.setPlaceholderText("Wörter oder Aktenzeichen …")
        self.query.returnPressed.connect(self.search)
        self.paper_type = named(QComboBox(self), "Vorlagenart")
        self.status = named(QComboBox(self), "Beratungsstand")
        for combo in (self.paper_type, self.status):  # as wide as the row allows, not as the
            combo.setMinimumContentsLength(6)  # longest kind in the library (200 %: issue 30)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.date_from = named(QLineEdit(self), "Datum ab", "TT.MM.JJJJ")
        self.date_to = named(QLineEdit(self), "Datum bis", "TT.MM.JJJJ")
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText("TT.MM.JJJJ")
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("TT.MM.JJJJ0") + 24)  # any font
            edit.returnPressed.connect(self.search)
        self.search_button = named(QPushButton("&Suchen", self), "Suchen")
        self.search_button.clicked.connect(lambda _checked=False: self.search())

        self.results = named(QTableWidget(0, 3, self), "Suchergebnisse",
                             "Gefundene Vorlagen; Eingabetaste oder Doppelklick öffnet eine.")
        self.results.setHorizontalHeaderLabels(["Aktenzeichen", "Datum", "Betreff"])
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.currentCellChanged.connect(lambda row, *_: self.show_hit(row))

        self.top = QHBoxLayout()
        self.top.addWidget(self._labelled("Su&che:", self.query))
        self.top.addWidget(self.query, 3)
        self.top.addWidget(self.search_button)
        filters = QHBoxLayout()
        for text, widget in (("Vorlagen&art:", self.paper_type), ("Beratungs&stand:", self.status),
                             ("Datum a&b:", self.date_from), ("&bis:", self.date_to)):
            filters.addWidget(self._labelled(text, widget))
            filters.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(self.top)
        rows.addLayout(filters)

    def _labelled(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def refresh_choices(self) -> None:
        """The filters' choices from the library (the chosen ones stay)."""
        choices = self.library.choices()
        for combo, values, extra in ((self.paper_type, choices["paper_type"], []),
                                     (self.status, choices["status"], ["offen"])):
            current = combo.currentText()
            combo.clear()
            combo.addItems([ALL, *extra, *values])
            combo.setCurrentText(current if current else ALL)

    def search(self) -> None:
        try:
            date_from, date_to = iso_date(self.date_from.text()), iso_date(self.date_to.text())
        except ValueError:
            QMessageBox.warning(self, self.window().windowTitle(), "Bitte das Datum als TT.MM.JJJJ "
                                "angeben.")
            return
        combo = {c: "" if c.currentText() == ALL else c.currentText()
                 for c in (self.paper_type, self.status)}
        self.hits = self.library.search(self.query.text(), paper_type=combo[self.paper_type],
                                        status=combo[self.status], date_from=date_from,
                                        date_to=date_to, limit=200)
        self.results.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            for column, value in enumerate((hit.reference, german_date(hit.date), hit.name)):
                item = QTableWidgetItem(value)
                item.setToolTip(hit.snippet or hit.name)
                self.results.setItem(row, column, item)
        self.reported.emit((f"{papers_text(len(self.hits))} gefunden." if self.hits else
                            "Keine Vorlage gefunden.") if self.query.text().strip()
                           else f"Die Bibliothek enthält {papers_text(self.library.count())}.")
        if self.hits:
            self.results.setCurrentCell(0, 0)
            self.show_hit(0)  # also when row 0 was current before (no change signal then)
        else:
            self.chosen.emit("")

    def show_hit(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.chosen.emit(self.hits[row].paper_id)


if __name__ == "__main__":  # preview: python -m ui.gremien_search
    from PySide6.QtWidgets import QApplication

    from .gremien_desk import preview_library

    app = QApplication([])
    window = QWidget()
    panel = SearchPanel(preview_library(), window)
    column = QVBoxLayout(window)
    column.addWidget(panel)
    column.addWidget(panel.results, 1)
    panel.chosen.connect(lambda pid: window.setWindowTitle(pid or "(keine Vorlage)"))
    panel.reported.connect(print)
    panel.refresh_choices()
    panel.search()
    window.resize(900, 600)
    window.show()
    app.exec()
