"""How the app's child processes (engine, document readers) are started."""

from __future__ import annotations

import sys

from werkstatt import childproc


def test_on_windows_children_start_windowless(tmp_path, monkeypatch):
    """The CLI runs python.exe; its engine still starts with pythonw.exe (no console window)."""
    (tmp_path / "python.exe").write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python.exe"))
    monkeypatch.setattr(sys, "platform", "win32")
    assert childproc.interpreter() == str(tmp_path / "python.exe")  # no pythonw beside it
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert childproc.interpreter() == str(tmp_path / "pythonw.exe")
    monkeypatch.setattr(sys, "platform", "linux")
    assert childproc.interpreter() == str(tmp_path / "python.exe")
