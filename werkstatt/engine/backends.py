"""Which llama.cpp CPU variant runs here: scored, chosen from the allowed set, loaded once.

The engine wheel (``scripts/build_engine.py``) holds one CPU backend library per variant in
``llama_cpp/lib``. llama.cpp on its own would search only the Python executable's folder and
the current directory and find nothing (or, worse, whatever lies in the current directory).
So before the first model load, this module asks every *allowed* variant for its score on
this CPU (each library's ``ggml_backend_score``: 0 means unsupported), picks the best, and
registers just that one through ``ggml_backend_load`` in the same ggml instance libllama uses.
Excluded variants (AMX) are never opened, even if a foreign build put them there.

``candidates`` narrows the choice (a safer variant after repeated crashes, or
``WERKSTATT_CPU_VARIANT`` for diagnosis). A process can load its backend only once: this
runs in the engine process, whose restart is how a different variant is chosen.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import WerkstattError
from . import gpu
from .variants import ALLOWED, EXCLUDED, SAFE_LADDER

FEATURES = ("sse4_2", "avx", "f16c", "fma", "avx2", "bmi2", "avx_vnni", "avx512f", "avx512_vbmi",
            "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8")


@dataclass
class BackendInfo:
    """What was chosen and why; the worker reports it, ``werkstatt doctor`` prints it."""

    variant: str  # the loaded variant's tag, or "eingebaut" for a build without dispatch
    scores: dict[str, int] = field(default_factory=dict)  # every allowed variant present
    lib_dir: str = ""
    candidates: tuple[str, ...] = ()
    system_info: str = ""
    gpu: dict[str, Any] = field(default_factory=dict)  # gpu.GpuInfo.as_dict()

    def as_dict(self) -> dict[str, Any]:
        return {"variant": self.variant, "scores": self.scores, "lib_dir": self.lib_dir,
                "candidates": list(self.candidates), "system_info": self.system_info,
                "gpu": self.gpu}


_loaded: BackendInfo | None = None


def _prefix_suffix() -> tuple[str, str]:
    return ("ggml-cpu-", ".dll") if sys.platform == "win32" else ("libggml-cpu-", ".so")


def variant_files(lib_dir: Path) -> dict[str, Path]:
    """The allowed variants present in ``lib_dir``, by tag (excluded ones are skipped)."""
    prefix, suffix = _prefix_suffix()
    found = {}
    for tag in ALLOWED:
        path = lib_dir / f"{prefix}{tag}{suffix}"
        if path.is_file():
            found[tag] = path
    return found


def present_excluded(lib_dir: Path) -> list[str]:
    prefix, suffix = _prefix_suffix()
    return [tag for tag in EXCLUDED if (lib_dir / f"{prefix}{tag}{suffix}").exists()]


def _close_library(handle: int) -> None:
    import _ctypes

    closer = getattr(_ctypes, "FreeLibrary" if sys.platform == "win32" else "dlclose")
    closer(handle)


def score(path: Path) -> int:
    """The variant's own verdict on this CPU (0: not supported). Loads and unloads it."""
    library = ctypes.CDLL(str(path))
    try:
        function = library.ggml_backend_score
        function.restype = ctypes.c_int
        function.argtypes = []
        return int(function())
    except AttributeError:
        return 0
    finally:
        _close_library(library._handle)


def safer_candidates(crashed_variant: str) -> tuple[str, ...]:
    """The ladder below the variant that crashed (the whole ladder if it is not on it)."""
    if crashed_variant in SAFE_LADDER:
        return SAFE_LADDER[SAFE_LADDER.index(crashed_variant) + 1:]
    return SAFE_LADDER


def _ggml_lib() -> Any:
    """The library that exports ``ggml_backend_load``, in the instance libllama uses."""
    import llama_cpp

    if sys.platform == "win32":  # GetProcAddress does not look through dependencies:
        return ctypes.CDLL(str(lib_dir() / "ggml.dll"))  # the ggml.dll libllama already loaded
    return llama_cpp.llama_cpp._lib  # libllama; dlsym through it reaches its own libggml


