"""Every window sized and placed from the screen it opens on, remembered per screen.

The most common office screen is a 1366 × 768 laptop with a taskbar: a window opened at a
fixed 1280 × 800 put "Erzeugen" and the status bar below its edge. So a window gets the size it
prefers only where the screen's free area (``availableGeometry``: without the taskbar) holds it
and its frame; otherwise that area. It is centred on its parent's screen (or the primary one).
The user's own size and position are kept per window *and* screen: a laptop that is docked to
a large monitor on some days opens each window as it was left on that screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QMainWindow,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from werkstatt.settings import Settings

from .accessibility import RING_WIDTH

# A window manager's title bar and borders (Windows 11 at 100 %), for a window that has none
# yet: before it is shown its frame geometry is its geometry.
FRAME = QMargins(8, 32, 8, 8)


def screen_for(parent: QWidget | None = None) -> QScreen:
    """The screen a new window belongs on: its parent's, else the primary screen."""
    screen = parent.screen() if parent is not None else None
    return screen or QGuiApplication.primaryScreen()


def room(screen: QScreen) -> QRect:
    """Where a window's contents may go on ``screen``: its free area less a frame."""
    return screen.availableGeometry().marginsRemoved(FRAME)


def fit(widget: QWidget, preferred: QSize, parent: QWidget | None = None) -> None:
    """``widget`` at ``preferred`` size, or as large as its screen allows, centred there.
    ``move`` places a window's frame (Qt: a window's position includes its frame), so the
    frame, not the contents, starts inside the free area."""
    free = screen_for(parent).availableGeometry()
    area = free.marginsRemoved(FRAME)
    minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if not (minimum.width() <= area.width() and minimum.height() <= area.height()) and scrolled(widget):
        minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        bar = widget.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, widget)
        preferred = preferred.expandedTo(widget.sizeHint()) + QSize(bar, 0)  # and its scroll bar
    size = preferred.boundedTo(area.size()).expandedTo(minimum.boundedTo(area.size()))
    widget.resize(size)
    outer = size.grownBy(FRAME)
    widget.move(free.left() + max(0, (free.width() - outer.width()) // 2),
                free.top() + max(0, (free.height() - outer.height()) // 2))


def scrolled(window: QWidget) -> bool:
    """A window too large for its screen (200 % scaling or a large system font on a 1366 × 768
    laptop) gets its contents in a scroll area: nothing reaches past the screen's edge, every
    control stays reachable, Tab scrolls to it (EN 301 549 11.1.4.4, 11.1.4.10). A main
    window's central widget; a dialog's rows but its last, the buttons, which stay visible at
    the bottom. True if it was done now."""
    if isinstance(window, QMainWindow):
        central = window.centralWidget()
        if central is None or isinstance(central, QScrollArea):
            return False
        area = _scroll_area(window)
        area.setWidget(window.takeCentralWidget())
        window.setCentralWidget(area)
        return True
    if isinstance(window, QDialog):
        return _scrolled_dialog(window)
    return False


def _scroll_area(window: QWidget) -> QScrollArea:
    area = QScrollArea(window)
    area.setObjectName("scaled_contents")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: the controls are
    area.setWidgetResizable(True)  # as wide and high as there is room, scrolling below its least
    return area


def _scrolled_dialog(dialog: QDialog) -> bool:
    """The dialog's rows but the last (its buttons) moved into a scroll area, in their order
    and with their stretch; the widgets stay in the dialog's window (the Tab order holds)."""
    layout = dialog.layout()
    if (not isinstance(layout, QVBoxLayout) or layout.count() < 2
            or dialog.findChild(QScrollArea, "scaled_contents") is not None):
        return False
    area = _scroll_area(dialog)
    contents = QWidget(dialog)
    rows = QVBoxLayout(contents)
    rows.setContentsMargins(RING_WIDTH, RING_WIDTH, RING_WIDTH, RING_WIDTH)  # the focus ring shows
    while layout.count() > 1:
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            rows.addWidget(widget, stretch)
        elif inner is not None:
            inner.setParent(None)  # free to join the new rows (its widgets move with it)
            rows.addLayout(inner, stretch)
        else:
            rows.addItem(item)  # a spacing or a stretch
    area.setWidget(contents)
    layout.insertWidget(0, area, 1)
    return True


def _key(name: str, screen: QScreen) -> str:
    size = screen.geometry().size()
    return f"{name}@{screen.name()} {size.width()}x{size.height()}"


def restore(widget: QWidget, name: str, settings: Settings, preferred: QSize,
            parent: QWidget | None = None) -> None:
    """The size and place the user left ``widget`` at on this screen; else ``fit``. A saved
    size that would not fit the screen's free area now (another taskbar, a lower
    resolution) is not taken; a saved place partly off the free area is moved onto it."""
    screen = screen_for(parent)
    saved = dict(settings.get("window_placement")).get(_key(name, screen), "")
    if saved and widget.restoreGeometry(QByteArray.fromBase64(str(saved).encode("ascii"))):
        if widget.isMaximized():
            return
        area = room(screen)
        shown = widget.geometry()
        if area.width() >= shown.width() and area.height() >= shown.height():
            # The user's size; its place moved just enough that the frame is on the screen
            # (a frameless platform reports a window at the screen's top edge).
            x = min(max(shown.left(), area.left()), area.right() + 1 - shown.width())
            y = min(max(shown.top(), area.top()), area.bottom() + 1 - shown.height())
            if (x, y) != (shown.left(), shown.top()):
                widget.move(x - FRAME.left(), y - FRAME.top())
            return
    fit(widget, preferred, parent)


def remember(widget: QWidget, name: str, settings: Settings) -> None:
    """Keep ``widget``'s size and place for its screen (saved with the settings)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    placement = dict(settings.get("window_placement"))
    placement[_key(name, screen)] = bytes(widget.saveGeometry().toBase64()).decode("ascii")
    settings.set("window_placement", placement)
