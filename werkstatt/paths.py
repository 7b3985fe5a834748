"""Where things live: the per-user data directory, bundled resources and the models.

``WERKSTATT_HOME`` overrides the per-user directory (tests point it at a temporary
directory: it holds only the user's own data). ``WERKSTATT_RESOURCES`` and ``WERKSTATT_MODELS``
override the resources and models folders for development, and only on a PC without a
machine policy (``policy.machine_policy_exists``).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def user_dir() -> Path:
    """The one per-user directory for settings, caches and the feedback database."""
    override = os.environ.get("WERKSTATT_HOME")
    path = Path(override) if override else Path(
        platformdirs.user_data_dir("KI-Werkstatt", "Hansestadt Luebeck", roaming=False)
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    path = user_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _dev_override(name: str) -> str | None:
    """A development override from the environment, ignored where IT set a machine policy."""
    value = os.environ.get(name)
    if not value:
        return None
    from .policy import machine_policy_exists

    return None if machine_policy_exists() else value


def resources_dir() -> Path:
    override = _dev_override("WERKSTATT_RESOURCES")
    return Path(override) if override else PROJECT_ROOT / "resources"


def models_dir() -> Path:
    """``WERKSTATT_MODELS``, else the policy's ``models_dir``, else ``models/`` beside the code."""
    override = _dev_override("WERKSTATT_MODELS")
    if override:
        return Path(override)
    from .policy import PolicyError, load_policy

    try:
        configured = load_policy().models_dir
    except PolicyError:
        configured = None  # the invalid policy itself locks the app; paths stay usable
    return Path(configured) if configured else PROJECT_ROOT / "models"


def catalog_file() -> Path:
    """The catalogue of vetted models always lives beside the code, never in user space."""
    return PROJECT_ROOT / "models" / "catalog.toml"
