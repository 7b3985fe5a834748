#!/usr/bin/env python3
"""The one engine build recipe: llama-cpp-python from its sdist with runtime CPU dispatch.

    python scripts/build_engine.py             # build (or find in the cache) and print the wheel
    python scripts/build_engine.py --install   # ... and install it into this interpreter's env
    python scripts/build_engine.py --flavour native   # the plain -march=native build (benchmarks)
    python scripts/build_engine.py --flavour windows  # the same dispatch build for Windows x64 (MSI)
    python scripts/build_engine.py --flavour vulkan --install  # the GPU backend beside the variants
    python scripts/build_engine.py --flavour vulkan-windows   # ... as ggml-vulkan.dll for the MSI

The "windows" flavour is the dispatch recipe cross-compiled with mingw-w64 (posix threads) on
Linux: the same variant set, the C/C++ runtime linked statically (the DLLs import only system
libraries), OpenMP off (it would need a runtime DLL), multimodal (mtmd) left out (the app does
not use it). It yields a ``win_amd64`` wheel of the sdist's Python package with the DLLs in
``llama_cpp/lib``; ``installer/build.py`` stages it into the MSI.

The "dispatch" flavour is what the app ships: ``GGML_NATIVE=OFF``, every CPU variant of
``werkstatt/engine/variants.py`` built as its own backend library, the excluded ones (AMX)
deleted from the build, and all of them installed into the package's own ``llama_cpp/lib``
(ggml installs them to ``bin`` otherwise, where llama-cpp-python never looks). The engine
picks one at run time. The wheel does not depend on the CPU of the machine that built it.

The "vulkan" flavour is no wheel but one more backend library, ``libggml-vulkan.so``, built
from the same sdist (so it matches the wheel's ``libggml-base``) and installed into the
installed package's ``llama_cpp/lib``; the engine loads it only where a Vulkan GPU passes its
self-test (``werkstatt/engine/gpu.py``). Kept apart so that the CPU wheel's cache stays valid.
Debian 12's Vulkan headers (1.3.239) predate ``VK_EXT_layer_settings``, which llama.cpp uses
only to switch on validation layers: the patch compiles that part only with newer headers.

The wheel is cached outside the clone, keyed by everything that goes into it (version, sdist
hash, flags, variants, compiler, cmake): a second ``make`` and CI do not rebuild. Cache:
``$WERKSTATT_ENGINE_CACHE``, else ``$XDG_CACHE_HOME/ki-werkstatt/engine``, else
``~/.cache/ki-werkstatt/engine``. Messages are German (this runs during ``make``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

VERSION = "0.3.36"
SDIST = f"llama_cpp_python-{VERSION}.tar.gz"
SDIST_SHA256 = "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
RECIPE_REVISION = 1  # raise when the recipe changes in a way the key does not see
VARIANTS_FILE = Path(__file__).resolve().parent.parent / "werkstatt" / "engine" / "variants.py"
VARIANT_LINE = "ggml_add_cpu_backend_variant({tag}"
GGML_CMAKE = "vendor/llama.cpp/ggml/src/CMakeLists.txt"
AMX_INSTRUCTIONS = re.compile(rb"\b(tileloadd|tileloaddt1|tdpbusd|tdpbssd|tdpbf16ps|ldtilecfg)\b")

COMMON_ARGS = [
    "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_BUILD_TOOLS=OFF",
    "-DLLAMA_BUILD_SERVER=OFF", "-DLLAMA_CURL=OFF",
]
FLAVOURS = {
    "dispatch": ["-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON",
                 "-DCMAKE_INSTALL_BINDIR=llama_cpp/lib", *COMMON_ARGS],
    "native": ["-DGGML_NATIVE=ON", *COMMON_ARGS],
    "windows": ["-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON",
                "-DBUILD_SHARED_LIBS=ON", "-DGGML_OPENMP=OFF", "-DLLAVA_BUILD=OFF",
                "-DCMAKE_BUILD_TYPE=Release", *COMMON_ARGS],
}
FLAVOURS["vulkan"] = ["-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_VULKAN=ON",
                      "-DBUILD_SHARED_LIBS=ON", "-DCMAKE_BUILD_TYPE=Release",
                      "-DCMAKE_SKIP_BUILD_RPATH=ON", *COMMON_ARGS]
FLAVOURS["vulkan-windows"] = [*FLAVOURS["windows"], "-DGGML_VULKAN=ON"]
DISPATCH = ("dispatch", "windows")  # the flavours with one backend library per CPU variant
VULKAN_LIBRARY = "libggml-vulkan.so"
VULKAN_DLL = "ggml-vulkan.dll"
# What ggml-vulkan.dll may import besides Windows' own and the engine's DLLs: the Vulkan loader
# that comes with every GPU driver (llama.cpp loads its functions through it at run time).
VULKAN_LOADER_DLL = "vulkan-1.dll"
VULKAN_HEADERS = ("vulkan", "vk_video", "spirv")  # folders of /usr/include the build needs
VULKAN_CPP = "vendor/llama.cpp/ggml/src/ggml-vulkan/ggml-vulkan.cpp"
LAYER_SETTINGS_START = "    VkBool32 enable_best_practice = layer_settings;\n"
LAYER_SETTINGS_END = ("    vk::InstanceCreateInfo instance_create_info(vk::InstanceCreateFlags{}, &app_info, "
                      "layers, extensions, &layer_setting_info);\n")
LAYER_SETTINGS_OLD_HEADERS = (
    "#else  // KI-Werkstatt: Vulkan headers before VK_EXT_layer_settings (validation only)\n"
    "    vk::InstanceCreateInfo instance_create_info(vk::InstanceCreateFlags{}, &app_info, layers, "
    "extensions);\n#endif\n")
VULKAN_HEADER = Path("/usr/include/vulkan/vulkan_core.h")

# Cross-compiling for Windows x64 (Debian: mingw-w64 g++-mingw-w64-x86-64-posix)
MINGW = "x86_64-w64-mingw32"
MINGW_CC, MINGW_CXX = f"{MINGW}-gcc-posix", f"{MINGW}-g++-posix"
STATIC_RUNTIME = ("-static -static-libgcc -static-libstdc++ -Wl,--exclude-libs,libgcc.a:libgcc_eh.a:"
                  "libstdc++.a:libpthread.a:libwinpthread.a:libmingwex.a:libmingw32.a:libssp.a")
# The only DLLs the Windows engine may import: Windows' own (no mingw runtime to ship)
WINDOWS_SYSTEM_DLLS = {"kernel32.dll", "advapi32.dll", "msvcrt.dll"}
# What the wheel carries besides the variants. Not libllama-common.dll, which llama-cpp-python
# forces to be built: llama-cpp-python never loads it, and it holds llama.cpp's HTTP model
# downloader (cpp-httplib, ws2_32), which has no place in an app that never goes online.
ENGINE_DLLS = ("ggml-base.dll", "ggml.dll", "libllama.dll")
GGML_CPU_C = "vendor/llama.cpp/ggml/src/ggml-cpu/ggml-cpu.c"
# mingw-w64 10's headers lack the power-throttling struct that ggml-cpu.c uses
THROTTLING_ANCHOR = "        THREAD_POWER_THROTTLING_STATE t;\n"
THROTTLING_FIX = """#ifndef THREAD_POWER_THROTTLING_CURRENT_VERSION
        typedef struct { ULONG Version; ULONG ControlMask; ULONG StateMask; } THREAD_POWER_THROTTLING_STATE;
