"""The MSI as IT uses it, under Wine (``make test-msi``): the real payload built by
``installer.build``, a silent install with every property into a fresh prefix, the model MSI,
the installed copy's own Python running the system check, a template on the default model
(a .docx written), a feedback merge, server mode with its key in the Credential Manager,
then an upgrade, a refused downgrade and an uninstall.

The tests run in file order on one prefix (each step builds on the one before). Figures
(build, install and generation times, tokens/s against the Linux build) are printed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from installer import build, msi, wine
from tests.inference import ScriptedServer, piece, send_events
from werkstatt import catalog

pytestmark = [pytest.mark.wine,
              pytest.mark.skipif(not (wine.available() and shutil.which("wixl")),
                                 reason="wine/wixl fehlen (make msi-deps)")]

VERSION = msi.project_version()
MAJOR, MINOR, PATCH = (int(p) for p in VERSION.split("."))
NEWER = f"{MAJOR}.{MINOR}.{PATCH + 1}"
APP = Path("Program Files/KI-Werkstatt")
USER_DATA = Path("users") / "root" / "AppData" / "Local" / "Hansestadt Luebeck" / "KI-Werkstatt"
POLICY_KEY = r"HKLM\SOFTWARE\Policies\KI-Werkstatt"
INSTALLATION_KEY = r"HKLM\SOFTWARE\KI-Werkstatt\Installation"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "beschlussvorlage.txt"
FIGURES: dict[str, str] = {}


def winpath(path: Path) -> str:
    return "Z:" + str(path.resolve()).replace("/", "\\")


def note(name: str, value: str) -> None:
    FIGURES[name] = value
    print(f"\n[MSI] {name}: {value}", file=sys.stderr)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    assert build.main(["--out", str(out), "--model-msi"]) == 0
    note("Bau (Nutzlast + beide MSI)", f"{time.monotonic() - started:.0f} s")
    started = time.monotonic()
    assert build.main(["--out", str(out), "--version", NEWER, "--reuse-stage"]) == 0
    note("Bau der neueren Version aus derselben Nutzlast", f"{time.monotonic() - started:.0f} s")
    app = out / f"KI-Werkstatt-{VERSION}.msi"
    note("Größe", f"{app.stat().st_size / 1e6:.0f} MB (App), "
         f"{next(out.glob('KI-Werkstatt-Modell-*')).stat().st_size / 1e6:.0f} MB (Modell)")
    return out


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    started = time.monotonic()
    pfx = wine.Prefix(tmp_path_factory.mktemp("wine") / "prefix").boot()
    note("Wine-Präfix angelegt", f"{time.monotonic() - started:.0f} s")
    yield pfx
    pfx.stop()


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("work")


def msiexec(prefix: wine.Prefix, *args: str, log: Path) -> tuple[int, str]:
    started = time.monotonic()
    result = prefix.run(["msiexec", *args, "/qn", "/l*v", winpath(log)], timeout=900)
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return result.returncode, text + f"\n[{time.monotonic() - started:.1f} s]"


def python(prefix: wine.Prefix, *args: str, data: bytes = b"", cwd: Path | None = None):
    exe = str(Path("C:/") / APP / "python" / "python.exe").replace("/", "\\")
    return prefix.run_python([exe, "-m", "werkstatt.cli", *args], data=data, cwd=cwd, timeout=900)


def default_sha() -> str:
    return catalog.default_model().sha256


def test_an_invalid_property_stops_the_install_before_anything_is_written(dist, prefix, work):
    code, log = msiexec(prefix, "/i", winpath(dist / f"KI-Werkstatt-{VERSION}.msi"), "REQUIRE_KIPASS=ja",
                        log=work / "invalid.log")
    assert code == wine.wrapped(1603), log[-3000:]
    assert "LaunchConditions" in log  # Wine does not log the message (Windows does; see the table test)
    assert not (prefix.drive_c() / APP).exists() and prefix.reg_query(POLICY_KEY) == {}


def test_silent_install_with_every_property(dist, prefix, work):
    started = time.monotonic()
    code, log = msiexec(prefix, "/i", winpath(dist / f"KI-Werkstatt-{VERSION}.msi"),
                        r"MODELDIR=C:\KI\Modelle", r"FEEDBACKDIR=C:\KI\Feedback", "REQUIRE_KIPASS=0",
                        f"ALLOWED_MODELS={default_sha()}", "EXPORT_LABEL=Mit KI erstellt (Test)",
                        log=work / "install.log")
    note("Installation unter Wine", f"{time.monotonic() - started:.0f} s")
    assert code == 0, log[-3000:]
    root = prefix.drive_c() / APP
    for rel in ("python/python.exe", "python/pythonw.exe", "werkstatt.cmd", "app/werkstatt/cli.py",
                "app/models/catalog.toml", "python/Lib/site-packages/llama_cpp/lib/ggml-cpu-haswell.dll",
                "python/Lib/site-packages/llama_cpp/lib/ggml-vulkan.dll",
                "app/werkstatt/__pycache__/cli.cpython-313.pyc"):
        assert (root / rel).is_file(), rel
    policy = prefix.reg_query(POLICY_KEY)
    assert policy["models_dir"] == ("REG_SZ", r"C:\KI\Modelle")
    assert policy["feedback_dir"] == ("REG_SZ", r"C:\KI\Feedback")
    assert policy["require_kipass"] == ("REG_DWORD", "0x0")
    assert policy["allowed_models"] == ("REG_SZ", default_sha())
    assert policy["export_label"] == ("REG_SZ", "Mit KI erstellt (Test)")
    assert prefix.reg_query(INSTALLATION_KEY)["Version"] == ("REG_SZ", VERSION)
    assert list(prefix.drive_c().rglob("KI-Werkstatt.lnk")), "Startmenü-Verknüpfung fehlt"


def test_model_msi_puts_the_default_model_into_modeldir(dist, prefix, work):
    started = time.monotonic()
    code, log = msiexec(prefix, "/i", winpath(next(dist.glob("KI-Werkstatt-Modell-*"))),
                        log=work / "model.log")
    note("Installation des Modell-MSI", f"{time.monotonic() - started:.0f} s")
    assert code == 0, log[-3000:]
    model = prefix.drive_c() / "KI" / "Modelle" / catalog.default_model().file
    assert model.is_file() and model.stat().st_size == catalog.default_model().size


def test_installed_copy_checks_the_system_and_reads_the_policy(prefix):
    result = python(prefix, "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ggml-cpu" in result.stdout or "Variante" in result.stdout
    # ggml-vulkan.dll is installed and tried: Wine has no Vulkan GPU here, the CPU computes
    # ("Gerät" in the console's code page)
    assert re.search(r"Grafikprozessor:\s+kein Vulkan-Ger\S{1,2}t gefunden", result.stdout), result.stdout
    policy = python(prefix, "policy")
    assert "Registry HKLM" in policy.stdout and "C:\\\\KI\\\\Modelle" in policy.stdout
    command = prefix.run_python(["cmd", "/c", "werkstatt.cmd", "templates"], cwd=prefix.drive_c() / APP)
    assert command.returncode == 0 and "zusammenfassung" in command.stdout, command.stderr


def _tokens_per_second(stderr: str) -> float:
    match = re.search(r"([\d.]+) Token/s", stderr)
    assert match, stderr[-2000:]
    return float(match.group(1))


def test_installed_copy_generates_a_document(prefix, work):
    accept = python(prefix, "rules", "accept", "--yes")
    assert accept.returncode == 0, accept.stderr
    shutil.copy2(SAMPLE, work / "vorlage.txt")
    args = ["run", "zusammenfassung", "--seed", "7", "--input"]
    result = python(prefix, *args, winpath(work / "vorlage.txt"), "--output", winpath(work / "entwurf.docx"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    wine_rate = _tokens_per_second(result.stderr)
    text = "\n".join(p.text for p in Document(str(work / "entwurf.docx")).paragraphs)
    assert len(text) > 200 and "Mit KI erstellt (Test)" in text  # the label from EXPORT_LABEL
    linux = subprocess.run([sys.executable, "-m", "werkstatt.cli", *args, str(work / "vorlage.txt")],
                           capture_output=True, text=True, check=False)
    if linux.returncode == 0:
        linux_rate = _tokens_per_second(linux.stderr)
        note("Token/s", f"Wine {wine_rate:.1f}, Linux-Bau {linux_rate:.1f} "
             f"(Verhältnis {wine_rate / linux_rate:.2f})")


def test_installed_copy_merges_feedback(prefix, work):
    for name, seed in (("a.db", "1"), ("b.db", "2")):
        made = python(prefix, "feedback", "demo", "-n", "40", "--seed", seed, "-o", winpath(work / name))
        assert made.returncode == 0, made.stderr
    merged = python(prefix, "feedback", "merge", winpath(work / "a.db"), winpath(work / "b.db"),
                    "-o", winpath(work / "gesamt.db"))
    assert merged.returncode == 0, merged.stderr
    assert "Gesamt: 80 neu" in merged.stdout
    report = python(prefix, "feedback", "report", winpath(work / "gesamt.db"), "-o",
                    winpath(work / "bericht.docx"))
    assert report.returncode == 0, report.stderr
    assert Document(str(work / "bericht.docx")).paragraphs


def test_installed_copy_builds_and_searches_a_council_library(prefix, work):
    """Windows' own Python and SQLite: FTS5 is there, OParl and saved ALLRIS pages import,
    the search finds a paper by its words and by its reference."""
    data = Path(__file__).resolve().parents[1] / "data"
    library = winpath(work / "gremien.sqlite")
    imported = python(prefix, "gremien", "import", winpath(data / "oparl" / "examples"),
                      winpath(data / "allris"), "--library", library)
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert "5 Vorlagen" in imported.stdout
    found = python(prefix, "gremien", "search", "Übersichtsplan", "--library", library)
    assert found.returncode == 0 and found.stdout.startswith("1234/2014\t"), found.stderr[-2000:]
    found = python(prefix, "gremien", "search", "VO/2020/09602", "--library", library)
    assert found.stdout.startswith("VO/2020/09602\t"), found.stdout + found.stderr[-2000:]
    asked = python(prefix, "gremien", "ask", "Wie hoch ist die Hundesteuer?", "--library", library)
    assert asked.returncode == 0 and "steht nichts in den Dokumenten" in asked.stdout


ICU = "icu4py==1.2.0"  # ICU 78 DLLs for Windows; test-only, see icu_forwarder
ICU_SHA256 = "654732579d3242276a50c8790c19a87f199916fec85b4abde1df855d9897a1f7"


def icu_forwarder(pyside: Path, work: Path) -> list[Path]:
    """Wine 8 has no icuuc.dll, which Qt 6.10+ imports (Windows 10 and 11 ship it): ICU 78's
    DLLs from icu4py and a forwarder icuuc.dll (built with mingw) that maps Qt's unversioned
    names to ICU's ``_78`` exports. Put into the installed PySide6 folder, for this test only."""
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                    "--platform", "win_amd64", "--python-version", "3.13", "-d", str(work), ICU],
                   check=True, capture_output=True)
    wheel = next(work.glob("icu4py-*.whl"))
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == ICU_SHA256
    added = []
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.startswith("icu4py.libs/") and name.endswith(".dll"):
                added.append(pyside / Path(name).name)
                added[-1].write_bytes(zf.read(name))
    icuuc = next(p.stem for p in added if p.name.startswith("icuuc78-"))
    dump = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", str(pyside / "Qt6Core.dll")],
                          capture_output=True, text=True, check=True).stdout
    block = dump.split("DLL Name: icuuc.dll", 1)[1].split("\n\n", 1)[0]
    names = re.findall(r"^\s+[0-9a-f]+\s+\d+\s+(\w+)$", block, re.M)
    definition = work / "icuuc.def"
    definition.write_text("LIBRARY icuuc\nEXPORTS\n" + "".join(f'{n} = "{icuuc}.{n}_78"\n' for n in names))
    added.append(pyside / "icuuc.dll")
    subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-nostdlib", "-Wl,-e,0", "-o", str(added[-1]),
                    str(definition)], check=True, capture_output=True)
    return added


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xwd") and shutil.which("xwininfo")),
                    reason="Xvfb/xwd/xwininfo fehlen (make msi-deps)")
