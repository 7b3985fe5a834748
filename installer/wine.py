"""Running Windows programs under Wine, as the MSI build (precompiling) and its tests need.

What Wine 8 demands, measured (see README "Für die IT", Wine as a test bed): Python's
standard handles must be pipes, not files or /dev/null; ``QT_*`` variables are dropped, so
Qt's are passed as ``WINEQT_*``; exit codes wrap at 256 (1603 reads as 67); the services
wineboot starts outlive it and keep inherited handles open; a persistent wineserver (``-p``)
keeps later starts fast and is stopped with ``wineserver -k``; WMI is incomplete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fail

PYTHON_ENV = {"WINEDLLOVERRIDES": "mscoree,mshtml,propsys="}


def available() -> bool:
    return bool(shutil.which("wine") and shutil.which("wineserver"))


def wrapped(code: int) -> int:
    """A Windows exit code as Wine reports it to Linux (modulo 256)."""
    return code % 256


@dataclass
class Prefix:
    """One Wine prefix (a fresh Windows installation in a folder)."""

    path: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Wine hands the Linux environment to Windows programs: none of the app's own
        # variables (a test's WERKSTATT_HOME would move the user data out of the prefix)
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("WERKSTATT_")}
        self.env = dict(inherited, WINEPREFIX=str(self.path), WINEARCH="win64", WINEDEBUG="-all",
                        WINEDLLOVERRIDES="mscoree,mshtml=", **self.env)  # no Mono/Gecko dialogs

    def boot(self) -> Prefix:
        if not available():
            fail("wine fehlt (Debian: apt-get install wine wine64).")
        self.path.mkdir(parents=True, exist_ok=True)
        # the services wineboot starts outlive it and inherit its handles: never our pipes
        quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(["wineserver", "-p"], env=self.env, check=False, **quiet)
        subprocess.run(["wine", "wineboot", "-i"], env=self.env, check=False, timeout=300, **quiet)
        return self

    def run(self, args: list[str], cwd: Path | None = None, timeout: float = 600,
            env: dict[str, str] | None = None, data: bytes = b"") -> subprocess.CompletedProcess[str]:
        """``wine args…`` with pipes on all three standard handles."""
        started = time.monotonic()
        result = subprocess.run(["wine", *args], input=data, capture_output=True, cwd=cwd,
                                env={**self.env, **(env or {})}, timeout=timeout, check=False)
        return subprocess.CompletedProcess(
            result.args, result.returncode, result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace") + f"\n[{time.monotonic() - started:.1f} s]")

    def run_python(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        """A Python program: Wine 8 lacks propsys' VariantToString, which Python's platform
        module reaches through WMI (_wmi.pyd) and then aborts; with propsys switched off for
        it, _wmi does not load and platform reads the registry. (Not for msiexec: without
        propsys, Wine's shell folders stay unexpanded, "%SystemDrive%\\Program Files".)"""
        env = {**kwargs.pop("env", {}), **PYTHON_ENV}
        return self.run(args, env=env, **kwargs)

    def drive_c(self) -> Path:
        return self.path / "drive_c"

    def reg_query(self, key: str) -> dict[str, tuple[str, str]]:
        """The values of a registry key in the 64-bit view: name -> (type, data)."""
        out = self.run(["reg", "query", key, "/reg:64"]).stdout
        values = {}
        for line in out.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) >= 2 and parts[1].startswith("REG_"):
                values[parts[0]] = (parts[1], parts[2] if len(parts) == 3 else "")
        return values

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, check=False)
