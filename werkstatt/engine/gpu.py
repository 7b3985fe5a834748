"""The office GPU through llama.cpp's Vulkan backend: used only where it gives the CPU's text.

Most office PCs have an integrated Intel or AMD graphics chip with a Vulkan driver. The
engine's build carries llama.cpp's Vulkan backend as one more dynamically loaded library
(``libggml-vulkan.so`` / ``ggml-vulkan.dll`` beside the CPU variants). It is used only when

- IT's policy allows it (``gpu_offload``, default on) and ``WERKSTATT_GPU`` is not ``0``;
- the library loads and llama.cpp finds a Vulkan GPU (a software rasteriser such as Mesa's
  lavapipe is not a GPU: llama.cpp skips CPU-type devices unless ``GGML_VK_VISIBLE_DEVICES``
  names them, which the tests do);
- a short self-test on the model gives the same greedy tokens on the GPU as on the CPU.

Anything else (no library, no device, a driver error, different tokens) leaves the CPU in
charge, and ``GpuInfo.status`` says why in German (``werkstatt doctor``, Meine Daten). The
self-test's verdict is remembered per device, driver, model and engine build in the user's
cache, so that it costs time on the first start only. A native crash with the GPU in use is
remembered the same way (``process.py``): the next start stays on the CPU.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .. import paths

LIBRARY = "ggml-vulkan.dll" if sys.platform == "win32" else "libggml-vulkan.so"
# Software Vulkan drivers (Mesa's lavapipe, SwiftShader), by their manifests' file names: the
# loader does not even open them (each maps its own LLVM, ~50 MB) unless a test names a device.
SOFTWARE_DRIVERS = "*lvp_icd*,*swiftshader*"
DEVICE_TYPES = {1: "GPU", 2: "integrierte GPU"}  # ggml_backend_dev_type: 0 CPU, 3 ACCEL, 4 META
# The self-test: a fixed prompt, greedy, a few tokens (as ``werkstatt doctor``'s own test).
TEST_SYSTEM = "Du bist ein hilfreicher Assistent der Stadtverwaltung."
TEST_USER = "Schreibe einen Satz über die Lübecker Altstadt."
TEST_TOKENS = 16

OFF_BY_POLICY = "abgeschaltet (Richtlinie gpu_offload = false)"
OFF_BY_ENVIRONMENT = "abgeschaltet (WERKSTATT_GPU=0)"
NO_LIBRARY = "nicht in dieser Engine-Ausgabe enthalten"
NO_DEVICE = "kein Vulkan-Gerät gefunden"
USED = "genutzt"
SAME = "same"  # the remembered verdict of a self-test that gave the CPU's text
DIFFERENT = "der Selbsttest ergab auf der GPU einen anderen Text als auf der CPU; die CPU rechnet"
FAILED = "Fehler im Grafiktreiber ({error}); die CPU rechnet"
CRASHED = "die KI-Engine ist mit der GPU abgestürzt; die CPU rechnet"


@dataclass
class GpuInfo:
    """What became of the GPU in this engine process; the worker reports it."""

    status: str  # German, one of the constants above or why the CPU stayed in charge
    device: str = ""  # the device's description ("Intel(R) UHD Graphics 620")
    kind: str = ""  # "GPU" or "integrierte GPU"
    memory_mb: int = 0
    layers: int = 0  # layers offloaded (all of them when used)
    used: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One German line for ``werkstatt doctor`` (Hilfe → Systemprüfung)."""
        if not self.device:
            return self.status
        memory = f", {self.memory_mb:,} MB".replace(",", ".") if self.memory_mb else ""
        where = f"{self.device} ({self.kind}{memory}, Vulkan)"
        if self.used:
            return f"{where}: genutzt, {self.layers} Schichten des Modells ausgelagert"
        return f"{where}: nicht genutzt, {self.status}"


@dataclass(frozen=True)
class Device:
    description: str
    kind: str
    memory_mb: int