#define THREAD_POWER_THROTTLING_CURRENT_VERSION 1
#define THREAD_POWER_THROTTLING_EXECUTION_SPEED 0x1
#endif
"""


def load_variants() -> tuple[tuple[str, ...], dict[str, str]]:
    spec = importlib.util.spec_from_file_location("werkstatt_engine_variants", VARIANTS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.ALLOWED), dict(module.EXCLUDED)


def say(message: str) -> None:
    print(f"engine: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> None:
    say(f"FEHLER: {message}")
    sys.exit(1)


def cache_root() -> Path:
    if os.environ.get("WERKSTATT_ENGINE_CACHE"):
        return Path(os.environ["WERKSTATT_ENGINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ki-werkstatt" / "engine"


def tool_version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    except OSError:
        return "missing"
    return out.splitlines()[0].strip() if out else "missing"


def recipe(flavour: str) -> dict[str, object]:
    """Everything that goes into the wheel; its hash is the cache key."""
    allowed, excluded = load_variants()
    windows = flavour in ("windows", "vulkan-windows")
    cc, cxx = ((MINGW_CC, MINGW_CXX) if windows
               else (os.environ.get("CC", "cc"), os.environ.get("CXX", "c++")))
    return {
        "package": "llama-cpp-python", "version": VERSION, "sdist_sha256": SDIST_SHA256,
        "revision": RECIPE_REVISION, "flavour": flavour, "cmake_args": FLAVOURS[flavour],
        "variants": list(allowed) if flavour in DISPATCH else [],
        "excluded": sorted(excluded) if flavour in DISPATCH else [],
        "compiler": [tool_version([cc, "--version"]), tool_version([cxx, "--version"])],
        "cmake": tool_version(["cmake", "--version"]),
        "machine": "win_amd64" if windows else f"{sys.platform}-{platform.machine()}",
        # the native flavour depends on the CPU it was built on
        "cpu": _cpu_flags() if flavour == "native" else "",
        **({"vulkan": _vulkan_versions()} if flavour.startswith("vulkan") else {}),
        # (a key added for one flavour only, so the others keep their cache keys)
        **({"linker_flags": STATIC_RUNTIME} if windows else {}),
    }


def _vulkan_versions() -> list[str]:
    """The shader compiler and the Vulkan headers the backend is built with."""
    try:
        header = re.search(r"#define VK_HEADER_VERSION (\d+)", VULKAN_HEADER.read_text(encoding="utf-8"))
    except OSError:
        header = None
    return [tool_version(["glslc", "--version"]), f"VK_HEADER_VERSION {header.group(1) if header else '?'}"]


def _cpu_flags() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return hashlib.sha256(line.encode()).hexdigest()[:12]
    except OSError:
        pass
    return platform.processor()


def recipe_key(data: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_sdist(folder: Path) -> Path:
    """The sdist from the package index (pip honours the machine's index settings)."""
    target = folder / SDIST
    if target.is_file() and sha256_file(target) == SDIST_SHA256:
        return target
    say(f"lade {SDIST} herunter …")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               "--disable-pip-version-check", "-q", "-d", tmp, f"llama-cpp-python=={VERSION}"]
        if subprocess.run(cmd, check=False).returncode != 0:
            fail("Das Quellpaket von llama-cpp-python konnte nicht geladen werden.")
        got = Path(tmp) / SDIST
        if not got.is_file() or sha256_file(got) != SDIST_SHA256:
            fail(f"{SDIST}: Prüfsumme stimmt nicht (erwartet {SDIST_SHA256}).")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.move(str(got), target)
    return target


