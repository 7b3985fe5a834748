"""What one feedback entry records: the rating plus facts about the result (never a name)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from .. import catalog, paths
from ..drafting import Draft
from ..policy import Policy
from ..settings import Settings
from .store import NOT_GIVEN, Rating


def participant_id(settings: Settings) -> str:
    """The pseudonymous participant id: random per installation, created on first use."""
    value = str(settings.get("participant_id"))
    if not value:
        value = "P-" + secrets.token_hex(4)
        settings.set("participant_id", value)
        settings.save()
    return value


def feedback_path(policy: Policy, settings: Settings) -> Path:
    """IT's ``feedback_dir`` (one file per participant) over the user's choice."""
    if policy.feedback_dir:
        return Path(policy.feedback_dir) / f"feedback-{participant_id(settings)}.sqlite"
    custom = str(settings.get("feedback_path"))
    return Path(custom) if custom else paths.user_dir() / "feedback.sqlite"


def make_entry(draft: Draft, rating: Rating, document: str, *, participant: str,
                department: str = "", had_kipass: bool | None = None,
                texts_allowed: bool = False) -> dict[str, Any]:
    """The row for one rating. Input and output text only with the user's explicit opt-in,
    and only where IT's policy allows it (``texts_allowed``: policy allow_feedback_texts)."""
    rating.validate()
    store_texts = rating.store_texts and texts_allowed
    model_sha = draft.model_sha256
    if not model_sha and not draft.server:
        try:
            model_sha = catalog.find_model(draft.model_id).sha256
        except Exception:  # a model no longer in the catalogue: record the id only
            model_sha = ""
    stats = draft.stats
    return {
        "template_id": draft.template.id,
        "template_version": draft.template.version,
        "template_hash": draft.template.content_hash,
        "model_id": draft.model_id,
        "model_sha256": model_sha,
        "inference_server": draft.server,
        "params_json": stats.params,
        "input_chars": len(document),
        "input_tokens": stats.prompt_tokens,
        "output_chars": len(draft.text),
        "output_tokens": stats.completion_tokens,
        "generation_seconds": round(stats.seconds, 3),
        "tokens_per_second": round(stats.tokens_per_second, 2),
        "participant_id": participant,
        "department": department,
        "quality": rating.quality,
        "correction_effort": None if rating.correction_effort == NOT_GIVEN else rating.correction_effort,
        "minutes_saved": rating.minutes_saved,
        "would_use": None if rating.would_use == NOT_GIVEN else rating.would_use,
        "problems": list(rating.problems),
        "comment": rating.comment.strip(),
        "input_text": document if store_texts else None,
        "output_text": draft.text if store_texts else None,
        "had_kipass": None if had_kipass is None else int(had_kipass),
    }
