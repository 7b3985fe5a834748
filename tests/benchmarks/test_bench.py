"""``make bench`` in its short mode: every measurement runs and prints its row. Figures are
not checked (CI machines are noisy); text identity under prompt lookup is."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.model
@pytest.mark.timeout(900)
def test_short_bench_prints_all_eleven(tmp_path):
    env = {**os.environ, "WERKSTATT_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--short"],
                          capture_output=True, text=True, env=env, timeout=880, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = proc.stdout[proc.stdout.index("\nLeistung:"):]
    numbers = {int(m) for m in re.findall(r"^ +(\d+)  ", table, re.MULTILINE)}
    assert numbers == set(range(1, 12)), table
    assert "Nicht gemessen" not in table and "VERSCHIEDEN" not in table
    assert "Text gleich" in table
