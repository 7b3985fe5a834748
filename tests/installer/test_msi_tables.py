"""The MSI's tables, read back with msiinfo from an MSI that wixl builds from a small stand-in
payload (seconds, no Windows engine needed); the real payload goes through the same code in
the Wine round trip (test_wine_roundtrip.py, ``make test-msi``)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from installer import BuildError, msi, payload
from werkstatt.engine.variants import ALLOWED

pytestmark = pytest.mark.skipif(not shutil.which("wixl"), reason="wixl fehlt (make msi-deps)")


def fake_stage(root: Path, engine_version: str = "", variants: tuple[str, ...] = ALLOWED) -> Path:
    """The payload's shape with tiny files; the engine only if a version is given."""
    stage = root / "KI-Werkstatt"
    for rel in ("python/python.exe", "python/pythonw.exe", f"python/{payload.PTH}",
                "app/werkstatt/cli.py", "app/ui/app.py", "app/models/catalog.toml", "werkstatt.cmd",
                *(f"app/{name}" for name in payload.app_data_files())):
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_text("x", encoding="utf-8")
    icon = stage / "app/resources/icons/ki-werkstatt.ico"
    icon.parent.mkdir(parents=True)
    icon.write_bytes((Path(__file__).resolve().parents[2] / "resources/icons/ki-werkstatt.ico").read_bytes())
    if engine_version:
        site = stage / "python" / "Lib" / "site-packages"
        lib = site / "llama_cpp" / "lib"
        lib.mkdir(parents=True)
        (site / "llama_cpp" / "llama_cpp.py").write_text("x")
        info = site / f"llama_cpp_python-{engine_version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Name: llama_cpp_python\nVersion: {engine_version}\n")
        for name in ("ggml-base.dll", "ggml.dll", "libllama.dll", "ggml-vulkan.dll",
                     *(f"ggml-cpu-{v}.dll" for v in variants)):
            (lib / name).write_bytes(b"MZ")
    return stage


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("msi")
    return msi.build_product(fake_stage(root, payload._build_engine_module().VERSION),
                             root / "KI-Werkstatt-0.1.0.msi", "0.1.0")


def test_per_machine_with_fixed_upgrade_code_and_version(built):
    props = msi.properties(built)
    assert props["ALLUSERS"] == "1"
    assert props["UpgradeCode"] == "{" + msi.UPGRADE_CODE + "}"
    assert props["ProductVersion"] == "0.1.0"
    assert props["ProductCode"] == "{" + msi.product_code("0.1.0") + "}"
    assert msi.product_code("0.1.0") != msi.product_code("0.1.1")  # a new one per version
    assert props["Manufacturer"] == "Hansestadt Lübeck"


def test_public_properties_survive_an_install_as_system(built):
    secure = msi.properties(built)["SecureCustomProperties"].split(";")
    for name in msi.PUBLIC_PROPERTIES:
        assert name in secure
    assert "WIX_UPGRADE_DETECTED" in secure  # what MajorUpgrade put there is kept


def test_every_component_is_64_bit(built):
    rows = msi.table(built, "Component")
    assert len(rows) >= 12
    assert all(int(row[3]) & 256 for row in rows), "msidbComponentAttributes64bit fehlt"


def test_policy_values_are_written_only_when_given(built):
    registry = {row[3]: row for row in msi.table(built, "Registry")
                if row[2] == r"SOFTWARE\Policies\KI-Werkstatt"}
    assert set(registry) == {"models_dir", "feedback_dir", "require_kipass", "allowed_models",
                             "export_label"}
    assert all(row[1] == "2" for row in registry.values())  # HKLM
    assert registry["require_kipass"][4] == "#[REQUIRE_KIPASS]"  # REG_DWORD, as the ADMX writes
    conditions = {row[0]: row[4] for row in msi.table(built, "Component")}
    for component, prop in msi.CONDITIONS.items():
        assert conditions[component] == prop
    assert conditions["PolicyModelDir"] == ""  # always: MODELDIR has a default


def test_properties_are_remembered_for_upgrades(built):
    searches = {row[0]: row for row in msi.table(built, "RegLocator")}
    assert len(searches) == len(msi.PUBLIC_PROPERTIES)
    assert all(row[2] == r"SOFTWARE\KI-Werkstatt\Installation" and int(row[4]) & 16
               for row in searches.values())  # the 64-bit view
    sequence = {row[0]: int(row[2]) for row in msi.table(built, "InstallExecuteSequence")}
    for name in ("ModelDir", "FeedbackDir", "RequireKipass", "AllowedModels", "ExportLabel"):
        assert sequence[f"Save{name}"] < sequence["AppSearch"] < sequence[f"Restore{name}"]
    assert sequence["DefaultModelDir"] < sequence["LaunchConditions"]


def test_start_menu_shortcut_starts_the_app_without_console(built):
    [row] = msi.table(built, "Shortcut")
    assert row[1] == "ProgramMenuFolder" and row[2] == "KI-Werkstatt"
    assert row[4] == r"[INSTALLDIR]python\pythonw.exe" and row[5] == "-m ui.app"
    assert row[8] == "KIWerkstatt.ico"  # the app's icon, not Python's
    assert [r[0] for r in msi.table(built, "Icon")] == ["KIWerkstatt.ico"]
    assert msi.properties(built)["ARPPRODUCTICON"] == "KIWerkstatt.ico"  # "Installed apps" too


def test_downgrade_refused_and_bad_values_stopped_before_anything_is_written(built):
    conditions = dict(row[:2] for row in msi.table(built, "LaunchCondition"))
    assert "neuere Version" in conditions["NOT WIX_DOWNGRADE_DETECTED"]
    assert "Administratorrechte" in conditions["Privileged"]
    assert any("REQUIRE_KIPASS" in c for c in conditions)
    upgrade = msi.table(built, "Upgrade")
    assert {row[6] for row in upgrade} == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}