def test_installed_window_opens_under_wine(prefix, work):
    """The installed app shows its real window (Xvfb, Windows' own Qt platform, not offscreen);
    a screenshot lands in build/msi/wine-fenster.png."""
    pyside = prefix.drive_c() / APP / "python" / "Lib" / "site-packages" / "PySide6"
    added = icu_forwarder(pyside, work)
    display = f":{90 + (time.time_ns() // 1000) % 9}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    exe = str(Path("C:/") / APP / "python" / "pythonw.exe").replace("/", "\\")
    app = subprocess.Popen(["wine", exe, "-m", "ui.app"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env={**prefix.env, **wine.PYTHON_ENV, "DISPLAY": display})
    try:
        started, titles = time.monotonic(), ""
        while time.monotonic() - started < 90 and "KI-Werkstatt" not in titles:
            time.sleep(1)
            assert app.poll() is None, app.communicate()[1].decode(errors="replace")[-2000:]
            titles = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                                    capture_output=True, text=True).stdout
        note("Fenster unter Wine sichtbar nach", f"{time.monotonic() - started:.0f} s")
        assert "KI-Werkstatt" in titles
        time.sleep(8)  # let it paint
        shot = Path("build/msi/wine-fenster.png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["xwd", "-root", "-silent", "-display", display, "-out", str(work / "s.xwd")],
                       check=True)
        if shutil.which("convert"):
            subprocess.run(["convert", str(work / "s.xwd"), str(shot)], check=False)
    finally:
        app.kill()
        app.communicate(timeout=30)
        xvfb.kill()
        prefix.run(["taskkill", "/f", "/im", "pythonw.exe"], timeout=60)  # the engine process too
        for path in added:
            path.unlink(missing_ok=True)


