"""The synthetic data's calendar: its fixed "today", the legislative terms, and German local
time (CET/CEST) for timestamps. Never the clock: one seed always gives the same JSON."""

from __future__ import annotations

import functools
from datetime import date, timedelta

REFERENCE_DATE = date(2025, 11, 14)
"""The data's "today": meetings before it took place and have results, later ones are planned."""
END_DATE = REFERENCE_DATE + timedelta(days=63)
"""The last day with a planned meeting."""

TERMS = (  # legislative terms: (name, start, end)
    ("Wahlperiode 2018–2023", date(2018, 6, 1), date(2023, 5, 31)),
    ("Wahlperiode 2023–2028", date(2023, 6, 1), date(2028, 5, 31)),
)
MEMBERS_SINCE = date(2018, 6, 1)  # organisations and memberships (the data reach back to 2019)


@functools.cache
def summer_time(year: int) -> tuple[date, date]:
    """The days summer time (CEST) starts and ends: the last Sundays of March and October."""
    def last_sunday(month: int) -> date:
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    return last_sunday(3), last_sunday(10)


def stamp(day: date, minutes: int) -> str:
    """An ISO datetime in German local time, with its offset."""
    start, end = summer_time(day.year)
    offset = "+02:00" if start <= day < end else "+01:00"
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00{offset}"


def holidays(day: date) -> bool:
    """Christmas to Epiphany: no meetings."""
    return (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 6)


def german(day: date) -> str:
    """"04.12.2025"."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"
