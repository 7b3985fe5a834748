"""The structure of council papers (ALLRIS and similar): what a summary must get right.

A Vorlage, an Anfrage with its answer or an extract from minutes (Auszug) carries, besides
its text, a header the reader needs first — Betreff, the file reference, who is in charge,
the Beratungsfolge with each body's result — and often a vote. Copied out of ALLRIS, that
header is run together ("Dezernent/in:Bürgermeister Jan LindenauBezüglich:"), followed by a
table of contents, form boilerplate, a vote table whose labels ("einstimmige Annahme") are
not the result, and a Stammbaum. ``parse`` separates all that: the facts go into fields
(stated in the summary exactly, without the model), the text that matters into ``body``
(what the model summarises). A document without any of it comes back as its own body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .council_votes import Motion, Vote, inline_votes, label_votes, outcome_result, paper_motion

SECTIONS = (
    "Beschlussvorschlag", "Beschluss", "Sachverhalt", "Begründung", "Anlagen", "Anlage/n",
    "Anlage", "Stammbaum", "Wortprotokoll", "Abstimmungsergebnis", "Finanzielle Auswirkungen",
    "Beteiligte Bereiche und Projektgruppen", "Beratungsinhalt", "Beratungsergebnis",
    "Protokoll", "Inhalt", "Antrag", "Anfrage", "Antwort", "Frage",
)
DROPPED = {"anlagen", "anlage/n", "anlage", "stammbaum", "abstimmungsergebnis",
           "finanzielle auswirkungen", "beteiligte bereiche und projektgruppen"}
RESULTS = (
    "geändert beschlossen", "unverändert beschlossen", "mehrheitlich beschlossen",
    "einstimmig beschlossen", "beschlossen", "abgelehnt", "zur Kenntnis genommen / ohne Votum",
    "zur Kenntnis genommen", "vertagt", "zurückgezogen", "überwiesen", "ohne Votum",
)
_FIELD_KEYS = ("Betreff", "Status", "Dezernent/in", "Bezüglich", "Federführend", "Beteiligt",
               "Bearbeiter/-in", "Aktenzeichen", "TOP", "Gremium", "Beschlussart", "Datum",
               "Zeit", "Anlass", "Raum", "Ort")
_FIELD = re.compile(rf"({'|'.join(re.escape(k) for k in _FIELD_KEYS)}):\s*")
_REFERENCE = re.compile(r"\b(?:[A-Z]{1,3}/)?\d{4}/\d+(?:-\d+)*\b")
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_SESSION = re.compile(r"^\d+\.\s+Sitzung\b.*$")
_NOISE_LINE = re.compile(
    r"^(Bürgerinformationssystem|Status:.*|Zeit:.*|Raum:.*|Ort:.*|Anlass:.*|Keine|"
    r"Verfahren|Bereiche/Projektgruppen|Ergebnis|Ja|Nein|Nein- Begründung:|neu|freiwillig|"
    r"vorgeschrieben durch:|Die Maßnahme ist:|Beteiligung von Kindern und Jugendlichen|"
    r"gem\. § 47 f GO ist erfolgt:|Ja \(Anlage \d+\)|\||"
    r"Quelle:\s*(?:https?://|www\.).*|(?:https?://|www\.)\S+)$")  # the page's address, not its text
_VOTE_LABELS = {"ja-stimmen": "yes", "nein-stimmen": "no", "enthaltungen": "abstain"}
_ANSWER_HEADING = re.compile(r"^Antwort\s+(?:des|der|von)\s+[^!?]{2,90}:$")
_NAME = (r"(?:[A-ZÄÖÜ][\w´'’-]*\.?|\([^()]{1,40}\)|"
         r"von|der|die|den|des|und|sowie|erneut|nochmals|ebenfalls|beide)")
_SPEAKERS = re.compile(  # "Hierzu sprechen BM Mählenhoff, BM Fürter und BM Lötsch."
    rf"^(?:(?:Hierzu|Dazu|Es|Weiterhin|Anschließend|Danach|Ferner|Außerdem|Zudem|Sodann)\s+)?"
    rf"(?:sprechen|spricht|äußern sich|äußert sich)\s+{_NAME}(?:[\s,]+{_NAME})*\s*\.$")
_PROCEDURE = re.compile(  # who comes, goes or chairs: no content of the paper
    r"^[^.!?]{0,80}\b(?:verlässt (?:die Sitzung|den Saal)|nimmt [^.!?]{0,40}an der Sitzung teil|"
    r"übernimmt [^.!?]{0,60}den Vorsitz|verliest die Rednerliste)\b[^!?]{0,40}\.$|"
    r"^(?:Der|Die|Das) \w+ nimmt (?:davon |dies )?Kenntnis\.$")  # the Beschlussart says so
_VOTE_CONTEXT = re.compile(
    r"^(?:(?:mehrheitliche|einstimmige)\s+)?(?:Annahme|Ablehnung)(?:\s+bei)?\s*:?$|"
    r"^Abstimmung(?:sergebnis)?\s+(?:zu\s+|über\s+)?(?:Punkt|Ziffer)\s+\d+\s*:?$|"
    r"^(?:Ja|Nein)-Stimmen\s*:?\s*\d+$|^Enthaltung(?:en)?\s*:?\s*\d+$|"
    r"^(?:Beschluss|Abstimmung) über (?:den|die|das) [^.!?]{3,140}:?$|"
    r"^[^.!?]{0,60}\blässt (?:nunmehr |nun )?über (?:den|die|das) [^.!?]{3,140} abstimmen[.:]?$",
    re.IGNORECASE)
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n\s*([a-zäöüß])")


@dataclass
class Step:
    """One entry of the Beratungsfolge: a body, why it sees the paper, when, the result."""

    body: str
    purpose: str = ""  # "zur Entscheidung", "zur Kenntnisnahme", …
    date: str = ""
    result: str = ""


@dataclass
class Paper:
    kind: str = ""  # "Vorlage", "Auszug", "Beschlussvorlage", … ("" if not recognised)
    reference: str = ""
    title: str = ""
    lead: str = ""  # Federführend
    session: str = ""  # "20. Sitzung der Bürgerschaft der Hansestadt Lübeck"
    top: str = ""
    committee: str = ""  # Gremium of an Auszug
    date: str = ""
    outcome: str = ""  # Beschlussart of an Auszug
    steps: list[Step] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def structured(self) -> bool:
        return bool(self.title or self.steps or self.sections)

    def decision_text(self) -> str:
        """The sections that say what is to be decided or was decided."""
        return "\n\n".join(text for name, text in self.sections.items()
                           if name.lower() in ("beschlussvorschlag", "beschluss", "antrag"))

    def motion(self) -> Motion:
        """The paper as the motion its own vote decided ("der Antrag der SPD-Fraktion „…“")."""
        return paper_motion(self.title, self.lead, self.body)

    def items(self) -> dict[int, str]:
        """The numbered items of the decision ("1. Der Bürgermeister wird beauftragt, …")."""
        found = re.findall(r"(?m)^\s*(\d{1,2})[.)]\s+(\S.*)$", self.decision_text())
        return {int(n): text.strip() for n, text in reversed(found)}

    def rejected_text(self) -> str:
        """What of the decision was voted down: all of it for a rejected paper, else the items
        a vote by points rejected ("" if nothing was)."""
        last = next((step.result for step in reversed(self.steps) if step.result), "")
        main = self.votes[0] if self.votes and self.votes[0].motion is None and self.votes[0].point is None \
            and not self.votes[0].sentence else None
        if "abgelehnt" in self.outcome or "abgelehnt" in last or (main and main.rejected()):
            return self.decision_text()
        items = self.items()
        return "\n".join(items[v.point] for v in self.votes if v.point in items and v.rejected())


def _clean_value(value: str) -> str:
    value = re.sub(r"^\d+(\.\d+)*\s*-\s*", "", value.strip())  # "1.101 - Bürgermeisterkanzlei"
    return value.strip(" ,;")


def _fields(line: str) -> dict[str, str]:
    """'Gremium: Hauptausschuss Beschlussart: zur Kenntnis genommen' → both fields."""
    matches = list(_FIELD.finditer(line))
    if not matches or matches[0].start() != 0:
        return {}
    out = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        out[m.group(1)] = line[m.end():end].strip()
    return out


def _section_name(line: str) -> str | None:
    name = line.strip().rstrip(":").strip()
    for known in SECTIONS:
        if name.lower() == known.lower() or re.fullmatch(rf"{known}\s*\d+", name, re.IGNORECASE):
            return name
    return None


def _steps(lines: list[str]) -> list[Step]:
    """The Beratungsfolge: 'Body zur Entscheidung' / date / 'N. Sitzung … result'."""
    steps: list[Step] = []
    for line in lines:
        purpose = re.search(r"\b(zur (Entscheidung|Kenntnisnahme|Senatsberatung|Vorberatung|"
                            r"Beratung|Stellungnahme))$", line)
        if purpose:
            steps.append(Step(line[:purpose.start()].strip(), purpose.group(1)))
        elif steps and _DATE.fullmatch(line.strip()):
            steps[-1].date = line.strip()
        elif steps and _SESSION.match(line):
            for result in RESULTS:
                if line.rstrip().endswith(result):
                    steps[-1].result = result
                    break
    return steps


def _tabs(line: str) -> bool:
    """ "Wortprotokoll | Beschluss | Abstimmungsergebnis": the page's tabs, not its text."""
    pieces = [p.strip().rstrip(":") for p in line.split("|")]
    return len(pieces) > 1 and all(not p or _section_name(p) for p in pieces)


