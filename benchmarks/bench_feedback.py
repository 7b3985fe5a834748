"""Merge 100 workstation files of 1,000 entries each and build the report; print the times.

Not a timed test. Target on the 2-core reference machine: merge < 5 s, report < 5 s.
Run: .venv/bin/python benchmarks/bench_feedback.py [--files 100] [--entries 1000]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        sources = []
        for i in range(args.files):
            path = folder / f"feedback-P-{i:03d}.sqlite"
            write_demo(path, args.entries, seed=i)
            sources.append(path)
        prepare = time.perf_counter() - started
        out = folder / "merged.sqlite"
        started = time.perf_counter()
        result = merge(sources, out)
        merge_s = time.perf_counter() - started
        started = time.perf_counter()
        again = merge(sources, out)
        remerge_s = time.perf_counter() - started
        timings = {}
        for fmt in ("docx", "html", "csv"):
            started = time.perf_counter()
            report.write(report.compute(out), folder / f"report.{fmt}", fmt)
            timings[fmt] = time.perf_counter() - started
    print(f"{args.files} Dateien × {args.entries} Einträge (Vorbereitung {prepare:.1f} s)")
    print(f"merge:          {merge_s:6.2f} s  ({result.new} neu, {result.duplicate} doppelt)  Ziel < 5 s")
    print(f"merge erneut:   {remerge_s:6.2f} s  ({again.new} neu, {again.duplicate} doppelt)")
    for fmt, seconds in timings.items():
        print(f"report {fmt:5}   {seconds:6.2f} s  Ziel < 5 s")


if __name__ == "__main__":
    main()
