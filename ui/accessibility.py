"""Accessibility: names for every control (screen readers, UI automation, tests), Alt+letter
shortcuts, a focus ring that can be seen and never covers a label, and dialogs that never
block."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QProxyStyle, QStyle, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog


def named(widget: Any, name: str, description: str = "") -> Any:
    """Give ``widget`` an accessible name (and description plus tooltip); returns it."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def mnemonic_letters(widgets: Any) -> set[str]:
    """The Alt+letter shortcuts the given buttons and labels already use."""
    taken = set()
    for widget in widgets:
        text = widget.text()
        index = text.find("&")
        if 0 <= index < len(text) - 1 and text[index + 1] != "&":
            taken.add(text[index + 1].lower())
    return taken


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with an Alt+letter shortcut on its first letter not in ``taken`` (or none)."""
    for index, char in enumerate(text):
        if char.isalpha() and char.lower() not in taken:
            return f"{text[:index]}&{text[index:]}"
    return text


def high_contrast() -> bool:
    """The system asks for high contrast (Windows' contrast themes, GNOME's high contrast)."""
    style_hints = QGuiApplication.styleHints()  # held: PySide6 6.11 deletes the hints of a
    hints = style_hints.accessibility()  # temporary one ("already deleted")
    return bool(hints.contrastPreference() == Qt.ContrastPreference.HighContrast)


_COLOURS = re.compile(r"(?:^|;)\s*(?:background|color)\s*:[^;]*")


def themed(style: str) -> str:
    """A style sheet with the app's own colours, or under a high-contrast theme the same
    without them, framed instead: the user's colours win (EN 301 549 11.7 User preferences)."""
    if not high_contrast():
        return style
    rest = _COLOURS.sub("", style).strip(";")
    return ";".join(filter(None, (rest, "border:2px solid palette(window-text)")))


def breakable(path: str) -> str:
    """A path a word-wrapped label may break after each folder (a zero-width space after
    each separator): large text or a long network path does not widen its window."""
    return path.replace("\\", "\\\u200b").replace("/", "/\u200b")


Dialog = TypeVar("Dialog", bound="QDialog")


def opened(dialog: Dialog) -> Dialog:
    """A dialog shown window-modal without blocking (tests and the event loop go on)."""
    dialog.open()
    return dialog


# Where the keyboard is must be seen at a glance: a blue ring around the focused field, list
# and button (Qt's default is a thin dotted line many office screens do not show). The ring
# lies OUTSIDE the widget, in the spacing around it (a ``QFocusFrame``): a style-sheet border
# on ``:focus`` replaced the widget's native frame and shrank its contents while focused,
# which cut button labels ("ntwurf speichern …") and shifted text and check marks.
RING_COLOR = "#005fb8"
RING_WIDTH = 2  # pixels outside the widget; a form that puts fields flush against its scroll
# area's edge keeps this much margin (template_form.py)


class _RingStyle(QProxyStyle):
    """Draws the focus frame as a solid ring just outside the widget, on whatever the
    platform style is; the frame sits in the window (or scroll area) above the widget, so
    a field flush with the edge of the box it is in still shows its whole ring."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: Any = None, widget: Any = None) -> int:
        if metric in (QStyle.PixelMetric.PM_FocusFrameHMargin, QStyle.PixelMetric.PM_FocusFrameVMargin):
            return RING_WIDTH
        return int(super().pixelMetric(metric, option, widget))

    def styleHint(self, hint: QStyle.StyleHint, option: Any = None, widget: Any = None,
                  returnData: Any = None) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        return int(super().styleHint(hint, option, widget, returnData))

    def drawControl(self, element: QStyle.ControlElement, option: Any, painter: QPainter,
                    widget: Any = None) -> None:
        if element != QStyle.ControlElement.CE_FocusFrame:
            super().drawControl(element, option, painter, widget)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(RING_COLOR), RING_WIDTH))
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QRectF(option.rect).adjusted(half, half, -half, -half), 3, 3)


class FocusRing(QObject):
    """One ring that follows the keyboard focus through every window of the app."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.frame: QFocusFrame | None = None
        app.focusChanged.connect(self.follow)
        self.follow(None, app.focusWidget())

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Put the ring around ``new`` (the widget a focus proxy stands for), or hide it."""
        parent = new.parentWidget() if new is not None else None
        while parent is not None and parent.focusProxy() is new:
            new, parent = parent, parent.parentWidget()
        if self.frame is None or not shiboken6.isValid(self.frame):  # closed with its window
            self.frame = QFocusFrame()
            self.frame.setObjectName("focus_ring")
            style = _RingStyle()  # the frame's own: it goes when the frame goes
            style.setParent(self.frame)
            self.frame.setStyle(style)
        self.frame.setWidget(None if new is None or new.isWindow() else new)  # type: ignore[arg-type]
        if self.frame.widget() is not None and self.frame.widget().isVisible():
            self.frame.show()  # QFocusFrame shows itself only when its widget is shown anew

    def close(self) -> None:
        """No ring any more (tests that check the app without it)."""
        self.app.focusChanged.disconnect(self.follow)
        if self.frame is not None and shiboken6.isValid(self.frame):
            self.frame.deleteLater()
        self.frame = None
        self.setParent(None)
        self.deleteLater()


READABLE_GREY = "#6d6d6d"  # placeholders: 5.2:1 on white
INACTIVE_GREY = "#5a5a5a"  # inactive text: 6.9:1 on white, 3.4:1 on an inactive button's grey


def readable_colours(app: QApplication) -> None:
    """Placeholder and inactive text the styles draw at 4.0:1 and 1.7:1 drawn at 4.5:1 or
    more (WCAG 1.4.3, measured on screenshots: tests/a11y/seeing.py); a high-contrast theme's
    own colours stay untouched."""
    if high_contrast():
        return
    palette = app.palette()
    grey = QColor(READABLE_GREY)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, grey)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(INACTIVE_GREY))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Light,  # no white etch
                     palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button))
    app.setPalette(palette)


def install_focus_ring(app: QApplication) -> FocusRing:
    """The focus ring for the whole app (once; a second call returns the first ring), with
    the readable colours of ``readable_colours``."""
    existing = app.findChild(FocusRing)
    if isinstance(existing, FocusRing):
        return existing
    readable_colours(app)
    return FocusRing(app)
