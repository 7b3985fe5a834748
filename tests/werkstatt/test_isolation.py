"""The core stays free of Qt, and a whole generation works with the network switched off."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def test_core_imports_no_qt():
    """Importing the CLI and every core module loads no PySide6 module."""
    code = textwrap.dedent("""
        import sys, pkgutil, importlib, werkstatt, werkstatt.cli
        for m in pkgutil.iter_modules(werkstatt.__path__):
            importlib.import_module("werkstatt." + m.name)
        qt = [m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "ui"))]
        assert not qt, qt
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_no_network_code_is_loaded_unless_a_sync_is_asked_for():
    """The CLI and the app's window load no HTTP client: only ``werkstatt gremien sync`` and
    the Gremien window's sync button import ``werkstatt.gremien.sync`` (and urllib with it)."""
    code = textwrap.dedent("""
        import sys, werkstatt.cli, ui.main_window, ui.gremien_view
        loaded = [m for m in ("http.client", "urllib.request", "ssl", "werkstatt.gremien.sync")
                  if m in sys.modules]
        assert not loaded, loaded
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120,
                   env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


@pytest.mark.model
def test_generation_runs_with_sockets_blocked(tmp_path, data):
    """Loading the model and generating a draft never creates a network socket, in the CLI's
    process nor in the engine process (a sitecustomize blocks sockets in every Python started)."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    marks = tmp_path / "blocked-pids.txt"
    (blocker / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import os, socket
        def refuse(*a, **k):
            raise RuntimeError("network access attempted")
        socket.socket = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        with open({str(marks)!r}, "a") as fh:
            fh.write(str(os.getpid()) + "\\n")
    """), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(blocker))
    proc = subprocess.run(
        [sys.executable, "-m", "werkstatt.cli", "run", "zusammenfassung",
         "--input", str(data / "amtstext.txt"), "--set", "laenge=kurz",
         "--output", str(tmp_path / "o.docx")],
        capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.docx").stat().st_size > 0
    assert len(set(marks.read_text().split())) >= 2  # the CLI and its engine process
