"""The generator's state while it makes one corpus: its ``random.Random`` (every draw comes
from it, in a fixed order), the URLs, the time span, and the running numbers of agenda items
and consultations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import END_DATE


@dataclass
class State:
    """One corpus in the making: its random source, URLs, time span and running numbers."""

    papers: int
    rng: random.Random
    base: str  # every URL's prefix, without "/"
    with_text: bool  # each File object carries its text
    body_url: str = ""
    start: date = END_DATE  # the first day of the data
    next_agenda: int = 1
    next_consultation: int = 1
    meeting_days: list[date] = field(default_factory=list)  # by meeting id - 1

    @classmethod
    def new(cls, papers: int, seed: int, base: str, with_text: bool) -> State:
        """The state for ``papers`` papers: they span about 2,500 papers a year, at least half a year."""
        return cls(papers, random.Random(seed), base, with_text, f"{base}/body/1",
                   END_DATE - timedelta(days=min(2400, max(182, round(papers * 0.146)))))

    def meeting_day(self, meeting: int) -> date:
        """The day of the meeting with id ``meeting``."""
        return self.meeting_days[meeting - 1]

    def new_agenda_id(self) -> int:
        """The next agenda item's number."""
        self.next_agenda += 1
        return self.next_agenda - 1
