"""User settings: one JSON file in the user directory, defaults for everything.

A corrupt settings file is set aside (renamed ``.corrupt``) and defaults are used, so a bad
file never stops the app (Mu). Only keys that differ from the defaults are written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import atomic, paths
from .export.layout import LETTERHEAD_FIELDS, Letterhead
from .policy import Policy

DEFAULTS: dict[str, Any] = {
    "model_id": "",  # empty: the catalogue's default model
    "context_tokens": 8192,  # context window to allocate (memory grows with it)
    "window_placement": {},  # per window and screen: base64 of the Qt window geometry
    "splitter_state": "",
    "last_template": "",
    "last_directory": "",  # where the last document was opened from (read without error)
    "save_directory": "",  # where the last draft was saved
    "letterhead_asked": False,  # the letterhead was asked for once, before the first letter
    "feedback_details": False,  # the feedback form's further questions unfolded
    "export_format": ".docx",  # last chosen save format: .docx, .odt or .txt
    "participant_id": "",  # pseudonymous, random per installation (feedback)
    "department": "",  # chosen by the participant, optional
    "feedback_path": "",  # empty: feedback.sqlite in the user directory
    # Letterhead of exported letters (policy keys of the same name fix them for a machine).
    "letter_organisation": "Hansestadt Lübeck",
    "letter_unit": "",  # e.g. "Bereich Stadtgrün und Verkehr"
    "letter_address": "",  # e.g. "Kronsforder Allee 2-6, 23560 Lübeck"
    "letter_contact": "",  # the person signing / to contact
    "letter_phone": "",
    "letter_email": "",
}


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_dir() / "settings.json"
        self._values: dict[str, Any] = {}
        self.problem = ""
        self.load()

    def load(self) -> None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            self._values = {k: v for k, v in raw.items() if k in DEFAULTS}
        except FileNotFoundError:
            self._values = {}
        except (OSError, ValueError):
            self._values = {}
            self.problem = f"Die Einstellungen in {self.path} waren beschädigt und wurden zurückgesetzt."
            try:
                self.path.replace(self.path.with_suffix(".corrupt"))
            except OSError:
                pass

    def get(self, key: str) -> Any:
        return self._values.get(key, DEFAULTS[key])

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        if value == DEFAULTS[key]:
            self._values.pop(key, None)
        else:
            self._values[key] = value

    def save(self) -> None:
        atomic.write_json(self.path, self._values)


def effective(policy: Policy, settings: Settings, key: str) -> Any:
    """A setting as it applies: IT's policy over the user's choice."""
    fixed = policy.fixed_value(key)
    return fixed if fixed is not None else settings.get(key)


def letterhead(policy: Policy, settings: Settings) -> Letterhead:
    """The sender's data for letters: IT's policy over the user's settings."""
    return Letterhead(**{name: str(effective(policy, settings, f"letter_{name}")).strip()
                         for name in LETTERHEAD_FIELDS})
