"""Fixtures of the accessibility tests (issue 30): a window manager on the virtual screen,
the main window with a fake engine, and the AT-SPI tests' guard.

``make test-a11y`` runs this folder under ``scripts/a11y-session.sh`` (D-Bus, Xvfb, the AT-SPI
bus, Qt on X11); elsewhere the tests marked ``atspi`` are skipped, with the reason, unless
``A11Y_REQUIRED`` is set (then a missing piece fails them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from tests.ui.conftest import FakeEngine, letters_in_one_piece, no_blocking_dialogs  # noqa: F401

from .atspi import ARTIFACTS, available


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "atspi: reads the app from outside through the AT-SPI bus "
                            "(make test-a11y)")


@pytest.fixture(autouse=True)
def atspi_guard(request: pytest.FixtureRequest) -> None:
    """An ``atspi`` test needs the bus: skipped without it, failed in ``make test-a11y``."""
    if request.node.get_closest_marker("atspi") is None:
        return
    reason = available()
    if reason and os.environ.get("A11Y_REQUIRED"):
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def window_manager():
    """openbox on the X display, where there is one: windows are framed and activated as on
    a desktop (a screen reader follows the active window)."""
    if not os.environ.get("QT_QPA_PLATFORM", "").startswith("xcb") or not shutil.which("openbox"):
        yield None
        return
    manager = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    yield manager
    manager.terminate()
    manager.wait(10)


@pytest.fixture
def artifacts():
    """The folder the tests leave their evidence in (screenshots, recordings, figures)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def fake_engine():
    return FakeEngine()


@pytest.fixture
def main_window(qtbot, fake_engine):
    """The real main window with the fake engine, shown and active, its model ready."""
    from ui.main_window import MainWindow

    window = MainWindow(engine_factory=lambda: fake_engine)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.session.ready, timeout=10_000)
    yield window
    window.shutdown()
