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