def unpack_and_patch(sdist: Path, work: Path, flavour: str) -> Path:
    with tarfile.open(sdist) as tar:
        tar.extractall(work, filter="data")
    source = work / f"llama_cpp_python-{VERSION}"
    if flavour in DISPATCH:
        _, excluded = load_variants()
        cmake = source / GGML_CMAKE
        lines = cmake.read_text(encoding="utf-8").splitlines(keepends=True)
        for tag in excluded:  # no CMake option leaves one variant out: delete its line
            marker = VARIANT_LINE.format(tag=tag)
            hits = [i for i, line in enumerate(lines) if line.strip().startswith(marker)]
            if len(hits) != 1:
                fail(f"{GGML_CMAKE}: erwartet genau eine Zeile „{marker}“, gefunden {len(hits)}.")
            del lines[hits[0]]
        cmake.write_text("".join(lines), encoding="utf-8")
    if flavour.startswith("vulkan"):
        vulkan_cpp = source / VULKAN_CPP
        text = vulkan_cpp.read_text(encoding="utf-8")
        if text.count(LAYER_SETTINGS_START) != 1 or text.count(LAYER_SETTINGS_END) != 1:
            fail(f"{VULKAN_CPP}: die Stelle für ältere Vulkan-Header fehlt (llama.cpp geändert?).")
        start = text.index(LAYER_SETTINGS_START)
        end = text.index(LAYER_SETTINGS_END) + len(LAYER_SETTINGS_END)
        vulkan_cpp.write_text(text[:start] + "#if VK_HEADER_VERSION >= 261\n" + text[start:end]
                              + LAYER_SETTINGS_OLD_HEADERS + text[end:], encoding="utf-8")
    if flavour == "windows":
        cpu_c = source / GGML_CPU_C
        text = cpu_c.read_text(encoding="utf-8")
        if text.count(THROTTLING_ANCHOR) != 1:
            fail(f"{GGML_CPU_C}: die Stelle für die mingw-Ergänzung fehlt (llama.cpp geändert?).")
        cpu_c.write_text(text.replace(THROTTLING_ANCHOR, THROTTLING_FIX + THROTTLING_ANCHOR),
                         encoding="utf-8")
    return source


