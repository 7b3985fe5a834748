"""Validate OParl 1.1 objects against the specification's JSON schemas (tests/data/oparl/schema).

The schemas are JSON schemas without ``$schema`` (checked here as Draft 7), with two OParl
conventions that plain JSON Schema does not follow:

* An embedded object is a property ``{"type": "object", "schema": "File.json"}`` (or an array
  whose ``items`` are that) instead of a ``$ref``. ``validate`` follows these itself and checks
  each embedded object against its own schema (and that its ``type`` is that schema's type).
  The same key also sits on properties that are only URLs: on external lists (a string
  property whose ``items`` name the schema of the list's objects) and on
  ``Body.mainOrganization`` (``"schema": "Organization"``, without ".json"); a string is never
  followed.
* ``"format": "url"`` is not a JSON Schema format; it is checked here (an absolute http(s)
  URL with a host). ``date`` and ``date-time`` are checked strictly too (``YYYY-MM-DD``; RFC
  3339 with seconds and an offset), not by jsonschema's optional checkers, which pass anything
  when their extra packages are missing.

``validate`` also takes an OParl list page (``{"data": [...], "pagination": ..., "links": ...}``)
and validates each of its objects.

The schemas allow any further property (no ``additionalProperties``), so an object of one type
that carries another type's ``type`` can pass. ``strict=True`` also rejects properties the
schema does not name (the specification's examples have none; real servers may add their own).
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft7Validator, FormatChecker

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "oparl" / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

FORMATS = FormatChecker(())


def is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True  # "type" judges non-strings
    parts = urlparse(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DATE.fullmatch(value)) and bool(date.fromisoformat(value))


def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DATE_TIME.fullmatch(value)) and bool(datetime.fromisoformat(value))


FORMATS.checks("url")(is_url)
FORMATS.checks("date", raises=ValueError)(is_date)
FORMATS.checks("date-time", raises=ValueError)(is_date_time)


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The schema of one OParl type ("Paper"), from tests/data/oparl/schema/<name>.json."""
    path = SCHEMA_DIR / f"{name}.json"
    assert path.is_file(), f"no OParl schema {path.name}"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _validator(name: str) -> Draft7Validator:
    Draft7Validator.check_schema(schema(name))
    return Draft7Validator(schema(name), format_checker=FORMATS)


def type_name(obj: dict[str, Any]) -> str:
    """"Paper" for an object of type https://schema.oparl.org/1.1/Paper."""
    kind = obj.get("type")
    assert isinstance(kind, str), f"object without a type: {_short(obj)}"
    assert kind.startswith(TYPE_PREFIX), f"not an OParl 1.1 type: {kind!r}"
    return kind.removeprefix(TYPE_PREFIX)


def validate(obj: dict[str, Any], expected: str | None = None, where: str = "", *,
             strict: bool = False) -> None:
    """Validate an OParl object (with its embedded objects) or a list page (with its objects).
    ``expected`` is the type the object must have (for embedded objects); ``strict`` rejects
    properties its schema does not name. Raises AssertionError or jsonschema.ValidationError
    naming the object and the problem."""
    assert isinstance(obj, dict), f"{where or 'object'}: not a JSON object but {type(obj).__name__}"
    if "type" not in obj and "data" in obj:
        _validate_page(obj, where, strict)
        return
    name = type_name(obj)
    where = f"{where}{name} {obj.get('id', '(no id)')}"
    assert expected is None or name == expected, f"{where}: embedded as {expected}, but its type is {name}"
    errors = sorted(_validator(name).iter_errors(obj), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        path = "/".join(str(p) for p in error.absolute_path) or "(object)"
        error.message = f"{where}: {path}: {error.message}"
        raise error
    properties = schema(name).get("properties", {})
    unknown = sorted(set(obj) - set(properties))
    assert not (strict and unknown), f"{where}: properties not in {name}.json: {', '.join(unknown)}"
    for prop, spec in properties.items():
        if prop not in obj:
            continue
        value = obj[prop]
        embedded = _embedded(spec)
        if embedded and spec.get("type") == "object":
            validate(value, embedded, f"{where} > {prop}: ", strict=strict)
        items = spec.get("items", {})
        if spec.get("type") == "array" and isinstance(items, dict) and _embedded(items):
            for i, item in enumerate(value):
                validate(item, _embedded(items), f"{where} > {prop}[{i}]: ", strict=strict)


def _embedded(spec: dict[str, Any]) -> str | None:
    """The type an object property embeds: "File" for ``{"type": "object", "schema": "File.json"}``."""
    ref = spec.get("schema")
    if spec.get("type") != "object" or not isinstance(ref, str):
        return None
    return ref.removesuffix(".json")


def _validate_page(page: dict[str, Any], where: str, strict: bool) -> None:
    where = where or "list page"
    assert isinstance(page["data"], list), f"{where}: data is not a list"
    links = page.get("links", {})
    assert isinstance(links, dict), f"{where}: links is not an object"
    for key, url in links.items():
        assert is_url(url) and isinstance(url, str), f"{where}: links.{key} is not a URL: {url!r}"
    pagination = page.get("pagination", {})
    assert isinstance(pagination, dict), f"{where}: pagination is not an object"
    for key, value in pagination.items():
        assert isinstance(value, int) and value >= 0, f"{where}: pagination.{key} = {value!r}"
    for i, item in enumerate(page["data"]):
        validate(item, where=f"{where} data[{i}]: ", strict=strict)


def _short(obj: dict[str, Any]) -> str:
    text = json.dumps(obj, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."
