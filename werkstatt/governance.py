"""Usage rules (Dienstvereinbarung), the KI-Pass record, and the gate before generating.

What is recorded about the user – and only this – lives in ``governance.json`` in the user
directory: which rules version was acknowledged when, and the KI-Pass (date, content
version, score). "Meine Daten" shows all of it.

That record is the user's own file, so its owner can edit it: with ``require_kipass`` alone
the KI-Pass is *self-declared*. Where that is not enough, IT confirms who passed the
training in the machine policy (``kipass_accounts``: Windows account names, written by IT
after the training); the gate then checks the account the operating system reports, which no
user-space file or environment variable changes, and the record is only the user's practice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic, paths
from .errors import WerkstattError
from .frontmatter import front_matter
from .kipass import load_course
from .numbers import percent
from .policy import Policy


@dataclass(frozen=True)
class Rules:
    version: str
    title: str
    text: str  # Markdown


def load_rules() -> Rules:
    path = paths.resources_dir() / "rules" / "nutzungsregeln.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WerkstattError(f"Die Nutzungsregeln ({path}) fehlen: {exc.strerror}.") from None
    meta, body = front_matter(text, path)
    return Rules(version=meta.get("version", "?"), title=meta.get("title", "Nutzungsregeln"),
                 text=body.strip())


class Record:
    """The user's own governance record (acknowledgement and KI-Pass), a small JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_dir() / "governance.json"
        self.data: dict[str, Any] = {}
        self.problem = ""  # a damaged file: what the user is told (never silently dropped)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.problem = f"Ihre Bestätigungen ({self.path}) sind nicht lesbar ({exc})."
            return
        try:
            raw = json.loads(text)
        except ValueError:
            raw = None
        self.data = _valid_record(raw)
        if self.data != raw:
            kept = self.path.with_name(f"governance-beschädigt-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
            try:
                self.path.replace(kept)
            except OSError:
                kept = self.path
            self.problem = (f"Ihre Bestätigungen ({self.path.name}) waren beschädigt; was "
                            f"lesbar war, gilt weiter. Die alte Datei liegt unter {kept}.")
            if self.data and kept != self.path:
                try:
                    self._save()  # the readable part stays valid at the next start too
                except WerkstattError:
                    pass

    def _save(self) -> None:
        atomic.write_json(self.path, self.data)

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

    def facts(self, policy: Policy | None = None) -> list[tuple[str, str]]:
        """Everything recorded, as German label/value pairs for „Meine Daten“ (with what IT's
        policy says about this account where IT confirms the KI-Pass)."""
        rules = self.data.get("rules")
        kipass = self.kipass
        confirmed = []
        if policy is not None and policy.kipass_accounts:
            account = account_name()
            state = "bestätigt" if account_confirmed(policy, account) else "nicht eingetragen"
            confirmed = [("KI-Pass laut IT:",
                          f"{state} für Konto {account} (Richtlinie kipass_accounts)")]
        return confirmed + [
            ("Nutzungsregeln bestätigt:",
             f"Version {rules['version']} am {rules['date']}" if rules else "noch nicht"),
            ("KI-Pass:", f"bestanden am {kipass['date']} ({percent(kipass['score'])}, Inhalt "
                         f"{kipass['content_version']})" if kipass
             else "noch nicht abgelegt"),
        ]


def _valid_record(raw: Any) -> dict[str, Any]:
    """The parts of a governance record that have the right shape (the rest is dropped)."""
    if not isinstance(raw, dict):
        return {}
    shapes: dict[str, dict[str, Any]] = {
        "rules": {"version": str, "date": str},
        "kipass": {"date": str, "content_version": str, "score": (int, float)}}
    valid: dict[str, Any] = {}
    for key, shape in shapes.items():
        value = raw.get(key)
        if (isinstance(value, dict) and set(value) == set(shape)
                and all(isinstance(value[k], t) and not isinstance(value[k], bool)
                        for k, t in shape.items())):
            valid[key] = value
    return valid


def account_name() -> str:
    """The signed-in account as the operating system knows it ("LUEBECK\\mmuster" on Windows,
    the login name elsewhere); never from environment variables such as USERNAME."""
    if sys.platform == "win32":
        import ctypes

        size = ctypes.c_ulong(256)
        buffer = ctypes.create_unicode_buffer(size.value)
        secur32 = ctypes.windll.secur32  # type: ignore[attr-defined]
        if secur32.GetUserNameExW(2, buffer, ctypes.byref(size)):  # NameSamCompatible
            return str(buffer.value)
        size = ctypes.c_ulong(256)
        if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
            return str(buffer.value)
        return ""
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def account_confirmed(policy: Policy, account: str) -> bool:
    """Whether IT listed ``account`` in ``kipass_accounts`` (case does not matter; an entry
    without a domain matches that name in any domain, "LUEBECK\\mmuster" only that one)."""
    account = account.strip().lower()
    name = account.rpartition("\\")[2]
    return bool(account) and any(
        entry == account or ("\\" not in entry and entry == name) for entry in policy.kipass_accounts)


def kipass_valid(record: Record, policy: Policy | None = None) -> tuple[bool, str]:
    """Whether the KI-Pass counts: confirmed by IT for this account where the policy lists
    accounts, else the recorded pass with the pass mark on the current course."""
    if policy is not None and policy.kipass_accounts:
        account = account_name()
        if account_confirmed(policy, account):
            return True, ""
        return False, (f"Für KI-Vorlagen ist der KI-Pass nötig. Die IT hat ihn für Ihr Konto "
                       f"„{account}“ noch nicht eingetragen.")
    kipass = record.kipass
    if kipass is None:
        return False, "Für KI-Vorlagen ist der KI-Pass nötig."
    course = load_course()
    if kipass["content_version"] != course.version:
        return False, (f"Der KI-Pass wurde für Inhalt {kipass['content_version']} abgelegt; der "
                       f"aktuelle Inhalt ist {course.version}. Bitte den KI-Pass erneut ablegen.")
    if not course.pass_mark <= kipass["score"] <= 1:
        return False, "Der gespeicherte KI-Pass ist nicht bestanden. Bitte erneut ablegen."
    return True, ""


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
    if policy.require_kipass:
        valid, why = kipass_valid(record, policy)
        if valid:
            return
        if policy.kipass_accounts:
            raise WerkstattError(f"{why} Nach der KI-Pass-Schulung trägt die IT Sie ein; bitte "
                                 f"wenden Sie sich an {policy.contact or 'die IT'}.")
        raise WerkstattError(f"{why} Bitte legen Sie ihn in der App ab (Hilfe → KI-Pass)."
                             + (f" {record.problem}" if record.problem else ""))
