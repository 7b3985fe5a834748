"""Every file the app writes is written whole or not at all.

``write_via`` lets a writer (python-docx, odfpy, SQLite's VACUUM INTO, plain text) write to a
temporary file beside the target and then replaces the target in one step: a crash, a full
disk or a file locked by Word never leaves half a file, and the old one stays until the new
one is complete. Failures are one German line. A file in the user folder is written
readable by its owner only (``paths.private``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import paths
from .errors import WerkstattError


def write_via(target: Path, write: Callable[[Path], object]) -> Path:
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        write(tmp)
        if paths.in_user_dir(target):
            paths.private(tmp)
        tmp.replace(target)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise WerkstattError(
            f"„{target}“ kann nicht gespeichert werden: keine Berechtigung oder die Datei ist "
            "in einem anderen Programm geöffnet.") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WerkstattError(f"„{target}“ kann nicht gespeichert werden ({exc.strerror}).") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_text(target: Path, text: str) -> Path:
    return write_via(target, lambda p: p.write_text(text, encoding="utf-8"))


def write_json(target: Path, data: Any) -> Path:
    return write_text(target, json.dumps(data, indent=2, ensure_ascii=False))
