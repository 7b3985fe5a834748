"""Group Policy templates for the machine policy: ``KI-Werkstatt.admx`` and its ADML (de-DE, en-US).

``POLICIES`` is the one table: each key the app reads from HKLM\\SOFTWARE\\Policies\\KI-Werkstatt
(``werkstatt/policy.py``) with its kind, category and texts, kept as data in
``admx_policies.toml`` (read by ``admx_policies``). ``admx()`` and ``adml(language)`` render it
(``admx_writer``); ``python -m installer.admx`` writes ``installer/policy/``, ``--check`` exits 1
when the files there are not what it would write (they are generated, never edited by hand).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import ROOT
from .admx_policies import CATEGORIES, COMMON, CONTEXT, LANGUAGES, POLICIES, Setting, Texts
from .admx_writer import adml, admx

__all__ = ["CATEGORIES", "COMMON", "CONTEXT", "LANGUAGES", "OUT", "POLICIES", "Setting", "Texts", "adml",
           "admx", "main", "outputs"]

OUT = ROOT / "installer" / "policy"


def outputs() -> dict[Path, str]:
    """Each file the generator writes, with its text."""
    files = {OUT / "KI-Werkstatt.admx": admx()}
    files.update({OUT / language / "KI-Werkstatt.adml": adml(language) for language in LANGUAGES})
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer.admx",
                                     description="Gruppenrichtlinien-Vorlagen (ADMX/ADML) schreiben.")
    parser.add_argument("--check", action="store_true",
                        help="nur prüfen, ob die Dateien in installer/policy/ aktuell sind")
    check = parser.parse_args(argv).check
    files = outputs()
    stale = [path for path, text in files.items()
             if not path.exists() or path.read_bytes() != text.encode("utf-8")]
    if check and stale:
        names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
        print(f"admx: FEHLER: nicht aktuell (fehlt, von Hand geändert oder installer/admx_policies.toml "
              f"geändert): {names}. Neu schreiben mit: python -m installer.admx", file=sys.stderr)
        return 1
    if not stale:
        print("admx: Die Gruppenrichtlinien-Vorlagen sind aktuell.")
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path].encode("utf-8"))
        print(f"admx: {path.relative_to(ROOT)} geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
