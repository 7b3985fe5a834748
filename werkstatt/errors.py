"""Errors whose message is meant for the user (German, one line)."""


class WerkstattError(Exception):
    """An error the user can act on. ``str(err)`` is a complete German sentence."""


class Cancelled(Exception):
    """Raised inside long operations when the user cancelled them."""


class ContextOverflow(WerkstattError):
    """The input does not fit the model's context window."""

    def __init__(self, message: str, prompt_tokens: int, limit: int) -> None:
        super().__init__(message)
        self.prompt_tokens = prompt_tokens
        self.limit = limit


class EngineFailure(WerkstattError):
    """The engine process died or could not be started. ``reason`` is its first sentence;
    ``str(err)`` adds what happens next (for the app; the CLI says its own)."""

    def __init__(self, reason: str, next_step: str = "") -> None:
        super().__init__(f"{reason} {next_step}".strip())
        self.reason = reason


class ServerFailure(WerkstattError):
    """The inference server failed (server mode). ``reason`` is the German sentence;
    ``fallback`` whether the policy allows going on with the model on this PC."""

    def __init__(self, reason: str, fallback: bool = False) -> None:
        super().__init__(reason + (" Sie können mit dem Modell auf diesem PC weitermachen."
                                   if fallback else ""))
        self.reason, self.fallback = reason, fallback


class UnusableDraft(WerkstattError):
    """The model gave no usable draft, also on the second attempt (CLI exit 4)."""
