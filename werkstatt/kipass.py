"""The KI-Pass: short German pages, a shuffled quiz with explanations, a checklist."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass

from . import paths
from .errors import WerkstattError
from .frontmatter import front_matter


@dataclass(frozen=True)
class Page:
    title: str
    text: str  # Markdown


@dataclass(frozen=True)
class Question:
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str

    @property
    def answer(self) -> str:
        return self.options[self.correct]


@dataclass(frozen=True)
class Course:
    version: str
    pass_mark: float
    pages: tuple[Page, ...]
    questions: tuple[Question, ...]
    checklist: tuple[str, ...]

    def shuffled_quiz(self, rng: random.Random | None = None) -> list[Question]:
        """Questions in random order, each with its options shuffled (correct index kept)."""
        rng = rng or random.Random()
        quiz = []
        for q in rng.sample(list(self.questions), len(self.questions)):
            order = rng.sample(range(len(q.options)), len(q.options))
            quiz.append(Question(q.question, tuple(q.options[i] for i in order),
                                 order.index(q.correct), q.explanation))
        return quiz


@dataclass(frozen=True)
class Result:
    score: float
    passed: bool
    wrong: tuple[Question, ...]


def grade(course: Course, quiz: list[Question], answers: list[int | None]) -> Result:
    right = [q for q, a in zip(quiz, answers) if a == q.correct]
    score = len(right) / len(quiz) if quiz else 0.0
    wrong = tuple(q for q, a in zip(quiz, answers) if a != q.correct)
    return Result(score, score >= course.pass_mark, wrong)


def load_course() -> Course:
    folder = paths.resources_dir() / "kipass"
    try:
        raw = tomllib.loads((folder / "quiz.toml").read_text(encoding="utf-8"))
        pages = []
        for file in sorted(folder.glob("*.md")):
            meta, body = front_matter(file.read_text(encoding="utf-8"), file)
            pages.append(Page(meta.get("title", file.stem), body.strip()))
        questions = tuple(
            Question(q["question"], tuple(q["options"]), int(q["correct"]), q["explanation"])
            for q in raw["questions"])
        return Course(version=str(raw["version"]), pass_mark=float(raw["pass_mark"]),
                      pages=tuple(pages), questions=questions,
                      checklist=tuple(raw["checklist"]))
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise WerkstattError(f"Der KI-Pass-Inhalt in {folder} ist fehlerhaft ({exc}).") from None
