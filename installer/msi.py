"""From a staged payload to the MSI: WiX source, wixl, the table fixes wixl needs, signing.

wixl (msitools) builds WiX 3 sources on Linux but ignores ``Property/@Secure`` and does not
take ``Component/Condition``; both matter for IT, so they are patched into the tables with
``msibuild`` after the build and the tests read them back with ``msiinfo``:

* ``SecureCustomProperties`` lists the public properties, or an install as SYSTEM (Group
  Policy, Intune) silently drops MODELDIR and the others;
* each policy value's component carries the condition "its property is set", so the MSI
  writes only what IT gave and never overwrites a value of ``policy.toml`` with an empty one.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import tomllib
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

from werkstatt.catalog import ModelEntry

from . import ROOT, fail, say

PRODUCT_WXS = ROOT / "installer" / "ki-werkstatt.wxs"
MODEL_WXS = ROOT / "installer" / "model.wxs"
UPGRADE_CODE = "83F979CE-A844-43C2-831A-63B37934BF19"  # never changes: upgrades find the old one
MODEL_UPGRADE_NAMESPACE = uuid.UUID("084B8D15-3344-445C-A5FD-FAB7F665B193")
PUBLIC_PROPERTIES = ("MODELDIR", "FEEDBACKDIR", "REQUIRE_KIPASS", "ALLOWED_MODELS", "EXPORT_LABEL")
# component -> the condition under which it is installed (its policy value written)
CONDITIONS = {"PolicyFeedbackDir": "FEEDBACKDIR", "PolicyRequireKipass": "REQUIRE_KIPASS",
              "PolicyAllowedModels": "ALLOWED_MODELS", "PolicyExportLabel": "EXPORT_LABEL"}
TOOLS = {"wixl": "wixl", "msibuild": "msitools", "msiinfo": "msitools"}


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The MSI's ProductVersion: the project's version, three numeric parts."""
    version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    if not re.fullmatch(r"\d{1,3}\.\d{1,3}\.\d{1,5}", version):
        fail(f"Version „{version}“ in pyproject.toml: ein MSI braucht drei Zahlen (z. B. 1.2.3).")
    return str(version)


def product_code(version: str, upgrade_code: str = UPGRADE_CODE) -> str:
    """A new ProductCode for each version, the same one for a rebuild of the same version."""
    return str(uuid.uuid5(uuid.UUID(upgrade_code), f"KI-Werkstatt {version}")).upper()


def require_tools() -> None:
    missing = sorted({pkg for tool, pkg in TOOLS.items() if not shutil.which(tool)})
    if missing:
        fail(f"Es fehlen {', '.join(missing)} (Debian: apt-get install wixl msitools).")


def _ident(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:24].upper()


def payload_fragment(stage: Path) -> str:
    """A WiX fragment with one component per file under INSTALLDIR (``Guid="*"``: derived
    from the path, so it stays the same across rebuilds and upgrades replace in place)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Fragment>',
             '<DirectoryRef Id="INSTALLDIR">']
    components: list[str] = []

    def walk(folder: Path, depth: int) -> None:
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            rel = entry.relative_to(stage).as_posix()
            if entry.is_dir():
                lines.append(f'<Directory Id="{_ident("d", rel)}" Name={quoteattr(entry.name)}>')
                walk(entry, depth + 1)
                lines.append("</Directory>")
            elif entry.is_file():
                component = _ident("c", rel)
                components.append(component)
                lines.append(f'<Component Id="{component}" Guid="*" Win64="yes">'
                             f'<File Id="{_ident("f", rel)}" Name={quoteattr(entry.name)} '
                             f'Source={quoteattr(rel)} KeyPath="yes"/></Component>')

    walk(stage, 0)
    lines.append("</DirectoryRef></Fragment><Fragment><ComponentGroup Id=\"Payload\">")
    lines += [f'<ComponentRef Id="{c}"/>' for c in components]
    lines.append("</ComponentGroup></Fragment></Wix>")
    return "\n".join(lines) + "\n"


def _wixl(sources: list[Path], out: Path, defines: dict[str, str], cwd: Path) -> None:
    """wixl resolves File/@Source relative to its working directory (absolute paths fail)."""
    cmd = ["wixl", "-a", "x64", "-o", str(out.resolve())]
    for name, value in defines.items():
        cmd += ["-D", f"{name}={value}"]
    result = subprocess.run([*cmd, *(str(s.resolve()) for s in sources)], capture_output=True,
                            text=True, check=False, cwd=cwd)
    if result.returncode != 0 or not out.is_file():
        fail(f"wixl ist fehlgeschlagen: {(result.stderr or result.stdout).strip()[:2000]}")


def _msibuild(msi: Path, sql: str) -> None:
    result = subprocess.run(["msibuild", str(msi), "-q", sql], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        fail(f"msibuild: {sql[:80]} … ist fehlgeschlagen: {result.stderr.strip()}")


def _sql(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def table(msi: Path, name: str) -> list[list[str]]:
    """The rows of one table (``msiinfo export``; its CRLF line ends stripped). Binary columns
    (icons) are written as files beside: into a temporary folder, not the caller's."""
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(["msiinfo", "export", str(msi.resolve()), name], capture_output=True,
                                check=False, cwd=scratch)
    if result.returncode != 0:
        fail(f"msiinfo export {name}: {result.stderr.decode(errors='replace').strip()}")
    lines = result.stdout.decode("utf-8", errors="replace").replace("\r", "").split("\n")
    return [line.split("\t") for line in lines[3:] if line]  # after names, types, table key