def test_one_file_with_embedded_cab(built):
    media = msi.table(built, "Media")
    assert len(media) == 1 and media[0][3].startswith("#")  # '#name': the cab is inside the MSI
    files = msi.table(built, "File")
    assert {row[2].split("|")[-1] for row in files} >= {"python.exe", "pythonw.exe", "cli.py"}


def test_the_version_comes_from_pyproject(tmp_path):
    assert msi.project_version() == __import__("tomllib").loads(
        Path("pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nversion = "1.0"\n', encoding="utf-8")
    with pytest.raises(BuildError, match="drei Zahlen"):
        msi.project_version(bad)


def test_a_payload_without_the_engine_fails_the_build(tmp_path):
    with pytest.raises(BuildError, match="KI-Engine .* fehlt"):
        payload.check(fake_stage(tmp_path))


def test_an_engine_of_another_version_fails_the_build(tmp_path):
    with pytest.raises(BuildError, match="0.3.1, das Bau-Rezept verlangt"):
        payload.check(fake_stage(tmp_path, "0.3.1"))


def test_an_engine_missing_a_cpu_variant_fails_the_build(tmp_path):
    version = payload._build_engine_module().VERSION
    with pytest.raises(BuildError, match="ggml-cpu-haswell.dll"):
        payload.check(fake_stage(tmp_path, version, tuple(v for v in ALLOWED if v != "haswell")))


def test_an_engine_without_its_gpu_backend_fails_the_build(tmp_path):
    stage = fake_stage(tmp_path, payload._build_engine_module().VERSION)
    (stage / "python/Lib/site-packages/llama_cpp/lib/ggml-vulkan.dll").unlink()
    with pytest.raises(BuildError, match="ggml-vulkan.dll"):
        payload.check(stage)


def test_a_linux_library_in_the_payload_fails_the_build(tmp_path):
    stage = fake_stage(tmp_path, payload._build_engine_module().VERSION)
    (stage / "python/Lib/site-packages/llama_cpp/lib/libllama.so").write_bytes(b"\x7fELF")
    with pytest.raises(BuildError, match="libllama.so"):
        payload.check(stage)


def test_unpacking_a_wheel_stays_inside_the_target(tmp_path):
    wheel = tmp_path / "evil-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("ok/module.py", "x")
        zf.writestr("pkg-1.0.data/purelib/moved.py", "x")
        zf.writestr("pkg-1.0.data/scripts/tool", "x")
    payload._unpack_wheel(wheel, tmp_path / "site")
    assert (tmp_path / "site/ok/module.py").is_file() and (tmp_path / "site/moved.py").is_file()
    assert not (tmp_path / "site/tool").exists()
    with zipfile.ZipFile(wheel, "a") as zf:
        zf.writestr("../../escape.py", "x")
    with pytest.raises(BuildError, match="außerhalb"):
        payload._unpack_wheel(wheel, tmp_path / "site2")


@pytest.mark.skipif(not shutil.which("osslsigncode") or not shutil.which("openssl"),
                    reason="osslsigncode/openssl fehlen")
def test_signed_when_given_a_certificate_and_says_so_when_not(built, tmp_path, capsys):
    copy = tmp_path / "copy.msi"
    shutil.copy2(built, copy)
    assert msi.sign(copy, None) is False
    assert "NICHT signiert" in capsys.readouterr().err
    key, cert, pfx = tmp_path / "k.pem", tmp_path / "c.pem", tmp_path / "c.pfx"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                    cert, "-days", "2", "-subj", "/CN=Hansestadt Luebeck Test"], check=True,
                   capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-out", pfx,
                    "-passout", "pass:geheim"], check=True, capture_output=True)
    assert msi.sign(copy, pfx, "geheim") is True
    verify = subprocess.run(["osslsigncode", "verify", "-in", str(copy)], capture_output=True, text=True)
    assert "Hansestadt Luebeck Test" in verify.stdout + verify.stderr
    with pytest.raises(BuildError, match="Signieren fehlgeschlagen"):
        msi.sign(copy, pfx, "falsch")


def test_every_dependency_of_the_app_is_pinned_for_windows():
    """A dependency added to pyproject.toml (or one of theirs) without a Windows pin would be
    missing from the MSI: the dependency tree, evaluated as on Windows, is in the lock."""
    from importlib import metadata

    from packaging.requirements import Requirement

    windows = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
               "python_version": payload.PYTHON_TAG, "python_full_version": f"{payload.PYTHON_TAG}.2",
               "platform_machine": "AMD64", "implementation_name": "cpython",
               "platform_python_implementation": "CPython"}
    pinned = {line.split("==")[0].strip().lower().replace("_", "-")
              for line in payload.REQUIREMENTS_LOCK.read_text().splitlines() if "==" in line}
    needed: set[str] = set()
    todo = [("ki-werkstatt", {"", "ui"})]
    while todo:
        name, extras = todo.pop()
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            key = requirement.name.lower().replace("_", "-")
            if key in needed or key == "llama-cpp-python":  # the engine comes from the recipe
                continue
            if requirement.marker and not any(requirement.marker.evaluate({**windows, "extra": e})
                                              for e in extras):
                continue
            needed.add(key)
            try:
                metadata.distribution(key)
            except metadata.PackageNotFoundError:
                continue  # a Windows-only package (colorama, tzdata, …): pinned by hand
            todo.append((key, {""}))
    for engine_dependency in ("numpy", "jinja2", "diskcache", "typing-extensions"):
        needed.add(engine_dependency)
    assert needed - pinned == set(), "in installer/windows-requirements.in eintragen und --lock"
