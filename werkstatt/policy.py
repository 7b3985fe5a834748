"""Machine policy set by IT, which the user cannot escape.

Sources, in order: the registry key ``HKLM\\SOFTWARE\\Policies\\KI-Werkstatt`` (Group Policy;
its values win per key) and the file ``policy.toml`` in ProgramData\\KI-Werkstatt (Windows,
the folder as the OS resolves it) or ``/etc/ki-werkstatt/`` (elsewhere). Where the machine has
neither, the environment variable ``WERKSTATT_POLICY`` may name a file (development, tests);
where it has one, no environment variable, command-line option or user setting changes the
policy, the resources, the models folder or the catalogue. No policy means the documented
defaults below. An invalid policy is never ignored: ``load_policy`` raises ``PolicyError``
naming the source and the problem, and the app starts locked, every generating CLI command
exits 2.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import DEFAULT_LABEL
from .errors import WerkstattError
from .redaction import keep_secret
from .serverpolicy import api_key_problem, base_url, shown


class PolicyError(WerkstattError):
    """The policy file exists but is invalid: the app locks."""


@dataclass(frozen=True)
class ServerModel:
    """A model the inference server may be asked for (policy ``inference_models``, one
    "name | display name | SHA-256 of the weights" text each; the last two are optional)."""

    name: str
    display: str = ""
    sha256: str = ""

    @property
    def label(self) -> str:
        return self.display or self.name


@dataclass(frozen=True)
class Policy:
    """Effective machine policy. ``None`` means "not fixed by IT" (the user may choose)."""

    source: Path | None = None  # the file it came from; None: defaults
    allowed_models: tuple[str, ...] = ()  # SHA-256 values; not set: every catalogue model
    models_dir: str | None = None
    feedback_dir: str | None = None
    allow_feedback_texts: bool = True
    require_kipass: bool = False
    # Accounts whose KI-Pass IT confirmed (after the training); set: the gate checks the
    # signed-in account against this list instead of the user's own (editable) record.
    kipass_accounts: tuple[str, ...] = ()
    enabled_templates: tuple[str, ...] | None = None  # None: all vetted templates
    departments: tuple[str, ...] = ()
    export_label: str = DEFAULT_LABEL
    label_clipboard: bool = False
    contact: str = ""
    model_id: str | None = None  # fixes the model; None: user's choice (or catalogue default)
    context_tokens: int | None = None
    # Letterhead of exported letters; each fixes the user setting of the same name.
    letter_organisation: str | None = None
    letter_unit: str | None = None
    letter_address: str | None = None
    letter_contact: str | None = None
    letter_phone: str | None = None
    letter_email: str | None = None
    # Council library (werkstatt/gremien/sync.py): the only network access of the app. Off
    # unless IT names the OParl hosts it may fetch from: "ris.example.de" (https on 443),
    # "host:8443" (https on that port) or "http://host:8080" (plain http, written out).
    council_sync_hosts: tuple[str, ...] = ()
    council_max_file_mb: int = 50
    council_sync_proxy: str | None = None  # "http://proxy.stadt.luebeck.de:8080"; else direct
    # Server mode (werkstatt/engine/remote.py): the city's own OpenAI-compatible inference
    # server instead of the model on this PC. Only IT sets it; no user setting or environment
    # variable can point the app at another server while a machine policy exists.
    inference_server: str | None = None  # base URL, "https://ki.luebeck.de:8443"
    inference_models: tuple[ServerModel, ...] = ()  # not set: the server's first model
    inference_ca_bundle: str | None = None  # the city's CA (PEM) for the server's certificate
    inference_api_key: str | None = None
    inference_api_credential: str | None = None  # Windows: a generic credential's name
    allow_local_fallback: bool = False  # after a server error, offer the model on this PC
    # The PC's GPU through Vulkan (werkstatt/engine/gpu.py), where its self-test gives the
    # CPU's text; false keeps every PC on the CPU.
    gpu_offload: bool = True
    # What validation changed in what IT wrote (German lines for ``werkstatt policy``).
    notes: tuple[str, ...] = field(default=(), compare=False)

    def fixed_value(self, setting: str) -> Any:
        """The value IT fixed for a user setting, or None if the user may choose."""
        attribute = _FIXED_SETTINGS.get(setting)
        return getattr(self, attribute) if attribute else None

    def fixes(self, setting: str) -> bool:
        """Whether IT fixed a user setting (it is then shown greyed out)."""
        return self.fixed_value(setting) is not None

    def template_enabled(self, template_id: str) -> bool:
        return self.enabled_templates is None or template_id in self.enabled_templates

    def model_allowed(self, sha256: str) -> bool:
        return not self.allowed_models or sha256.lower() in self.allowed_models


LETTER_KEYS = ("letter_organisation", "letter_unit", "letter_address", "letter_contact",
               "letter_phone", "letter_email")
_FIXED_SETTINGS = {"model_id": "model_id", "context_tokens": "context_tokens",
                   "feedback_path": "feedback_dir", **{key: key for key in LETTER_KEYS}}

_TYPES: dict[str, Any] = {
    "allowed_models": list, "models_dir": str, "feedback_dir": str,
    "allow_feedback_texts": bool, "require_kipass": bool, "kipass_accounts": list,
    "enabled_templates": list,
    "departments": list, "export_label": str, "label_clipboard": bool, "contact": str,
    "model_id": str, "context_tokens": int, **{key: str for key in LETTER_KEYS},
    "council_sync_hosts": list, "council_max_file_mb": int, "council_sync_proxy": str,
    "inference_server": str, "inference_models": list, "inference_ca_bundle": str,
    "inference_api_key": str, "inference_api_credential": str, "allow_local_fallback": bool,
    "gpu_offload": bool,
}


# a council_sync_hosts entry: "host" or "host:port" (https), or with its scheme written out
_HOST = re.compile(r"(https?://)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:(?P<port>\d{1,5}))?/?")
# http(s), a host name or [IPv6] address, a port, a path; no user name, query or fragment
_SERVER_URL = re.compile(r"(https?)://([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(:\d{1,5})?(/[^\s?#@]*)?")

REGISTRY_KEY = r"SOFTWARE\Policies\KI-Werkstatt"  # under HKEY_LOCAL_MACHINE (Group Policy)
DEV_OVERRIDE = "WERKSTATT_POLICY"


def machine_file() -> Path:
    """The machine's policy file: ProgramData as Windows resolves it (not the user-settable
    %PROGRAMDATA%), else /etc."""
    if sys.platform == "win32":
        return _program_data() / "KI-Werkstatt" / "policy.toml"
    return Path("/etc/ki-werkstatt/policy.toml")


def _program_data() -> Path:
    import ctypes
    import uuid
    from ctypes import wintypes

    folder = uuid.UUID("62AB5D82-FDC1-4DC3-A9DD-070D1D495D97")  # FOLDERID_ProgramData
    guid = (ctypes.c_byte * 16).from_buffer_copy(folder.bytes_le)
    out = ctypes.c_wchar_p()
    shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
    if shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None, ctypes.byref(out)) != 0:
        return Path(r"C:\ProgramData")
    try:
        return Path(out.value or r"C:\ProgramData")
    finally:
        ctypes.windll.ole32.CoTaskMemFree(ctypes.cast(out, wintypes.LPVOID))  # type: ignore[attr-defined]


def registry_values() -> dict[str, Any]:
    """The policy values under HKLM\\SOFTWARE\\Policies\\KI-Werkstatt (Windows; else none):
    REG_SZ for texts, REG_DWORD for numbers and yes/no (0/1), REG_MULTI_SZ for lists."""
    if sys.platform != "win32":
        return {}
    import winreg

    pairs: list[tuple[str, Any]] = []
    try:
        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, REGISTRY_KEY, 0,
                             winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
    except OSError:
        return {}
    with key:
        index = 0
        while True:
            try:
                name, value, _kind = winreg.EnumValue(key, index)
            except OSError:
                break
            pairs.append((name, value))
            index += 1
    return from_registry(pairs)


def from_registry(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Registry values as policy values; an empty value counts as not set (a cleared field)."""
    return {name: _from_registry(name, value) for name, value in pairs if value not in ("", [])}


