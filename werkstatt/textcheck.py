"""What a reader sees in a writing draft, found by rule: the checks of letters, e-mail answers,
minutes and Einfache Sprache (issue 27). Pure functions, no model, fast; ``make eval`` counts
them and the writing pipelines use them to drop sentences and to rank candidates.

- ``frame(text)``: salutations and closings; the first salutation at the top and the last
  closing at the end are the app's frame, every other one was written by the model, and a
  second closing is a doubled one. ``body(text)`` is what stands between them.
- ``unbacked(sentence, sources, vetted)``: a sentence whose content words stand in neither the
  notes, the form, nor the template's vetted phrases. How: every word of three letters or more
  that is not on a stoplist of German function words and common letter vocabulary must be
  found in the sources, as it is, inflected (a light stem: suffixes off, umlauts folded,
  "ge" of a participle off, so "eingegangen" finds "Eingang") or as a compound of such
  parts ("Parkausweis" in "Bewohnerparkausweis", "Ausweisgebühr" from "Ausweis" and
  "Gebühr"). A sentence is unbacked when two of its content words are not found, or one
  of at most two. On the hand-written good letters of the evaluation set no sentence is flagged.
- ``fact_issues(text, sources)``: numbers, amounts, dates, references and names the sources
  lack (``sourcecheck``), each marked changed when the closest note holds a fact of the same
  kind that the draft lacks ("bis 15. Juni" written as "nach dem 16. Juni"), else invented.
- ``foreign_lines(text)``: English lines and phrases ("Sincerely", "Best regards", "Dear …")
  by known phrases and the share of English function words; CJK characters.
- ``placeholders(text)`` ("[Name]", "XX.XX.XXXX", "<Datum>", "{{name}}") and
  ``instruction_text(text, instructions, document)`` (``quality``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from . import quality, sourcecheck
from .summary_points import sentences as split_sentences

SALUTATION = re.compile(
    r"^\s*(sehr geehrte[rs]?\b|liebe[rs]?\s+\w|hallo\b|guten (tag|morgen|abend)\b|moin\b|"
    r"dear\b|hi\b|hello\b)", re.IGNORECASE)
CLOSING = re.compile(
    r"^\s*((herzlich(st)?\s+)?mit (den )?(freundliche[nm]|beste[nm]|herzliche[nm]|vielen) "
    r"gr(ü|ue)(ß|ss)(en|e)?|"
    r"(freundliche|viele|vielen|beste|herzliche|liebe|schöne|sonnige) gr(ü|ue)(ß|ss)e|"
    r"gr(ü|ue)(ß|ss)e (aus|von)\b|hochachtungsvoll|sincerely|yours (sincerely|faithfully|truly)|"
    r"(best|kind|warm|warmest)\s+regards|regards\b|best wishes|cheers\b|danke(schön| sehr)?,|"
    r".{0,30}\bgr(ü|ue)(ß|ss)(e|en)\b[,.!]?\s*$)", re.IGNORECASE)
SIGNATURE_LINES = 4  # short lines after the app's closing (name, office, phone)
PLACEHOLDER = re.compile(
    r"\[[^\]\n]{1,40}\]|<[A-Za-zÄÖÜäöüß .\-]{2,30}>|\{\{[^}\n]{0,40}\}\}|"
    r"\b[Xx]{1,2}\.[Xx]{1,2}\.([Xx]{2,4}|\d{4})\b|\b(XXX+|xxx+|TT\.MM\.JJJJ)\b|_{3,}|\.{4,}")
ENGLISH_PHRASE = re.compile(
    r"\b(sincerely|best regards|kind regards|yours (sincerely|faithfully|truly)|dear (mr|mrs|ms|sir|madam)"
    r"|your (name|place|address|signature)|thank you|please find|looking forward|best wishes"
    r"|january|february|march|june|july|october|december|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b",
    re.IGNORECASE)
ENGLISH = set("""the and of you your to for with is are we our this that please thank thanks dear
regards sincerely would should could have has been it they their from by at on not can if my me
i will be any there here which who what when about following""".split()) - {"will"}
GERMAN = set("""der die das und ist sind sie ihr ihre ihnen wir uns nicht ein eine einen dem den des
mit für auf bei von zu zum zur im in an am als auch bitte wird werden haben hat kann können""".split())
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# Words that back themselves: German function words, auxiliaries and the common vocabulary of
# a letter of the administration (not facts: no amounts, dates, decisions or objects).
STOPLIST = frozenset("""
aber alle allen aller alles als also am an andere anderen auch auf aus außerdem bei beim bereits
bis bitte bitten bleibt da dabei dadurch dafür dagegen daher damit danach dann daran darauf darin
darüber darum das dass davon dazu dem den denen denn der deren derzeit des deshalb dessen die dies
diese diesem diesen dieser dieses doch dort du durch eben ebenfalls ein eine einem einen einer eines
einige entweder er es etwa etwas euch euer falls fest für ganz gegen gern gerne gibt gilt haben
habe hat hatte hätte heute hier hiermit hierzu ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres
im immer in indem ins ist ja je jedoch jede jedem jeden jeder jedes jetzt kann kein keine keinen
können könnten künftig lassen leider man mehr mein meine mich mir mit möchte möchten muss müssen
nach nachdem neben nein nicht nichts noch nun nur ob oder ohne per sehr sein seine seit selbst
sich sie sind so sobald sodass solche soll sollen sollte sollten sondern sowie später statt um
und uns unser unsere unter viel viele vielen vom von vor während wann war waren warum was weil
weiter weitere weiteren welche wenn wer werde werden wie wieder wir wird wo wurde wurden zu zum zur
zwar zwischen einmal zudem insbesondere gegebenenfalls ggf bzw dies daß allerdings somit sowohl
herr herrn frau damen herren geehrte geehrter sehr liebe lieber guten tag hallo grüßen grüße gruß
freundlichen freundlichem dank danke vielen bedanken herzlich herzlichen schreiben anliegen anfrage
nachricht mail email e-mail brief post telefon telefonisch erreichen erreichbar melden rückfragen
fragen frage stehen steht zur gerne informieren mitteilen mitteilung teilen hinweis
hinweisen beachten verstehen verständnis entschuldigen freundlich
stadt hansestadt lübeck bürgerinnen bürger bürgerbüro geben erhalten
bekommen lassen gehen kommen machen sagen nehmen finden sehen wissen tun stellen liegen
möglich nötig notwendig gut neu neue neuen neuer schon bald wieder direkt zusätzlich also
ihnen sich jeweils zeit tage tagen woche wochen monat monaten jahr jahre jahren uhr datum über
aktenzeichen zeichen lautet lauten betreff nummer""".split())
# A time limit the notes do not give is never a connecting word ("bis zum Ende des Jahres").
TIME_WORDS = frozenset("""ende anfang mitte frist fristen spätestens umgehend unverzüglich
sofort morgen übermorgen nächste nächsten kommende kommenden""".split())
MIN_LETTERS = 3
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*")
_SUFFIXES = ("ungen", "innen", "ung", "ern", "en", "er", "es", "em", "e", "n", "s", "st", "t")
_PARTICLES = ("", "ab", "an", "auf", "aus", "ein", "mit", "nach", "vor", "zu", "zurück", "weg",
              "fest", "her", "hin", "bei", "dar", "zusammen", "frei", "bereit")
_FOLD = str.maketrans("äöü", "aou")
_YEAR = re.compile(r"(?<![\d.,/-])(?:19|20)\d{2}(?![\d,]|\.\d)")


@dataclass
class Frame:
    """Salutation and closing lines (0-based line numbers) and what of them the model wrote."""

    salutations: list[tuple[int, str]] = field(default_factory=list)
    closings: list[tuple[int, str]] = field(default_factory=list)
    app_salutation: int | None = None  # the line of the app's salutation, if any
    app_closing: int | None = None

    @property
    def model_written(self) -> list[str]:
        """Every salutation and closing line outside the app's frame."""
        return ([line for n, line in self.salutations if n != self.app_salutation]
                + [line for n, line in self.closings if n != self.app_closing])

    @property
    def doubled_closings(self) -> int:
        """Closings beyond the first (a letter has one)."""
        return max(0, len(self.closings) - 1)


