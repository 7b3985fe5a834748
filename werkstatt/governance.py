"""Usage rules (Dienstvereinbarung), the KI-Pass record, and the gate before generating.

What is recorded about the user – and only this – lives in ``governance.json`` in the user
directory: which rules version was acknowledged when, and the KI-Pass (date, content
version, score). "Meine Daten" shows all of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .errors import WerkstattError
from .policy import Policy

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass(frozen=True)
class Rules:
    version: str
    title: str
    text: str  # Markdown


def _front_matter(text: str, source: Path) -> tuple[dict[str, str], str]:
    m = _FRONT.match(text)
    if not m:
        raise WerkstattError(f"{source.name}: Kopfzeilen (--- version: … ---) fehlen.")
    meta = {}
    for line in m.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, text[m.end():]


def load_rules() -> Rules:
    path = paths.resources_dir() / "rules" / "nutzungsregeln.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WerkstattError(f"Die Nutzungsregeln ({path}) fehlen: {exc.strerror}.") from None
    meta, body = _front_matter(text, path)
    return Rules(version=meta.get("version", "?"), title=meta.get("title", "Nutzungsregeln"),
                 text=body.strip())


class Record:
    """The user's own governance record (acknowledgement and KI-Pass), a small JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_dir() / "governance.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.data = {}

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)

    # rules ---------------------------------------------------------------------------
    def acknowledged_version(self) -> str:
        return str(self.data.get("rules", {}).get("version", ""))

    def has_acknowledged(self, rules: Rules) -> bool:
        return self.acknowledged_version() == rules.version

    def acknowledge(self, rules: Rules) -> None:
        self.data["rules"] = {"version": rules.version, "date": dt.date.today().isoformat()}
        self._save()

    # KI-Pass -------------------------------------------------------------------------
    @property
    def kipass(self) -> dict[str, Any] | None:
        value = self.data.get("kipass")
        return value if isinstance(value, dict) else None

    def record_kipass(self, content_version: str, score: float) -> None:
        self.data["kipass"] = {"date": dt.date.today().isoformat(),
                               "content_version": content_version, "score": round(score, 3)}
        self._save()

    def facts(self) -> list[tuple[str, str]]:
        """Everything recorded, as German label/value pairs for „Meine Daten“."""
        rules = self.data.get("rules")
        kipass = self.kipass
        return [
            ("Nutzungsregeln bestätigt:",
             f"Version {rules['version']} am {rules['date']}" if rules else "noch nicht"),
            ("KI-Pass:", f"bestanden am {kipass['date']} ({kipass['score']:.0%}, Inhalt "
                         f"{kipass['content_version']})".replace(".", ",", 1) if kipass
             else "noch nicht abgelegt"),
        ]


def check_may_generate(policy: Policy, record: Record | None = None,
                       rules: Rules | None = None, *, cli: bool = False) -> None:
    """Raise a German ``WerkstattError`` saying what is missing before AI may be used."""
    record = record or Record()
    rules = rules or load_rules()
    if not record.has_acknowledged(rules):
        how = ("Bitte zuerst lesen und bestätigen: werkstatt rules show, dann werkstatt rules "
               "accept." if cli else "Bitte lesen und bestätigen Sie die Nutzungsregeln.")
        raise WerkstattError(f"Die Nutzungsregeln (Version {rules.version}) sind noch nicht "
                             f"bestätigt. {how}")
    if policy.require_kipass and record.kipass is None:
        raise WerkstattError(
            "Für KI-Vorlagen ist der KI-Pass nötig. Bitte legen Sie ihn in der App ab "
            "(Hilfe → KI-Pass).")
