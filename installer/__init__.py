"""The Windows installer (MSI), built on Linux: ``make msi`` runs ``python -m installer.build``.

``payload`` stages what goes into Program Files, ``msi`` turns it into the MSI (WiX source,
wixl, the table fixes wixl needs, signing), ``admx`` writes the Group Policy templates.
Messages are German: IT and ``make`` read them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent


class BuildError(SystemExit):
    """The build stopped; the message says why (nothing half-built is left behind)."""

    def __init__(self, message: str) -> None:
        super().__init__(1)
        self.message = message

    def __str__(self) -> str:
        return self.message


def say(message: str) -> None:
    print(f"msi: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> NoReturn:
    say(f"FEHLER: {message}")
    raise BuildError(message)
