"""Safe mode, remembered: a PC whose engine crashed natively twice in a row keeps the safer
CPU variant on the next start instead of crashing twice again.

Stored in the user's cache as ``engine-safe-mode.json``: the variants still allowed, the one
that crashed, the date, and the engine build it applies to (a new build starts afresh).
Only native crashes are remembered (access violation, illegal instruction, bus error,
abort); a kill, e.g. for lack of memory, is not the variant's fault.
``werkstatt doctor --reset`` forgets it.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from .. import paths

NATIVE_CRASHES = {
    -signal.SIGSEGV, -signal.SIGILL, -signal.SIGFPE, -signal.SIGABRT,
    -getattr(signal, "SIGBUS", 7),
    0xC0000005, 0xC000001D, 0xC0000096, 0xC0000409,  # Windows: access violation, illegal
}                                                    # / privileged instruction, fast fail


@dataclass(frozen=True)
class SafeMode:
    candidates: tuple[str, ...]
    instead_of: str  # the variant that crashed
    since: str  # ISO date
    engine: str  # the engine build it applies to


def engine_build() -> str:
    try:
        return f"llama-cpp-python {metadata.version('llama_cpp_python')}"
    except metadata.PackageNotFoundError:
        return ""


def _file() -> Path:
    return paths.cache_dir() / "engine-safe-mode.json"


def load() -> SafeMode | None:
    """The remembered safe mode for this engine build, if any (a damaged file is ignored)."""
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        mode = SafeMode(tuple(str(c) for c in data["candidates"]), str(data["instead_of"]),
                        str(data["since"]), str(data["engine"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return mode if mode.engine == engine_build() and mode.candidates else None


def remember(candidates: tuple[str, ...], instead_of: str) -> None:
    mode = SafeMode(candidates, instead_of, dt.date.today().isoformat(), engine_build())
    try:
        _file().write_text(json.dumps(asdict(mode)), encoding="utf-8")
    except OSError:
        pass  # remembering is a convenience: the session's safe mode holds regardless


def reset() -> bool:
    """Forget the safe mode; True if there was one."""
    try:
        _file().unlink()
        return True
    except FileNotFoundError:
        return False
