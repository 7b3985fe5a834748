"""OParl 1.0/1.1 objects as the library stores them.

An OParl folder (an export, or what ``werkstatt gremien sync`` saved) holds ``*.json`` files
anywhere below it, each one object, a JSON list of objects, or a list page of the
specification (``{"data": [...], "links": {...}}``). Referenced files' text comes from the
File object's ``text`` or from a downloaded copy under ``files/`` named by ``local_name``.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

FILES_DIR = "files"


def file_url(file: dict[str, Any]) -> str:
    """The URL a File's content is fetched from: ``downloadUrl``, else ``accessUrl``."""
    return str(file.get("downloadUrl") or file.get("accessUrl") or "")


def local_name(file: dict[str, Any]) -> str:
    """The name of a File's downloaded copy in ``files/``: a hash of its URL and the URL's
    suffix (never a name from the server, so no path can escape the folder)."""
    url = file_url(file)
    suffix = PurePosixPath(urlparse(url).path).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24] + suffix