def _from_registry(name: str, value: Any) -> Any:
    """A registry value as the TOML value of the same key would be (by the key's type, so a
    list may come as REG_MULTI_SZ or as one "a;b" REG_SZ)."""
    expected = _TYPES.get(name)
    if expected is bool and isinstance(value, int):
        return bool(value)
    if expected is bool and isinstance(value, str) and value.strip() in ("0", "1"):
        return value.strip() == "1"  # as the MSI's REQUIRE_KIPASS=1 may arrive
    if expected is int and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if expected is list and isinstance(value, str):
        return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]  # "a;b", "a,b"
    return value


def default_path() -> Path:
    """The policy file in force: the machine's; ``WERKSTATT_POLICY`` (development, tests) only
    where the machine has no policy at all."""
    machine = machine_file()
    override = os.environ.get(DEV_OVERRIDE)
    if override and not machine_policy_exists():
        return Path(override)
    return machine


def machine_policy_exists() -> bool:
    """Whether IT set a policy on this machine (file or registry): then no environment
    variable, command-line option or user setting changes policy, resources or models."""
    return machine_file().exists() or bool(registry_values())


def validate(raw: dict[str, Any], source: Path | None, where: str) -> Policy:
    values: dict[str, Any] = {"source": source}
    for key, value in raw.items():
        if key not in _TYPES:
            raise PolicyError(f"{where}: unbekannter Schlüssel „{key}“.")
        kind = _TYPES[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PolicyError(f"{where}: „{key}“ hat den falschen Typ.")
        if kind is list:
            if not all(isinstance(v, str) for v in value):
                raise PolicyError(f"{where}: „{key}“ muss eine Liste von Texten sein.")
            value = tuple(v.strip().lower() if key == "allowed_models" else v for v in value)
        values[key] = value
    if "allowed_models" in values and not values["allowed_models"]:
        raise PolicyError(f"{where}: allowed_models ist leer. Den Schlüssel weglassen erlaubt "
                          "alle Modelle des Katalogs; eine Liste erlaubt nur diese.")
    for digest in values.get("allowed_models", ()):
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise PolicyError(f"{where}: „{digest}“ in allowed_models ist keine SHA-256-Prüfsumme.")
    _validate_kipass(values, where)
    if "context_tokens" in values and not 512 <= values["context_tokens"] <= 131072:
        raise PolicyError(f"{where}: context_tokens muss zwischen 512 und 131072 liegen.")
    if "council_max_file_mb" in values and not 1 <= values["council_max_file_mb"] <= 2048:
        raise PolicyError(f"{where}: council_max_file_mb muss zwischen 1 und 2048 liegen.")
    if "council_sync_hosts" in values:
        values["council_sync_hosts"] = tuple(h.strip().lower() for h in values["council_sync_hosts"])
        bad = [h for h in values["council_sync_hosts"]
               if not (match := _HOST.fullmatch(h)) or not 0 < int(match["port"] or 1) <= 65535]
        if bad:
            raise PolicyError(f"{where}: „{bad[0]}“ in council_sync_hosts ist kein Hostname "
                              "(z. B. ris.luebeck.de für https, ris.luebeck.de:8443 oder "
                              "http://127.0.0.1:8080 für unverschlüsseltes http).")
    if "council_sync_proxy" in values:
        proxy = values["council_sync_proxy"].strip().rstrip("/")
        if not _SERVER_URL.fullmatch(proxy.lower()) or "/" in proxy.split("//", 1)[-1]:
            raise PolicyError(f"{where}: council_sync_proxy „{values['council_sync_proxy']}“ ist "
                              "keine Proxy-Adresse (z. B. http://proxy.stadt.luebeck.de:8080, ohne "
                              "Benutzername und Pfad).")
        values["council_sync_proxy"] = proxy
    _validate_server(values, where)
    if "export_label" in values and not values["export_label"].strip():
        raise PolicyError(f"{where}: export_label darf nicht leer sein.")
    return Policy(**values)


def _validate_kipass(values: dict[str, Any], where: str) -> None:
    """``kipass_accounts``: account names ("DOMÄNE\\name" or "name"), only with require_kipass."""
    if "kipass_accounts" not in values:
        return
    accounts = tuple(a.strip().lower() for a in values["kipass_accounts"])
    if not accounts or not all(accounts):
        raise PolicyError(f"{where}: kipass_accounts enthält keinen oder einen leeren Kontonamen.")
    if not values.get("require_kipass"):
        raise PolicyError(f"{where}: kipass_accounts gilt nur zusammen mit require_kipass = true.")
    values["kipass_accounts"] = accounts


def _validate_server(values: dict[str, Any], where: str) -> None:
    """The server-mode keys: a plain http(s) URL (an OpenAI client's base URL ending in
    ``/v1`` is taken without it), models as "name | display | sha256", an API key that can
    go into an HTTP header."""
    if "inference_server" in values:
        given = values["inference_server"]
        url = given.strip().rstrip("/")
        if not (_SERVER_URL.fullmatch(url.lower()) and url.isascii() and url.isprintable()):
            raise PolicyError(f"{where}: inference_server „{shown(given)}“ ist keine "
                              "Server-Adresse (z. B. https://ki.luebeck.de:8443, ohne Benutzername "
                              "und Parameter).")
        try:
            url, note = base_url(url)  # "…/v1" as OpenAI clients take it: without /v1
        except ValueError as exc:
            raise PolicyError(f"{where}: inference_server {exc}") from None
        values["inference_server"] = url
        values["notes"] = (*values.get("notes", ()), *([note] if note else []))
    if "inference_api_key" in values:
        keep_secret(values["inference_api_key"])  # out of every crash report, refused or not
        problem = api_key_problem(values["inference_api_key"])
        if problem:
            raise PolicyError(f"{where}: inference_api_key {problem} (der Schlüssel wird hier "
                              "nicht angezeigt).")
    models = []
    for text in values.get("inference_models", ()):
        parts = [part.strip() for part in text.split("|")]
        if not parts[0] or len(parts) > 3:
            raise PolicyError(f"{where}: „{text}“ in inference_models hat nicht die Form "
                              "„Name | Anzeigename | SHA-256“.")
        digest = parts[2].lower() if len(parts) > 2 else ""
        if digest and (len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest)):
            raise PolicyError(f"{where}: „{parts[2]}“ in inference_models ist keine "
                              "SHA-256-Prüfsumme.")
        models.append(ServerModel(parts[0], parts[1] if len(parts) > 1 else "", digest))
    if "inference_models" in values:
        values["inference_models"] = tuple(models)
    for key in ("inference_models", "inference_ca_bundle", "inference_api_key",
                "inference_api_credential", "allow_local_fallback"):
        if key in values and "inference_server" not in values:
            raise PolicyError(f"{where}: {key} gilt nur zusammen mit inference_server.")


