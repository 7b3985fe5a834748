"""The user folder is private on Linux: 0700 for folders, 0600 for files, so other local users
can read neither feedback, the council library, the logs nor the settings."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from werkstatt import atomic, crashlog, paths
from werkstatt.cli import main
from werkstatt.engine.process import _Worker
from werkstatt.feedback.store import FeedbackStore
from werkstatt.gremien.library import Library
from werkstatt.gremien.sync import sync
from werkstatt.policy import Policy
from werkstatt.settings import Settings

from .gremien import council_data
from .gremien.oparl_server import OParlServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes (Windows: ACLs)")


def open_to_others(folder):
    """Every path under ``folder`` (itself included) that group or others may use."""
    found = []
    for path in [folder, *folder.rglob("*")]:
        if stat.S_IMODE(path.lstat().st_mode) & 0o077:
            found.append(f"{path.relative_to(folder)} {oct(stat.S_IMODE(path.lstat().st_mode))}")
    return found


def test_everything_the_app_writes_in_the_user_folder_is_private(werkstatt_home, tmp_path, capsys):
    """Settings, the usage-rules record, feedback (with its WAL), the council library and its
    sync, the engine log and a crash log: nothing in the user folder is readable by others."""
    old = os.umask(0o022)  # the usual desktop umask, not a test runner's stricter one
    try:
        assert main(["rules", "accept", "--yes"]) == 0
        settings = Settings()
        settings.set("department", "Bereich Umwelt")
        settings.save()
        with FeedbackStore(paths.user_dir() / "feedback.sqlite") as store:
            assert store.entries() == []
        council_data.write(tmp_path / "oparl")
        with Library() as library:
            library.import_paths([tmp_path / "oparl"])
        _Worker().stop()  # writes engine.log
        crashlog.write_log(RuntimeError("Test"))
        paths.cache_dir()
        server = OParlServer(papers=3).start()
        try:
            sync(server.url, Policy(council_sync_hosts=(f"http://{server.host}",)))
        finally:
            server.stop()
    finally:
        os.umask(old)
    written = {p.name for p in werkstatt_home.rglob("*")}
    assert {"settings.json", "governance.json", "feedback.sqlite", "gremien.sqlite",
            "engine.log", "cache", "gremien-sync", "sync-state"} <= written, written
    assert open_to_others(werkstatt_home) == []


def test_an_older_open_user_folder_is_narrowed(werkstatt_home):
    """A user folder an older version created 0755 becomes 0700 at the next start."""
    werkstatt_home.mkdir(parents=True, exist_ok=True)
    werkstatt_home.chmod(0o755)
    assert paths.user_dir() == werkstatt_home
    assert stat.S_IMODE(werkstatt_home.stat().st_mode) == 0o700


def test_a_draft_saved_elsewhere_keeps_the_usual_mode(tmp_path):
    """Only the user folder is private: a draft saved to the documents folder is not narrowed."""
    old = os.umask(0o022)
    try:
        saved = atomic.write_text(tmp_path / "brief.txt", "Sehr geehrte Frau Muster,")
    finally:
        os.umask(old)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644
