"""Fixtures for the efficiency concept: a catalogue file, demo feedback merged as the pilot
lead merges it."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkstatt.efficiency.store import Catalogue


@pytest.fixture
def catalogue(tmp_path: Path):
    with Catalogue(tmp_path / "effizienz.sqlite") as opened:
        yield opened


@pytest.fixture(scope="session")
def pilot_db(tmp_path_factory) -> Path:
    """Two workstations' demo feedback (``werkstatt feedback demo``), merged: 500 ratings."""
    from werkstatt.feedback.demo import write_demo
    from werkstatt.feedback.merge import merge

    folder = tmp_path_factory.mktemp("pilot")
    write_demo(folder / "pc1.sqlite", 300, seed=1)
    write_demo(folder / "pc2.sqlite", 200, seed=2)
    result = merge([folder / "pc1.sqlite", folder / "pc2.sqlite"], folder / "pilot.sqlite")
    assert result.new == 500
    return folder / "pilot.sqlite"
