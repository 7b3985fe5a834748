"""The engine build recipe: its cache key follows its inputs, and the AMX variant is cut out."""

from __future__ import annotations

import importlib.util
import io
import tarfile
from pathlib import Path

import pytest

from werkstatt.engine.variants import ALLOWED, EXCLUDED

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_engine.py"


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("build_engine", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_key_changes_with_every_input(recipe):
    """Same inputs, same key; another compiler or flag set gives another cache folder."""
    base = recipe.recipe("dispatch")
    assert recipe.recipe_key(base) == recipe.recipe_key(recipe.recipe("dispatch"))
    assert recipe.recipe_key(base) != recipe.recipe_key({**base, "compiler": ["gcc 13"]})
    assert recipe.recipe_key(base) != recipe.recipe_key(recipe.recipe("native"))
    assert base["variants"] == list(ALLOWED) and base["excluded"] == sorted(EXCLUDED)
    assert "-DGGML_NATIVE=OFF" in base["cmake_args"]
    assert "-DCMAKE_INSTALL_BINDIR=llama_cpp/lib" in base["cmake_args"]


def test_cache_follows_the_environment(recipe, monkeypatch, tmp_path):
    """WERKSTATT_ENGINE_CACHE, else XDG_CACHE_HOME, names the cache outside the clone."""
    monkeypatch.setenv("WERKSTATT_ENGINE_CACHE", str(tmp_path / "a"))
    assert recipe.cache_root() == tmp_path / "a"
    monkeypatch.delenv("WERKSTATT_ENGINE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert recipe.cache_root() == tmp_path / "x" / "ki-werkstatt" / "engine"


def _fake_sdist(tmp_path: Path, lines: list[str], version: str, cpu_c: str = "",
                vulkan_cpp: str = "") -> Path:
    sdist = tmp_path / "fake.tar.gz"
    files = {"vendor/llama.cpp/ggml/src/CMakeLists.txt": "".join(lines)}
    if cpu_c:
        files["vendor/llama.cpp/ggml/src/ggml-cpu/ggml-cpu.c"] = cpu_c
    if vulkan_cpp:
        files["vendor/llama.cpp/ggml/src/ggml-vulkan/ggml-vulkan.cpp"] = vulkan_cpp
    with tarfile.open(sdist, "w:gz") as tar:
        for name, text in files.items():
            info = tarfile.TarInfo(f"llama_cpp_python-{version}/{name}")
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return sdist


def test_windows_is_the_same_dispatch_recipe_cross_compiled(recipe):
    """The MSI's engine: the same variants and dispatch flags, mingw-w64, a static runtime."""
    windows, dispatch = recipe.recipe("windows"), recipe.recipe("dispatch")
    assert windows["variants"] == dispatch["variants"] and windows["excluded"] == dispatch["excluded"]
    for flag in ("-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON"):
        assert flag in windows["cmake_args"]
    assert "-DGGML_OPENMP=OFF" in windows["cmake_args"]  # OpenMP would need a runtime DLL
    assert windows["machine"] == "win_amd64" and "-static" in windows["linker_flags"]
    assert recipe.recipe_key(windows) != recipe.recipe_key(dispatch)


def test_vulkan_is_a_backend_of_the_same_sdist(recipe, tmp_path):
    """The GPU backend: its own cache key (with the shader compiler and the headers), and the
    validation-layer code compiled only with headers that know VK_EXT_layer_settings."""
    vulkan = recipe.recipe("vulkan")
    assert "-DGGML_VULKAN=ON" in vulkan["cmake_args"] and "-DGGML_BACKEND_DL=ON" in vulkan["cmake_args"]
    assert vulkan["sdist_sha256"] == recipe.recipe("dispatch")["sdist_sha256"]
    assert len(vulkan["vulkan"]) == 2
    assert recipe.recipe_key(vulkan) != recipe.recipe_key(recipe.recipe("dispatch"))
    cpp = "void init() {\n" + recipe.LAYER_SETTINGS_START + "    x;\n" + recipe.LAYER_SETTINGS_END + "}\n"
    source = recipe.unpack_and_patch(_fake_sdist(tmp_path, ["x\n"], recipe.VERSION, vulkan_cpp=cpp),
                                     tmp_path / "w", "vulkan")
    patched = (source / recipe.VULKAN_CPP).read_text()
    assert patched.index("#if VK_HEADER_VERSION >= 261") < patched.index(recipe.LAYER_SETTINGS_START)
    assert patched.index(recipe.LAYER_SETTINGS_END) < patched.index("#else") < patched.index("#endif")


def test_the_windows_gpu_backend_is_the_windows_recipe_with_vulkan(recipe):
    """ggml-vulkan.dll: the Windows flags, the static runtime, Vulkan on; its own cache key."""
    vulkan, windows = recipe.recipe("vulkan-windows"), recipe.recipe("windows")
    assert vulkan["cmake_args"] == [*windows["cmake_args"], "-DGGML_VULKAN=ON"]
    assert vulkan["machine"] == "win_amd64" and vulkan["linker_flags"] == windows["linker_flags"]
    others = (recipe.recipe_key(windows), recipe.recipe_key(recipe.recipe("vulkan")))
    assert recipe.recipe_key(vulkan) not in others
    assert recipe.VULKAN_LOADER_DLL == "vulkan-1.dll"  # the one DLL it may import beyond the engine's


def test_windows_patch_adds_what_mingw_lacks(recipe, tmp_path):
    lines = [f"        ggml_add_cpu_backend_variant({tag} SSE42)\n" for tag in (*ALLOWED, *EXCLUDED)]
    cpu_c = "void f(void) {\n#if 1\n" + recipe.THROTTLING_ANCHOR + "#endif\n}\n"
    source = recipe.unpack_and_patch(_fake_sdist(tmp_path, lines, recipe.VERSION, cpu_c),
                                     tmp_path / "w", "windows")
    patched = (source / recipe.GGML_CPU_C).read_text()
    assert patched.index("#ifndef THREAD_POWER_THROTTLING_CURRENT_VERSION") < patched.index(
        recipe.THROTTLING_ANCHOR)
    assert not any(f"variant({tag} " in (source / recipe.GGML_CMAKE).read_text() for tag in EXCLUDED)


def test_patch_deletes_exactly_the_excluded_variant(recipe, tmp_path):
    """The sapphirerapids line goes; every other variant line stays."""
    lines = [f"        ggml_add_cpu_backend_variant({tag} SSE42)\n" for tag in (*ALLOWED, *EXCLUDED)]
    source = recipe.unpack_and_patch(_fake_sdist(tmp_path, lines, recipe.VERSION), tmp_path / "w", "dispatch")
    text = (source / recipe.GGML_CMAKE).read_text()
    assert all(f"variant({tag} " in text for tag in ALLOWED)
    assert not any(f"variant({tag} " in text for tag in EXCLUDED)


def test_patch_refuses_an_unexpected_source(recipe, tmp_path):
    """A source without the expected line stops the build with a German message."""
    with pytest.raises(SystemExit):
        sdist = _fake_sdist(tmp_path, ["# nothing\n"], recipe.VERSION)
        recipe.unpack_and_patch(sdist, tmp_path / "w", "dispatch")
