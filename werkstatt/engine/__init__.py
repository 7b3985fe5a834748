"""The engine: a vetted local model answering as a stream of text chunks.

``Engine`` is what the app and the CLI use: the model in its own process (``process.py``),
so a native crash costs a restart, never the user's text. ``LocalEngine`` (``local.py``) is
llama.cpp in the current process: what the engine process runs, and the benchmarks'
baseline. Both implement ``TextEngine`` (``contract.py``). Importing this package loads no
native code; ``llama_cpp`` is imported only inside the engine process.
"""

from __future__ import annotations

from .contract import MIN_ANSWER_TOKENS, Generation, Stats, TextEngine, physical_cores
from .local import LocalEngine, RepetitionGuard
from .process import EngineProcess

Engine = EngineProcess

__all__ = [
    "MIN_ANSWER_TOKENS", "Engine", "EngineProcess", "Generation", "LocalEngine", "RepetitionGuard", "Stats",
    "TextEngine", "physical_cores",
]
