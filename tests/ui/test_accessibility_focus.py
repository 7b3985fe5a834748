"""The focus ring (issue 26, item 5): where the keyboard is shows at a glance, and never at
the cost of a label, a text or a check mark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.accessibility import RING_COLOR, install_focus_ring


def focusable_kinds() -> list[QWidget]:
    """One of each kind of control the app focuses, read-only where it has a cursor (a
    blinking cursor is no label); buttons as narrow as Qt makes them, as in the window."""
    line = QLineEdit("Ärger über die Baustelle")
    text = QPlainTextEdit("Erste Zeile")
    browser = QTextBrowser()
    browser.setPlainText("Ratsinformation")
    tree = QTreeWidget()
    tree.setHeaderHidden(True)
    QTreeWidgetItem(tree, ["Eintrag eins"])
    combo = QComboBox()
    combo.addItems(["Auswahl eins"])
    spin = QSpinBox()
    spin.setRange(0, 99999)
    spin.setValue(4096)
    date = QDateEdit(QDate(2026, 1, 2))
    date.setDisplayFormat("dd.MM.yyyy")
    date.setCalendarPopup(True)
    default = QPushButton("&Erzeugen")
    default.setDefault(True)
    checked = QPushButton("&Vorschau")
    checked.setCheckable(True)
    checked.setChecked(True)
    for widget in (line, text, spin, date):
        widget.setReadOnly(True)
    return [QPushButton("Datei ö&ffnen …"), QPushButton("Entwurf s&peichern …"), default, checked,
            line, text, browser, tree, combo, spin, date, QCheckBox("&Ankreuzen"),
            QRadioButton("&Wahl")]


def ink(image, darker_than: int = 100) -> tuple[int, int, int, int] | None:
    """The bounding box of the dark (text) pixels of ``image``."""
    xs, ys = [], []
    for y in range(image.height()):
        for x in range(image.width()):
            color = QColor(image.pixel(x, y))
            if max(color.red(), color.green(), color.blue()) < darker_than:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def is_ring(color: QColor) -> bool:
    ring = QColor(RING_COLOR)
    return all(abs(a - b) < 40 for a, b in zip(color.getRgb()[:3], ring.getRgb()[:3], strict=True))


@pytest.fixture
def desk(qtbot):
    """A window with every kind of control, styled and ringed as the app does."""
    app = QApplication.instance()
    ring = install_focus_ring(app)
    window = QWidget()
    grid = QGridLayout(window)
    grid.setSpacing(12)
    widgets = focusable_kinds()
    for index, widget in enumerate(widgets):
        grid.addWidget(widget, index // 3, index % 3, Qt.AlignmentFlag.AlignLeft)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    yield window, widgets
    ring.close()


def test_focus_leaves_every_label_where_it_was(desk, qtbot):
    """„Datei öffnen …“ kept its D and „Entwurf speichern …“ its E: with and without the
    focus, each control's text, check mark and frame pixels are the same (the old style
    sheet border shrank a focused button's contents and shifted fields and check boxes)."""
    window, widgets = desk
    outside = QPushButton("anderswo", window)
    window.layout().addWidget(outside, 9, 0)
    moved = []
    for widget in widgets:
        outside.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(outside.hasFocus)
        before = widget.grab().toImage()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        for field in [widget, *widget.findChildren(QLineEdit)]:  # a date edit marks its day
            if isinstance(field, QLineEdit):
                field.deselect()
        after = widget.grab().toImage()
        if ink(before) != ink(after):
            moved.append(f"{type(widget).__name__} {ink(before)} -> {ink(after)}")
    assert moved == []


def test_the_ring_is_drawn_around_the_focused_control(desk, qtbot):
    """Every kind of control gets a solid ring on all four sides, just outside itself."""
    window, widgets = desk
    missing = []
    for widget in widgets:
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        image = window.grab().toImage()
        rect = widget.rect().translated(widget.mapTo(window, QPoint(0, 0)))
        sides = {"oben": [(x, rect.top() - 1) for x in range(rect.left() + 4, rect.right() - 3)],
                 "unten": [(x, rect.bottom() + 1) for x in range(rect.left() + 4, rect.right() - 3)],
                 "links": [(rect.left() - 1, y) for y in range(rect.top() + 4, rect.bottom() - 3)],
                 "rechts": [(rect.right() + 1, y) for y in range(rect.top() + 4, rect.bottom() - 3)]}
        for side, points in sides.items():
            if not all(is_ring(QColor(image.pixel(x, y))) for x, y in points):
                missing.append(f"{type(widget).__name__}: {side}")
    assert missing == []


def test_the_ring_follows_into_a_dialog_and_outlives_it(desk, qtbot):
    """The ring moves into a dialog (which has no style sheet of its own) and, when the
    dialog is gone with the ring inside it, comes back around the window's control."""
    window, widgets = desk
    ring = install_focus_ring(QApplication.instance())  # the one the desk put up
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    assert ring.frame.widget() is field and ring.frame.window() is dialog
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    QApplication.processEvents()
    window.activateWindow()
    widgets[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widgets[0].hasFocus)
    assert ring.frame.widget() is widgets[0] and ring.frame.isVisible()


def test_the_ring_shows_on_a_form_set_up_after_it(qtbot, fake_engine):
    """After another template's form replaces the one the ring was in, the ring is seen
    around the new form's field too (the form is put into the scroll area after the ring)."""
    from .test_main_window import make_window

    ring = install_focus_ring(QApplication.instance())
    window = make_window(qtbot, fake_engine)
    window.activateWindow()
    for template, field_id in (("zusammenfassung", "fokus"), ("buergerbrief", "betreff")):
        window.select_template(template)
        field = window.input.form.editors[field_id]
        qtbot.waitUntil(lambda f=field: f.visibleRegion().boundingRect() == f.rect(), timeout=2_000)
        field.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(field.hasFocus)
        top_left = field.mapTo(window, QPoint(0, 0))
        image = window.grab(field.rect().translated(top_left).adjusted(0, -1, 0, 0)).toImage()
        assert all(is_ring(QColor(image.pixel(x, 0))) for x in range(4, field.width() - 4)), template
    ring.close()
