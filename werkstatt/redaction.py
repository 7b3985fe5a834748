"""Credentials out of every report (``crashlog``): the secrets the app was given
(``keep_secret``) and the patterns of passwords, keys and tokens (``redact``).

Below ``policy`` and ``crashlog`` alike: the policy hands its ``inference_api_key`` here as it
reads it, and the crash report passes through ``redact``, without the policy importing the
crash log (which needs the user folder, which needs the policy).
"""

from __future__ import annotations

import re

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