def frame(text: str) -> Frame:
    """Where the draft's salutations and closings stand: the first line, if it is a salutation,
    and the last closing, if only a short signature follows it, are the app's frame."""
    lines = text.splitlines()
    found = Frame()
    for number, line in enumerate(lines):
        if SALUTATION.match(line):
            found.salutations.append((number, line.strip()))
        elif CLOSING.match(line):
            found.closings.append((number, line.strip()))
    filled = [n for n, line in enumerate(lines) if line.strip()]
    if found.salutations and filled and found.salutations[0][0] == filled[0]:
        found.app_salutation = filled[0]
    if found.closings:
        last = found.closings[-1][0]
        after = [lines[n] for n in filled if n > last]
        if len(after) <= SIGNATURE_LINES and all(len(line.split()) <= 8 for line in after):
            found.app_closing = last
    return found


def body(text: str) -> str:
    """The text between the app's salutation and its closing (all of it if there is none)."""
    lines = text.splitlines()
    found = frame(text)
    start = found.app_salutation + 1 if found.app_salutation is not None else 0
    end = found.app_closing if found.app_closing is not None else len(lines)
    kept = [line for n, line in enumerate(lines[start:end], start) if not any(
        n == m for m, _ in found.salutations + found.closings)]
    return "\n".join(kept).strip()


