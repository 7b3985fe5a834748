"""Where things live: the per-user data directory, bundled resources and the models.

``WERKSTATT_HOME`` overrides the per-user directory (tests point it at a temporary
directory: it holds only the user's own data). ``WERKSTATT_RESOURCES`` and ``WERKSTATT_MODELS``
override the resources and models folders for development, and only on a PC without a
machine policy (``policy.machine_policy_exists``).

The user folder holds feedback, drafts in the council library, logs: it is private. On Linux
and macOS it is created 0700 (an older, wider folder is narrowed) and every file the app
writes in it 0600 (``private``); other local users can neither list nor read it. On Windows
the folder lies in the user's profile (``%LOCALAPPDATA%``), whose inherited ACL grants only
the user, SYSTEM and the Administrators group.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
POSIX = sys.platform != "win32"


def user_dir() -> Path:
    """The one per-user directory for settings, caches and the feedback database."""
    override = os.environ.get("WERKSTATT_HOME")
    path = Path(override) if override else Path(
        platformdirs.user_data_dir("KI-Werkstatt", "Hansestadt Luebeck", roaming=False)
    )
    return private_dir(path)


def cache_dir() -> Path:
    return private_dir(user_dir() / "cache")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner may enter (POSIX: 0700; narrowed if it was wider)."""
    missing = []
    parent = path
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):  # parents too (mkdir's parents=True would make them 0755)
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    if POSIX:
        try:
            st = path.stat()
            if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
                path.chmod(stat.S_IMODE(st.st_mode) & ~0o077 | PRIVATE_DIR)
        except OSError:
            pass  # not ours to change (a folder IT set up): its owner decides
    return path


def private(path: Path) -> Path:
    """A file the app wrote in the user folder, made readable by its owner only (POSIX)."""
    if POSIX:
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(PRIVATE_FILE)
        except OSError:
            pass
    return path


def in_user_dir(path: Path) -> bool:
    """Whether ``path`` lies in the user folder (where files are written private)."""
    try:
        return Path(path).resolve().is_relative_to(user_dir().resolve())
    except OSError:
        return False


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
