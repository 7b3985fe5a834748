"""The template picker: a search box over the vetted templates, grouped by category."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from werkstatt.templates import Template

from .accessibility import named

ROLE_TEMPLATE = Qt.ItemDataRole.UserRole


class TemplatePicker(QWidget):
    """Emits ``chosen`` with the template the user picks (by mouse, arrows or ``select``)."""

    chosen = Signal(object)

    def __init__(self, templates: list[Template], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.templates = templates
        label = QLabel("&Vorlagen suchen:", self)
        self.search = named(QLineEdit(self), "Vorlagen suchen",
                            "Filtert die Vorlagen nach Titel, Kategorie und Beschreibung.")
        self.search.setPlaceholderText("z. B. Brief, Protokoll …")
        self.search.setClearButtonEnabled(True)
        label.setBuddy(self.search)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self.take_first)
        self.search.installEventFilter(self)
        self.tree = named(QTreeWidget(self), "Vorlagen", "Geprüfte Vorlagen nach Kategorie.")
        self.tree.setHeaderHidden(True)
        self.tree.setHeaderLabels(["Vorlage"])  # read as the column's name, not "1"
        self.tree.currentItemChanged.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self._fill()

    def _fill(self) -> None:
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
            item.setToolTip(0, f"{template.title}\n{template.description}")  # names are cut

    def items(self) -> list[QTreeWidgetItem]:
        """The template rows (not the category rows), in display order."""
        items = []
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            items.extend(parent.child(j) for j in range(parent.childCount()))
        return items

    def select(self, template_id: str) -> None:
        for item in self.items():
            if item.data(0, ROLE_TEMPLATE) == template_id:
                self.tree.setCurrentItem(item)
                return

    def filter(self, text: str) -> None:
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

    def take_first(self) -> None:
        """Enter or Down in the search box: the first match (or the chosen one, if it still
        matches) is selected and the list gets the focus."""
        shown = [item for item in self.items() if not item.isHidden()]
        if shown:
            if self.tree.currentItem() not in shown:
                self.tree.setCurrentItem(shown[0])
            self.tree.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):
            self.take_first()
            return True
        return super().eventFilter(watched, event)

    def _on_item(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        template_id = item.data(0, ROLE_TEMPLATE) if item else None
        if template_id:
            self.chosen.emit(next(t for t in self.templates if t.id == template_id))


if __name__ == "__main__":  # preview: python -m ui.template_picker
    from PySide6.QtWidgets import QApplication

    from werkstatt.templates import load_templates

    app = QApplication([])
    picker = TemplatePicker(load_templates())
    picker.chosen.connect(lambda t: print("gewählt:", t.id))
    picker.show()
    app.exec()