def mingw_toolchain(source: Path) -> Path:
    """A CMake toolchain file for mingw-w64 (posix threads) in ``source``."""
    toolchain = source / "mingw-w64.cmake"
    toolchain.write_text("\n".join([
        "set(CMAKE_SYSTEM_NAME Windows)", "set(CMAKE_SYSTEM_PROCESSOR x86_64)",
        f"set(CMAKE_C_COMPILER {MINGW_CC})", f"set(CMAKE_CXX_COMPILER {MINGW_CXX})",
        f"set(CMAKE_RC_COMPILER {MINGW}-windres)", f"set(CMAKE_FIND_ROOT_PATH /usr/{MINGW})",
        "set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)", "set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)",
        "set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)", ""]), encoding="utf-8")
    return toolchain


def run_logged(commands: list[list[str]], log: Path, failure: str) -> None:
    """Run ``commands`` in order with their output in ``log``; stop with ``failure`` (German)."""
    with log.open("w", encoding="utf-8") as fh:
        for cmd in commands:
            code = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, check=False).returncode
            if code != 0:
                fail(f"{failure} (Code {code}); Einzelheiten in {log}.")


def vulkan_commands(source: Path, build: Path, flags: list[str]) -> list[list[str]]:
    """Configure llama.cpp with ``flags`` and build the Vulkan backend's target alone."""
    return [["cmake", "-S", str(source / "vendor" / "llama.cpp"), "-B", str(build), *flags],
            ["cmake", "--build", str(build), "--target", "ggml-vulkan",
             "--parallel", str(os.cpu_count() or 2)]]


