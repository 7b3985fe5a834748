"""The engine: a vetted local model answering as a stream of text chunks.

``Engine`` is what the app and the CLI use: the model in its own process (``process.py``),
so a native crash costs a restart, never the user's text. In server mode (policy
``inference_server``) they use ``RemoteEngine`` (``remote.py``) instead, made by
``server_engine``, which imports the HTTP and TLS code only then. ``make_engine`` is the one
place every way in (the window, the Gremien window, every CLI command) gets its engine: it
applies IT's policy there (the server, the fixed model and context, the allowlist).
``LocalEngine`` (``local.py``) is llama.cpp in the current process: what the engine process
runs, and the benchmarks' baseline. Both implement ``TextEngine`` (``contract.py``).
Importing this package loads no native code; ``llama_cpp`` is imported only inside the
engine process.
"""

from __future__ import annotations

from .. import catalog
from ..errors import WerkstattError
from ..policy import Policy
from ..settings import Settings, effective
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


def make_engine(policy: Policy, settings: Settings | None = None, model_id: str = "",
                context_tokens: int | None = None, local: bool = False) -> TextEngine:
    """The engine as IT's policy allows it: the city's inference server where the policy names
    one (and ``local`` is not asked for), else the model on this PC — ``model_id``, the user's
    setting or the catalogue's default — only if the allowlist (``allowed_models``) admits its
    SHA-256, whichever way the choice came (option, settings, a catalogue beside the models)."""
    if context_tokens and policy.context_tokens and context_tokens != policy.context_tokens:
        raise WerkstattError(f"Die IT hat das Kontextfenster auf {policy.context_tokens} Token "
                             "festgelegt.")
    remote = server_engine(policy, model_id, context_tokens or policy.context_tokens, local)
    if remote is not None:
        return remote
    if model_id and policy.model_id and model_id != policy.model_id:
        raise WerkstattError(f"Die IT hat das Modell „{policy.model_id}“ festgelegt.")
    settings = settings if settings is not None else Settings()
    entry = catalog.choose(policy, model_id or str(effective(policy, settings, "model_id")))
    return Engine(entry, context_tokens or int(effective(policy, settings, "context_tokens")),
                  gpu_allowed=policy.gpu_offload)

__all__ = [
    "MIN_ANSWER_TOKENS", "Engine", "EngineProcess", "Generation", "LocalEngine", "RepetitionGuard", "Stats",
    "TextEngine", "make_engine", "physical_cores", "server_engine",
]
