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
import re
import traceback
from pathlib import Path

from . import __version__, paths

KEEP = 20  # newest logs kept
HIDDEN = "***"
MIN_SECRET = 4  # a shorter "secret" would blank out ordinary words of the report

_secrets: set[str] = set()
_QUOTE = r"""(?:b?['"])?"""
_PATTERNS = [  # (pattern, replacement): the part before the secret is kept
    # scheme://user:password@host -> scheme://***@host (up to the netloc's last "@")
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#'\"<>]+@"), rf"\1{HIDDEN}@"),
    # Authorization: Bearer x / {'Authorization': 'Bearer x'} / Proxy-Authorization=x
    (re.compile(rf"(?i)\b((?:proxy-)?authorization['\"]?\s*[:=]\s*{_QUOTE})[^'\"\\\r\n]+"),
     rf"\1{HIDDEN}"),
    (re.compile(r"(?i)\b(bearer|basic)(\s+)(?!\{)[^\s'\"\\,;]+"), rf"\1\2{HIDDEN}"),
    # api_key = '…', ?password=…&, "token": "…", client_secret: …
    (re.compile(r"(?i)\b([a-z0-9_.-]*(?:api[_-]?key|apikey|passw(?:or)?d|passwort|pwd|secret|token)"
                rf"['\"]?\s*[:=]\s*{_QUOTE})(?!\{{)[^\s'\"&\\,;)}}\]]+"), rf"\1{HIDDEN}"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{12,}"), f"sk-{HIDDEN}"),
]


def keep_secret(value: str | None) -> None:
    """Remember a credential the app holds: ``redact`` takes it out of every report."""
    if value and len(value.strip()) >= MIN_SECRET:
        _secrets.add(value)


def _forms(secret: str) -> set[str]:
    """How a secret can appear in a report: as is, trimmed, escaped as in a repr (str or
    bytes), percent-encoded in a URL."""
    from urllib.parse import quote

    forms = {secret, secret.strip(), repr(secret)[1:-1],
             repr(secret.encode("utf-8", "replace"))[2:-1], quote(secret, safe="")}
    return {form for form in forms if len(form.strip()) >= MIN_SECRET}


def redact(text: str) -> str:
    """``text`` without credentials (known secrets first, then the patterns)."""
    for form in sorted({f for secret in _secrets for f in _forms(secret)}, key=len, reverse=True):
        text = text.replace(form, HIDDEN)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


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
