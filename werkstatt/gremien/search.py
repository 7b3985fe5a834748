"""Full-text search over the library: papers by words or reference, passages for questions.

The FTS5 tokenizer folds diacritics (``Plätze`` finds ``Platze``); the query adds what it
cannot: ``ß``/``ss`` and ``ä``/``ae`` spellings, and a light German stem searched as a prefix,
so ``Krippenplätze`` finds ``Krippenplatz`` and ``Schulbau`` finds ``Schulbauprojekte``
(compound words are found by their first part, not by a later one). A reference number in
the query (``VO/2025/14550``, ``1234/2014``) puts that paper first.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from .. import council
from ..errors import WerkstattError

REFERENCE = re.compile(r"\b(?:[A-Za-z]{1,4}/)?\d{4}/\d+(?:-\d+)*\b")
STOPWORDS = frozenset("""
aber alle als also am an auch auf aus bei bis da damit dann das dass dem den der des die dies
diese diesem diesen dieser dieses du durch ein eine einem einen einer eines es für gibt hat
hatte haben im in ist ja kann mit nach nicht noch nur ob oder sich sie sind so soll sollen
über um und uns unter vom von vor war waren was welche welchem welchen welcher welches wer
werden wie wird wo zu zum zur wurde wurden wann warum wieviel wie viele viel viele gab es
""".split())
_ENDINGS = ("ungen", "en", "er", "es", "e", "n", "s")


@dataclass(frozen=True)
class Hit:
    """A paper found by ``search`` (``Library.search``), with a snippet around the words."""

    paper_id: str
    reference: str
    date: str
    name: str
    paper_type: str
    status: str
    snippet: str = ""


@dataclass(frozen=True)
class Filters:
    body: str = ""
    paper_type: str = ""
    date_from: str = ""  # ISO dates, inclusive
    date_to: str = ""
    status: str = ""  # a result ("beschlossen") or "offen" (no result yet)

    def sql(self) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if self.body:
            clauses.append("p.body = ?")
            args.append(self.body)
        if self.paper_type:
            clauses.append("p.paper_type = ?")
            args.append(self.paper_type)
        if self.date_from:
            clauses.append("p.date >= ?")
            args.append(self.date_from)
        if self.date_to:
            clauses.append("p.date <= ?")
            args.append(self.date_to)
        if self.status == "offen":
            clauses.append("p.status = ''")
        elif self.status:
            clauses.append("p.status LIKE ?")
            args.append(f"%{self.status}%")
        return (" AND " + " AND ".join(clauses)) if clauses else "", args


def terms(text: str) -> list[str]:
    """The words of a query worth searching for, lower case, without stopwords."""
    text = REFERENCE.sub(" ", text)
    words = re.findall(r"\w+", text.lower())
    return [w for w in dict.fromkeys(words) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


def _variants(word: str) -> set[str]:
    out = {word}
    if "ß" in word:
        out.add(word.replace("ß", "ss"))
    if "ss" in word:
        out.add(word.replace("ss", "ß"))
    for spelled, letter in (("ae", "ä"), ("oe", "ö"), ("ue", "ü")):
        for w in list(out):
            if spelled in w:
                out.add(w.replace(spelled, letter))
    return out


def _stem(word: str) -> str:
    if len(word) <= 6 or word.isdigit():
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[:-len(ending)]
    return word


def clause(word: str) -> str:
    """One query word as an FTS5 expression: its spellings, each as a stem prefix."""
    options = sorted({_stem(v) for v in _variants(word)})
    quoted = [f'"{o}"*' for o in options]  # words only (\\w), so quoting is safe
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def match_expression(words: list[str], any_word: bool = False) -> str:
    return (" OR " if any_word else " AND ").join(clause(w) for w in words)


_COLUMNS = "p.id, p.reference, p.date, p.name, p.paper_type, p.status"


def search(db: Database, query: str, filters: Filters, limit: int = 50) -> list[Hit]:
    where, args = filters.sql()
    seen: dict[str, Hit] = {}

    def add(rows: list[Any], snippet_words: list[str]) -> None:
        for row in rows:
            if row[0] not in seen and len(seen) < limit:
                text = row[6] if len(row) > 6 else ""
                seen[row[0]] = Hit(row[0], row[1], row[2], row[3], row[4], row[5],
                                   snippet(text, snippet_words))

    references = [m.group(0) for m in REFERENCE.finditer(query)]
    for reference in references:
        add(db.execute(f"SELECT {_COLUMNS} FROM papers p WHERE (p.reference = ? COLLATE NOCASE "
                       f"OR p.reference LIKE ? || '-%') {where} ORDER BY length(p.reference), "
                       "p.reference", [reference, reference, *args]).fetchall(), [])
    words = terms(query)
    if not words and not references:
        add(db.execute(f"SELECT {_COLUMNS} FROM papers p WHERE 1 {where} ORDER BY p.date DESC, "
                       "p.reference DESC LIMIT ?", [*args, limit]).fetchall(), [])
        return list(seen.values())
    for any_word in (False, True) if len(words) > 1 else (False,):
        if len(seen) >= limit or not words:
            break
        add(db.execute(  # the best passage per paper first, its text only for the winners
            "WITH best AS (SELECT s.paper_id AS pid, f.rowid AS rid, min(f.rank) AS score "
            "FROM passages_fts f JOIN passages s ON s.id = f.rowid JOIN papers p ON p.id = s.paper_id "
            f"WHERE passages_fts MATCH ? {where} GROUP BY s.paper_id ORDER BY score LIMIT ?) "
            f"SELECT {_COLUMNS}, s.text, best.score FROM best JOIN papers p ON p.id = best.pid "
            "JOIN passages s ON s.id = best.rid ORDER BY best.score",
            [match_expression(words, any_word), *args, limit]).fetchall(), words)
    return list(seen.values())


def repair_index(db: Database) -> bool:
    """FTS5's own ``integrity-check`` of the index: a damaged index — it passes SQLite's
    ``quick_check`` and then fails every search, or finds nothing — is rebuilt from the
    passages (True); False when it was sound. A German error when even that fails."""
    try:
        db.execute("INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')")
        return False
    except sqlite3.DatabaseError:
        pass
    try:
        with db.conn:
            db.execute("INSERT INTO passages_fts(passages_fts) VALUES('rebuild')")
    except sqlite3.DatabaseError as exc:
        raise WerkstattError(f"Der Suchindex der Gremien-Bibliothek ist beschädigt und ließ sich "
                             f"nicht neu aufbauen ({exc}); bitte die Dokumente neu importieren.") from None
    return True


def passages(db: Database, question: str, limit: int = 6, per_paper: int = 2) -> list[dict[str, Any]]:
    """The passages that best match a question's words (any of them, BM25), at most
    ``per_paper`` from one paper so that a question across papers sees several."""
    words = terms(question)
    references = [m.group(0) for m in REFERENCE.finditer(question)]
    if not words and not references:
        return []
    rows: list[Any] = []
    words = selective(db, words)
    if words:
        rows = db.execute(
            "SELECT s.id, s.paper_id, s.reference, s.title, s.label, s.text FROM passages_fts f "
            "JOIN passages s ON s.id = f.rowid WHERE passages_fts MATCH ? AND s.label != 'Betreff' "
            "ORDER BY f.rank LIMIT ?",
            [match_expression(words, any_word=True), limit * 5]).fetchall()
    if references:  # a question naming a paper: that paper's passages first
        named = db.execute(
            "SELECT s.id, s.paper_id, s.reference, s.title, s.label, s.text FROM passages s "
            f"WHERE s.reference COLLATE NOCASE IN ({','.join('?' * len(references))}) "
            "AND s.label != 'Betreff' ORDER BY s.position", references).fetchall()
        rows = [r for r in rows if r[2].lower() in {x.lower() for x in references}] + named + rows
    out: list[dict[str, Any]] = []
    taken: dict[str, int] = {}
    ids: set[int] = set()
    for row in rows:
        if row[0] in ids or taken.get(row[1], 0) >= per_paper:
            continue
        ids.add(row[0])
        taken[row[1]] = taken.get(row[1], 0) + 1
        out.append(dict(zip(("id", "paper_id", "reference", "title", "label", "text"), row,
                            strict=True)))
        if len(out) >= limit:
            break
    return out


COMMON = 0.2  # a question word in more than this share of passages does not help find one


def selective(db: Database, words: list[str]) -> list[str]:
    """The question's words without those in most passages ("Verwaltung", "Stadt"): ranking
    every passage that has them costs time and finds nothing in particular. All words stay
    when every one of them is that common."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab USING "
               "fts5vocab(main, passages_fts, row)")
    total = db.execute("SELECT count(*) FROM passages").fetchone()[0] or 1
    kept = []
    for word in words:
        stems = {fold(_stem(v)) for v in _variants(word)}
        found = sum(db.execute("SELECT coalesce(sum(doc), 0) FROM temp.passages_vocab "
                               "WHERE term >= ? AND term < ?", [stem, stem + "\U0010ffff"]).fetchone()[0]
                    for stem in stems)
        if found <= COMMON * total:
            kept.append(word)
    return kept or words