def build_windows(source: Path, out: Path, log: Path) -> Path:
    """Cross-compile the DLLs with mingw-w64 and wrap them with the Python package in a wheel."""
    for tool in (MINGW_CC, MINGW_CXX, "cmake"):
        if not shutil.which(tool):
            fail(f"{tool} fehlt (Debian: apt-get install mingw-w64 g++-mingw-w64-x86-64-posix cmake).")
    toolchain = mingw_toolchain(source)
    build = source / "build-windows"
    configure = ["cmake", "-S", str(source), "-B", str(build), f"-DCMAKE_TOOLCHAIN_FILE={toolchain}",
                 f"-DSKBUILD_PLATLIB_DIR={build / 'platlib'}", *FLAVOURS["windows"],
                 *(f"-DCMAKE_{kind}_LINKER_FLAGS={STATIC_RUNTIME}" for kind in ("SHARED", "MODULE", "EXE"))]
    compile_ = ["cmake", "--build", str(build), "--parallel", str(os.cpu_count() or 2)]
    say(f"baue llama-cpp-python {VERSION} für Windows x64 (mingw-w64); das dauert einige Minuten, "
        f"Protokoll: {log}")
    started = time.monotonic()
    run_logged([configure, compile_], log, "Der Windows-Bau ist fehlgeschlagen")
    dlls = {p.name: p for p in sorted((build / "bin").glob("*.dll"))
            if p.name in ENGINE_DLLS or p.name.startswith("ggml-cpu-")}
    missing = [name for name in ENGINE_DLLS if name not in dlls]
    if missing:
        fail(f"Nach dem Windows-Bau fehlen {', '.join(missing)} in {build / 'bin'}.")
    say(f"gebaut in {time.monotonic() - started:.0f} s")
    return _windows_wheel(source, dlls, out)


def _windows_wheel(source: Path, dlls: dict[str, Path], out: Path) -> Path:
    """A plain wheel: the sdist's ``llama_cpp`` package, the DLLs in ``llama_cpp/lib``."""
    import base64

    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"llama_cpp_python-{VERSION}-py3-none-win_amd64.whl"
    info = f"llama_cpp_python-{VERSION}.dist-info"
    files: dict[str, bytes] = {}
    for path in sorted((source / "llama_cpp").rglob("*")):
        rel = path.relative_to(source).as_posix()
        if path.is_file() and "/lib/" not in f"/{rel}" and "__pycache__" not in rel:
            files[rel] = path.read_bytes()
    for name, path in dlls.items():
        files[f"llama_cpp/lib/{name}"] = path.read_bytes()
    files[f"{info}/METADATA"] = (source / "PKG-INFO").read_bytes()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: ki-werkstatt build_engine\n"
                              b"Root-Is-Purelib: false\nTag: py3-none-win_amd64\n")
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return wheel


def build_wheel(source: Path, out: Path, flavour: str, log: Path) -> Path:
    env = dict(os.environ, CMAKE_ARGS=" ".join(FLAVOURS[flavour]),
               CMAKE_BUILD_PARALLEL_LEVEL=str(os.cpu_count() or 2))
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir",
           "--disable-pip-version-check", "-v", str(source), "-w", str(out)]
    say(f"baue llama-cpp-python {VERSION} ({flavour}); das dauert einige Minuten, Protokoll: {log}")
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as fh:
        code = subprocess.run(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, check=False).returncode
    if code != 0:
        fail(f"Der Bau ist fehlgeschlagen (Code {code}); Einzelheiten in {log}.")
    wheels = sorted(out.glob("llama_cpp_python-*.whl"))
    if len(wheels) != 1:
        fail(f"Nach dem Bau liegt nicht genau ein Wheel in {out}.")
    say(f"gebaut in {time.monotonic() - started:.0f} s")
    return wheels[0]