# Sentence ends as the summary finds them in documents (not after "St.", "Nr.", "3." or "z. B."),
# and before a lower-case word too: a small model starts sentences in lower case.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[a-zäöüß])|(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"(])|\n+")
_NO_END = re.compile(r"(\b\d{1,3}|\b[A-Za-zÄÖÜäöüß]|\b(St|Dr|Nr|Abs|Prof|bzw|ca|rd|vgl|gem|ggf|inkl|Str|"
                     r"Tel|z\. ?B|u\. ?a|d\. ?h|Ö|TOP|Mio|Mrd|Tsd|Std|Min|Jh|Art|Az|mind|Fr|Hr|HR|Hrn|nä|"
                     r"usw|etc))\.$")
_MARKERS = re.compile(r"^(?:(?:[-*•]|\(?\d+(?:\.\d+)*[.):])\s+)+")  # "- 1. ", "5.1: ", "(2) "


def _summary_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for every sentence or line of ``text``, list markers left out:
    the summaries' splitter with the wider patterns above (a lower-case start after a full
    stop, the abbreviations of rough notes)."""
    return split_sentences(text, _SENTENCE_END, _NO_END, _MARKERS)


_WRAPPED = re.compile(r"(?m)^(?!\s*(?:[-*•#]|\d+[.)]))(.*[^\s.!?:;,])\n"
                      r"(?!\s*(?:[-*•#]|\d+[.)]|\**[\wäöüÄÖÜß ]{1,30}:|\n))")


def sentences(text: str) -> list[str]:
    """The sentences and lines of ``text``, without list markers, heading marks and bold."""
    plain = _WRAPPED.sub(r"\1 ", text)  # a paragraph wrapped over lines is one text
    plain = re.sub(r"^\s*#{1,6}\s*", "", plain, flags=re.MULTILINE).replace("**", "")
    return [s for _, _, s in _summary_sentences(plain) if _WORD.search(s)]


def _stem(word: str) -> str:
    word = word.lower().translate(_FOLD).replace("ß", "ss")
    for _ in range(2):  # "ändert" -> "änder" -> "änd", as "ändern" -> "änd"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[:-len(suffix)]
                break
    return word


def _variants(word: str) -> set[str]:
    """The word's stem and, for a participle ("eingegangen", "gestellt"), the stem without "ge"."""
    lower = word.lower()
    found = {_stem(lower)}
    for particle in _PARTICLES:
        if lower.startswith(particle + "ge") and len(lower) - len(particle) - 2 >= 4:
            found.add(_stem(particle + lower[len(particle) + 2:]))
    return found


