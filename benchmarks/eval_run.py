"""Writing the evaluation's drafts on the app's path and keeping them for reading.

Every run's drafts are kept in ``benchmarks/evalset/runs/<date>-<commit>-<model>.json`` (all a
later scoring needs: the draft, its notes, the sources and the prompt's texts) and ``.md``
(each draft with its body sentences numbered, for the reading: see the evaluation set's
README). ``eval.py --rescore FILE.json`` scores a kept run again without the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from eval_cases import EVALSET, Case, known_values

from werkstatt import pipeline, quality
from werkstatt.engine import TextEngine
from werkstatt.pipeline import Request
from werkstatt.templates import get_template

RUNS = EVALSET / "runs"


@dataclass
class Drafted:
    """One case's draft and what scoring it needs, as written by the code of ``commit``."""

    case: str
    template: str
    text: str
    seconds: float
    notes: list[str] = field(default_factory=list)
    unusable: bool = False
    sources: list[str] = field(default_factory=list)  # Request.sources(): notes, form, frame
    instructions: str = ""  # the prompt without the document (for instruction text)
    frame: list[str] = field(default_factory=list)  # the template's own texts (prefix, closing)
    error: str = ""  # a German error instead of a draft (bad input refused)


# The letterhead of the evaluation's office (Einstellungen → Briefkopf in the app): fills the
# fields whose preset names it where a case sets none (the Rechtsbehelfsbelehrung's office).
LETTERHEAD = {"unit": "Bereich Bürgerservice", "address": "Kronsforder Allee 2-6, 23560 Lübeck"}


def draft_case(engine: TextEngine, case: Case, seed: int) -> Drafted:
    """The case's draft as the app writes it (``pipeline.generate``), seed fixed."""
    template = get_template(case.template)
    values = known_values(case.values, [f.id for f in template.fields])
    for f in template.fields:  # what the letterhead, asked once in the app, fills in
        if f.preset in LETTERHEAD and f.id not in values:
            values[f.id] = LETTERHEAD[f.preset]
    started = time.monotonic()
    try:
        request = Request.build(template, values, case.document)
    except Exception as error:  # a refused input is a result too (German message)
        return Drafted(case.name, case.template, "", 0.0, error=str(error))
    draft = pipeline.generate(engine, request, seed=seed)
    instructions = quality.PLACEHOLDERS.sub(" ", f"{template.system}\n{template.user}")
    return Drafted(case.name, case.template, draft.text, time.monotonic() - started,
                   list(draft.notes), draft.unusable, request.sources(), instructions,
                   [request.prompt.answer_prefix, request.prompt.closing])


def commit_id(root: Path) -> str:
    """The short commit of ``root`` ("-dirty" if tracked files differ), or "nogit"."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-uno"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "nogit"
    return head + ("-dirty" if dirty else "")


def run_name(model_id: str, commit: str, day: dt.date | None = None) -> str:
    """``<date>-<commit>-<model>``, the name of a run's files."""
    return f"{(day or dt.date.today()).isoformat()}-{commit}-{re.sub(r'[^a-z0-9.]+', '-', model_id.lower())}"


def save_json(path: Path, drafts: list[Drafted], meta: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"meta": meta, "drafts": [dataclasses.asdict(d) for d in drafts]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def load_json(path: Path) -> tuple[dict[str, str], list[Drafted]]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    return payload["meta"], [Drafted(**d) for d in payload["drafts"]]
