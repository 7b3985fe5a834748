"""``make msi``: stage the Windows payload and build the MSIs.

    python -m installer.build                 # dist/KI-Werkstatt-<version>.msi
    python -m installer.build --model-msi     # ... and dist/KI-Werkstatt-Modell-<id>-<version>.msi
    python -m installer.build --lock          # re-pin windows-requirements.txt (with SHA-256)

Signing: ``WERKSTATT_SIGN_PFX`` (a PKCS#12 file) and ``WERKSTATT_SIGN_PASSWORD``; without
them the build says that the MSI is unsigned. ``--version`` overrides the version from
pyproject.toml (the tests build an "older" and a "newer" MSI from one payload).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from werkstatt import catalog
from werkstatt.catalog import ModelEntry

from . import ROOT, BuildError, fail, payload, say
from . import msi as msi_build

STAGE = ROOT / "build" / "msi" / "KI-Werkstatt"
DIST = ROOT / "dist"


def default_model() -> ModelEntry:
    """The catalogue's default model, its file present and checked by its full SHA-256."""
    entry = catalog.default_model()
    if not entry.path.is_file():
        fail(f"{entry.path} fehlt: erst `make model` (lädt und prüft das Standardmodell).")
    if payload.sha256_file(entry.path) != entry.sha256:
        fail(f"{entry.path}: Prüfsumme weicht vom Katalog ab.")
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", help="Produktversion (Standard: aus pyproject.toml)")
    parser.add_argument("--out", type=Path, default=DIST)
    parser.add_argument("--stage", type=Path, default=STAGE)
    parser.add_argument("--reuse-stage", action="store_true",
                        help="die schon bereitgestellte Nutzlast nehmen (nach erneuter Prüfung)")
    parser.add_argument("--model-msi", action="store_true", help="auch das MSI des Standardmodells")
    parser.add_argument("--lock", action="store_true", help="windows-requirements.txt neu pinnen")
    args = parser.parse_args(argv)
    try:
        if args.lock:
            payload.lock_requirements()
            return 0
        return build(args)
    except BuildError:  # fail() has said why
        return 1


def build(args: argparse.Namespace) -> int:
    version = args.version or msi_build.project_version()
    msi_build.require_tools()
    started = time.monotonic()
    if args.reuse_stage and args.stage.is_dir():
        payload.check(args.stage)
    else:
        payload.stage(args.stage)
    staged = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    pfx = Path(os.environ["WERKSTATT_SIGN_PFX"]) if os.environ.get("WERKSTATT_SIGN_PFX") else None
    password = os.environ.get("WERKSTATT_SIGN_PASSWORD", "")
    product = msi_build.build_product(args.stage, args.out / f"KI-Werkstatt-{version}.msi", version)
    msi_build.sign(product, pfx, password)
    built = [product]
    if args.model_msi:
        entry = default_model()
        target = args.out / f"KI-Werkstatt-Modell-{entry.id}-{version}.msi"
        built.append(msi_build.build_model(entry, target, version))
        msi_build.sign(built[-1], pfx, password)
    for path in built:
        code = msi_build.properties(path)["ProductCode"]
        say(f"{path} ({path.stat().st_size / 1e6:.0f} MB), ProductCode {code}")
    say(f"Nutzlast {staged - started:.0f} s, MSI {time.monotonic() - staged:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
