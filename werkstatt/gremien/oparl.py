"""OParl 1.0/1.1 objects as the library stores them.

An OParl folder (an export, or what ``werkstatt gremien sync`` saved) holds ``*.json`` files
anywhere below it, each one object, a JSON list of objects, or a list page of the
specification (``{"data": [...], "links": {...}}``). Referenced files' text comes from the
File object's ``text`` or from a downloaded copy under ``files/`` named by ``local_name``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from ..documents import read_data
from ..errors import WerkstattError
from .untrusted import printable, read_inside

FILES_DIR = "files"
MAX_JSON_BYTES = 50 * 1024 * 1024  # one OParl file (a list page is far smaller)
_MIME_SUFFIX = {"application/pdf": ".pdf", "text/html": ".html", "text/plain": ".txt",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
                "application/vnd.oasis.opendocument.text": ".odt", "application/rtf": ".rtf"}


def file_url(file: dict[str, Any]) -> str:
    """The URL a File's content is fetched from: ``downloadUrl``, else ``accessUrl`` ('' when
    neither is a text)."""
    for key in ("downloadUrl", "accessUrl"):
        value = file.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def local_name(file: dict[str, Any]) -> str:
    """The name of a File's downloaded copy in ``files/``: a hash of its URL and the URL's
    suffix (never a name from the server, so no path can escape the folder)."""
    url = file_url(file)
    try:
        suffix = PurePosixPath(urlparse(url).path).suffix.lower()
    except ValueError:  # "http://[nonsense/": no suffix, the same hash
        suffix = ""
    if not suffix[1:].isascii() or not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:24] + suffix


def kind_of(obj: dict[str, Any]) -> str:
    """'https://schema.oparl.org/1.1/Paper' → 'Paper' ('' for anything else)."""
    kind = obj.get("type")
    if not isinstance(kind, str) or "schema.oparl.org" not in kind:
        return ""
    return kind.rstrip("/").rsplit("/", 1)[-1]


def flatten(obj: dict[str, Any], depth: int = 0) -> Iterator[dict[str, Any]]:
    """The object and every OParl object embedded in it (a Paper's mainFile, a Meeting's
    agendaItem list, …), each with its own id."""
    yield obj
    if depth > 4:
        return
    for value in obj.values():
        for inner in value if isinstance(value, list) else [value]:
            if _embedded(inner):
                yield from flatten(inner, depth + 1)


def file_text(file: dict[str, Any], folder: Path, limit: int) -> tuple[str, str]:
    """A File's text and a German problem ('' if none): its ``text``, else its downloaded
    copy — a regular file inside ``folder`` of at most ``limit`` bytes — read by the document
    readers with their limits."""
    text = file.get("text")
    if isinstance(text, str) and text.strip():
        return text, ""
    copy = folder / FILES_DIR / local_name(file)
    if not file_url(file):
        return "", ""
    if not os.path.lexists(copy):
        return "", "Datei nicht heruntergeladen."
    name = printable(Path(text_of(file.get("fileName"))).name or copy.name, 120)
    suffix = Path(name).suffix.lower() or _MIME_SUFFIX.get(text_of(file.get("mimeType")), "")
    try:
        text = read_data(Path(name).stem + suffix, read_inside(copy, folder, limit)).text
        return (text if text.strip() else ""), ""
    except (WerkstattError, OSError) as exc:
        return "", f"„{name}“ nicht lesbar: {exc}"


def distinct_files(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A paper's files (rows with ``id``, ``role``, ``name``, ``url``, ``chars``, optionally
    ``links``: its ``masterFile`` and ``derivativeFile`` ids, and ``text``) with each file
    once. The same file: the same id, one's id or link the other's URL (a File embedded and
    also given as a link), a master file and its derivative (the PDF and its text version),
    and the same name where at most one of them has text (once downloaded, once not). Of
    these the one with the most text is kept, as the main file if one of them was; two
    files of the same name with different texts are two files."""
    parent = list(range(len(files)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    for index, file in enumerate(files):
        for key in (file.get("id"), file.get("url"), *file.get("links", ())):
            if isinstance(key, str) and key:
                if key in seen:
                    parent[root(index)] = root(seen[key])
                else:
                    seen[key] = index
    groups: dict[int, list[dict[str, Any]]] = {}
    for index, file in enumerate(files):
        groups.setdefault(root(index), []).append(file)
    kept: list[dict[str, Any]] = []
    for group in groups.values():
        best = max(group, key=lambda f: int(f.get("chars") or 0))  # the first of equals
        if any(f.get("role") == "main" for f in group):
            best = dict(best, role="main")
        kept.append(best)
    with_text = {_name_key(f) for f in kept if f.get("chars")}
    out: list[dict[str, Any]] = []
    main_named: set[str] = set()  # names of main files left out for one with text
    for file in kept:
        key = _name_key(file)
        same = [f for f in out if key and _name_key(f) == key]
        if (key and not file.get("chars") and key in with_text) or (same and (
                not file.get("chars") or any("text" in f and f["text"] == file.get("text")
                                             for f in same))):
            if file.get("role") == "main":
                main_named.add(key)
            continue
        out.append(file)
    for key in main_named:
        first = next(i for i, f in enumerate(out) if _name_key(f) == key)
        out[first] = dict(out[first], role="main")
    return out


def _name_key(file: dict[str, Any]) -> str:
    name = file.get("name") or file.get("file_name") or ""
    return " ".join(str(name).casefold().split())


INT64 = 2**63 - 1  # what an SQLite integer holds


def problem_of(value: Any) -> str:
    """Why a value from JSON cannot be stored as it is (German, '' if it can): text that is no
    valid Unicode (a lone surrogate) in it or in a key. Walks with a stack, so no nesting is
    too deep for it."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and not _encodes(item):
                return "ungültige Zeichen im Text"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return ""


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def valid(obj: dict[str, Any], reasons: list[str], depth: int = 0) -> dict[str, Any] | None:
    """``obj`` without the embedded objects that cannot be stored (their reasons added to
    ``reasons``); None (and its reason added) when ``obj``'s own values cannot be stored:
    text that is no valid Unicode, an ``order`` SQLite cannot hold. One bad agenda item costs
    that item, not its meeting."""
    out: dict[str, Any] = {}
    own: list[Any] = []  # every value but the embedded objects (checked on their own)
    for key, value in obj.items():
        own.append(key)
        if depth < 5 and _embedded(value):
            value = valid(value, reasons, depth + 1)
            if value is None:
                continue
        elif depth < 5 and isinstance(value, list) and any(_embedded(v) for v in value):
            kept = []
            for inner in value:
                if _embedded(inner):
                    inner = valid(inner, reasons, depth + 1)
                else:
                    own.append(inner)
                if inner is not None:
                    kept.append(inner)
            value = kept
        else:
            own.append(value)
        out[key] = value
    problem = problem_of(own)
    order = obj.get("order")
    if not problem and type(order) is int and not -INT64 - 1 <= order <= INT64:
        problem = "Zahl außerhalb des Bereichs"
    if problem:
        reasons.append(problem)
        return None
    return out


def _embedded(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str) and bool(kind_of(value))


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