def _table_vote(text: str) -> Vote | None:
    """An ALLRIS vote table: a label line, then its number on the next non-empty line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    counts: dict[str, int] = {}
    for label, value in zip(lines, lines[1:]):
        key = _VOTE_LABELS.get(label.lower())
        if key and value.isdigit():
            counts[key] = int(value)
    if "yes" in counts or "no" in counts:
        return Vote("", counts.get("yes", 0), counts.get("no", 0), counts.get("abstain"))
    return None


def parse(document: str) -> Paper:
    paper = Paper()
    text = _HYPHEN_BREAK.sub(r"\1\2", document.replace("\r\n", "\n"))
    blocks: list[tuple[str, list[str]]] = [("", [])]  # (section name, lines), in order
    steps_block: list[str] = []
    in_steps = header_done = False
    in_contents = False  # ALLRIS lists the section names first: the text after them is the first's
    for raw in text.split("\n"):
        line = raw.strip()
        name = _section_name(line)
        if not header_done and not in_steps and not name and _header_line(paper, line):
            continue
        if line.startswith("Beratungsfolge"):
            in_steps = True
            continue
        if name:
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            in_steps = False
            if not header_done:
                header_done = in_contents = True
                blocks.append((name, [rest] if rest else []))
            elif in_contents and not any(ln for ln in blocks[-1][1]) and not rest:
                pass  # still the table of contents
            else:
                in_contents = False
                blocks.append((name, [rest] if rest else []))
            continue
        if in_steps:
            if line:
                steps_block.append(line)
            continue
        if _ANSWER_HEADING.match(line):  # "Antwort des Bereichs 5.660 Stadtgrün und Verkehr:"
            in_contents = False
            blocks.append(("Antwort", []))
            continue
        if not _NOISE_LINE.match(line) and not _tabs(line):
            if line:
                in_contents = False
            blocks[-1][1].append(line)
    paper.steps = _steps(steps_block)
    if not paper.title:  # "Beschlussvorlage VO/2026/0815: Sanierung …" as the first line
        _first_line_title(paper, blocks[0][1])
    table = "\n".join(ln for name, lines in blocks if name == "Abstimmungsergebnis" for ln in lines)
    kept = [(name, _clean(_join(lines))) for name, lines in blocks
            if name.lower() not in DROPPED and any(ln.strip() for ln in lines)]
    for name, body in kept:
        if name and body:
            paper.sections[name] = f"{paper.sections[name]}\n\n{body}" if name in paper.sections else body
    paper.body = "\n\n".join(body for _, body in kept if body)
    paper.votes = _votes(paper, table, "\n".join(ln for name, lines in blocks
                                                 if name != "Abstimmungsergebnis" for ln in lines), text)
    return paper


def _votes(paper: Paper, table: str, lines: str, text: str) -> list[Vote]:
    """The extract's own vote (its table: on the paper, with its Beschlussart as result), then
    votes on named motions ("Ja-Stimmen: 17" lines), then counts written in the text."""
    main = _table_vote(table) or next(iter(label_votes(table, "")), None)
    votes = []
    if main:
        votes.append(Vote(paper.committee, main.yes, main.no, main.abstain,
                          result=outcome_result(paper.outcome)))
    votes += label_votes(lines, paper.committee) + inline_votes(text)
    items = paper.items()
    genitive = "des Antrags" if paper.motion().noun.split()[0].lower().endswith("antrag") else "der Vorlage"
    for vote in votes:
        if vote.point is not None and vote.motion is None:
            said = f" („{items[vote.point].rstrip('.')}“)" if vote.point in items else ""
            vote.motion = Motion("", f"Punkt {vote.point} {genitive}{said}")
    return votes


def _first_line_title(paper: Paper, lines: list[str]) -> None:
    """Take "Kind REFERENCE: Title" from the first line (before lines are joined, so the
    paragraph after it stays out of the title)."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return
    m = re.match(rf"^(\w+)\s+({_REFERENCE.pattern}):\s*(.+)$", lines[first].strip())
    if m:
        paper.kind, paper.reference, paper.title = m.group(1), m.group(2), m.group(3)
        del lines[first]