def properties(msi: Path) -> dict[str, str]:
    return {row[0]: row[1] for row in table(msi, "Property") if len(row) >= 2}


def patch_tables(msi: Path, secure: tuple[str, ...], conditions: dict[str, str]) -> None:
    """What wixl cannot express: SecureCustomProperties and component conditions."""
    existing = properties(msi).get("SecureCustomProperties", "")
    names = [n for n in existing.split(";") if n] + [p for p in secure if p not in existing.split(";")]
    if existing:
        _msibuild(msi, "UPDATE `Property` SET `Value`=" + _sql(";".join(names))
                  + " WHERE `Property`='SecureCustomProperties'")
    else:
        _msibuild(msi, "INSERT INTO `Property` (`Property`, `Value`) VALUES "
                  f"('SecureCustomProperties', {_sql(';'.join(names))})")
    for component, condition in conditions.items():
        _msibuild(msi, "UPDATE `Component` SET `Condition`=" + _sql(condition)
                  + f" WHERE `Component`={_sql(component)}")


def build_product(stage: Path, out: Path, version: str) -> Path:
    """The app's MSI from a staged (and checked) payload."""
    require_tools()
    code = product_code(version)
    with tempfile.TemporaryDirectory(prefix="werkstatt-msi-") as tmp:
        fragment = Path(tmp) / "payload.wxs"
        fragment.write_text(payload_fragment(stage), encoding="utf-8")
        partial = out.with_suffix(".msi.part")
        _wixl([PRODUCT_WXS, fragment], partial, {"Version": version, "ProductCode": code}, stage)
    patch_tables(partial, PUBLIC_PROPERTIES, CONDITIONS)
    partial.replace(out)  # only a finished, patched MSI carries the real name
    return out


def build_model(entry: ModelEntry, out: Path, version: str) -> Path:
    """The optional MSI that carries one vetted model into the models folder."""
    require_tools()
    upgrade = str(uuid.uuid5(MODEL_UPGRADE_NAMESPACE, entry.id)).upper()
    partial = out.with_suffix(".msi.part")
    _wixl([MODEL_WXS], partial, {
        "Version": version, "UpgradeCode": upgrade, "ProductCode": product_code(version, upgrade),
        "ModelName": entry.name, "ModelFile": entry.path.name, "ModelSource": entry.path.name,
        "License": entry.license, "Sha256": entry.sha256}, entry.path.parent)
    patch_tables(partial, ("MODELDIR",), {})
    partial.replace(out)
    return out


def sign(msi: Path, pfx: Path | None, password: str = "") -> bool:
    """Authenticode-sign with osslsigncode when a certificate is given; say plainly if not."""
    if pfx is None:
        say(f"{msi.name} ist NICHT signiert (kein Zertifikat angegeben: WERKSTATT_SIGN_PFX). "
            "Windows zeigt dann „Unbekannter Herausgeber“.")
        return False
    if not shutil.which("osslsigncode"):
        fail("osslsigncode fehlt (Debian: apt-get install osslsigncode).")
    signed = msi.with_suffix(".signed.part")
    cmd = ["osslsigncode", "sign", "-pkcs12", str(pfx), "-pass", password, "-h", "sha256",
           "-n", "KI-Werkstatt", "-in", str(msi), "-out", str(signed)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        signed.unlink(missing_ok=True)
        fail(f"Signieren fehlgeschlagen: {(result.stderr or result.stdout).strip()[:500]}")
    signed.replace(msi)
    say(f"{msi.name} ist signiert ({pfx.name}).")
    return True
