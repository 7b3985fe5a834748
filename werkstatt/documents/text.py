"""Plain text and Markdown, with encoding detection for what Windows offices produce."""

from __future__ import annotations

from pathlib import Path

from ..errors import WerkstattError
from . import reader

# Bytes that differ between Windows-1252 and ISO-8859-15 (0xA4 is € in -15, ¤ in 1252).
_LATIN9_HINTS = {0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE}


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 or ISO-8859-15."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    high = {b for b in data if b >= 0x80}
    if 0xA4 in high and not high & set(range(0x80, 0xA0)):
        return data.decode("iso-8859-15")  # a € sign in Latin-9, no Windows-only bytes
    return data.decode("cp1252", errors="replace")


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff"))


@reader(".txt", ".md", ".text")
def read_text(path: Path, data: bytes) -> str:
    if looks_binary(data):
        raise WerkstattError(f"„{path.name}“ ist keine Textdatei (enthält Binärdaten).")
    return decode_text(data)