WRITE_CREDENTIAL = """
import ctypes, sys
from werkstatt.engine.connection import credential_type
name, secret = sys.argv[1], sys.argv[2].encode("utf-16-le")  # as cmdkey stores it
blob = ctypes.create_string_buffer(secret, len(secret))
credential = credential_type()(Type=1, TargetName=name, CredentialBlobSize=len(secret), Persist=2,
                               CredentialBlob=ctypes.cast(blob, ctypes.POINTER(ctypes.c_ubyte)))
sys.exit(0 if ctypes.windll.advapi32.CredWriteW(ctypes.byref(credential), 0) else 1)
"""


def test_installed_copy_in_server_mode_takes_its_key_from_the_credential_manager(prefix, work):
    """IT's server keys in the registry, the API key in a generic Windows credential (read
    with CredReadW): a template goes to that server with that key, and without the keys the
    PC's model is back."""
    seen: list[str | None] = []

    def chat(handler) -> None:
        seen.append(handler.headers.get("Authorization"))
        # Einfache Sprache asks for each long statement; this rewrite keeps the first one's
        # facts and so is taken, the other statements keep their own words
        lines = ["- Der Bereich Schule und Sport ", "macht einen Vorschlag.\n", "- Die Stadt soll ",
                 "die Turnhalle der Grundschule Marli sanieren.\n",
                 "- Das soll in den Sommerferien 2027 sein."]
        send_events(handler, [*map(piece, lines), piece("", "stop"), b"data: [DONE]\n\n"])

    server = ScriptedServer(chat)
    keys = {"inference_server": server.url, "inference_api_credential": "KI-Werkstatt-Server"}
    try:
        exe = str(Path("C:/") / APP / "python" / "python.exe").replace("/", "\\")
        stored = prefix.run_python([exe, "-c", WRITE_CREDENTIAL, "KI-Werkstatt-Server", "schluessel-7"])
        assert stored.returncode == 0, stored.stderr
        for name, value in keys.items():
            prefix.run(["reg", "add", POLICY_KEY, "/v", name, "/t", "REG_SZ", "/d", value, "/f", "/reg:64"])
        result = python(prefix, "run", "einfache-sprache", "-i", winpath(SAMPLE))
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        assert f"KI-Server {server.url[7:]}" in result.stderr
        assert "Die Stadt soll die Turnhalle der Grundschule Marli sanieren." in result.stdout
        assert seen and set(seen) == {"Bearer schluessel-7"}
    finally:
        server.stop()
        for name in keys:
            prefix.run(["reg", "delete", POLICY_KEY, "/v", name, "/f", "/reg:64"])
    assert "inference_server = None" in python(prefix, "policy").stdout  # the PC's model again