def check_wheel(wheel: Path, flavour: str) -> list[str]:
    """The variants in the wheel: exactly the allowed ones, none with AMX instructions; for
    Windows also: every DLL imports only Windows' own libraries."""
    if flavour not in DISPATCH:
        return []
    allowed, excluded = load_variants()
    pattern = re.compile(r"llama_cpp/lib/(?:lib)?ggml-cpu-([a-z0-9_.]+)\.(?:so|dll)$")
    found: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            m = pattern.search(name)
            if m:
                found[m.group(1)] = name
        missing = sorted(set(allowed) - set(found))
        extra = sorted(set(found) - set(allowed))
        if missing or extra:
            fail(f"{wheel.name}: Varianten fehlen {missing} oder sind zu viel {extra}.")
        objdump = shutil.which(f"{MINGW}-objdump" if flavour == "windows" else "objdump")
        if flavour == "windows" and not objdump:
            fail(f"{MINGW}-objdump fehlt: die Windows-DLLs lassen sich nicht prüfen.")
        if objdump:
            with tempfile.TemporaryDirectory() as tmp:
                for name in found.values():
                    if AMX_INSTRUCTIONS.search(_objdump(zf, name, tmp, objdump, "-d")):
                        fail(f"{name}: enthält AMX-Befehle ({', '.join(excluded)} ausgeschlossen).")
                dlls = [n for n in zf.namelist() if n.endswith(".dll")] if flavour == "windows" else []
                unexpected = [n for n in dlls if n not in found.values()
                              and Path(n).name not in ENGINE_DLLS]
                if unexpected:
                    fail(f"{wheel.name}: unerwartete DLLs {', '.join(unexpected)}.")
                for name in dlls:
                    imports = re.findall(rb"DLL Name: (\S+)", _objdump(zf, name, tmp, objdump, "-p"))
                    foreign = sorted({i.decode().lower() for i in imports} - WINDOWS_SYSTEM_DLLS
                                     - {d.lower() for d in ENGINE_DLLS})
                    if foreign:
                        fail(f"{name}: braucht {', '.join(foreign)} (nur Windows-eigene DLLs erlaubt).")
    return sorted(found, key=allowed.index)


def _objdump(zf: zipfile.ZipFile, name: str, tmp: str, objdump: str, mode: str) -> bytes:
    path = Path(tmp) / Path(name).name
    if not path.exists():
        path.write_bytes(zf.read(name))
    return subprocess.run([objdump, mode, str(path)], capture_output=True, check=False).stdout


def ensure_wheel(flavour: str) -> Path:
    data = recipe(flavour)
    folder = cache_root() / f"{flavour}-{recipe_key(data)}"
    cached = sorted(folder.glob("llama_cpp_python-*.whl"))
    if cached:
        say(f"Wheel aus dem Zwischenspeicher: {cached[0]}")
        return cached[0]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="werkstatt-engine-") as tmp:
        work = Path(tmp)
        sdist = fetch_sdist(cache_root() / "sdist")
        source = unpack_and_patch(sdist, work, flavour)
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "build.log"
        wheel = (build_windows(source, work / "dist", log) if flavour == "windows"
                 else build_wheel(source, work / "dist", flavour, log))
        variants = check_wheel(wheel, flavour)
        staged = folder / (wheel.name + ".part")
        shutil.copy2(wheel, staged)
        (folder / "recipe.json").write_text(json.dumps(
            {**data, "built_variants": variants, "build_seconds": round(time.monotonic() - started),
             "wheel_sha256": sha256_file(staged)}, indent=1), encoding="utf-8")
        staged.replace(folder / wheel.name)  # atomic: a half-written wheel is never "cached"
    return folder / wheel.name


def build_vulkan(source: Path, out: Path, log: Path) -> Path:
    """llama.cpp's Vulkan backend as a loadable library (the target alone, not the wheel)."""
    for tool in ("glslc", "cmake"):
        if not shutil.which(tool):
            fail(f"{tool} fehlt (Debian: apt-get install glslc libvulkan-dev spirv-headers cmake).")
    build = source / "build-vulkan"
    say(f"baue das Vulkan-Backend von llama.cpp ({VERSION}); das dauert einige Minuten, Protokoll: {log}")
    started = time.monotonic()
    run_logged(vulkan_commands(source, build, FLAVOURS["vulkan"]), log,
               "Der Bau des Vulkan-Backends ist fehlgeschlagen")
    built = build / "bin" / VULKAN_LIBRARY
    exports = subprocess.run(["nm", "-D", "--defined-only", str(built)], capture_output=True,
                             text=True, check=False).stdout
    if "ggml_backend_init" not in exports:
        fail(f"{built}: kein ladbares ggml-Backend (ggml_backend_init fehlt).")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(built, out / VULKAN_LIBRARY)
    say(f"gebaut in {time.monotonic() - started:.0f} s")
    return out / VULKAN_LIBRARY


