"""Machine policy set by IT: one TOML file users cannot override.

Location: ``%ProgramData%\\KI-Werkstatt\\policy.toml`` (Windows), ``/etc/ki-werkstatt/policy.toml``
(elsewhere); the environment variable ``WERKSTATT_POLICY`` names another file (tests, IT's
own checks). A missing file means the documented defaults below. An invalid file is never
ignored: ``load_policy`` raises ``PolicyError`` naming the file and the problem, and the app
starts locked, every generating CLI command exits 2.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import WerkstattError

DEFAULT_LABEL = "Mit KI-Unterstützung erstellt. Inhalt vom Menschen geprüft und verantwortet."


class PolicyError(WerkstattError):
    """The policy file exists but is invalid: the app locks."""


@dataclass(frozen=True)
class Policy:
    """Effective machine policy. ``None`` means "not fixed by IT" (the user may choose)."""

    source: Path | None = None  # the file it came from; None: defaults
    allowed_models: tuple[str, ...] = ()  # SHA-256 values; empty: every catalogue model
    models_dir: str | None = None
    feedback_dir: str | None = None
    allow_feedback_texts: bool = True
    require_kipass: bool = False
    enabled_templates: tuple[str, ...] | None = None  # None: all vetted templates
    departments: tuple[str, ...] = ()
    export_label: str = DEFAULT_LABEL
    label_clipboard: bool = False
    contact: str = ""
    model_id: str | None = None  # fixes the model; None: user's choice (or catalogue default)
    context_tokens: int | None = None
    # Letterhead of exported letters; each fixes the user setting of the same name.
    letter_organisation: str | None = None
    letter_unit: str | None = None
    letter_address: str | None = None
    letter_contact: str | None = None
    letter_phone: str | None = None
    letter_email: str | None = None

    def fixed_value(self, setting: str) -> Any:
        """The value IT fixed for a user setting, or None if the user may choose."""
        attribute = _FIXED_SETTINGS.get(setting)
        return getattr(self, attribute) if attribute else None

    def fixes(self, setting: str) -> bool:
        """Whether IT fixed a user setting (it is then shown greyed out)."""
        return self.fixed_value(setting) is not None

    def template_enabled(self, template_id: str) -> bool:
        return self.enabled_templates is None or template_id in self.enabled_templates

    def model_allowed(self, sha256: str) -> bool:
        return not self.allowed_models or sha256.lower() in self.allowed_models


LETTER_KEYS = ("letter_organisation", "letter_unit", "letter_address", "letter_contact",
               "letter_phone", "letter_email")
_FIXED_SETTINGS = {"model_id": "model_id", "context_tokens": "context_tokens",
                   "feedback_path": "feedback_dir", **{key: key for key in LETTER_KEYS}}

_TYPES: dict[str, Any] = {
    "allowed_models": list, "models_dir": str, "feedback_dir": str,
    "allow_feedback_texts": bool, "require_kipass": bool, "enabled_templates": list,
    "departments": list, "export_label": str, "label_clipboard": bool, "contact": str,
    "model_id": str, "context_tokens": int, **{key: str for key in LETTER_KEYS},
}


def default_path() -> Path:
    override = os.environ.get("WERKSTATT_POLICY")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "KI-Werkstatt" / "policy.toml"
    return Path("/etc/ki-werkstatt/policy.toml")


def parse_policy(text: str, source: Path) -> Policy:
    where = f"Richtlinie {source}"
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{where} ist ungültig: {exc}.") from None
    values: dict[str, Any] = {"source": source}
    for key, value in raw.items():
        if key not in _TYPES:
            raise PolicyError(f"{where}: unbekannter Schlüssel „{key}“.")
        kind = _TYPES[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PolicyError(f"{where}: „{key}“ hat den falschen Typ.")
        if kind is list:
            if not all(isinstance(v, str) for v in value):
                raise PolicyError(f"{where}: „{key}“ muss eine Liste von Texten sein.")
            value = tuple(v.strip().lower() if key == "allowed_models" else v for v in value)
        values[key] = value
    for digest in values.get("allowed_models", ()):
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise PolicyError(f"{where}: „{digest}“ in allowed_models ist keine SHA-256-Prüfsumme.")
    if "context_tokens" in values and not 512 <= values["context_tokens"] <= 131072:
        raise PolicyError(f"{where}: context_tokens muss zwischen 512 und 131072 liegen.")
    if "export_label" in values and not values["export_label"].strip():
        raise PolicyError(f"{where}: export_label darf nicht leer sein.")
    return Policy(**values)


_cache: dict[tuple[str, int, int], Policy] = {}


def load_policy(path: Path | None = None) -> Policy:
    """The machine policy (cached per file state). Raises ``PolicyError`` if invalid."""
    path = path or default_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return Policy()
    except OSError as exc:
        raise PolicyError(f"Richtlinie {path} ist nicht lesbar ({exc.strerror}).") from None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _cache:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"Richtlinie {path} ist nicht lesbar ({exc}).") from None
        _cache[key] = parse_policy(text, path)
    return _cache[key]


POLICY_KEYS = [f.name for f in fields(Policy) if f.name != "source"]


def load_policy_or_default() -> Policy:
    """For places that only read a value: an invalid policy counts as the defaults here,
    because the app and the CLI lock themselves on it elsewhere (``load_policy``)."""
    try:
        return load_policy()
    except PolicyError:
        return Policy()
