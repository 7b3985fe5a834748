"""The Group Policy settings: each key the app reads from HKLM\\SOFTWARE\\Policies\\KI-Werkstatt
(``werkstatt/policy.py``) with its kind, category and texts in German and English, read from
the data file ``admx_policies.toml`` (``admx_writer`` renders them, ``admx`` writes the files).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkstatt import DEFAULT_LABEL

POLICIES_FILE = Path(__file__).with_name("admx_policies.toml")
LANGUAGES = ("de-DE", "en-US")  # the order of every (German, English) pair
CONTEXT = (512, 131072, 8192)  # context_tokens: least, most (as werkstatt.policy checks), preset
# every number setting: least, most (as werkstatt.policy checks), preset
RANGES = {"context_tokens": CONTEXT, "council_max_file_mb": (1, 2048, 50)}


@dataclass(frozen=True)
class Texts:
    """A setting's texts in one language: its name, explain text and input label."""

    name: str
    explain: str
    label: str = ""  # the input field's label (none for yes/no)


@dataclass(frozen=True)
class Setting:
    """One policy key with its kind, category and texts (German and English)."""

    key: str  # the registry value name, as in werkstatt.policy
    kind: str  # "bool", "str", "int" or "list", as werkstatt.policy._TYPES
    category: str
    de: Texts
    en: Texts
    max_length: int = 0  # text: the longest value (0: the ADMX default, 1023)

    def texts(self, language: str) -> Texts:
        return (self.de, self.en)[LANGUAGES.index(language)]


def _texts(raw: dict[str, str], values: dict[str, str]) -> Texts:
    return Texts(*(raw.get(part, "").format(**values) for part in ("name", "explain", "label")))


def _setting(raw: dict[str, Any], letterhead: dict[str, Any]) -> Setting:
    """One ``[[policies]]`` entry; a letterhead field takes the shared letterhead texts."""
    if "letterhead" in raw:
        field = raw["letterhead"]
        settings = letterhead["settings"]
        de = {"field": field["de"][0], "object": field["de"][1], "example": field["example"]}
        en = {"field": field["en"][0], "object": field["en"][1], "example": field["example"],
              "field_de": field["de"][0]}
        return Setting(raw["key"], settings["kind"], settings["category"],
                       _texts(letterhead["de"], de), _texts(letterhead["en"], en),
                       settings.get("max_length", 0))
    values = {"least": str(CONTEXT[0]), "most": str(CONTEXT[1]), "preset": str(CONTEXT[2]),
              "default_label": DEFAULT_LABEL}
    return Setting(raw["key"], raw["kind"], raw["category"], _texts(raw["de"], values),
                   _texts(raw["en"], values), raw.get("max_length", 0))


def _load() -> dict[str, Any]:
    with POLICIES_FILE.open("rb") as file:
        return tomllib.load(file)


_DATA = _load()
CATEGORIES: dict[str, tuple[str, str]] = {  # category -> (German, English); the first is the parent
    name: (texts[0], texts[1]) for name, texts in _DATA["categories"].items()}
COMMON: dict[str, tuple[str, str]] = {  # the ADML's description, supportedOn text, note per language
    name: (texts[0], texts[1]) for name, texts in _DATA["common"].items()}
POLICIES = tuple(_setting(raw, _DATA["letterhead"]) for raw in _DATA["policies"])