def _heads(word: str) -> set[str]:
    """What a source word also backs: a separable verb's verb ("nachreichen": "reichen") and
    a compound's head ("Wohngeldantrag": "antrag"), as stems of five letters or more."""
    lower = word.lower()
    return {_stem(lower[k:]) for k in range(2, len(lower) - 4)} if len(lower) >= 7 else set()


class Backing:
    """The words a set of sources holds, ready for quick look-ups (stems, stem prefixes)."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.words: set[str] = set(STOPLIST)
        self.stems: set[str] = {_stem(word) for word in STOPLIST}  # exact forms only, no parts
        self.prefixes: set[str] = set()
        found: set[str] = set()
        for text in sources:
            for w in _WORD.findall(text):
                found.add(w.lower())
                found.update(part.lower() for part in w.split("-") if part)
        self.words |= found
        for word in found:
            for stem in _variants(word):
                self.stems.add(stem)
                self.prefixes.update(stem[:k] for k in range(5, len(stem) + 1))
        self.heads = {h for word in found for h in _heads(word) if len(h) >= 5}

    def part(self, piece: str) -> bool:
        """A word or compound part found in the sources (inflected or a compound's head)."""
        if piece in self.words:
            return True
        for stem in _variants(piece):
            if stem in self.stems or (len(stem) >= 5 and (stem in self.prefixes or stem in self.heads)):
                return True
            if any(stem[:k] in self.stems for k in range(5, len(stem))):
                return len(stem) <= 12  # "bewilligung" for "bewillig…", not a long compound
        return False

    def has(self, word: str) -> bool:
        """``word`` is found as it is, inflected, or as a compound of found parts."""
        lower = word.lower()
        if "-" in lower:
            return all(self.has(part) for part in lower.split("-") if len(part) >= MIN_LETTERS)
        return self.part(lower) or _compound(lower, self)


def _compound(word: str, backing: Backing) -> bool:
    @cache
    def split(start: int) -> bool:
        if start == len(word):
            return True
        for end in range(len(word), start + MIN_LETTERS - 1, -1):
            piece = word[start:end]
            if (len(piece) >= 4 or piece in backing.words) and backing.part(piece):
                if split(end) or (end < len(word) and word[end] in "sn" and split(end + 1)):
                    return True
        return False
    return len(word) >= 8 and split(0)


def content_words(sentence: str) -> list[str]:
    """The words of ``sentence`` that carry content (not on the stoplist, three letters or more)."""
    return [w for w in _WORD.findall(sentence)
            if len(w) >= MIN_LETTERS and w.lower() not in STOPLIST]


def unbacked(sentence: str, sources: Iterable[str] | Backing, vetted: Iterable[str] = ()) -> str:
    """Why ``sentence`` is not backed by the sources ("" if it is): its content words that
    neither the sources (notes, form values) nor the vetted phrases hold."""
    backing = sources if isinstance(sources, Backing) else Backing([*sources, *vetted])
    words = content_words(sentence)
    missing = list(dict.fromkeys(w for w in words if not backing.has(w)))
    if len(missing) >= 2 or (missing and len(words) <= 2) or any(
            w.lower() in TIME_WORDS for w in missing):
        return "nicht in den Stichpunkten: " + ", ".join(missing)
    return ""


@dataclass(frozen=True)
class FactIssue:
    """A fact of the draft that the sources lack: changed (the closest note has another
    fact of its kind) or invented."""

    kind: str
    text: str
    changed: bool
    note: str = ""  # the note's line it was compared with


def _kind(finding: sourcecheck.Finding) -> str:
    return "Zahl" if finding.kind in ("Zahl", "Betrag") else finding.kind


def fact_issues(text: str, sources: Iterable[str]) -> list[FactIssue]:
    """The draft's facts the sources lack, each marked changed or invented."""
    sources = list(sources)
    notes = [line.strip() for s in sources for line in s.splitlines() if line.strip()]
    issues = []
    spans = _summary_sentences(text)
    found = sourcecheck.check(text, sources)
    for finding in found:
        line = next((s for a, b, s in spans if a <= finding.start < b), finding.text)
        mine = set(content_words(line.lower()))
        best = max(notes, key=lambda n: len(mine & set(content_words(n.lower()))), default="")
        lacking = [f for f in sourcecheck.check(best, [text]) if _kind(f) == _kind(finding)]
        shared = len(mine & set(content_words(best.lower())))
        issues.append(FactIssue(finding.kind, finding.text, bool(lacking) and shared >= 1,
                                best if lacking else ""))
    joined = "\n".join(sources)
    for m in _YEAR.finditer(text):  # "22. August 2017" for "22. August": the year is new
        if m.group(0) not in joined and not any(i.start <= m.start() < i.end for i in found):
            issues.append(FactIssue("Datum", m.group(0), True, "Jahr nicht in den Quellen"))
    return issues


def foreign_lines(text: str) -> list[str]:
    """Lines (or the phrases in them) that are not German: English, CJK characters."""
    found = []
    for line in text.splitlines():
        words = [w.lower() for w in _WORD.findall(line)]
        english = sum(w in ENGLISH for w in words)
        german = sum(w in GERMAN for w in words)
        phrase = ENGLISH_PHRASE.search(line)
        if (CJK.search(line) or phrase or (english >= 2 and english > german)
                or (words and len(words) <= 3 and english == len(words))):
            found.append(line.strip())
    return found


# The app's own marks for the user to fill, set on purpose and said in the draft's notes: the
# minutes' "[offen]" (an owner or date the notes do not name) and a letter's unsigned closing.
APP_MARKS = frozenset({"[offen]", "[Unterzeichnende Person]"})


def placeholders(text: str) -> list[str]:
    """Left-over placeholders: "[Name]", "<Datum>", "XX.XX.XXXX", "{{name}}", "____" (not the
    app's own marks, ``APP_MARKS``)."""
    return [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0) not in APP_MARKS]


