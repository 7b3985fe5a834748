"""The head of a Markdown resource: the usage rules (``governance``) and the KI-Pass pages
(``kipass``) begin with ``---``, ``key: value`` lines and ``---``."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import WerkstattError

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def front_matter(text: str, source: Path) -> tuple[dict[str, str], str]:
    """(the head's keys and values, the text after it); a German ``WerkstattError`` naming
    ``source`` if the head is missing."""
    m = _FRONT.match(text)
    if not m:
        raise WerkstattError(f"{source.name}: Kopfzeilen (--- version: … ---) fehlen.")
    meta = {}
    for line in m.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, text[m.end():]
