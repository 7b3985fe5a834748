"""Synthetic feedback for demos, training and benchmarks, marked as such in every row.

Rows carry ``synthetic = 1`` and the file's meta says ``synthetic = 1`` (and ``merged = 1``:
a demo file stands for a merged database and is reported as it is); the report warns
whenever such rows are present, so demo figures can never pass for real results.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path

from .. import __version__
from .schema import SCHEMA_VERSION
from .store import EFFORTS, PROBLEMS, FeedbackStore

# template id -> (mean quality, mean minutes saved); plausible, invented figures
PROFILES = {
    "zusammenfassung": (3.8, 12.0),
    "buergerbrief": (3.1, 6.0),
    "protokoll": (3.4, 15.0),
    "einfache-sprache": (2.9, 8.0),
    "email-antwort": (3.6, 4.0),
}
DEPARTMENTS = ["Bürgerservice", "Schule und Sport", "Stadtplanung", "Soziale Sicherung",
               "Umwelt", "Personal", ""]
COMMENTS = ["", "", "", "Guter Anfang, musste Zahlen prüfen.", "Ton passte nicht ganz.",
            "Spart Zeit beim Gliedern.", "Zu allgemein formuliert."]


def generate_rows(count: int, seed: int | None = None) -> list[dict[str, object]]:
    rng = random.Random(seed)
    participants = [(f"P-{rng.getrandbits(32):08x}", rng.choice(DEPARTMENTS))
                    for _ in range(max(1, count // 40))]
    start = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
    rows = []
    for _ in range(count):
        template_id = rng.choice(list(PROFILES))
        mean_quality, mean_minutes = PROFILES[template_id]
        quality = min(5, max(1, round(rng.gauss(mean_quality, 0.9))))
        participant, department = rng.choice(participants)
        problems = [p for p in PROBLEMS if rng.random() < (0.35 if quality <= 2 else 0.08)]
        seconds = rng.uniform(4, 30)
        tokens = int(seconds * rng.uniform(25, 40))
        rows.append({
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "created_utc": (start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 80)))
            .isoformat(timespec="seconds"),
            "app_version": __version__, "template_id": template_id, "template_version": "1.0",
            "template_hash": "", "model_id": "qwen2.5-coder-0.5b-instruct-q4km",
            "model_sha256": "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            "params_json": "{}", "input_chars": rng.randrange(300, 12000),
            "input_tokens": rng.randrange(100, 3500), "output_chars": tokens * 4,
            "output_tokens": tokens, "generation_seconds": round(seconds, 2),
            "tokens_per_second": round(tokens / seconds, 2), "participant_id": participant,
            "department": department, "quality": quality,
            "correction_effort": EFFORTS[min(3, max(0, 4 - quality))],
            "minutes_saved": round(rng.gauss(mean_minutes * (quality - 1.5) / 2.5, 4)),
            "would_use": "ja" if quality >= 4 else ("unsicher" if quality == 3 else "nein"),
            "problems": problems, "comment": rng.choice(COMMENTS),
            "synthetic": 1, "had_kipass": 1,
        })
    return rows


def write_demo(target: Path, count: int, seed: int | None = None) -> int:
    """Write ``count`` synthetic entries into ``target`` (created or extended)."""
    with FeedbackStore(Path(target)) as store:
        store.set_meta("synthetic", "1")
        store.set_meta("merged", "1")  # stands for a pilot's merged database: reportable as is
        rows = generate_rows(count, seed)
        for row in rows:
            row["problems"] = json.dumps(row["problems"], ensure_ascii=False)
            row["schema_version"] = SCHEMA_VERSION
        with store.db.conn:
            store.db.table("entries").insert_all(rows, batch_size=1000, ignore=True)
        return len(rows)