def _header_line(paper: Paper, line: str) -> bool:
    """Take what a header line says into ``paper``; False if it is not a header line."""
    first = re.match(r"^(Vorlage|Auszug|Beschlussvorlage|Mitteilungsvorlage)\s*[-–]\s*(.*)$", line)
    if first and not paper.kind:
        paper.kind = first.group(1)
        rest = first.group(2).strip()
        ref = _REFERENCE.match(rest)
        if ref:
            paper.reference = ref.group(0)
            rest = rest[ref.end():].lstrip(" :–-")
        paper.title = paper.title or rest
        return True
    found = _fields(line)
    if found:
        for key, value in found.items():
            attribute = {"Betreff": "title", "TOP": "top", "Gremium": "committee",
                         "Beschlussart": "outcome", "Datum": "date"}.get(key)
            if attribute:
                setattr(paper, attribute, value)
            elif key == "Federführend":
                paper.lead = _clean_value(value)
        return True
    if _SESSION.match(line):
        paper.session = line
        return True
    ref = _REFERENCE.match(line)
    if ref:  # "VO/2023/12419" (Bezüglich) or "VO/2025/14739-01 AT: …" (the title again)
        paper.reference = paper.reference or ref.group(0)
        return True
    return False


def _wrapped(line: str, following: str) -> bool:
    """Whether ``following`` continues ``line`` (a PDF wrapped the sentence): the line is
    long and has no final punctuation, and the next goes on in lower case — or, after a
    line of 60 characters or more, is no list item or heading. Short lines (headings, table
    labels such as "einstimmige Annahme") stay apart."""
    line, following = line.strip(), following.strip()
    if len(line) < 40 or not re.search(r"[\wäöüß,]$", line) or not following:
        return False
    if re.match(r"[a-zäöüß]", following):
        return True
    return (len(line) >= 60 and not re.match(r"(\d+[.)]|[-•*(])", following)
            and _section_name(following) is None)


