"""The evaluation set's cases: council papers (summaries) and writing cases (letters, e-mail
answers, minutes, Einfache Sprache), read from ``benchmarks/evalset/`` (see its README).

A writing case (``cases/*.toml``) holds the template, the form's values, the input (notes,
the citizen's e-mail, the rough minutes or the source text), the keys (facts that must be
there, regexes; for minutes with ``kind = "beschluss"`` or ``"aufgabe"``), the forbidden
mistakes, for letters the kind (``values.art``), optionally ``source`` (where a real text comes
from) and ``reference`` (a good draft written by hand: the checks must not fault it).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

EVALSET = Path(__file__).resolve().parent / "evalset"
WRITING = ("buergerbrief", "email-antwort", "protokoll", "einfache-sprache")
LETTERS = ("buergerbrief", "email-antwort")


@dataclass
class Key:
    name: str
    pattern: str
    kind: str = ""  # minutes: "beschluss" or "aufgabe"; else ""


@dataclass
class Case:
    name: str
    template: str
    document: str
    values: dict[str, str]
    keys: list[Key]
    forbidden: list[Key]
    source: str = ""
    reference: str = ""
    kind: str = ""  # the letter's kind (Eingangsbestätigung, Bewilligung, …)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def writing(self) -> bool:
        return self.template in WRITING


def _keys(data: dict, kind: str) -> list[Key]:
    return [Key(item["name"], item["pattern"], item.get("kind", "")) for item in data.get(kind, [])]


def load_case(case_file: Path) -> Case:
    """One writing case from its TOML file."""
    data = tomllib.loads(case_file.read_text(encoding="utf-8"))
    values = {k: str(v) for k, v in data.get("values", {}).items()}
    return Case(case_file.stem, data["template"], data["input"].strip(), values,
                _keys(data, "keys"), _keys(data, "forbidden"), data.get("source", ""),
                data.get("reference", "").strip(), values.get("art", ""))


def load_cases(folder: Path = EVALSET) -> list[Case]:
    """The council papers of ``folder`` (``*.keys.toml`` + ``*.txt``), then its writing cases."""
    cases = []
    for keys_file in sorted(folder.glob("*.keys.toml")):
        data = tomllib.loads(keys_file.read_text(encoding="utf-8"))
        raw = keys_file.with_name(keys_file.name.replace(".keys.toml", ".txt")).read_text(
            encoding="utf-8")
        # without the "Quelle:" lines of the real documents (not part of the published text)
        document = raw.split("\n\n", 1)[1] if raw.startswith("Quelle:") else raw
        cases.append(Case(keys_file.name.split(".")[0], "zusammenfassung", document.strip(),
                          {}, _keys(data, "keys"), _keys(data, "forbidden"), data.get("source", "")))
    cases += [load_case(f) for f in sorted((folder / "cases").glob("*.toml"))]
    return cases


def known_values(values: dict[str, str], field_ids: list[str]) -> dict[str, str]:
    """Only the values the template has fields for: a case written for a later template
    (``art`` of the letter kinds) still runs on today's."""
    return {k: v for k, v in values.items() if k in field_ids}
