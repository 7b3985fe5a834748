"""Synthetic OParl 1.1 data for tests and benchmarks: a council information system of the
fictitious "Hansestadt Beispielstadt".

SYNTHETIC DATA. Every organisation, person, meeting, paper and file made here is invented
(names, amounts, dates, streets, schools); none describes a real case, a real person or the
Hansestadt Lübeck. The System's ``name`` and the Body's ``keyword`` say so in the data too.

The objects follow the OParl 1.1 specification and its JSON schemas: a System, one Body, about
a dozen Organizations (committees of the Bürgerschaft and three Fraktionen), 40 Persons with
embedded Memberships, Meetings (about one per five papers) with embedded AgendaItems, and
Papers with embedded Consultations and a ``mainFile``. Consultations and agenda items point at
each other; meetings before ``REFERENCE_DATE`` have results, later ones do not. Some papers
have successors (``VO/2025/12345-01``, ``-02``) whose ``relatedPaper`` and
``superordinatedPaper`` name their predecessor (which lists them in ``subordinatedPaper``);
the answer to an Anfrage is its successor of type "Beantwortung einer Anfrage".

Everything is drawn from ``random.Random(seed)`` and fixed dates, never from the clock, so one
seed always gives the same JSON.

The parts: ``words`` (the vocabulary, from the data file ``words.toml``), ``dates`` (the fixed
"today", German local time), ``values`` (amounts and dates drawn for a text), ``state`` (the
generator's random source and counters), ``plan`` (meetings, papers, routing), ``text`` (a
paper's text), ``objects`` (the OParl objects).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..oparl import FILES_DIR, local_name
from . import objects, plan
from .dates import END_DATE, REFERENCE_DATE
from .objects import LIST_NAMES, SCHEMA, Obj
from .state import State

__all__ = ["END_DATE", "LIST_NAMES", "PAPER_TYPES", "REFERENCE_DATE", "SCHEMA", "Corpus", "Obj",
           "generate", "write_folder"]

PAPER_TYPES = ("Beschlussvorlage", "Antrag", "Anfrage", "Bericht", "Mitteilung",
               "Beantwortung einer Anfrage")


@dataclass
class Corpus:
    """A generated OParl system: one Body and its objects, with the files' contents."""

    system: Obj
    body: Obj
    organizations: list[Obj]
    persons: list[Obj]
    meetings: list[Obj]
    papers: list[Obj]
    files: dict[str, bytes] = field(default_factory=dict)
    """Each File's ``downloadUrl`` -> its content."""

    def lists(self) -> dict[str, list[Obj]]:
        """The Body's lists by the names of the Body properties holding their URLs."""
        return {"organization": self.organizations, "person": self.persons,
                "meeting": self.meetings, "paper": self.papers}

    def list_url(self, list_name: str) -> str:
        """The URL of a list without ``?page=`` ("body" is the System's list of bodies)."""
        if list_name == "body":
            return str(self.system["body"])
        if list_name not in LIST_NAMES:
            raise KeyError(f"no such list: {list_name!r}")
        return str(self.body[list_name])

    def page(self, list_name: str, number: int, page_size: int) -> Obj:
        """Page ``number`` (from 1) of a list as an OParl list page (its ``data`` holds the
        corpus's own dicts, not copies). An empty list has one empty page; an unknown list
        raises KeyError, a number outside 1..totalPages ValueError."""
        url = self.list_url(list_name)
        items = [self.body] if list_name == "body" else self.lists()[list_name]
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        total_pages = max(1, math.ceil(len(items) / page_size))
        if not 1 <= number <= total_pages:
            raise ValueError(f"{list_name}: page {number} is not in 1..{total_pages}")
        links = {"first": f"{url}?page=1", "last": f"{url}?page={total_pages}",
                 "self": f"{url}?page={number}"}
        if number > 1:
            links["prev"] = f"{url}?page={number - 1}"
        if number < total_pages:
            links["next"] = f"{url}?page={number + 1}"
        return {
            "data": items[(number - 1) * page_size:number * page_size],
            "pagination": {"totalElements": len(items), "elementsPerPage": page_size,
                           "currentPage": number, "totalPages": total_pages},
            "links": links,
        }

    def page_count(self, list_name: str, page_size: int) -> int:
        """How many pages ``page`` serves for a list."""
        return int(self.page(list_name, 1, page_size)["pagination"]["totalPages"])


def write_folder(corpus: Corpus, folder: Path, page_size: int = 100, with_files: bool = False) -> None:
    """Write an OParl export folder: ``system.json``, ``body.json``, the list pages
    ``organizations/page-0001.json``, ``persons/…``, ``meetings/…``, ``papers/…`` and, with
    ``with_files``, each File's content as ``files/<local_name>``."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "system.json", corpus.system)
    _write_json(folder / "body.json", corpus.body)
    for list_name in corpus.lists():
        sub = folder / f"{list_name}s"
        sub.mkdir(exist_ok=True)
        for number in range(1, corpus.page_count(list_name, page_size) + 1):
            _write_json(sub / f"page-{number:04d}.json", corpus.page(list_name, number, page_size))
    if with_files:
        files = folder / FILES_DIR
        files.mkdir(exist_ok=True)
        for paper in corpus.papers:
            for file in _paper_files(paper):
                (files / local_name(file)).write_bytes(corpus.files[file["downloadUrl"]])


def _write_json(path: Path, obj: Obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _paper_files(paper: Obj) -> list[Obj]:
    files: list[Obj] = [paper["mainFile"]] if "mainFile" in paper else []
    return files + list(paper.get("auxiliaryFile", []))


def generate(papers: int, seed: int = 0, base: str = "http://127.0.0.1:8000/oparl",
             with_text: bool = True) -> Corpus:
    """A synthetic OParl system with ``papers`` papers. ``base`` prefixes every URL (the System
    is ``{base}/``); ``with_text`` puts each file's text into its File object as ``text``
    (``Corpus.files`` has the contents either way)."""
    if papers < 0:
        raise ValueError(f"papers must not be negative, not {papers}")
    return _corpus(State.new(papers, seed, base.rstrip("/"), with_text))


def _corpus(state: State) -> Corpus:
    """The corpus, drawn in a fixed order (the same seed gives the same JSON)."""
    organizations = objects.organizations(state)
    persons, fraktion_members = objects.persons(state)
    meetings = plan.plan_meetings(state)
    state.meeting_days = [m.day for m in meetings]
    papers = plan.plan_papers(state)
    plan.route(state, papers, meetings)
    files: dict[str, bytes] = {}
    paper_objs = [objects.paper_object(state, p, fraktion_members, files) for p in papers]
    meeting_objs = [objects.meeting_object(state, m, papers) for m in meetings]
    return Corpus(objects.system(state), objects.body(state), organizations, persons, meeting_objs,
                  paper_objs, files)