def instruction_text(text: str, instructions: str, document: str = "") -> list[str]:
    """Text the model took from its instructions or about the task ("Hier ist der Brief")."""
    found = quality.assess(text, instructions, document).leaked
    return list(dict.fromkeys(found))


@dataclass
class DraftCheck:
    """Everything the checks find in one writing draft; ``penalty`` ranks candidates."""

    sentences: list[str] = field(default_factory=list)
    unbacked: list[tuple[str, str]] = field(default_factory=list)  # (sentence, reason)
    facts: list[FactIssue] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    model_frame: list[str] = field(default_factory=list)
    doubled_closings: int = 0
    placeholders: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)

    @property
    def changed_facts(self) -> list[FactIssue]:
        return [f for f in self.facts if f.changed]

    def penalty(self) -> float:
        """Lower is better: what a reader would send back first weighs most."""
        hard = (len(self.foreign) + len(self.model_frame) + self.doubled_closings
                + len(self.placeholders) + len(self.instructions))
        return 10.0 * hard + 5.0 * len(self.facts) + 3.0 * len(self.unbacked)


def check_draft(text: str, sources: Iterable[str], vetted: Iterable[str] = (),
                instructions: str = "", letter: bool = True) -> DraftCheck:
    """All checks of one draft; ``letter`` says whether it has a frame (salutation, closing)."""
    sources, vetted = list(sources), list(vetted)
    found_frame = frame(text) if letter else Frame()
    main = body(text) if letter else text
    backing = Backing([*sources, *vetted])
    result = DraftCheck(sentences=sentences(main))
    result.unbacked = [(s, why) for s in result.sentences if (why := unbacked(s, backing))]
    result.facts = fact_issues(main, [*sources, *vetted])
    result.foreign = foreign_lines(text)
    result.model_frame = found_frame.model_written
    result.doubled_closings = found_frame.doubled_closings
    result.placeholders = placeholders(text)
    result.instructions = instruction_text(text, instructions, "\n".join(sources))
    return result
