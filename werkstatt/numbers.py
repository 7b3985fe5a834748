"""Numbers the German way, formatted one number at a time: 1.234 Token, 2,5 GB, 91 %.

(Replacing commas and points in a finished sentence also changes the sentence's own
punctuation: "… Token. Platz ist …".)"""

from __future__ import annotations


def de(value: float, digits: int = 0) -> str:
    """1234.5 → "1.234,5" (``digits`` decimals; thousands separated by a point)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def gb(n_bytes: float) -> str:
    """Bytes as gigabytes with one decimal: "7,8 GB"."""
    return f"{de(n_bytes / 1024**3, 1)} GB"


def percent(share: float) -> str:
    """0.917 → "92 %" (with the space German typesetting puts before the sign)."""
    return f"{de(share * 100)} %"