def parse_policy(text: str, source: Path, registry: dict[str, Any] | None = None) -> Policy:
    """The file's policy; values from the registry (Group Policy) take precedence per key."""
    where = f"Richtlinie {source}"
    try:
        raw = tomllib.loads(text) if text else {}
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{where} ist ungültig: {exc}.") from None
    if registry:
        raw.update(registry)
        where = f"Richtlinie {source} / HKLM\\{REGISTRY_KEY}"
    return validate(raw, source, where)


_cache: dict[tuple[str, int, int, str], Policy] = {}


def load_policy(path: Path | None = None) -> Policy:
    """The machine policy (cached per file state). Raises ``PolicyError`` if invalid."""
    registry = registry_values() if path is None else {}
    path = path or default_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return parse_policy("", path, registry) if registry else Policy()
    except OSError as exc:
        raise PolicyError(f"Richtlinie {path} ist nicht lesbar ({exc.strerror}).") from None
    key = (str(path), st.st_size, st.st_mtime_ns, repr(sorted(registry.items())))
    if key not in _cache:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"Richtlinie {path} ist nicht lesbar ({exc}).") from None
        _cache[key] = parse_policy(text, path, registry)
    return _cache[key]


def describe_source() -> str:
    """Which source is in force, for ``werkstatt policy`` and the system check."""
    registry = registry_values()
    machine = machine_file()
    if machine.exists() or registry:
        parts = ([f"Datei {machine}"] if machine.exists() else []) + (
            [f"Registry HKLM\\{REGISTRY_KEY} ({len(registry)} Werte, haben Vorrang)"]
            if registry else [])
        return "Richtlinie des PCs: " + " und ".join(parts)
    override = os.environ.get(DEV_OVERRIDE)
    if override:
        state = "" if Path(override).exists() else " (fehlt: Standardwerte)"
        return f"Entwicklung: {DEV_OVERRIDE}={override}{state}; der PC hat keine Richtlinie"
    return f"keine Richtlinie ({machine} fehlt): Standardwerte"


POLICY_KEYS = [f.name for f in fields(Policy) if f.name not in ("source", "notes")]


def load_policy_or_default() -> Policy:
    """For places that only read a value: an invalid policy counts as the defaults here,
    because the app and the CLI lock themselves on it elsewhere (``load_policy``)."""
    try:
        return load_policy()
    except PolicyError:
        return Policy()
