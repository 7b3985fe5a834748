"""OParl 1.0/1.1 objects as the library stores them.

An OParl folder (an export, or what ``werkstatt gremien sync`` saved) holds ``*.json`` files
anywhere below it, each one object, a JSON list of objects, or a list page of the
specification (``{"data": [...], "links": {...}}``). Referenced files' text comes from the
File object's ``text`` or from a downloaded copy under ``files/`` named by ``local_name``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from ..documents import read_data
from ..errors import WerkstattError

FILES_DIR = "files"
MAX_JSON_BYTES = 50 * 1024 * 1024  # one OParl file (a list page is far smaller)
_MIME_SUFFIX = {"application/pdf": ".pdf", "text/html": ".html", "text/plain": ".txt",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
                "application/vnd.oasis.opendocument.text": ".odt", "application/rtf": ".rtf"}


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


def kind_of(obj: dict[str, Any]) -> str:
    """'https://schema.oparl.org/1.1/Paper' → 'Paper' ('' for anything else)."""
    kind = obj.get("type")
    if not isinstance(kind, str) or "schema.oparl.org" not in kind:
        return ""
    return kind.rstrip("/").rsplit("/", 1)[-1]


def read_file(file: Path, problems: list[str]) -> Iterator[dict[str, Any]]:
    try:
        if file.stat().st_size > MAX_JSON_BYTES:
            problems.append(f"{file.name}: zu groß für eine OParl-Datei "
                            f"(höchstens {MAX_JSON_BYTES // 2**20} MB).")
            return
        data = json.loads(file.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        problems.append(f"{file.name}: keine lesbare OParl-JSON-Datei ({type(exc).__name__}).")
        return
    items = data.get("data") if isinstance(data, dict) and "data" in data else data
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and kind_of(item):
            yield item
    if isinstance(items, list) and not any(isinstance(i, dict) and kind_of(i) for i in items) \
            and items:
        problems.append(f"{file.name}: enthält keine OParl-Objekte.")
    if isinstance(data, dict) and "data" not in data and not kind_of(data):
        problems.append(f"{file.name}: enthält keine OParl-Objekte.")


def flatten(obj: dict[str, Any], depth: int = 0) -> Iterator[dict[str, Any]]:
    """The object and every OParl object embedded in it (a Paper's mainFile, a Meeting's
    agendaItem list, …), each with its own id."""
    yield obj
    if depth > 4:
        return
    for value in obj.values():
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict) and isinstance(inner.get("id"), str) and kind_of(inner):
                yield from flatten(inner, depth + 1)


def file_text(file: dict[str, Any], folder: Path) -> tuple[str, str]:
    """A File's text and a German problem ('' if none): its ``text``, else its downloaded
    copy, read by the document importers with their limits."""
    text = file.get("text")
    if isinstance(text, str) and text.strip():
        return text, ""
    copy = folder / FILES_DIR / local_name(file)
    if not file_url(file):
        return "", ""
    if not copy.exists():
        return "", "Datei nicht heruntergeladen."
    name = text_of(file.get("fileName")) or copy.name
    suffix = Path(name).suffix.lower() or _MIME_SUFFIX.get(text_of(file.get("mimeType")), "")
    try:
        return read_data(Path(name).stem + suffix, copy.read_bytes()).text, ""
    except (WerkstattError, OSError) as exc:
        return "", f"„{name}“ nicht lesbar: {exc}"


def ref(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def refs(value: Any) -> list[str]:
    return [r for r in (ref(v) for v in as_list(value)) if r]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def integer(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
