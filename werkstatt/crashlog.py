"""An unexpected error: one German line for the user, the traceback in a log file.

The CLI and the app each have one handler for errors nobody foresaw (``cli.main``,
``ui.errors``). Neither shows a traceback; both write it to ``Fehlerprotokolle`` in the
user's data folder, where the user can see it (and pass it to IT) and nothing else reads it.

Users are told to hand these reports to IT, so no credential may be in them: ``details``
(the log, the dialog's details box, „Details speichern“) passes everything through
``redact``: passwords in URLs, ``Authorization`` values, Bearer/Basic tokens, ``…key=``,
``…password=``, ``…token=`` and ``…secret=`` values, OpenAI-style ``sk-…`` keys, and every
secret the app was given (``keep_secret``: the policy's ``inference_api_key``, the key read
from a Windows credential), also where it appears escaped (``'sk-1\\r\\n'``, ``b'…'``).
"""

from __future__ import annotations

import datetime as dt
import platform
import traceback
from pathlib import Path

from . import __version__, paths
from .redaction import keep_secret, redact

KEEP = 20  # newest logs kept


def log_dir() -> Path:
    return paths.private_dir(paths.user_dir() / "Fehlerprotokolle")


def details(exc: BaseException) -> str:
    """The report: version, system, traceback (no document text, no settings, no local
    variables), credentials taken out (``redact``)."""
    lines = [f"KI-Werkstatt {__version__}", f"{platform.platform()}, Python {platform.python_version()}",
             f"Zeit (UTC): {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}", ""]
    lines += traceback.format_exception(type(exc), exc, exc.__traceback__)
    return redact("\n".join(line.rstrip("\n") for line in lines) + "\n")


def write_log(exc: BaseException) -> Path | None:
    """The log file written for ``exc`` (None if even that fails: the message still shows)."""
    try:
        folder = log_dir()
        target = folder / f"fehler-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.log"
        from .atomic import write_text

        write_text(target, details(exc))
        for old in sorted(folder.glob("fehler-*.log"))[:-KEEP]:
            old.unlink(missing_ok=True)
        return target
    except OSError:
        return None


def message(exc: BaseException, log: Path | None) -> str:
    """One German line: what happened and where the details are."""
    where = f" Details stehen in {log}." if log else ""
    return (f"Unerwarteter Fehler ({type(exc).__name__}). Ihre Eingaben sind nicht verloren."
            f"{where} Bitte der IT melden.")


__all__ = ["details", "keep_secret", "log_dir", "message", "redact", "write_log"]
