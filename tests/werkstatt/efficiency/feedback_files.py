"""Merged feedback databases with chosen ratings, for figures computed by hand."""

from __future__ import annotations

from pathlib import Path

from werkstatt.feedback.store import FeedbackStore


def merged_db(path: Path, ratings: list[tuple[str, int, float | None, str | None, str | None]]) -> Path:
    """``ratings``: (template, quality, minutes saved, would use, correction effort)."""
    with FeedbackStore(path) as store:
        for i, (template, quality, minutes, use, effort) in enumerate(ratings):
            store.add({"uuid": f"r-{i:04d}", "template_id": template, "participant_id": f"P-{i % 7}",
                       "quality": quality, "minutes_saved": minutes, "would_use": use,
                       "correction_effort": effort, "problems": [],
                       "created_utc": f"2026-10-{1 + i % 28:02d}T09:00:00+00:00"})
        store.set_meta("merged", "1")
    return path


MINUTES = [-5, 0, 5, 10, 10, 15, 20, 30, 40, 60]  # median 12.5
USES = ["ja"] * 7 + ["nein"] * 3  # 7 of 10
EFFORTS = ["keine", "gering", "gering", "erheblich", "unbrauchbar", None, "keine", "gering", None, None]
QUALITIES = [5, 4, 4, 3, 2, 4, 5, 3, 4, 4]  # mean 3.8


def protocol_ratings() -> list[tuple[str, int, float | None, str | None, str | None]]:
    return [("protokoll", q, m, u, e) for q, m, u, e in zip(QUALITIES, MINUTES, USES, EFFORTS, strict=True)]