def coverage(question: str, text: str) -> float:
    """The share of the question's words whose stem occurs in ``text`` (0 … 1)."""
    words = terms(question)
    if not words:
        return 0.0
    folded = fold(text)
    return sum(any(_stem(fold(v)) in folded for v in _variants(w)) for w in words) / len(words)


def fold(text: str) -> str:
    """Lower case without diacritics (as the tokenizer folds them)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SENTENCE_END = re.compile(r"(?<=[a-zäöüß)\]“\"][.!?;])\s+(?=[A-ZÄÖÜ„\d])")
_ELLIPSIS = re.compile(r"\s*(?:\.{2,}|…)(?:\s*(?:\.+|…))*\s*")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paper's text: words hyphenated at line ends joined, a cut only after a
    sentence's last word (not after "2." in "(1.+2. Förderweg)" or "Abs." before a number)."""
    joined = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)
    joined = re.sub(r"\s*\n\s*", " ", joined)
    parts = _SENTENCE_END.split(joined)
    return [" ".join(p.split()) for p in parts if p.strip()]


def tidy_cuts(text: str) -> str:
    """Every mark of a cut or an omission ("des ...", "des..", "des…") as one " … " between
    whole words: never a double dot."""
    text = _ELLIPSIS.sub(" … ", text).strip()
    text = re.sub(r" … (?=[,.;:!?)\]“\"])", " …", text)
    return re.sub(r"(^|[(\[„\"]) ?… ", r"\1… ", text)


