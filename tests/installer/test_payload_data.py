"""The app's data files reach the wheel and the MSI payload (issue 28: the synthetic council
data's vocabulary became a data file): pyproject names every file other than Python inside
the packages as package data, and the payload check refuses a payload that lacks one."""

from __future__ import annotations

from pathlib import Path

import pytest

from installer import BuildError, payload

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_file_in_the_packages_is_package_data():
    """A file other than Python inside werkstatt/ or ui/ is named by pyproject's package-data
    (setuptools leaves anything else out of the wheel, and so out of the MSI)."""
    data = {path.relative_to(ROOT).as_posix() for folder in ("werkstatt", "ui")
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert "werkstatt/gremien/synthetic/words.toml" in data
    assert data <= set(payload.app_data_files())


def test_a_payload_without_a_data_file_fails_the_build(tmp_path):
    """The payload check names a data file the app's wheel did not bring."""
    for name in ("python/python.exe", "python/pythonw.exe", f"python/{payload.PTH}",
                 "app/werkstatt/cli.py", "app/ui/app.py", "app/models/catalog.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match="words.toml fehlt"):
        payload.check(tmp_path)
