"""The engine: a vetted local model answering as a stream of text chunks.

``Engine`` is what the app and the CLI use: the model in its own process (``process.py``),
so a native crash costs a restart, never the user's text. In server mode (policy
``inference_server``) they use ``RemoteEngine`` (``remote.py``) instead, made by
``server_engine``, which imports the HTTP and TLS code only then. ``LocalEngine`` (``local.py``) is
llama.cpp in the current process: what the engine process runs, and the benchmarks'
baseline. Both implement ``TextEngine`` (``contract.py``). Importing this package loads no
native code; ``llama_cpp`` is imported only inside the engine process.
"""

from __future__ import annotations

from ..errors import WerkstattError
from ..policy import Policy
from .contract import MIN_ANSWER_TOKENS, Generation, Stats, TextEngine, physical_cores
from .local import LocalEngine, RepetitionGuard
from .process import EngineProcess

Engine = EngineProcess


def server_engine(policy: Policy, model: str = "", context_tokens: int | None = None,
                  local: bool = False) -> TextEngine | None:
    """The city's inference server as the engine if IT's policy names one, else None (the
    model on this PC). ``local`` asks for the PC's model instead, which only
    ``allow_local_fallback`` permits in server mode."""
    if not policy.inference_server:
        return None
    if local:
        if not policy.allow_local_fallback:
            raise WerkstattError("Die IT hat auf diesem PC den KI-Server festgelegt; das Modell "
                                 "auf diesem PC ist nicht freigegeben (Richtlinie "
                                 "allow_local_fallback).")
        return None
    from .remote import RemoteEngine

    return RemoteEngine(policy, model, context_tokens)

__all__ = [
    "MIN_ANSWER_TOKENS", "Engine", "EngineProcess", "Generation", "LocalEngine", "RepetitionGuard", "Stats",
    "TextEngine", "physical_cores", "server_engine",
]