def _vulkan_prefix(work: Path) -> Path:
    """The Vulkan and SPIR-V headers alone in a prefix of their own, with the loader's import
    library for mingw: the cross compiler must not see the rest of /usr/include (glibc's)."""
    prefix = work / "vulkan-prefix"
    for name in VULKAN_HEADERS:
        if not (Path("/usr/include") / name).is_dir():
            fail(f"/usr/include/{name} fehlt (Debian: apt-get install libvulkan-dev spirv-headers).")
        shutil.copytree(Path("/usr/include") / name, prefix / "include" / name)
    shutil.copytree(Path("/usr/share/cmake/SPIRV-Headers"), prefix / "share" / "cmake" / "SPIRV-Headers")
    functions = sorted(set(re.findall(r"VKAPI_ATTR \w+ VKAPI_CALL (vk\w+)\(",
                                      (prefix / "include" / "vulkan" / "vulkan_core.h").read_text())))
    (prefix / "lib").mkdir()
    definition = prefix / "lib" / "vulkan-1.def"
    definition.write_text(f"LIBRARY {VULKAN_LOADER_DLL}\nEXPORTS\n" + "\n".join(functions) + "\n")
    subprocess.run([f"{MINGW}-dlltool", "-d", str(definition), "-l",
                    str(prefix / "lib" / "libvulkan-1.dll.a")], check=True)
    return prefix


def build_vulkan_windows(source: Path, out: Path, log: Path) -> Path:
    """ggml-vulkan.dll with mingw-w64, as the Windows engine's DLLs (static runtime); its
    shader generator is built for this machine and run here."""
    for tool in (MINGW_CXX, f"{MINGW}-dlltool", "glslc", "cmake", "g++"):
        if not shutil.which(tool):
            fail(f"{tool} fehlt (Debian: apt-get install mingw-w64 glslc libvulkan-dev spirv-headers).")
    prefix = _vulkan_prefix(source.parent)
    build = source / "build-vulkan-windows"
    flags = [f"-DCMAKE_TOOLCHAIN_FILE={mingw_toolchain(source)}", *FLAVOURS["vulkan-windows"],
             f"-DVulkan_INCLUDE_DIR={prefix / 'include'}",
             f"-DVulkan_LIBRARY={prefix / 'lib' / 'libvulkan-1.dll.a'}",
             f"-DVulkan_GLSLC_EXECUTABLE={shutil.which('glslc')}",
             f"-DSPIRV-Headers_DIR={prefix / 'share' / 'cmake' / 'SPIRV-Headers'}",
             *(f"-DCMAKE_{kind}_LINKER_FLAGS={STATIC_RUNTIME}" for kind in ("SHARED", "MODULE"))]
    say(f"baue das Vulkan-Backend für Windows x64 (mingw-w64); Protokoll: {log}")
    started = time.monotonic()
    run_logged(vulkan_commands(source, build, flags), log,
               "Der Windows-Bau des Vulkan-Backends ist fehlgeschlagen")
    built = build / "bin" / VULKAN_DLL
    imports = _dll_imports(built)
    foreign = sorted(imports - WINDOWS_SYSTEM_DLLS - {d.lower() for d in ENGINE_DLLS} - {VULKAN_LOADER_DLL})
    if foreign or VULKAN_LOADER_DLL not in imports:
        fail(f"{VULKAN_DLL}: importiert {', '.join(sorted(imports))} (erlaubt: Windows, die Engine, "
             f"{VULKAN_LOADER_DLL}).")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(built, out / VULKAN_DLL)
    say(f"gebaut in {time.monotonic() - started:.0f} s")
    return out / VULKAN_DLL


def _dll_imports(dll: Path) -> set[str]:
    dump = subprocess.run([f"{MINGW}-objdump", "-p", str(dll)], capture_output=True, check=False).stdout
    return {name.decode().lower() for name in re.findall(rb"DLL Name: (\S+)", dump)}


