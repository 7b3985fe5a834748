"""What IT writes for server mode, taken as meant or refused with the right form.

``inference_server`` may be written as OpenAI clients take their base URL (``…/v1``): the app
adds ``/v1/…`` itself, so it is left off, and ``werkstatt policy`` says so (``base_url``). The
API key (``inference_api_key``, or the password of the Windows credential
``inference_api_credential``) goes into an HTTP header: a line break pasted with it, another
control character, a space or a non-ASCII character is refused by ``api_key_problem``, whose
words never quote the key. ``policy.py`` and ``engine/connection.py`` use both.
"""

from __future__ import annotations

import unicodedata

ENDPOINTS = ("/chat/completions", "/v1/models")  # addresses of an endpoint, not of the server


def base_url(url: str) -> tuple[str, str]:
    """The server's base address of a checked http(s) URL, and a German note where it was
    changed. Raises ``ValueError`` (the rest of a German sentence) for an endpoint's address."""
    lower = url.lower()
    if lower.endswith(ENDPOINTS):
        base = url
        for end in ("/chat/completions", "/models", "/v1"):
            if base.lower().endswith(end):
                base = base[:-len(end)]
        raise ValueError(f"nennt einen Endpunkt; gemeint ist die Adresse des Servers ({base}).")
    if not lower.endswith("/v1"):
        return url, ""
    base = url[:-3].rstrip("/")
    return base, (f"inference_server: „/v1“ am Ende weggelassen ({base}); die KI-Werkstatt "
                  "hängt /v1/… selbst an.")


def api_key_problem(key: str) -> str:
    """Why an API key cannot be sent, as the rest of a German sentence; "" if it can. Never
    quotes the key: a trailing line break pasted with it used to end in http.client's
    ``Invalid header value b'Bearer …\\r\\n'``, which printed the whole key."""
    if not key.strip():
        return "ist leer"
    for index, char in enumerate(key):
        at = ("am Ende" if index == len(key) - 1 or not key[index:].strip() else
              "am Anfang" if index == 0 else f"an Stelle {index + 1}")
        if not char.isprintable() or unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            return (f"enthält {at} ein Steuerzeichen (etwa einen Zeilenumbruch); bitte den "
                    "Schlüssel ohne Zeilenumbruch eintragen")
        if char.isspace():
            return f"enthält {at} ein Leerzeichen; bitte den Schlüssel ohne Leerzeichen eintragen"
        if not char.isascii():
            return f"enthält {at} ein Zeichen, das in einem API-Schlüssel nicht vorkommt (nur ASCII)"
    return ""


def shown(text: str, limit: int = 120) -> str:
    """A value IT wrote, quoted in a message: control characters as "?", shortened."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
