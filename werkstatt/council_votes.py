"""Votes in council papers, each with the motion it decided.

A vote alone ("3 Ja-Stimmen, 12 Nein-Stimmen") tells the reader nothing: which motion, and
was it carried? ALLRIS records votes in four shapes, and each says (or lets us say) what was
voted on:

- the vote table of an extract ("Ja-Stimmen" / "37" on separate lines): the paper itself, its
  result the extract's Beschlussart;
- label lines ("Ja-Stimmen: 17") after a line naming the motion ("Der Vorsitzende lässt über
  den Vertagungsantrag abstimmen:", "Abstimmungsergebnis Punkt 2:") and a result label
  ("Mehrheitliche Ablehnung bei");
- a sentence ("Der Änderungsantrag wird mit 6 Ja-Stimmen, 8 Nein-Stimmen und 1 Enthaltung
  abgelehnt."): the document's own words;
- counts under "Ergebnis Bauausschuss:": the paper, without a result of its own.

``Vote.statement`` gives one sentence naming the motion with its vote, from these facts only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RESULT_LABELS = {"annahme": "angenommen", "ablehnung": "abgelehnt"}
_LABEL_COUNT = re.compile(r"^(Ja|Nein)-Stimmen\s*:?\s*(\d+)$|^Enthaltung(?:en)?\s*:?\s*(\d+)$",
                          re.IGNORECASE)
_RESULT_LINE = re.compile(r"^(?:(mehrheitliche|einstimmige)\s+)?(Annahme|Ablehnung)(?:\s+bei)?\s*:?$",
                          re.IGNORECASE)
_POINT_LINE = re.compile(r"^Abstimmung(?:sergebnis)?\s+(?:zu\s+|über\s+)?(?:Punkt|Ziffer)\s+(\d+)\s*:?$",
                         re.IGNORECASE)
_ABOUT = re.compile(r"\büber\s+(den|die|das)\s+(.{3,140}?)\s+abstimmen\b|"
                    r"^(?:Beschluss|Abstimmung)\s+über\s+(den|die|das)\s+(.{3,140}?)\s*:?$", re.IGNORECASE)
_INLINE = re.compile(
    r"(\d+)\s*Ja-Stimmen[\s,]*(?:und\s*)?(\d+)\s*Nein-Stimmen(?:[\s,]*(?:und\s*)?(\d+)\s*"
    r"Enthaltung(?:en)?)?", re.IGNORECASE)
_DECIDED = re.compile(r"\b(beschlossen|abgelehnt|angenommen|zugestimmt|beschließt|lehnt\b.*\bab|"
                      r"stimmt\b.*\bzu|vertagt|überwiesen)\b", re.IGNORECASE)
_ACCUSATIVE = {"der": "den", "die": "die", "das": "das"}
_FEMININE = re.compile(r"(Bürgerschaft|Versammlung|Kommission|Konferenz|Vertretung|Runde)\b")


@dataclass
class Motion:
    """What was voted on, as a noun phrase with its article ("der", "die", "das"; "" for none,
    as in "Punkt 2 des Antrags")."""

    article: str
    noun: str

    def nominative(self) -> str:
        return f"{self.article.capitalize()} {self.noun}".strip()

    def accusative(self) -> str:
        return f"{_ACCUSATIVE.get(self.article, self.article)} {self.noun}".strip()


@dataclass
class Vote:
    who: str  # the body that voted ("" if the paper does not say)
    yes: int
    no: int
    abstain: int | None = None
    motion: Motion | None = None  # None: the paper itself
    result: str = ""  # "abgelehnt", "mehrheitlich angenommen", … ("" if the paper does not say)
    sentence: str = ""  # the document's own sentence, where it names the motion and the result
    point: int | None = None  # the numbered item of the decision voted on ("Punkt 2")

    def describe(self) -> str:
        parts = [f"{self.yes} Ja-Stimmen", f"{self.no} Nein-Stimmen"]
        if self.abstain is not None:
            parts.append(f"{self.abstain} Enthaltung{'en' if self.abstain != 1 else ''}")
        return ", ".join(parts)

    def counts(self) -> str:
        """ "37 Ja-Stimmen und 5 Nein-Stimmen", "6 Ja-Stimmen, 8 Nein-Stimmen und 1 Enthaltung"."""
        first, _, last = self.describe().rpartition(", ")
        return f"{first} und {last}"

    def statement(self, paper_motion: Motion, committee: str = "") -> str:
        """One sentence: the motion with its vote (and its result, where the paper gives one)."""
        if self.sentence:
            return self.sentence
        motion = self.motion or paper_motion
        if self.result:
            where = f" ({self.who})" if self.who and self.who != committee else ""
            return f"{motion.nominative()}{where} wurde mit {self.counts()} {self.result}."
        where = f" {dative(self.who)}" if self.who else ""
        return f"Abstimmung{where} über {motion.accusative()}: {self.describe()}."

    def rejected(self) -> bool:
        return "abgelehnt" in self.result or bool(re.search(r"\babgelehnt\b", self.sentence))


def dative(body: str) -> str:
    """ "im Hauptausschuss", "in der Bürgerschaft der Hansestadt Lübeck"."""
    return f"in der {body}" if _FEMININE.search(body.split(" der ")[0]) else f"im {body}"


def paper_motion(title: str, lead: str, nearby: str = "") -> Motion:
    """The paper as the motion voted on: "der Antrag der SPD-Fraktion „Schulwegsicherheit …“",
    "die Vorlage „Kein Ankauf …“"; without a title, what the text near the vote calls it."""
    title = re.sub(r"^(?:AT|NEU)\s*:\s*", "", title.strip()).rstrip(".")
    head = re.match(r"^((?:\w+-)?(?:Dringlichkeits|Änderungs|Austausch|Ergänzungs|Zusatz)?[Aa]ntrag\b"
                    r"[^:„“]{0,120}):\s*(.+)$", title)
    if head:
        who = re.sub(r"\s+[-–]\s+(.+)$", r" (\1)", head.group(1).strip())
        return Motion("der", f"{who[0].upper()}{who[1:]} „{head.group(2).strip()}“")
    if title:
        is_motion = "antrag" in title.lower() or "fraktion" in lead.lower()
        return Motion("der", f"Antrag „{title}“") if is_motion else Motion("die", f"Vorlage „{title}“")
    return Motion("der", "Antrag") if "Antrag" in nearby else Motion("die", "Vorlage")


def outcome_result(outcome: str) -> str:
    """An extract's Beschlussart as the result of its vote ("" for "(offen)", "zur Kenntnis …")."""
    outcome = outcome.strip()
    if re.search(r"beschlossen|abgelehnt|angenommen|vertagt|zurückgezogen|überwiesen", outcome):
        return outcome
    return ""


