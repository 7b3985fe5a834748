"""The AT-SPI side of the accessibility tests: the tree and the events of this very process,
read from outside by ``atspi_client.py`` under the system Python (as Orca reads an app).

The tests that use it are marked ``atspi`` and run under ``make test-a11y``: a private D-Bus
session, Xvfb at 1366 × 768, openbox, Qt's xcb platform with its AT-SPI bridge on
(``scripts/a11y-session.sh``). While the reader runs, this process keeps its Qt event loop
turning, so the app answers the reader's calls as it answers Orca's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CLIENT = Path(__file__).with_name("atspi_client.py")
SYSTEM_PYTHON = os.environ.get("A11Y_SYSTEM_PYTHON", "/usr/bin/python3")
SETTLE_SECONDS = 0.5
ARTIFACTS = Path(os.environ.get("A11Y_ARTIFACTS", Path(__file__).resolve().parents[2] / "build" / "a11y"))


def available() -> str:
    """Why the AT-SPI tests cannot run here ("" when they can)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "keine D-Bus-Sitzung (make test-a11y startet eine)"
    if not os.environ.get("QT_QPA_PLATFORM", "").startswith("xcb"):
        return "Qt läuft nicht auf X11 (make test-a11y: QT_QPA_PLATFORM=xcb)"
    if not shutil.which(SYSTEM_PYTHON) or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode:
        return "pyatspi fehlt (scripts/system-deps.sh a11y)"
    return ""


def spin(until: Any, timeout: float) -> None:
    """Run the Qt event loop until ``until()`` or the timeout: D-Bus calls from the reader
    are answered the moment they arrive (a loop of processEvents and sleeps answered one
    call per sleep)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    loop, check = QEventLoop(), QTimer()
    expired: list[BaseException] = []

    def look() -> None:
        try:
            if until():
                loop.quit()
            elif time.monotonic() > deadline:
                expired.append(TimeoutError("the AT-SPI reader did not answer in time"))
                loop.quit()
        except Exception as exc:  # noqa: BLE001 - raised below, outside Qt's slot (which hid it)
            expired.append(exc)
            loop.quit()

    check.timeout.connect(look)
    check.start(10)
    if not until():
        loop.exec()
    check.stop()
    if expired:
        raise expired[0]


def read_tree(timeout: float = 120) -> list[dict[str, Any]]:
    """This process's windows as the AT-SPI bus shows them (one dict per top-level)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    reader = subprocess.Popen([SYSTEM_PYTHON, str(CLIENT), "tree", str(os.getpid())],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    chunks: list[str] = []
    pump = threading.Thread(target=lambda: chunks.append(reader.stdout.read()), daemon=True)
    pump.start()
    spin(lambda: reader.poll() is not None, timeout)
    pump.join(5)
    if reader.returncode:
        raise RuntimeError(f"AT-SPI reader failed: {reader.stderr.read()[-2000:]}")
    return json.loads("".join(chunks))


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node["children"]:
        yield from walk(child)


def window(windows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The top-level window called ``name`` (as the reader sees it)."""
    for top in windows:
        if top["name"] == name:
            return top
    raise AssertionError(f"no window „{name}“ among {[w['name'] for w in windows]}")


def pause(seconds: float) -> None:
    """Turn the event loop for ``seconds``."""
    until = time.monotonic() + seconds
    spin(lambda: time.monotonic() > until, seconds + 5)


class Listener:
    """Records this process's accessibility events (announcements, notifications shown,
    focus, name changes) while the ``with`` block runs; ``events`` afterwards."""

    PROBE = "Prüfansage"  # said until the listener hears it: then it hears everything after

    def __init__(self, target: Path, probe: Callable[[str], None] | None = None) -> None:
        self.target = target
        self.probe = probe  # announces a text (the app's announcer), to know the bus is ready
        self.events: list[dict[str, Any]] = []
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Listener:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.target.write_text("", encoding="utf-8")
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(CLIENT), "listen", str(os.getpid()), str(self.target)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        stdout = self.process.stdout
        assert stdout is not None
        lines: list[str] = []  # registering asks this app too: keep answering while it starts
        threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True).start()
        spin(lambda: bool(lines), 30)
        if lines[0].strip() != "ready":
            raise RuntimeError("the AT-SPI listener did not start")
        # the app's bridge hears of the new listeners through the registry a moment later
        # and sends an event kind only once it has (the first announcement was lost): a busy
        # machine needs longer, so where it can, the app says a probe until both ways of
        # hearing it (announcement, notification shown) have come through
        if self.probe is None:
            settled = time.monotonic() + SETTLE_SECONDS
            spin(lambda: time.monotonic() > settled, SETTLE_SECONDS + 5)
            return self
        deadline = time.monotonic() + 30
        while not self._heard_probe():
            if time.monotonic() > deadline:
                raise TimeoutError("the AT-SPI listener did not hear the probe in 30 s")
            self.probe(self.PROBE)
            pause(0.5)
        return self

    def _heard_probe(self) -> bool:
        raw = [json.loads(line) for line in self.target.read_text(encoding="utf-8").splitlines()
               if line.strip()]
        kinds = {e["type"] for e in raw if self.PROBE in (e.get("data") or "", e.get("name") or "")}
        return {"object:announcement", "object:state-changed:showing"} <= kinds

    def wait_for(self, check: Any, timeout: float = 30) -> None:
        """Turn the event loop until ``check(events)`` holds for the events so far."""
        spin(lambda: check(self.read()), timeout)

    def read(self) -> list[dict[str, Any]]:
        lines = self.target.read_text(encoding="utf-8").splitlines()
        self.events = [e for e in (json.loads(line) for line in lines if line.strip())
                       if self.PROBE not in (e.get("data") or "", e.get("name") or "")]
        return self.events

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None and self.process.stdin is not None
        spin(lambda: True, 0)
        self.process.stdin.close()
        try:
            spin(lambda: self.process.poll() is not None, 10)  # type: ignore[union-attr]
        except TimeoutError:
            self.process.kill()
        self.read()
