"""Contrast as the eye gets it (EN 301 549 11.1.4.3 Contrast (Minimum), 11.1.4.11 Non-text
Contrast): each text-bearing control of a window is rendered (``QWidget.grab``) and its
pixels are read: the background is the commonest colour, the text the colour farthest from
it in luminance that covers a few pixels (anti-aliased edges are lighter, a glyph's stem has
the full colour). Plain functions, so the measurement is seen to catch a low contrast."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

NORMAL, LARGE = 4.5, 3.0  # WCAG 1.4.3: text; large text (18 pt, 14 pt bold) and UI parts
MIN_PIXELS = 3  # a colour must cover this many pixels to count as the text's


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2.1 definition)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb)


@dataclass(frozen=True)
class Reading:
    window: str
    control: str
    ratio: float
    needed: float
    text: tuple[int, int, int]
    background: tuple[int, int, int]

    def line(self) -> str:
        return (f"{self.window}: {self.control} {self.ratio:.2f}:1 (needs {self.needed}:1; text "
                f"{hex_colour(self.text)} on {hex_colour(self.background)})")


def colours(image: Any) -> Counter[tuple[int, int, int]]:
    """How many pixels of each colour a QImage has (sampled on a grid for big ones)."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    step = max(1, (width * height) // 40_000)
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(0, height, 1 if step == 1 else 2):
        for x in range(0, width, 1 if step == 1 else 2):
            c = image.pixelColor(x, y)
            counts[(c.red(), c.green(), c.blue())] += 1
    return counts


def text_contrast(image: Any) -> tuple[float, tuple[int, int, int], tuple[int, int, int]] | None:
    """(ratio, text colour, background) of a rendered text; None when it shows one colour."""
    counts = colours(image)
    if len(counts) < 2:
        return None
    background = counts.most_common(1)[0][0]
    candidates = [c for c, n in counts.items() if n >= MIN_PIXELS and c != background]
    if not candidates:
        return None
    text = max(candidates, key=lambda c: ratio(c, background))
    return ratio(text, background), text, background


def large(widget: Any) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    font = widget.font()
    points = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    return points >= 18 or (points >= 14 and font.bold())


def shown_text(widget: Any) -> str:
    for attr in ("text", "placeholderText", "title"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            value = getter()
            if isinstance(value, str) and value.strip():
                return value
    return ""


def readings(window: Any) -> list[Reading]:
    """Every visible control with text in ``window``, measured on its own rendering."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

    title = window.windowTitle() or type(window).__name__
    found = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + \
            window.findChildren(QLineEdit) + window.findChildren(QGroupBox):
        if not widget.isVisible() or widget.width() < 4 or widget.height() < 4:
            continue
        if isinstance(widget, QLabel) and widget.pixmap() is not None and not widget.pixmap().isNull():
            continue  # a picture: its text alternative is checked by the tree rules
        text = shown_text(widget)
        if not text or widget.objectName() == "announcement":
            continue
        inset = 0 if isinstance(widget, (QLabel, QGroupBox)) else 4  # a field's or button's frame
        measured = text_contrast(widget.grab(widget.rect().adjusted(inset, inset, -inset, -inset)).toImage())
        if measured is None:
            continue
        value, fg, bg = measured
        name = widget.accessibleName() or text.replace("&", "")[:40]
        needed = LARGE if large(widget) else NORMAL
        if not widget.isEnabled():  # WCAG exempts inactive parts; measured, held to 3:1 here
            name, needed = f"{name} (inaktiv)", LARGE
        found.append(Reading(title, name, value, needed, fg, bg))
    return found


def too_low(found: list[Reading]) -> list[str]:
    return [r.line() for r in found if r.ratio < r.needed - 0.005]