def label_votes(text: str, who: str) -> list[Vote]:
    """Votes given as "Ja-Stimmen: 17" lines, each with the motion and result named just before."""
    lines = [ln.strip() for ln in text.split("\n")]
    votes: list[Vote] = []
    i = 0
    while i < len(lines):
        counts: dict[str, int] = {}
        j = i
        while j < len(lines) and (m := _LABEL_COUNT.match(lines[j])):
            key = ("yes" if m.group(1).lower() == "ja" else "no") if m.group(1) else "abstain"
            counts[key] = int(m.group(2) or m.group(3))
            j += 1
        if "yes" not in counts and "no" not in counts:
            i += 1
            continue
        vote = Vote(who, counts.get("yes", 0), counts.get("no", 0), counts.get("abstain"))
        _context(vote, [ln for ln in lines[max(0, i - 6):i] if ln][-4:])
        votes.append(vote)
        i = j
    return votes


def _context(vote: Vote, before: list[str]) -> None:
    """The result label and the motion named in the lines just before a vote."""
    for line in reversed(before):
        result = _RESULT_LINE.match(line)
        if result and not vote.result:
            kind = (result.group(1) or "").lower()
            adverb = {"mehrheitliche": "mehrheitlich ", "einstimmige": "einstimmig "}.get(kind, "")
            vote.result = adverb + RESULT_LABELS[result.group(2).lower()]
            continue
        point = _POINT_LINE.match(line)
        if point:
            vote.point = int(point.group(1))
            return
        about = _ABOUT.search(line)
        if about:
            article = (about.group(1) or about.group(3)).lower()
            noun = (about.group(2) or about.group(4)).strip()
            vote.motion = Motion({"den": "der"}.get(article, article), noun)
            return


def inline_votes(text: str) -> list[Vote]:
    """Votes written as counts in the text; a sentence that also says what was decided is kept."""
    votes = []
    for m in _INLINE.finditer(text):
        before = text[max(0, m.start() - 160):m.start()]
        who = ""
        label = re.findall(r"Ergebnis ([^:\n]+):\s*$|(?:Der|Die|Das) ((?:[A-ZÄÖÜ][\w-]*\s?){1,4})"
                           r"(?:hat|haben)", before)
        if label:
            who = (label[-1][0] or label[-1][1]).strip()
        abstain = int(m.group(3)) if m.group(3) else None
        vote = Vote(who, int(m.group(1)), int(m.group(2)), abstain)
        sentence = _sentence_around(text, m.start(), m.end())
        if (sentence and _DECIDED.search(sentence) and len(sentence) <= 320
                and not sentence.endswith(":")):
            vote.sentence = sentence
        votes.append(vote)
    return votes


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``start``–``end`` (within one paragraph), or ""."""
    left = max(text.rfind("\n", 0, start), *(m.end() - 1 for m in re.finditer(
        r"[.!?]\s(?=[A-ZÄÖÜ])", text[:start])), -1) + 1
    right_match = re.search(r"[.!?:](?=\s|$)|\n", text[end:])
    if right_match is None or right_match.group(0) == "\n":
        return ""
    sentence = " ".join(text[left:end + right_match.end()].split())
    return sentence if re.match(r"[A-ZÄÖÜ]", sentence) else ""