def test_upgrade_keeps_properties_models_and_user_data(dist, prefix, work):
    user = prefix.drive_c() / USER_DATA
    before = sorted(p.name for p in user.iterdir())
    assert before, "keine Benutzerdaten vor dem Upgrade"
    started = time.monotonic()
    code, log = msiexec(prefix, "/i", winpath(dist / f"KI-Werkstatt-{NEWER}.msi"), log=work / "upgrade.log")
    note("Upgrade unter Wine", f"{time.monotonic() - started:.0f} s")
    assert code == 0, log[-3000:]
    assert prefix.reg_query(INSTALLATION_KEY)["Version"] == ("REG_SZ", NEWER)
    policy = prefix.reg_query(POLICY_KEY)
    assert policy["models_dir"] == ("REG_SZ", r"C:\KI\Modelle")  # remembered, not given again
    assert policy["export_label"] == ("REG_SZ", "Mit KI erstellt (Test)")
    assert policy["require_kipass"] == ("REG_DWORD", "0x0")
    assert sorted(p.name for p in user.iterdir()) == before
    assert (prefix.drive_c() / "KI" / "Modelle" / catalog.default_model().file).is_file()
    assert python(prefix, "templates").returncode == 0


def test_downgrade_is_refused_with_a_clear_message(dist, prefix, work):
    code, log = msiexec(prefix, "/i", winpath(dist / f"KI-Werkstatt-{VERSION}.msi"),
                        log=work / "downgrade.log")
    assert code == wine.wrapped(1603), log[-3000:]
    assert "WIX_DOWNGRADE_DETECTED" in log  # the condition whose message Windows shows
    assert prefix.reg_query(INSTALLATION_KEY)["Version"] == ("REG_SZ", NEWER)


def test_uninstall_removes_the_program_and_keeps_user_data_and_models(prefix, work):
    user = prefix.drive_c() / USER_DATA
    kept = sorted(p.name for p in user.iterdir())
    started = time.monotonic()
    code, log = msiexec(prefix, "/x", "{" + msi.product_code(NEWER) + "}", log=work / "uninstall.log")
    note("Deinstallation unter Wine", f"{time.monotonic() - started:.0f} s")
    assert code == 0, log[-3000:]
    root = prefix.drive_c() / APP
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))
    assert prefix.reg_query(POLICY_KEY) == {}
    assert not list(prefix.drive_c().rglob("KI-Werkstatt.lnk"))
    assert sorted(p.name for p in user.iterdir()) == kept
    assert (prefix.drive_c() / "KI" / "Modelle" / catalog.default_model().file).is_file()
    print("\n" + "\n".join(f"  {k}: {v}" for k, v in FIGURES.items()), file=sys.stderr)
