"""llama-cpp-python's own OpenAI-compatible server on this project's engine build.

The engine wheel (``scripts/build_engine.py``) registers its CPU backend only when asked
(``werkstatt.engine.backends``), so ``python -m llama_cpp.server`` alone finds no backend and
cannot load a model. This starts exactly that server after choosing the backend, with the
server's own arguments::

    .venv/bin/python scripts/llama_server.py --model models/<file>.gguf --host 127.0.0.1 --port 8080

Used by the server-mode tests and ``make loadtest``; a city server runs llama.cpp's own
``llama-server`` or vLLM instead (README "Für die IT: Inferenzserver").
"""

from __future__ import annotations

import runpy
import sys

from werkstatt.engine import backends

if __name__ == "__main__":
    backends.ensure_loaded()
    sys.argv[0] = "llama_cpp.server"
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
