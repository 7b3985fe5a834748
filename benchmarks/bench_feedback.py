"""Merge 100 workstation files of 1,000 entries each and build the report; print the times.

Not a timed test. Target on the 2-core reference machine: merge < 5 s, report < 5 s.
Run: .venv/bin/python benchmarks/bench_feedback.py [--files 100] [--entries 1000] (item 10 of make bench)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("WERKSTATT_HOME", tempfile.mkdtemp(prefix="werkstatt-bench-"))

from werkstatt.feedback import report  # noqa: E402
from werkstatt.feedback.demo import write_demo  # noqa: E402
from werkstatt.feedback.merge import merge  # noqa: E402


def measure(files: int, entries: int) -> dict[str, float]:
    """Seconds to prepare, merge, merge again and write each report format."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        sources = []
        for i in range(files):
            path = folder / f"feedback-P-{i:03d}.sqlite"
            write_demo(path, entries, seed=i)
            sources.append(path)
        timings = {"prepare": time.perf_counter() - started}
        out = folder / "merged.sqlite"
        started = time.perf_counter()
        result = merge(sources, out)
        timings["merge"] = time.perf_counter() - started
        started = time.perf_counter()
        again = merge(sources, out)
        timings["remerge"] = time.perf_counter() - started
        timings.update(new=result.new, duplicate=again.duplicate)
        for fmt in ("docx", "html", "csv"):
            started = time.perf_counter()
            report.write(report.compute(out), folder / f"report.{fmt}", fmt)
            timings[fmt] = time.perf_counter() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    t = measure(args.files, args.entries)
    print(f"{args.files} Dateien × {args.entries} Einträge (Vorbereitung {t['prepare']:.1f} s)")
    print(f"merge:          {t['merge']:6.2f} s  ({t['new']:.0f} neu)  Ziel < 5 s")
    print(f"merge erneut:   {t['remerge']:6.2f} s  ({t['duplicate']:.0f} doppelt)")
    for fmt in ("docx", "html", "csv"):
        print(f"report {fmt:5}   {t[fmt]:6.2f} s  Ziel < 5 s")


if __name__ == "__main__":
    main()
