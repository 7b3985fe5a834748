"""The tables of the „Effizienzkonzept“ window: the editable process catalogue, the editable
timeline, and read-only tables filled from the concept's own rows (``efficiency.tables``).

Edits leave the table as signals (process id, column key, text) — the window checks and
stores them on its worker, like an import, and refills or reverts the cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from werkstatt.efficiency.blocks import Grid
from werkstatt.efficiency.fields import COLUMNS, Process, display
from werkstatt.efficiency.tables import german_date
from werkstatt.efficiency.timeline import Phase

PID = Qt.ItemDataRole.UserRole  # a row's process id (first column)
KEY = Qt.ItemDataRole.UserRole + 1  # a timeline row's schedule key


class ChoiceDelegate(QStyledItemDelegate):
    """A pick list for the columns with fixed values (data category, effort class, yes/no)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        column = COLUMNS[index.column()]
        if column.kind not in ("choice", "bool"):
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.setAccessibleName(column.header)
        box.addItems(list(column.choices) if column.kind == "choice" else ["ja", "nein"])
        if column.kind == "choice" and "" not in column.choices:
            box.insertItem(0, "")
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data() or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)


def _item(text: str, tip: str = "", editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class ProcessTable(QTableWidget):
    """One row per process, one column per catalogue column; every cell editable."""

    edited = Signal(int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setAccessibleName("Prozesskatalog")
        self.setHorizontalHeaderLabels([c.header for c in COLUMNS])
        for index, column in enumerate(COLUMNS):
            header = self.horizontalHeaderItem(index)
            header.setToolTip(f"{column.header}{' (Pflicht)' if column.required else ''}: {column.help}"
                              .rstrip(": "))
        self.setItemDelegate(ChoiceDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setWordWrap(False)
        self._filling = False
        self.processes: list[Process] = []
        self.itemChanged.connect(self._changed)

    def fill(self, processes: list[Process]) -> None:
        self._filling = True
        try:
            self.processes = processes
            self.setRowCount(len(processes))
            for row, process in enumerate(processes):
                for col, column in enumerate(COLUMNS):
                    text = display(process, column.key)
                    item = _item(text, text if len(text) > 30 else "")
                    if col == 0:
                        item.setData(PID, process.id)
                    self.setItem(row, col, item)
                self.setVerticalHeaderItem(row, _item(str(row + 1) + (" (Demo)" if process.demo else "")))
            for col in range(len(COLUMNS)):
                self.setColumnWidth(col, 240 if col in (0, 1) else 130)
        finally:
            self._filling = False

    def revert(self, pid: int, key: str) -> None:
        """Show the stored value again (after a refused edit)."""
        for row, process in enumerate(self.processes):
            if process.id == pid:
                col = [c.key for c in COLUMNS].index(key)
                self._filling = True
                self.item(row, col).setText(display(process, key))
                self._filling = False

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectedIndexes()})
        return [self.processes[r].id for r in rows if r < len(self.processes)]

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.row() >= len(self.processes):
            return
        process = self.processes[item.row()]
        key = COLUMNS[item.column()].key
        if item.text() != display(process, key):
            self.edited.emit(process.id, key, item.text())


class ScheduleTable(QTableWidget):
    """The phases and their processes; „Beginn“ and „Ende“ editable as TT.MM.JJJJ (empty: the
    plan's date again)."""

    edited = Signal(str, int, str, str)  # schedule key, column (1 start, 2 end), text, shown start
    HEADERS = ("Phase / Prozess", "Beginn", "Ende", "Personentage", "Termin")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setAccessibleName("Zeitplan: Phasen und Prozesse mit Beginn und Ende")
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.horizontalHeaderItem(1).setToolTip("TT.MM.JJJJ; leer lassen: geplanter Termin")
        self._filling = False
        self.itemChanged.connect(self._changed)

    def fill(self, phases: list[Phase]) -> None:
        self._filling = True
        try:
            rows: list[tuple[str, str, str, str, str, str, bool]] = []
            for phase in phases:
                total = sum(i.days for i in phase.items)
                manual = phase.manual_start or phase.manual_end
                rows.append((f"phase:{phase.number}", phase.title, german_date(phase.start),
                             german_date(phase.end), f"{total:g}".replace(".", ","),
                             "von Hand" if manual else "geplant", True))
                rows += [(i.key, "    " + i.label, german_date(i.start), german_date(i.end),
                          f"{i.days:g}".replace(".", ","), "von Hand" if i.manual else "geplant", False)
                         for i in phase.items]
            self.setRowCount(len(rows))
            for r, (key, label, start, end, days, kind, is_phase) in enumerate(rows):
                for c, text in enumerate((label, start, end, days, kind)):
                    item = _item(text, editable=c in (1, 2))
                    item.setData(KEY, key)
                    if is_phase:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                    self.setItem(r, c, item)
            self.resizeColumnsToContents()
        finally:
            self._filling = False

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in (1, 2):
            return
        self.edited.emit(str(item.data(KEY)), item.column(), item.text().strip(),
                         self.item(item.row(), 1).text().strip())


def fill_grid(table: QTableWidget, grid: Grid, order: tuple[int, ...] | None = None,
              widths: tuple[int, ...] = ()) -> None:
    """A read-only table with the rows the concept document prints (``order``: which of its
    columns, in which order; ``widths`` in pixels, else fitted to the contents)."""
    order = order or tuple(range(len(grid.header)))
    table.setColumnCount(len(order))
    headers = [grid.header[i] for i in order]
    # long headers on two lines (as in Auswertung): the columns stay narrow, no header is cut
    table.setHorizontalHeaderLabels([h.replace(" ", "\n", 1) if len(h) > 8 else h for h in headers])
    for c, header in enumerate(headers):
        table.horizontalHeaderItem(c).setToolTip(header)
    table.setRowCount(len(grid.rows))
    for r, values in enumerate(grid.rows):
        for c, i in enumerate(order):
            text = values[i]
            table.setItem(r, c, _item(text, text if len(text) > 40 else "", editable=False))
    table.setWordWrap(True)
    table.verticalHeader().hide()
    if widths:
        for c, width in enumerate(widths):
            table.setColumnWidth(c, width)
    else:
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c), 320))
    table.resizeRowsToContents()