def ensure_vulkan(flavour: str = "vulkan") -> Path:
    """The Vulkan backend library (Linux) or DLL (``vulkan-windows``), from the cache or built."""
    data = recipe(flavour)
    name = VULKAN_DLL if flavour == "vulkan-windows" else VULKAN_LIBRARY
    folder = cache_root() / f"{flavour}-{recipe_key(data)}"
    if (folder / name).is_file():
        say(f"Vulkan-Backend aus dem Zwischenspeicher: {folder / name}")
        return folder / name
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="werkstatt-engine-") as tmp:
        source = unpack_and_patch(fetch_sdist(cache_root() / "sdist"), Path(tmp), flavour)
        folder.mkdir(parents=True, exist_ok=True)
        build = build_vulkan_windows if flavour == "vulkan-windows" else build_vulkan
        built = build(source, Path(tmp) / "dist", folder / "build.log")
        staged = folder / (name + ".part")
        shutil.copy2(built, staged)
        (folder / "recipe.json").write_text(json.dumps(
            {**data, "build_seconds": round(time.monotonic() - started),
             "sha256": sha256_file(staged)}, indent=1), encoding="utf-8")
        staged.replace(folder / name)  # atomic, as the wheel
    return folder / name


def install_backend(library: Path) -> None:
    """Put the backend beside the CPU variants of the installed llama_cpp package."""
    import importlib.util

    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        fail("llama-cpp-python ist nicht installiert (erst das Wheel installieren).")
    target = Path(list(spec.submodule_search_locations)[0]) / "lib" / library.name
    if target.is_file() and sha256_file(target) == sha256_file(library):
        say("Vulkan-Backend bereits installiert")
        return
    shutil.copy2(library, target.with_suffix(".part"))
    target.with_suffix(".part").replace(target)
    say(f"Vulkan-Backend installiert: {target}")


def installed_from() -> str:
    """The URL pip recorded when it installed llama-cpp-python here ('' if none)."""
    from importlib import metadata

    try:
        text = metadata.distribution("llama_cpp_python").read_text("direct_url.json") or "{}"
    except metadata.PackageNotFoundError:
        return ""
    return str(json.loads(text).get("url", ""))


def install(wheel: Path) -> None:
    if installed_from().endswith("/" + wheel.parent.name + "/" + wheel.name):
        say("bereits installiert")
        return
    say(f"installiere {wheel.name}")
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
           "--disable-pip-version-check", str(wheel)]
    if subprocess.run(cmd, check=False).returncode != 0:
        fail("Die Installation des Engine-Wheels ist fehlgeschlagen.")
    # llama-cpp-python's own dependencies (numpy, jinja2, diskcache, typing-extensions)
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)]
    if subprocess.run(cmd, check=False).returncode != 0:
        fail("Die Abhängigkeiten von llama-cpp-python konnten nicht installiert werden.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flavour", choices=sorted(FLAVOURS), default="dispatch")
    parser.add_argument("--install", action="store_true",
                        help="install the wheel (or the Vulkan backend) into this interpreter's environment")
    parser.add_argument("--key", action="store_true", help="print the cache key and exit")
    args = parser.parse_args(argv)
    if args.key:
        print(recipe_key(recipe(args.flavour)))
        return 0
    backend = args.flavour.startswith("vulkan")  # a library beside the wheel's, not a wheel
    if backend and sys.platform != "linux":
        fail("Das Vulkan-Backend wird nur unter Linux gebaut (für Windows mit mingw-w64).")
    built = ensure_vulkan(args.flavour) if backend else ensure_wheel(args.flavour)
    if args.install:
        if args.flavour in ("windows", "vulkan-windows"):
            fail(f"{built.name} wird nicht hier installiert, sondern vom MSI-Bau bereitgestellt.")
        (install_backend if backend else install)(built)
    print(built)
    return 0

if __name__ == "__main__":
    sys.exit(main())