def shortened(text: str, width: int) -> str:
    """``text`` in at most about ``width`` characters, cut after a whole word with " …"."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[:width + 1].rsplit(" ", 1)[0] if " " in text[:width + 1] else text[:width]
    return head.rstrip(" ,;:-–") + " …"


def snippet(text: str, words: list[str], width: int = 160) -> str:
    """About ``width`` characters of ``text`` around the first query word in it, cut between
    whole words ("… " and " …" where it is cut)."""
    if not text:
        return ""
    folded = fold(text)
    at = min((i for i in (folded.find(_stem(fold(w))) for w in words) if i >= 0), default=0)
    start, end = max(0, at - width // 3), min(len(text), max(0, at - width // 3) + width)
    while 0 < start < at and not text[start - 1].isspace():
        start += 1  # from the next whole word (the query word itself stays)
    while end < len(text) and end > start and not text[end].isspace() and not text[end - 1].isspace():
        end -= 1  # up to the last whole word
    piece = " ".join(text[start:end].split())
    return ("… " if start else "") + piece + (" …" if end < len(text) else "")


PASSAGE_CHARS = 900  # a passage is cut at paragraphs near this length


def split_passages(text: str) -> list[tuple[str, str]]:
    """A paper's text as (label, passage): cut at the sections ALLRIS papers have
    (``Beschlussvorschlag``, ``Begründung`` …) and at paragraphs near ``PASSAGE_CHARS``;
    a passage is labelled with its section, else ``Abschnitt N``. A paragraph longer than
    twice that is cut after a sentence (a sentence longer still after a whole word, with
    " …" at the cut and "… " at the start of the rest)."""
    out: list[tuple[str, str]] = []
    section, counter = "", 0
    buffer: list[str] = []

    def flush() -> None:
        nonlocal counter, buffer
        joined = "\n".join(buffer).strip()
        buffer = []
        if joined:
            counter += 1
            out.append((section or f"Abschnitt {counter}", joined))

    def flush_long() -> None:
        nonlocal buffer
        while sum(len(b) for b in buffer) >= 2 * PASSAGE_CHARS:
            head, rest = _cut("\n".join(buffer))
            buffer = [head]
            flush()
            buffer = [rest] if rest else []

    for line in text.replace("\r\n", "\n").split("\n"):
        heading = _heading(line)
        if heading:
            flush()
            section, rest = heading
            if rest:
                buffer.append(rest)
            continue
        if not line.strip() and sum(len(b) for b in buffer) >= PASSAGE_CHARS:
            flush()
            continue
        buffer.append(line)
        flush_long()
    flush()
    return out


def _cut(text: str) -> tuple[str, str]:
    """A long paragraph as a passage up to about ``2 * PASSAGE_CHARS`` and the rest: the
    whole of it when it ends a sentence, else after its last sentence there, else after a
    whole word (marked " …" and "… ")."""
    limit, least = 2 * PASSAGE_CHARS, PASSAGE_CHARS // 2
    if len(text) <= limit + PASSAGE_CHARS // 4 and re.search(r"[.!?;:][)\]“\"]?\s*$", text):
        return text, ""
    ends = [m for m in _SENTENCE_END.finditer(text, 0, limit) if m.start() >= least]
    if ends:
        return text[:ends[-1].start()].strip(), text[ends[-1].end():].strip()
    space = max(text.rfind(" ", least, limit), text.rfind("\n", least, limit))
    at = space if space > 0 else limit
    return text[:at].rstrip() + " …", "… " + text[at:].strip()


_HEADING = re.compile(rf"^\s*({'|'.join(re.escape(s) for s in council.SECTIONS)})"
                      r"(?:\s*/\s*\w+)?\s*:?\s*(.*)$", re.IGNORECASE)


def _heading(line: str) -> tuple[str, str] | None:
    match = _HEADING.match(line)
    if not match or len(line) > 200:
        return None
    rest = match.group(2).strip()
    if rest and not line.split(match.group(1), 1)[-1].lstrip().startswith((":", "/")):
        return None  # "Antrag der Fraktion …" is a sentence, not a heading
    name = next(s for s in council.SECTIONS if s.lower() == match.group(1).lower())
    return name, rest