def _unwrap(text: str) -> str:
    """Join lines a PDF wrapped mid-sentence (see ``_wrapped``); one blank line between the
    pieces is allowed."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1 if i + 1 < len(lines) and lines[i + 1].strip() else i + 2
        while j < len(lines) and _wrapped(line, lines[j]):
            line = f"{line.rstrip()} {lines[j].strip()}"
            i = j
            j = i + 1 if i + 1 < len(lines) and lines[i + 1].strip() else i + 2
        out.append(line)
        i += 1
    return "\n".join(out)


def _merge_lists(text: str) -> str:
    """'Der Bürgermeister wird beauftragt:' with items '- alle … einzustellen' becomes one
    whole sentence per item: 'Der Bürgermeister wird beauftragt, alle … einzustellen.'"""
    out: list[str] = []
    intro, intro_at = "", -1
    for line in text.split("\n"):
        item = re.match(r"^\s*(?:[-•*]|[a-z]\)|\d+[.)])\s+([a-zäöüß].*)$", line)
        if item and intro:
            if intro_at >= 0:
                del out[intro_at]  # said with each item instead
                intro_at = -1
            out.append(f"{intro}, {item.group(1).strip()}")
            continue
        if line.strip():
            stripped = line.strip()
            intro = stripped[:-1] if stripped.endswith(":") and len(stripped) < 160 else ""
            intro_at = len(out) if intro else -1
        out.append(line)
    return "\n".join(out)


def _join(lines: list[str]) -> str:
    """Lines back into paragraphs (a blank line between paragraphs), wrapped lines joined,
    list items made whole sentences."""
    text = _merge_lists(_unwrap("\n".join(lines)))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _clean(text: str) -> str:
    """The text without what the summary must never take as a point: vote lines (reported
    from ``votes`` with their motion), speaker lists and who came or went."""
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        if (re.fullmatch(r"(Ergebnis [^:]+:|\d+\s*(Ja|Nein)-Stimmen|\d+\s*Enthaltung(en)?)", stripped)
                or _VOTE_CONTEXT.match(stripped)):
            continue
        pieces = [p for p in _split_sentences(stripped)
                  if not (_SPEAKERS.match(p) or _PROCEDURE.match(p))]
        if stripped and not pieces:
            continue
        kept.append(line if len(pieces) == len(_split_sentences(stripped)) else " ".join(pieces))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _split_sentences(line: str) -> list[str]:
    """A line's sentences, not cut after "Dr.", "St." or an ordinal (enough to drop a speaker
    list from a paragraph; ``summary.sentences`` is the full splitter)."""
    pieces: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", line):
        if pieces and re.search(r"(\b(Dr|Prof|St|Nr|Abs|bzw|ca|vgl)|\b\d{1,2})\.$", pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces
