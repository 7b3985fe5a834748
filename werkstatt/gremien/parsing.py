"""OParl JSON parsed in a reader child: a hostile file costs at most the reader's limits.

The import (``read_files``) and the sync (``page``) hand a file's bytes to ``python -m
werkstatt.gremien.parsing`` (``childproc.ask``, killed past ``MAX_SECONDS`` or
``MAX_READER_MEMORY`` like the document readers): 50 MB of ``[{}, {}, …]`` (a gigabyte as
Python objects) or JSON nested 100,000 deep cost the child, never the app. The child keeps
the OParl objects and checks each one on its own (``oparl.valid``): a lone surrogate or a
31-digit number costs its object, not the file, and is counted.

Wire format: ``childproc`` (one JSON line ``{"name", "mode"}``, then the bytes); the answer
``{"ok": true, "files": [{"objects", "problems", "invalid"}, …]}`` (mode ``objects``: several
files, ``names`` and ``sizes`` in the first line) or the page's summary (mode ``page``, see
``summarize``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..documents import MAX_READER_MEMORY, MAX_SECONDS
from ..errors import WerkstattError
from .oparl import MAX_JSON_BYTES, file_url, kind_of, local_name, valid
from .untrusted import printable, read_inside

MODULE = "werkstatt.gremien.parsing"
LISTS = ("organization", "meeting", "paper")  # a Body's lists the sync fetches (no persons)
BATCH_BYTES = 8 * 2**20  # JSON files read by one child together (an import's pages)
_DIGITS = 40  # a longer number is kept as "too large" (Python refuses > 4300 digits outright)
_SHA1 = re.compile(r"[0-9a-fA-F]{40}")


def read_files(files: list[tuple[Path, Path | None]], limit: int,
               problems: list[str]) -> Iterator[tuple[int, list[dict[str, Any]], int]]:
    """For each ``(file, root)`` (``untrusted.read_inside``): its index, its storable OParl
    objects (embedded ones still inside: ``oparl.flatten`` extracts them) and how many were
    left out as invalid. Files travel to one child together up to ``BATCH_BYTES``; a batch
    the child does not survive is read again file by file, so that only the hostile file is
    refused. A file that cannot be read adds its German line to ``problems``, no objects."""
    batch: list[tuple[int, str, bytes]] = []
    size = 0
    for index, (file, root) in enumerate(files):
        try:
            data = read_inside(file, root, min(limit, MAX_JSON_BYTES))
        except WerkstattError as exc:  # it names the file
            problems.append(str(exc))
            yield index, [], 0
            continue
        if batch and size + len(data) > BATCH_BYTES:
            yield from _read_batch(batch, problems)
            batch, size = [], 0
        batch.append((index, printable(file.name, 120), data))
        size += len(data)
    if batch:
        yield from _read_batch(batch, problems)


def _read_batch(batch: list[tuple[int, str, bytes]],
                problems: list[str]) -> Iterator[tuple[int, list[dict[str, Any]], int]]:
    names = [name for _, name, _ in batch]
    try:
        answer = _ask("objects", names[0] if len(batch) == 1 else f"{len(batch)} OParl-Dateien",
                      b"".join(data for _, _, data in batch),
                      names=names, sizes=[len(data) for _, _, data in batch])
    except WerkstattError as exc:  # killed past a limit (or died): which file was it?
        if len(batch) > 1:
            for one in batch:
                yield from _read_batch([one], problems)
            return
        problems.append(str(exc))
        yield batch[0][0], [], 0
        return
    for (index, _, _), result in zip(batch, answer["files"], strict=True):
        problems.extend(str(p) for p in result["problems"])
        yield index, list(result["objects"]), int(result["invalid"])


def page(name: str, data: bytes) -> dict[str, Any]:
    """A list page, Body or System from a server, summarized by the child (``summarize``);
    a ``WerkstattError`` when it is no JSON object."""
    return _ask("page", name, data)


def _ask(mode: str, name: str, data: bytes, **info: Any) -> dict[str, Any]:
    from .. import childproc

    return childproc.ask(MODULE, {"name": name, "mode": mode, **info}, data, MAX_SECONDS,
                         MAX_READER_MEMORY)


# the child's side ------------------------------------------------------------------------------

def parse(name: str, data: bytes) -> Any:
    """JSON as Python values; a number longer than ``_DIGITS`` digits becomes 10**40 (too large
    for SQLite: the object that has it is then left out), not an error for the whole file."""
    try:
        return json.loads(data.decode("utf-8-sig"), parse_int=_integer)
    except RecursionError:
        raise WerkstattError(f"{name}: zu tief verschachteltes JSON, nicht gelesen.") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise WerkstattError(f"{name}: keine lesbare OParl-JSON-Datei "
                             f"({type(exc).__name__}).") from None


def _integer(text: str) -> int:
    return int(text) if len(text.lstrip("-")) <= _DIGITS else 10**_DIGITS


def objects(name: str, data: bytes) -> dict[str, Any]:
    """What the child answers for one file of an import (mode ``objects``)."""
    value = parse(name, data)
    raw = value.get("data") if isinstance(value, dict) and "data" in value else value
    items = raw if isinstance(raw, list) else [raw]
    problems: list[str] = []
    if (isinstance(raw, list) and raw and not any(isinstance(i, dict) and kind_of(i) for i in raw)) \
            or (isinstance(value, dict) and "data" not in value and not kind_of(value)):
        problems.append(f"{name}: enthält keine OParl-Objekte.")
    found = [i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str) and kind_of(i)]
    reasons: list[str] = []
    kept = [clean for clean in (valid(item, reasons) for item in found) if clean is not None]
    if reasons:
        why = ", ".join(sorted(set(reasons)))
        problems.append(f"{name}: {len(reasons)} Objekt{'' if len(reasons) == 1 else 'e'} mit "
                        f"ungültigen Werten ausgelassen ({why}).")
    return {"objects": kept, "problems": problems, "invalid": len(reasons)}


def summarize(name: str, data: bytes) -> dict[str, Any]:
    """What the sync needs of a page (mode ``page``), every text valid Unicode: ``type``;
    ``lists`` (a Body's organization/meeting/paper list URLs); ``body`` (a System's body list);
    ``is_list``, ``count`` and ``next`` (a list page, its ``links.next``); ``bodies`` (the
    lists of the Bodies in ``data``); ``files`` (``url``, ``name``, ``size``, ``sha1``,
    ``label``: the papers' files that have no text of their own)."""
    try:
        value = parse(name, data)
    except WerkstattError:
        value = None
    if not isinstance(value, dict):
        raise WerkstattError(f"{name} liefert kein gültiges OParl-JSON.")
    items = value.get("data")
    rows = items if isinstance(items, list) else []
    links = value.get("links")
    files: list[dict[str, Any]] = []
    for item in rows:
        if isinstance(item, dict) and _text(item.get("type")).endswith("/Paper"):
            label = printable(str(item.get("reference") or item.get("name") or ""), 80)
            files += [_file(f, label) for f in _paper_files(item)]
    return {"ok": True, "type": _text(value.get("type")), "lists": _lists(value),
            "body": _text(value.get("body")), "is_list": isinstance(items, list),
            "count": len(rows), "next": _text(links.get("next")) if isinstance(links, dict) else "",
            "bodies": [lists for lists in (_lists(b) for b in rows if isinstance(b, dict)) if lists],
            "files": [f for f in files if f["url"]]}


def _text(value: Any) -> str:
    """A text as it can travel (valid Unicode), else ''."""
    if not isinstance(value, str):
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return ""
    return value


def _lists(obj: dict[str, Any]) -> dict[str, str]:
    return {name: _text(obj.get(name)) for name in LISTS if _text(obj.get(name))}


def _paper_files(paper: dict[str, Any]) -> list[dict[str, Any]]:
    """The paper's files that have no text of their own and a URL to fetch."""
    extra = paper.get("auxiliaryFile")
    files = [paper.get("mainFile"), *(extra if isinstance(extra, list) else [])]
    return [f for f in files if isinstance(f, dict) and file_url(f) and not (
        isinstance(f.get("text"), str) and f["text"].strip())]


def _file(file: dict[str, Any], label: str) -> dict[str, Any]:
    size = file.get("size")
    sha1 = file.get("sha1Checksum")
    return {"url": _text(file_url(file)), "name": local_name(file),
            "size": size if isinstance(size, int) and not isinstance(size, bool)
            and 0 <= size < 2**62 else None,
            "sha1": sha1.lower() if isinstance(sha1, str) and _SHA1.fullmatch(sha1) else "",
            "label": label}


def _answer(info: dict[str, Any], data: bytes) -> dict[str, Any]:
    name = printable(str(info.get("name", "")), 160)
    try:
        if info.get("mode") == "page":
            return summarize(name, data)
        files, offset = [], 0
        for file_name, size in zip(info["names"], info["sizes"], strict=True):
            part, offset = data[offset:offset + size], offset + size
            try:
                files.append(objects(printable(str(file_name), 120), part))
            except WerkstattError as exc:
                files.append({"objects": [], "problems": [str(exc)], "invalid": 0})
        return {"ok": True, "files": files}
    except WerkstattError as exc:
        return {"ok": False, "message": str(exc)}
    except MemoryError:
        return {"ok": False, "message": f"„{name}“ wird beim Lesen zu groß (Verdacht auf eine "
                                        "präparierte Datei)."}


def main() -> None:
    from ..childproc import serve

    serve(_answer)


if __name__ == "__main__":
    main()
