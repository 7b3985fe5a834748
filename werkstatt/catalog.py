"""The catalogue of vetted models and the check that a model file is the vetted one.

A model is loaded only when its file's size and SHA-256 match the catalogue entry.
Hashing half a gigabyte takes seconds, so results are cached by (path, size, mtime):
a changed file is hashed again.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from . import atomic, paths
from .errors import WerkstattError
from .numbers import de, gb
from .policy import Policy
from .progress import Progress

GGUF_MAGIC = b"GGUF"
_ENTRY_KEYS = {
    "id", "name", "file", "sha256", "size", "license", "context_length", "ram_gb",
    "notes", "default", "source",
}
_REQUIRED_KEYS = {"id", "name", "file", "sha256", "size", "license", "context_length", "ram_gb"}


@dataclass(frozen=True)
class ModelEntry:
    id: str
    name: str
    file: str
    sha256: str
    size: int
    license: str
    context_length: int
    ram_gb: float
    notes: str = ""
    default: bool = False
    source: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return paths.models_dir() / self.file


class ModelState(Enum):
    OK = "geprüft"
    MISSING = "fehlt"
    WRONG_SIZE = "unvollständig oder verändert (Größe falsch)"
    MISMATCH = "verändert (Prüfsumme falsch)"
    NOT_GGUF = "keine GGUF-Datei"


def _parse_entry(raw: dict[str, Any], where: Path) -> ModelEntry:
    unknown = set(raw) - _ENTRY_KEYS
    missing = _REQUIRED_KEYS - set(raw)
    if unknown or missing:
        problem = (
            f"unbekannter Schlüssel „{sorted(unknown)[0]}“" if unknown
            else f"Schlüssel „{sorted(missing)[0]}“ fehlt"
        )
        raise WerkstattError(f"Modellkatalog {where}: Eintrag {raw.get('id', '?')}: {problem}.")
    return ModelEntry(**raw)


def load_catalog(extra: Path | None = None) -> list[ModelEntry]:
    """Entries of the shipped catalogue plus, if present, IT's catalogue in the models dir.
    IT's catalogue adds models; it never replaces a shipped entry (same id: the shipped one
    stays, so a catalogue dropped into a models folder cannot swap a vetted model's hash)."""
    files = [paths.catalog_file()]
    local = extra or paths.models_dir() / "catalog.toml"
    if local.exists() and local.resolve() != files[0].resolve():
        files.append(local)
    entries: dict[str, ModelEntry] = {}
    for file in files:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise WerkstattError(f"Modellkatalog {file} ist nicht lesbar: {exc}") from None
        for raw in data.get("models", []):
            entry = _parse_entry(raw, file)
            entries.setdefault(entry.id, entry)
    return list(entries.values())


def default_model(catalog: list[ModelEntry] | None = None) -> ModelEntry:
    catalog = catalog if catalog is not None else load_catalog()
    for entry in catalog:
        if entry.default:
            return entry
    if not catalog:
        raise WerkstattError("Der Modellkatalog enthält kein Modell.")
    return catalog[0]


def find_model(model_id: str, catalog: list[ModelEntry] | None = None) -> ModelEntry:
    for entry in catalog if catalog is not None else load_catalog():
        if entry.id == model_id:
            return entry
    raise WerkstattError(f"Das Modell „{model_id}“ steht nicht im Katalog der geprüften Modelle.")


def sha256_file(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    total = max(path.stat().st_size, 1)
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done / total, "Prüfsumme wird berechnet …")
    return digest.hexdigest()


class HashCache:
    """SHA-256 per (path, size, mtime_ns), stored as JSON in the user's cache directory."""

    def __init__(self) -> None:
        self.file = paths.cache_dir() / "model-hashes.json"

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, path: Path) -> str | None:
        st = path.stat()
        hit = self._load().get(str(path.resolve()))
        if hit and hit.get("size") == st.st_size and hit.get("mtime_ns") == st.st_mtime_ns:
            return str(hit["sha256"])
        return None

    def put(self, path: Path, sha256: str) -> None:
        st = path.stat()
        data = self._load()
        data[str(path.resolve())] = {
            "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256,
        }
        atomic.write_json(self.file, data)


def check_model(entry: ModelEntry, path: Path | None = None,
                progress: Progress | None = None) -> ModelState:
    """Compare the file with its catalogue entry, for lists and the system check (cached by
    path, size and mtime; loading never relies on this cache, see ``require_loadable``)."""
    path = path or entry.path
    if not path.is_file():
        return ModelState.MISSING
    if path.stat().st_size != entry.size:
        return ModelState.WRONG_SIZE
    with path.open("rb") as fh:
        if fh.read(4) != GGUF_MAGIC:
            return ModelState.NOT_GGUF
    cache = HashCache()
    digest = cache.get(path)
    if digest is None:
        digest = sha256_file(path, progress)
        cache.put(path, digest)
    return ModelState.OK if digest == entry.sha256 else ModelState.MISMATCH


def choose(policy: Policy, model_id: str = "") -> ModelEntry:
    """The model to use: ``model_id`` or the catalogue's default, if IT's allowlist admits it."""
    entry = find_model(model_id) if model_id else default_model()
    require_allowed(policy, entry)
    return entry


def require_allowed(policy: Policy, entry: ModelEntry) -> None:
    """IT's allowlist (policy ``allowed_models``) must admit the model's SHA-256."""
    if not policy.model_allowed(entry.sha256):
        raise WerkstattError(
            f"Das Modell „{entry.name}“ ist von der IT nicht freigegeben (Richtlinie "
            "allowed_models).")


def memory_problem(entry: ModelEntry) -> tuple[bool, str]:
    """(refuse, message): refuse if the PC has too little memory, warn if it is short now."""
    import psutil

    memory = psutil.virtual_memory()
    need = entry.ram_gb * 1024**3
    if memory.total < need:
        return True, (f"Dieser PC hat {gb(memory.total)} Arbeitsspeicher; das Modell "
                      f"„{entry.name}“ braucht {de(entry.ram_gb, 1)} GB. Bitte ein kleineres "
                      "Modell wählen.")
    if memory.available < need:
        return False, (f"Nur {gb(memory.available)} Arbeitsspeicher frei; "
                       f"„{entry.name}“ braucht {de(entry.ram_gb, 1)} GB. Andere Programme "
                       "schließen, sonst wird es langsam.")
    return False, ""


def require_loadable(entry: ModelEntry) -> Path:
    """The path of an allowed model file of the right size and kind, or a German error.
    Its SHA-256 is checked by the engine on the file it maps (``engine.pinned``): a verdict
    stored in user space is never trusted for loading. IT's allowlist is checked where the
    model is chosen (``choose``)."""
    path = entry.path
    state = ModelState.MISSING
    if path.is_file():
        state = ModelState.WRONG_SIZE if path.stat().st_size != entry.size else ModelState.OK
    if state is ModelState.OK:
        with path.open("rb") as fh:
            if fh.read(4) != GGUF_MAGIC:
                state = ModelState.NOT_GGUF
    if state is ModelState.OK:
        return path
    if state is ModelState.MISSING:
        raise WerkstattError(
            f"Die Modelldatei {entry.path} fehlt. Bitte „make run“ ausführen "
            "oder die IT bitten, das Modell bereitzustellen."
        )
    raise WerkstattError(
        f"Die Modelldatei {entry.path} wird nicht geladen: {state.value}. "
        "Nur unveränderte, geprüfte Modelle sind erlaubt; bitte die IT informieren."
    )