def off_reason(off: str = "") -> str:
    """"" where the GPU may be tried, else the German reason it may not: ``off`` (what the
    app decided: the policy, a crash) or ``WERKSTATT_GPU=0``."""
    if os.environ.get("WERKSTATT_GPU", "").strip().lower() in ("0", "aus", "off", "false"):
        return OFF_BY_ENVIRONMENT
    return off


def library(lib_dir: Path) -> Path | None:
    path = lib_dir / LIBRARY
    return path if path.is_file() else None


def _bind(lib: Any) -> None:
    """Declare the ggml functions ``load`` calls (those ``lib`` exports)."""
    p = ctypes.c_void_p
    for name, restype, argtypes in (
            ("ggml_backend_load", p, [ctypes.c_char_p]),
            ("ggml_backend_reg_dev_count", ctypes.c_size_t, [p]),
            ("ggml_backend_reg_dev_get", p, [p, ctypes.c_size_t]),
            ("ggml_backend_dev_description", ctypes.c_char_p, [p]),
            ("ggml_backend_dev_type", ctypes.c_int, [p]),
            ("ggml_backend_dev_memory", None, [p, ctypes.POINTER(ctypes.c_size_t),
                                               ctypes.POINTER(ctypes.c_size_t)])):
        function = getattr(lib, name, None)
        if function is not None:
            function.restype, function.argtypes = restype, argtypes


def load(lib: Any, base: Any, path: Path) -> list[Device]:
    """Register the Vulkan backend in ``lib``'s ggml instance (``base``: the library with the
    device functions, ggml-base.dll on Windows); its GPU devices ([] if the library does not
    load, e.g. without a Vulkan loader, or finds no GPU)."""
    _bind(lib)
    _bind(base)
    if "GGML_VK_VISIBLE_DEVICES" not in os.environ:  # a software driver is never taken: not
        os.environ.setdefault("VK_LOADER_DRIVERS_DISABLE", SOFTWARE_DRIVERS)  # even loaded
    registry = lib.ggml_backend_load(os.fsencode(path))
    if not registry:
        return []
    found = []
    for index in range(base.ggml_backend_reg_dev_count(registry)):
        device = base.ggml_backend_reg_dev_get(registry, index)
        kind = DEVICE_TYPES.get(base.ggml_backend_dev_type(device))
        if kind is None:
            continue
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        base.ggml_backend_dev_memory(device, ctypes.byref(free), ctypes.byref(total))
        raw = base.ggml_backend_dev_description(device) or "Vulkan-Gerät".encode()
        found.append(Device(raw.decode("utf-8", "replace").strip(), kind, total.value // 2**20))
    return found


# --- the self-test's verdict, remembered ---------------------------------------------------
def _verdicts_file() -> Path:
    return paths.cache_dir() / "engine-gpu.json"


def verdict_key(device: Device, model_sha256: str, engine: str) -> str:
    text = f"{device.description}|{device.kind}|{device.memory_mb}|{model_sha256}|{engine}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


PROBING = "probing"  # written before the driver's code runs, cleared after: left by a crash


def probe_key(engine: str) -> str:
    return f"probe|{engine}"


def _read() -> dict[str, str]:
    try:
        data = json.loads(_verdicts_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def remembered(key: str) -> str:
    """"same" (the GPU passed its self-test), a German reason it did not, or ""."""
    return _read().get(key, "")


def remember(key: str, verdict: str) -> None:
    """Keep the verdict (best effort: a read-only cache only costs the next start a test)."""
    verdicts = _read()
    verdicts[key] = verdict
    if not verdict:
        del verdicts[key]
    try:
        path = _verdicts_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(verdicts, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass


def forget() -> bool:
    """``werkstatt doctor --reset``: test the GPU again on the next start."""
    try:
        _verdicts_file().unlink()
        return True
    except FileNotFoundError:
        return False
