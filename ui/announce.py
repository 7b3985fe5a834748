"""What long work does, said to screen readers (EN 301 549 11.4.1.3 Status Messages).

``Announcer.say`` raises Qt's announcement event (AT-SPI ``object:announcement``, a UI
Automation notification on Windows: NVDA, JAWS and Narrator read it) and shows a fresh
notification object (Orca before version 46, which knows no announcements, reads a
notification that appears). ``DraftNews`` words a draft's course: the start, progress in
steps of ``PROGRESS_SECONDS`` (never every token), the end with its length and the
Quellenabgleich's result, a cancel and an error; ``WorkNews`` the same for imports and syncs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

PROGRESS_SECONDS = 10.0  # at most one progress report this often
KEPT = 6  # notifications kept alive: a screen reader asks for one's name after it appeared
STEP = 0.25  # a reading progress is said in quarters


class Notice(QLabel):
    """A notification a screen reader sees appear (role Notification); one pixel, no text
    drawn: the same words stand in the status bar for the eye."""


def _notice_interface(_key: str, obj: QObject) -> Any:
    if isinstance(obj, Notice):
        return QAccessibleWidget(obj, QAccessible.Role.Notification)
    return None


_factory_installed = False


class Announcer(QObject):
    """Says short texts to assistive technology from ``host`` (a window); ``said`` keeps
    them (tests, and the status bar shows the same)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        global _factory_installed
        if not _factory_installed:
            QAccessible.installFactory(_notice_interface)
            _factory_installed = True
        self.host = host
        self.said: list[str] = []
        self._notices: list[Notice] = []

    def say(self, text: str, urgent: bool = False) -> None:
        """``text`` to the screen reader: politely (after what it is reading), or ``urgent``
        (an error, a cancel: at once)."""
        text = " ".join(text.split())
        if not text:
            return
        self.said.append(text)
        notice = Notice(self.host)
        notice.setObjectName("announcement")
        notice.setAccessibleName(text)
        notice.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        notice.setGeometry(0, 0, 1, 1)  # seen by the bus, in nobody's way
        notice.show()
        event = QAccessibleAnnouncementEvent(notice, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if urgent
                            else QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
        # the reader asks for a notification's name when it sees it appear, a moment later:
        # one deleted at once (as the next came) was heard by nobody
        self._notices.append(notice)
        while len(self._notices) > KEPT:
            self._notices.pop(0).deleteLater()


def words(count: int) -> str:
    return f"{count} Wort" if count == 1 else f"{count} Wörter"


class DraftNews:
    """A draft's course in sentences for ``announcer``: ``text`` is the draft as it stands,
    ``verdict`` the Quellenabgleich's result ("" while it is off)."""

    def __init__(self, announcer: Announcer, text: Callable[[], str], verdict: Callable[[], str]) -> None:
        self.announcer, self.text, self.verdict = announcer, text, verdict
        self._last = 0.0
        self._quarter = -1
        self._over = False  # cancelled or failed: its end is said already

    def started(self, title: str) -> None:
        self._last, self._quarter, self._over = time.monotonic(), -1, False
        self.announcer.say(f"Entwurf „{title}“ wird geschrieben. Abbrechen mit Escape.")

    def reading(self, fraction: float, message: str) -> None:
        """Reading a long document: its progress in quarters."""
        quarter = int(fraction / STEP)
        if quarter > self._quarter and 0 < quarter < round(1 / STEP):
            self._quarter = quarter
            self.announcer.say(f"{message} {quarter * 25} Prozent.")

    def writing(self) -> None:
        """Words arrived: how many so far, at most every ``PROGRESS_SECONDS``."""
        now = time.monotonic()
        if now - self._last >= PROGRESS_SECONDS:
            self._last = now
            self.announcer.say(f"Entwurf: {words(len(self.text().split()))} bisher.")

    def finished(self, version: Any) -> None:
        """The draft is done (``version``: the pane's, None when broken off or cancelled)."""
        if self._over or version is None or version.draft.stats.cancelled:
            return  # said by ``cancelled`` or ``failed``
        if not version.usable:
            self.announcer.say("Kein brauchbarer Entwurf – siehe Hinweis über dem Text.", urgent=True)
            return
        check = self.verdict()
        self.announcer.say(f"Entwurf fertig: {words(len(self.text().split()))}. "
                           + (f"Quellenabgleich: {check}. " if check else "")
                           + "Bitte den Entwurf prüfen.")

    def cancelled(self) -> None:
        self._over = True
        self.announcer.say(f"Erzeugung abgebrochen; {words(len(self.text().split()))} bleiben im "
                           "Entwurf.", urgent=True)

    def failed(self, message: str) -> None:
        self._over = True
        self.announcer.say(f"Fehler: {message}", urgent=True)


class WorkNews:
    """An import's or sync's course for ``announcer``: start, progress in quarters, end."""

    def __init__(self, announcer: Announcer, what: str) -> None:
        self.announcer, self.what = announcer, what
        self._quarter = 0
        announcer.say(f"{what} läuft. Abbrechen mit Alt+R.")

    def progress(self, fraction: float) -> None:
        quarter = int(fraction / STEP)
        if quarter > self._quarter and quarter < round(1 / STEP):
            self._quarter = quarter
            self.announcer.say(f"{self.what}: {quarter * 25} Prozent.")

    def finished(self, message: str) -> None:
        self.announcer.say(f"{self.what} fertig: {message}")

    def cancelled(self) -> None:
        self.announcer.say(f"{self.what} abgebrochen.", urgent=True)

    def failed(self, message: str) -> None:
        self.announcer.say(f"{self.what} fehlgeschlagen: {message}", urgent=True)
