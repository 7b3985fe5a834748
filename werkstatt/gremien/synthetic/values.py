"""The numbers, amounts and dates a paper's text is filled with: drawn from the generator's
``random.Random`` (so the seed decides them), in German notation ("1.250.000 Euro", "04.12.2025")."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from .dates import german


def draw_int(rng: random.Random, low: int, high: int) -> int:
    """Like ``rng.randint``, but faster (10,000 papers draw about a million numbers)."""
    return low + int(rng.random() * (high - low + 1))


def euro(rng: random.Random, low: int, high: int) -> str:
    """An amount in euros, rounded like a cost estimate, German digit grouping."""
    value = draw_int(rng, low, high)
    step = 10 ** max(0, len(str(value)) - 3)
    value = max(step, value // step * step)
    return f"{value:,}".replace(",", ".") + (" Euro" if rng.random() < 0.7 else " €")


_DRAWN = {  # placeholder -> (kind, low, high); dates are days after the paper's date
    "amount2": ("euro", 20_000, 2_000_000), "amount3": ("euro", 5_000, 400_000),
    "bigamount": ("euro", 12_000_000, 480_000_000),
    "date": ("date", 14, 200), "date2": ("date", 200, 720), "past": ("date", -120, -5),
    "grade": ("tenths", 28, 39), "hectares": ("tenths", 12, 480),
    "number": ("count", 120, 2400), "number2": ("count", 1500, 95_000), "small": ("count", 3, 48),
    "small2": ("count", 10, 90), "percent": ("count", 5, 75), "risk": ("count", 10, 30),
    "groups": ("count", 2, 8),
}


class Values(dict[str, str]):
    """A paper's text values: the stored ones (subject, places, the main amount and deadline)
    stay the same; any other placeholder (``_DRAWN``) draws a fresh number or date at each use."""

    def __init__(self, stored: dict[str, str], rng: random.Random, day: date) -> None:
        super().__init__(stored)
        self.rng = rng
        self.day = day

    def __missing__(self, key: str) -> str:
        kind, low, high = _DRAWN[key]
        if kind == "euro":
            return euro(self.rng, low, high)
        value = draw_int(self.rng, low, high)
        if kind == "date":
            return german(self.day + timedelta(days=value))
        if kind == "tenths":
            return f"{value / 10:.1f}".replace(".", ",")
        return f"{value:,}".replace(",", ".")


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """``text`` for a file name or e-mail address ("Müller" → "mueller")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_UMLAUTS)).strip("-")


def object_url(base: str, kind: str, number: int) -> str:
    """An object's URL: ``{base}/{kind}/{number}``."""
    return f"{base}/{kind}/{number}"
