"""Frage an die Dokumente: a question answered from the library's passages, with sources.

1. The full-text search retrieves the passages that best match the question's words.
   When none of them contains at least half of those words, the answer is that the
   documents do not say, without asking the model (a small model given unrelated text
   would answer anyway).
2. The model (template ``gremien-frage``) answers from those passages only, each headed by
   its source, ``[VO/2025/14550, Beschlussvorschlag]``, and cites them.
3. Every citation is checked against the passages given: an invented one is removed, a
   sentence without one gets the passage that shares most of its words, and a sentence no
   passage supports is marked "(ohne Beleg)". The model saying the passages do not answer
   the question gives the same answer as step 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..drafting import Draft
from ..engine import TextEngine
from ..errors import WerkstattError
from ..governance import Record
from ..pipeline import Request, prepare, run
from ..policy import Policy
from ..progress import CancelToken
from ..templates import get_template
from .library import Library, Passage
from .search import coverage, fold, split_sentences, terms, tidy_cuts

TEMPLATE = "gremien-frage"
NOT_FOUND = "Dazu steht nichts in den Dokumenten der Bibliothek."
UNSUPPORTED = "(ohne Beleg)"
MIN_COVERAGE = 0.5
PASSAGES = 4
EVIDENCE = 3  # sentences the model answers from (more only distract a small model)
_CITATION = re.compile(r"\[([^\[\]]{2,160})\]")
_SAYS_NOTHING = re.compile(r"steht nichts in den (dokumenten|auszügen)|nicht in den (dokumenten|"
                           r"auszügen)|geben (darüber |dazu )?keine auskunft|keine angaben? (dazu|"
                           r"darüber)", re.IGNORECASE)


@dataclass
class Answer:
    question: str
    text: str
    passages: list[Passage] = field(default_factory=list)  # what the model was given
    found: bool = True
    draft: Draft | None = None
    quoted: bool = False  # the model's text had no support: the best sentences instead

    def cited(self) -> list[Passage]:
        """The passages the answer cites, in the order of first citation."""
        out: dict[int, Passage] = {}
        for match in _CITATION.finditer(self.text):
            for passage in self.passages:
                if _same(match.group(0), passage.citation):
                    out.setdefault(passage.id, passage)
        return list(out.values())


def retrieve(library: Library, question: str) -> list[Passage]:
    """The passages to answer from; empty when the documents do not speak to the question."""
    if not terms(question):
        raise WerkstattError("Bitte eine Frage mit Suchwörtern stellen, z. B. „Was kostet der "
                             "Umbau der Schule?“.")
    found = library.passages_for(question, PASSAGES)
    if not found or max(coverage(question, f"{p.title} {p.text}") for p in found) < MIN_COVERAGE:
        return []
    return found if evidence(question, found) else []  # no sentence to answer from


def evidence(question: str, passages: list[Passage], count: int = EVIDENCE) -> list[tuple[str, Passage]]:
    """The sentences of the passages that share most words with the question, best first
    (a small model answers from a few sentences far better than from whole pages); a cut or
    an omission in one shows as " … " (``search.tidy_cuts``)."""
    scored = []
    for rank, passage in enumerate(passages):
        for sentence in map(tidy_cuts, split_sentences(passage.text)):
            if 20 <= len(sentence) <= 600:
                scored.append((coverage(question, sentence), -rank, sentence, passage))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return [(sentence, passage) for score, _, sentence, passage in scored[:count] if score >= 0.3]


def excerpts(question: str, passages: list[Passage]) -> str:
    """The evidence as the model's document: each sentence headed by its citation."""
    return "\n".join(f"{p.citation} {sentence}" for sentence, p in evidence(question, passages))


def extractive(question: str, passages: list[Passage], draft: Draft | None = None) -> Answer:
    """The best sentences themselves, with their sources: what the answer falls back to when
    the model's text has no support in the passages."""
    best = evidence(question, passages, 2)
    if not best:
        return Answer(question, NOT_FOUND, passages, found=False, draft=draft)
    lines = [f"„{sentence.removesuffix('.')}“ {p.citation}." for sentence, p in best]
    return Answer(question, "Die Dokumente sagen dazu:\n" + "\n".join(lines), passages,
                  found=True, draft=draft, quoted=True)