def lib_dir() -> Path:
    import llama_cpp

    return Path(llama_cpp.__file__).resolve().parent / "lib"


def choose(scores: dict[str, int], candidates: tuple[str, ...] = ()) -> str:
    """The best-scoring supported variant, among ``candidates`` if given."""
    pool = {t: s for t, s in scores.items() if s > 0 and (not candidates or t in candidates)}
    if not pool:
        wanted = ", ".join(candidates) if candidates else ", ".join(scores)
        raise WerkstattError(
            f"Keine passende CPU-Variante der KI-Engine für diesen Prozessor ({wanted}).")
    return max(pool, key=lambda t: (pool[t], -ALLOWED.index(t)))


def ensure_loaded(candidates: tuple[str, ...] = ()) -> BackendInfo:
    """Score, choose and register one CPU backend (once per process)."""
    global _loaded
    if _loaded is not None:
        return _loaded
    forced = os.environ.get("WERKSTATT_CPU_VARIANT", "").strip()
    if forced:
        if forced not in ALLOWED:
            raise WerkstattError(f"WERKSTATT_CPU_VARIANT={forced}: keine erlaubte CPU-Variante "
                                 f"({', '.join(ALLOWED)}).")
        candidates = (forced,)
    lib = _ggml_lib()
    folder = lib_dir()
    files = variant_files(folder)
    if not files:  # a build without runtime dispatch: its CPU backend is linked in
        _loaded = BackendInfo(variant="eingebaut", lib_dir=str(folder))
        return _loaded
    scores = {tag: score(path) for tag, path in files.items()}
    variant = choose(scores, candidates)
    lib.ggml_backend_load.argtypes = [ctypes.c_char_p]
    lib.ggml_backend_load.restype = ctypes.c_void_p
    if not lib.ggml_backend_load(os.fsencode(files[variant])):
        raise WerkstattError(f"Die CPU-Variante {variant} der KI-Engine ließ sich nicht laden.")
    _loaded = BackendInfo(variant=variant, scores=scores, lib_dir=str(folder),
                          candidates=tuple(candidates))
    return _loaded


_gpu_devices: list[gpu.Device] | str | None = None


def load_gpu() -> list[gpu.Device] | str:
    """The Vulkan backend registered beside the CPU variant (once per process): its GPU
    devices, or the German reason there are none."""
    global _gpu_devices
    if _gpu_devices is None:
        path = gpu.library(lib_dir())
        if path is None:
            _gpu_devices = gpu.NO_LIBRARY
        else:
            lib = _ggml_lib()  # ggml.dll on Windows, whose device functions are ggml-base.dll's
            base = ctypes.CDLL(str(lib_dir() / "ggml-base.dll")) if sys.platform == "win32" else lib
            _gpu_devices = gpu.load(lib, base, path) or gpu.NO_DEVICE
    return _gpu_devices


def system_info() -> str:
    """llama.cpp's own summary of the features the loaded backend uses."""
    import llama_cpp

    raw = llama_cpp.llama_print_system_info()
    return raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else str(raw)


def _windows_cpu_name() -> str:
    """The CPU's brand name as Windows records it (platform.processor() gives only the family)."""
    if sys.platform != "win32":
        return ""
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                            r"HARDWARE\DESCRIPTION\System\CentralProcessor\0") as key:
            return str(winreg.QueryValueEx(key, "ProcessorNameString")[0]).strip()
    except OSError:
        return ""


def cpu_description() -> tuple[str, list[str]]:
    """(model name, the SIMD features that matter for the variants) of this machine."""
    name = _windows_cpu_name() or platform.processor() or platform.machine()
    flags: list[str] = []
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and name in ("", platform.machine()):
                name = value.strip()
            elif key.strip() == "flags":
                present = set(value.split())
                flags = [f for f in FEATURES if f in present]
                break
    except OSError:  # not Linux: the variant scores tell what the CPU supports
        pass
    return name, flags
