"""Documents longer than the context window: summarise in parts, then combine.

The document is split at headings and paragraphs (a small overlap keeps context across a
cut), each part is condensed into facts-preserving bullet points, and the template then runs
on the joined part summaries – again in parts if they are still too long. Time grows
linearly with length: every token is read once, plus a short summary per part.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from .engine import Generation, TextEngine
from .errors import WerkstattError
from .progress import CancelToken, Progress, no_progress

PART_SYSTEM = (
    "Du fasst einen Teil eines längeren Dokuments der Stadtverwaltung Lübeck sachlich auf "
    "Deutsch zusammen. Du übernimmst Namen, Zahlen, Beträge, Daten und Beschlüsse genau und "
    "erfindest nichts."
)
PART_USER = (
    "Dokument, Teil {index} von {count}:\n\"\"\"\n{part}\n\"\"\"\n\n"
    "Fasse diesen Teil in 3 bis 6 Stichpunkten zusammen. Jeder Stichpunkt ist ein ganzer Satz "
    "mit den Angaben aus dem Text."
)
PART_PREFIX = "- "
PART_TOKENS = 700  # small models summarise short parts more faithfully
PART_PARAMS = Generation(temperature=0.1, max_tokens=220, repeat_penalty=1.1)
OVERLAP_CHARS = 300
_HEADING = re.compile(r"^(#{1,6} |===|[0-9]+(\.[0-9]+)*\.? [A-ZÄÖÜ])")


def split_text(text: str, limit: int, count: Callable[[str], int]) -> list[str]:
    """Parts of at most ``limit`` tokens, cut at headings or paragraphs, with a small overlap."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if count(paragraph) <= limit:
            blocks.append(paragraph)
            continue
        sentence_block = ""  # a single paragraph too long: cut between sentences
        for sentence in re.split(r"(?<=[.!?])\s+|\n", paragraph):
            candidate = f"{sentence_block} {sentence}".strip()
            if sentence_block and count(candidate) > limit:
                blocks.append(sentence_block)
                sentence_block = sentence
            else:
                sentence_block = candidate
        if sentence_block:
            blocks.append(sentence_block[: limit * 3])
    parts: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}".strip()
        starts_section = bool(_HEADING.match(block)) and count(current) > limit // 2
        if current and (count(candidate) > limit or starts_section):
            parts.append(current)
            tail = current[-OVERLAP_CHARS:]
            overlap = tail[tail.find(" ") + 1:] if " " in tail else ""
            current = f"[…] {overlap}\n\n{block}" if overlap and count(
                f"{overlap}\n\n{block}") <= limit else block
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def condense(engine: TextEngine, document: str, budget: int, cancel: CancelToken,
             progress: Progress = no_progress, round_number: int = 1) -> str | None:
    """The part summaries joined (one round), or None if cancelled."""
    parts = split_text(document, budget, engine.count_tokens)
    if len(parts) < 2:
        raise WerkstattError("Das Dokument lässt sich nicht weiter in Teile zerlegen.")
    summaries = []
    started = time.monotonic()
    for index, part in enumerate(parts, 1):
        elapsed = time.monotonic() - started
        remaining = ""
        if index > 1:
            seconds = elapsed / (index - 1) * (len(parts) - index + 1)
            remaining = f", noch etwa {max(1, round(seconds))} s"
        label = f"Teil {index} von {len(parts)}{remaining}"
        if round_number > 1:
            label = f"Runde {round_number}: {label}"
        progress((index - 1) / len(parts), label)
        user = PART_USER.format(index=index, count=len(parts), part=part)
        text = "".join(engine.stream(PART_SYSTEM, user, PART_PARAMS, cancel,
                                     lambda f, m: None, seed=1, answer_prefix=PART_PREFIX))
        if engine.stats.cancelled or cancel.cancelled:
            return None
        summaries.append(f"Teil {index}:\n{text.strip()}")
    progress(1.0, f"{len(parts)} Teile zusammengefasst")
    header = (f"Das Dokument ist lang; hier sind die Zusammenfassungen seiner {len(parts)} "
              "Teile. Berücksichtige alle Teile, vom ersten bis zum letzten.")
    return header + "\n\n" + "\n\n".join(summaries)
