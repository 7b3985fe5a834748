"""The llama.cpp CPU variants: which ones the engine recipe builds and the engine may load.

Pure data, no imports: ``scripts/build_engine.py`` reads this file before the project is
installed, and the engine reads it at run time, so the build and the loader cannot disagree.
Names are ggml's variant tags (``libggml-cpu-<tag>.so`` / ``ggml-cpu-<tag>.dll``).
"""

# Built for x86-64 and allowed at run time, in ggml's order (vendor/llama.cpp/ggml/src/CMakeLists.txt).
ALLOWED = (
    "x64", "sse42", "sandybridge", "ivybridge", "piledriver", "haswell", "skylakex",
    "cannonlake", "cascadelake", "icelake", "cooperlake", "zen4", "alderlake",
)

# Left out of the build and never loaded, with the reason (shown by ``werkstatt doctor``).
EXCLUDED = {
    "sapphirerapids": "AMX-Code (ggml_backend_amx_mul_mat) stürzt auf Sapphire/Granite-Rapids-"
                      "CPUs in llama_decode ab",
}

# Safer variants for a restart after repeated engine crashes, safest last. After the second
# crash in a row the engine steps down to the best of these below the variant that crashed.
SAFE_LADDER = ("haswell", "sandybridge", "sse42", "x64")