def request(policy: Policy, record: Record, question: str, passages: list[Passage]) -> Request:
    return prepare(policy, record, get_template(TEMPLATE), {"frage": question},
                   excerpts(question, passages), [p.reference for p in passages])


def stream(engine: TextEngine, request: Request, passages: list[Passage],
           cancel: CancelToken | None = None, seed: int | None = None) -> Iterator[str | Answer]:
    """The answer's text as it comes (``retrieve`` found ``passages``, ``request`` asks about
    them), then the checked ``Answer`` as the last item."""
    response = run(engine, request, cancel, seed=seed)
    for chunk in response:
        if isinstance(chunk, str):
            yield chunk
    assert response.draft is not None
    yield finish(request.values["frage"], response.draft.text, passages, response.draft)


def not_found(question: str) -> Answer:
    return Answer(question, NOT_FOUND, [], found=False)


def finish(question: str, text: str, passages: list[Passage], draft: Draft | None = None) -> Answer:
    """The model's answer with its citations checked (see the module)."""
    if not text.strip() or _SAYS_NOTHING.search(text):
        return extractive(question, passages, draft)
    if draft is not None and draft.stats.finish_reason == "length":
        text = _cut_off(text)
    lines = [tidy_cuts(re.sub(r"^\s*(?:\d+\.|[-•*])\s+", "", line))
             for line in text.strip().splitlines()]
    sentences = list(dict.fromkeys(
        s.strip() for line in lines
        for s in re.split(r"(?<=[a-zäöüß)\]][.!?])\s+(?=[A-ZÄÖÜ„])", line) if s.strip()))
    out = []
    for sentence in sentences:
        kept = []
        for match in _CITATION.finditer(sentence):
            source = _resolve(match.group(1), sentence, passages)
            if source is not None:
                kept.append(source)
        bare = _CITATION.sub("", sentence).strip()
        if not bare.strip(" -•*"):
            continue
        if not kept:
            best = _best_support(bare, passages)
            if best is not None:
                kept.append(best)
        numbers = re.findall(r"\d[\d.,]*\d|\d", bare)
        if kept and not all(any(n in p.text for p in kept) for n in numbers):
            kept = []  # a figure its source does not have: not supported
        end = "." if bare.endswith("…") else ""  # a quote the model cut: "des … [Quelle]."
        if bare and bare[-1] in ".!?":
            bare, end = bare[:-1].rstrip(), bare[-1]
        sources = " ".join(dict.fromkeys(p.citation for p in kept)) or UNSUPPORTED
        out.append(f"{bare} {sources}{end}")
    if not out or all(line.endswith((UNSUPPORTED, UNSUPPORTED + ".")) for line in out):
        return extractive(question, passages, draft)
    return Answer(question, "\n".join(out), passages, found=True, draft=draft)


def _cut_off(text: str) -> str:
    """An answer that ran out of tokens: its unfinished last sentence ends after its last
    whole word with " …" (the word it broke off in is dropped)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?…]":
        return text
    head = text.rsplit(None, 1)[0] if len(text.split()) > 1 else text
    return head.rstrip(" ,;:-–") + " …"


def _resolve(cited: str, sentence: str, passages: list[Passage]) -> Passage | None:
    """The passage a citation names: exactly, else the best one of the paper it names."""
    for passage in passages:
        if _same(f"[{cited}]", passage.citation):
            return passage
    reference = cited.split(",")[0].strip().lower()
    same_paper = [p for p in passages if p.reference and p.reference.lower() == reference]
    if same_paper:
        return _best_support(sentence, same_paper, threshold=0.0) or same_paper[0]
    return None  # invented: no passage of that name was given


def _best_support(sentence: str, passages: list[Passage], threshold: float = 0.5) -> Passage | None:
    """The passage sharing most of the sentence's words, if it shares at least ``threshold``."""
    words = [w for w in terms(sentence) if not w.isdigit() or len(w) > 1]
    if not words:
        return None
    numbers = re.findall(r"\d[\d.,]*\d|\d", sentence)
    best, best_score = None, 0.0
    for passage in passages:
        folded = fold(f"{passage.title} {passage.text}")
        score = sum(fold(w)[:6] in folded for w in words) / len(words)
        if numbers and all(n in passage.text for n in numbers):
            score += 0.25  # the figures are there: strong support
        if score > best_score:
            best, best_score = passage, score
    return best if best_score >= threshold and best_score > 0 else None


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s.strip().lower())
    return norm(a) == norm(b)
