"""The vocabulary of the synthetic data, read from ``words.toml`` (a data file beside this
module, in the wheel as package data): the body's organisations, the people's names, the
rooms, and what papers are made of (places, topics with their subjects, facts and questions,
reasons, decisions, the results of meetings). Lists keep the file's order: the generator draws
from them by position."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NamedTuple

WORDS_FILE = Path(__file__).with_name("words.toml")


class Org(NamedTuple):
    """An organisation of the body (``words.toml``: ``[[organisations]]``)."""

    key: str
    name: str
    short: str
    genitive: str  # "des Bauausschusses", for meeting names
    nominative: str  # "der Bauausschuss", for decision sentences
    kind: str  # organizationType
    classification: str
    department: str  # who writes its Vorlagen (text only)
    weight: float  # relative number of meetings


class Topic(NamedTuple):
    """A topic of papers: its committee, subjects, facts and questions."""

    committee: str
    subjects: tuple[str, ...]
    facts: tuple[str, ...]
    questions: tuple[str, ...]


def _load() -> dict[str, Any]:
    with WORDS_FILE.open("rb") as file:
        return tomllib.load(file)


_WORDS = _load()

ORGS = tuple(Org(**org) for org in _WORDS["organisations"])
ORG_INDEX = {org.key: i for i, org in enumerate(ORGS)}
GREMIEN = [i for i, org in enumerate(ORGS) if org.kind == "Gremium"]
FRAKTIONEN = [i for i, org in enumerate(ORGS) if org.kind == "Fraktion"]
GIVEN: tuple[tuple[str, str], ...] = tuple((given, gender) for given, gender in _WORDS["given_names"])
FAMILY: tuple[str, ...] = tuple(_WORDS["family_names"])
# status (female, male) and the committees whose Vorlagen they sign
ADMIN: tuple[tuple[tuple[str, str], tuple[str, ...]], ...] = tuple(
    ((admin["status"][0], admin["status"][1]), tuple(admin["committees"]))
    for admin in _WORDS["administration"])
ROOMS: tuple[tuple[str, str, float, float], ...] = tuple(  # (street address, room, longitude, latitude)
    (room["address"], room["room"], room["longitude"], room["latitude"]) for room in _WORDS["rooms"])
SLOTS: dict[str, tuple[str, ...]] = {name: tuple(values) for name, values in _WORDS["slots"].items()}
BUDGET: dict[str, int] = dict(_WORDS["budget"])
"""Each committee's Teilhaushalt (an index into ``SLOTS["th"]``)."""
TOPICS = tuple(Topic(topic["committee"], tuple(topic["subjects"]), tuple(topic["facts"]),
                     tuple(topic["questions"])) for topic in _WORDS["topics"])
TOPIC_WEIGHTS: tuple[int, ...] = tuple(topic["weight"] for topic in _WORDS["topics"])
GENERIC_FACTS: tuple[str, ...] = tuple(_WORDS["generic_facts"])
REASONS: dict[str, tuple[str, ...]] = {kind: tuple(v) for kind, v in _WORDS["reasons"].items()}
QUESTIONS: dict[str, str] = dict(_WORDS["questions"])  # question -> answer, for any topic
NO_ANSWER: tuple[str, ...] = tuple(_WORDS["no_answer"])
DECISIONS: dict[str, tuple[str, ...]] = {kind: tuple(v) for kind, v in _WORDS["decisions"].items()}
NOTED: dict[str, str] = dict(_WORDS["noted"])
RESULTS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {  # role -> (results, weights)
    role: (tuple(v["results"]), tuple(v["weights"])) for role, v in _WORDS["results"].items()}
