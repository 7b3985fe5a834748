"""What an agenda item's statements say: decisions (with their votes), tasks, and the discussion.

By rule only, so nothing is invented: a decision is a statement the notes mark as one
("Beschluss: …", "beschlossen", "einstimmig", "abgelehnt", "Abstimmung 5:2:1"); a vote on its
own goes with the decision before it, or is marked "[offen]" when the notes do not say what
was decided. A task is a person, a unit or an open "wer?" with something to do — a verb
of doing, a deadline ("bis 15.12.", "bis KW 12", "bis Ende Jan"), or an infinitive of doing
("Angebote einholen"). Owner and date are taken as the notes write them; where the notes give
none, the task says "[offen]", never a guess. What remains is the discussion (Beratung).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN = "[offen]"
_MONTHS = (r"Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
           r"Jan|Feb|Mrz|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez")
_DAYS = r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag"
WHEN = (rf"(?:(?:zum|zur|am|spätestens(?:\s+am)?)\s+)?(?:\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?\d{{2,4}})?"
        rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\s*(?:{_MONTHS})\.?(?:\s+\d{{4}})?"
        rf"|(?:Ende|Anfang|Mitte)\s+(?:KW\s?\d{{1,2}}|(?:{_MONTHS})\b\.?(?:\s+\d{{2,4}})?|\d{{4}})"
        rf"|KW\s?\d{{1,2}}(?:\s*/\s*\d{{2,4}})?|(?:nächsten?|kommenden?)\s+[A-ZÄÖÜ]?[\wäöü]+"
        rf"|(?:{_DAYS})|(?:{_MONTHS})\b\.?(?:\s+\d{{4}})?|\d{{4}}\b"
        rf"|Jahresende|Monatsende|Quartalsende|Ostern|Pfingsten|Weihnachten|Sommerferien|Herbstferien)")
DEADLINE = re.compile(rf"\(?\s*\b(?:bis(?:\s+spätestens)?|spätestens|Frist\s*:?|Termin\s*:)\s+"
                      rf"(?P<when>{WHEN})\s*\)?\.?", re.I)
_NAME = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_ONE = rf"(?:Frau|Herrn?)\s+(?:(?:Dr|Prof)\.\s+)?{_NAME}"
PERSON = re.compile(rf"\b{_ONE}(?:\s*(?:,|und|u\.|&|/)\s*{_ONE})*")
UNIT = re.compile(r"^(?:die\s+|der\s+|das\s+)?(?:(?:Abteilung|Bereich|Fachbereich|FB|Team|Amt|Referat|"
                  r"Fachdienst)(?:\s+[A-ZÄÖÜ0-9][\wäöüß.\-]*){1,2}|Hausmeister(?:in)?|Schulleitung|Verwaltung|"
                  r"Kämmerei|Personalrat|Geschäftsstelle|Vorsitz(?:ende[rn]?)?|Leitung|IT|Sekretariat|"
                  r"Alle|alle)\b")
DECISION_LABEL = re.compile(r"^(?:Beschluss|Beschl\.|Beschlüsse|Ergebnis|Entscheidung|Einigung|Votum|"
                            r"Empfehlung)\s*:\s*", re.I)
DECISION = re.compile(r"\b(beschlossen|beschließt|beschließen|einstimmig|mehrheitlich|abgelehnt|lehnt\w*\s+"
                      r"\S+(?:\s+\S+)?\s+ab|angenommen|zugestimmt|Zustimmung|genehmigt|entschieden|"
                      r"entscheidet|festgelegt|verabschiedet|vertagt|geeinigt|einigt sich|"
                      r"Einigung|stimm\w*\s+(?:\S+\s+){0,3}?zu)\b", re.I)
# A finite verb of the usual kinds: a statement without one is telegraphic ("Dach undicht").
FINITE = re.compile(r"\b(ist|sind|war|waren|wird|werden|wurde|wurden|hat|haben|hatte|gibt|soll|sollen|"
                    r"kann|können|muss|müssen|liegt|liegen|steht|stehen|bleibt|kommt|fehlt|fehlen|"
                    r"gilt|geht|läuft|sich)\b")
_BY = re.compile(rf"^(?P<what>[^,;]+?)\s+durch\s+(?P<who>{PERSON.pattern})"
                 rf"(?:\s+(?:am|bis)\s+(?P<when>{WHEN}))?\s*\.?$")
VOTE = re.compile(r"\b\d{1,3}\s*:\s*\d{1,3}(?:\s*:\s*\d{1,3})?\b(?!\s*Uhr)|"
                  r"\b\d{1,3}\s*(?:Ja|Ja-Stimmen|dafür|Nein|Nein-Stimmen|dagegen|Enthaltung(?:en)?|Gegenstimmen?)\b|"
                  r"\bAbstimmung\b|\bGegenstimmen?\b|\bEnthaltung(?:en)?\b", re.I)
_VOTE_WORDS = re.compile(r"\b(abstimmung(?:sergebnis)?|ergebnis|einstimmig|mehrheitlich|beschlossen|"
                         r"angenommen|abgelehnt|zugestimmt|ja|ja-stimmen|nein|nein-stimmen|enthaltung(?:en)?|stimmen|"
                         r"gegenstimmen?|dafür|dagegen|bei|mit|und|ohne|so)\b|[^\w\s]", re.I)
NO_DECISION = re.compile(r"\b(?:kein(?:en)?\s+Beschluss|ohne\s+Beschluss|keine\s+Entscheidung|nicht\s+"
                         r"(?:beschlossen|entschieden)|kein\s+Ergebnis)\b[.,;:]?", re.I)
TASK_LABEL = re.compile(r"^(?:Aufgaben?|To-?do|ToDo|TODO|Auftrag|Arbeitsauftrag|Wiedervorlage|Wv\.|"
                        r"zur Erledigung|Offene?\s+Punkte?)\s*:\s*", re.I)
# Verbs of doing (3rd person) that make "Frau X <verb> …" a task even without a date; verbs
# that also report or judge ("stellt fest", "spricht sich aus", "hat Bedenken") need a date.
TASK_VERBS = re.compile(
    r"^(klärt|klären|prüft|prüfen|organisiert|organisieren|kümmert|kümmern|übernimmt|übernehmen|"
    r"erstellt|erstellen|bereitet|bereiten|lädt|laden|beauftragt|beauftragen|holt|holen|sendet|"
    r"senden|schickt|schicken|schreibt|schreiben|ruft|rufen|meldet|melden|verteilt|verteilen|"
    r"bestellt|bestellen|plant|planen|reicht|reichen|kontaktiert|kontaktieren|sorgt|sorgen|"
    r"aktualisiert|aktualisieren|überarbeitet|überarbeiten|leitet|leiten|erarbeitet|erarbeiten|"
    r"ermittelt|ermitteln|bucht|buchen|reserviert|reservieren|besorgt|besorgen|beschafft|beschaffen|"
    r"veröffentlicht|veröffentlichen|versendet|versenden|informiert|informieren|vereinbart|"
    r"vereinbaren|terminiert|soll|sollen|muss|müssen|entwirft|entwerfen|erinnert|erinnern|"
    r"wertet|werten|fasst|fassen|koordiniert|koordinieren)\b")
REPORT = re.compile(r"^(berichtet|berichten|erläutert|erläutern|präsentiert|präsentieren|betont|weist|merkt|"
                    r"schlägt|begrüßt|bedankt|kritisiert|beklagt|bemängelt|äußert|erklärt|sagt|meint|"
                    r"findet|hält|sieht|möchte|wünscht|fragt\s+nach\s+dem|stellt\s+\S+(?:\s+\S+)?\s+vor\b|"
                    r"informiert\s+über)")
# Infinitives of doing: "Angebote einholen" is a task whose owner the notes leave open.
TODO = re.compile(r"(?<!\bzu )\b(einholen|prüfen|klären|erstellen|schicken|senden|versenden|anfragen|"
                  r"beauftragen|beteiligen|einladen|informieren|organisieren|bestellen|vorbereiten|"
                  r"vorlegen|melden|nachfragen|abstimmen|anrufen|aktualisieren|überarbeiten|verteilen|"
                  r"besorgen|buchen|reservieren|kontaktieren|ansprechen|einreichen|erarbeiten|"
                  r"ausschreiben|weiterleiten|nachreichen|terminieren|veröffentlichen|freigeben|"
                  r"einplanen|beschaffen|ermitteln|einholen|anpassen|erinnern|mitteilen|zusenden|"
                  r"nachhaken|festlegen|benennen|suchen|recherchieren|umsetzen)$")
OPEN_OWNER = re.compile(r"\bwer\b[^?]*\?|\bzuständig(?:keit)?\s*(?::\s*)?(?:offen|unklar|\?)|"
                        r"\bN\.\s?N\.", re.I)


@dataclass(frozen=True)
class Task:
    who: str  # as the notes write it, or OPEN
    what: str
    when: str  # as the notes write it, or OPEN

    def line(self) -> str:
        return f"- {self.who}: {self.what}, bis {self.when}"


@dataclass
class Outcome:
    """An item's statements sorted by what they are."""

    discussion: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    no_decision: bool = False  # the notes say so ("Kein Beschluss.")
    open_votes: int = 0  # votes whose motion the notes do not name


def sentence(text: str) -> str:
    """``text`` with a capital first letter and an end mark."""
    text = text.strip(" ,;:-–")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _deadline(text: str) -> tuple[str, str]:
    """(text without its deadline, the deadline as written or "")."""
    m = DEADLINE.search(text)
    if not m:
        return text, ""
    rest = (text[:m.start()] + " " + text[m.end():]).strip()
    when = m.group("when").strip()
    return " ".join(rest.split()).strip(" ,;:-–"), when if re.search(r"\d\.$", when) else when.rstrip(".")


def _is_vote_only(text: str) -> bool:
    """"einstimmig", "Abstimmung 5:2:1": a vote that does not say what it decided."""
    found = bool(VOTE.search(text) or DECISION.search(text))
    return found and not _VOTE_WORDS.sub("", VOTE.sub("", text)).strip()


def _owner(text: str, known: list[str]) -> tuple[str, str] | None:
    """(who, the rest) when ``text`` starts with a person, unit or known name."""
    m = PERSON.match(text)
    if not m:
        m = UNIT.match(text)
    if not m:
        names = "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True) if n)
        m = re.match(rf"(?:{names})\b", text) if names else None
    if not m:
        return None
    rest = text[m.end():].strip()
    if rest[:1] in (":", "–", "-"):
        rest = rest[1:].strip()
    elif rest.startswith("(") or not rest:
        return None
    return m.group(0).strip(), rest


def task_of(text: str, known: list[str], context: str) -> Task | None:
    """The task in one clause, or None: who, what and when as the notes write them."""
    labelled = bool(TASK_LABEL.match(text))
    text = TASK_LABEL.sub("", text).strip()
    arrow = re.search(r"\s*(?:→|->|=>)\s*(?P<who>[^,;]+)$", text)
    if arrow:
        text = text[:arrow.start()].strip()
    if by := _BY.match(text):  # "Einweisung durch Herrn Schulz am 19.1."
        who = re.sub(r"^Herrn\b", "Herr", by.group("who"))
        return Task(who, by.group("what").strip(), (by.group("when") or OPEN).strip())
    bare, when = _deadline(text)
    found = _owner(bare, known)
    who = arrow.group("who").strip() if arrow else ""
    what = bare
    if found and TODO.fullmatch(found[1].rstrip(".")):
        found = None  # "Personalrat beteiligen": the unit is what the task is about
    if found:
        owner, rest = found
        words = rest.split()
        doing = bool(words) and words[0][:1].islower()
        if not doing and not labelled and not when:
            return None
        if REPORT.match(rest) and not when and not labelled:
            return None  # "Frau Berg berichtet über …" is discussion
        if not (when or labelled or TASK_VERBS.match(rest) or TODO.search(rest.rstrip("."))):
            return None
        who, what = who or owner, rest
    elif not (labelled or arrow or OPEN_OWNER.search(bare) or (when and not FINITE.search(bare))
              or (TODO.search(bare.rstrip(".")) and len(bare.split()) <= 8 and "," not in bare)):
        return None
    if OPEN_OWNER.search(what):
        what = re.sub(r"^\W*(offen|unklar)\W*$", "", OPEN_OWNER.sub("", what), flags=re.I)
        what = what.strip(" ,;:?") or context
    what = what.strip(" ,;:.")
    if not what:
        return None
    if len(what.split()) <= 2 and what[:1].islower() and context and context.lower() not in what.lower():
        what = f"{what} ({context.rstrip('.')})"  # "Frau Öztürk organisiert" → what it organises
    return Task(who or OPEN, what, when or OPEN)


def _clauses(statement: str, known: list[str]) -> list[str]:
    """The statement split before each person or unit that starts a clause after a comma."""
    names = "|".join(re.escape(n) for n in known if n)
    starts = rf"(?:{PERSON.pattern}|{names})" if names else PERSON.pattern
    parts = re.split(rf"[,;]\s+(?={starts}\s+[a-zäöü])", statement)
    return [p.strip() for p in parts if p.strip()]


def sort(statements: list[str], known: list[str], title: str) -> Outcome:
    """The item's statements as discussion, decisions and tasks, in the notes' order."""
    out = Outcome()
    for statement in statements:
        if NO_DECISION.search(statement):
            out.no_decision = True
            remainder = NO_DECISION.sub("", statement).strip(" ,;:.-–")
            if remainder:
                out.discussion.append(sentence(remainder))
        elif DECISION_LABEL.match(statement) or ((DECISION.search(statement) or VOTE.search(statement))
                                                 and not PERSON.match(statement)):
            _decision(out, statement, known, title)
        else:
            _discussion(out, statement, known, title)
    return out


def _decision(out: Outcome, statement: str, known: list[str], title: str) -> None:
    """A decision (its tasks apart), a vote for the decision before it, or a vote on what
    the notes do not say (marked)."""
    text = re.sub(r"\bBeschluss\s+(einstimmig|mehrheitlich)\b", r"\1 beschlossen",
                  DECISION_LABEL.sub("", statement).strip())
    clauses = _clauses(text, known)
    tasks = [task_of(clause, known, "") for clause in clauses[1:]]
    out.tasks.extend(t for t in tasks if t and t.who != OPEN)
    text = ", ".join(c for c, t in zip(clauses, [None, *tasks], strict=True) if not t or t.who == OPEN)
    if not text:
        return
    if _is_vote_only(text) and out.decisions:
        out.decisions[-1] = f"{out.decisions[-1].rstrip('.')} ({text.rstrip('.')})."
    elif _is_vote_only(text):
        out.open_votes += 1
        out.decisions.append(f"{sentence(text).rstrip('.')} (was beschlossen wurde, steht nicht in den "
                             f"Notizen: {OPEN}).")
    else:
        if text[:1].islower() and title:
            text = f"{title} {text}"  # "Homeoffice-Regelung" + "gilt ab 1.4."
        out.decisions.append(sentence(text))


def _discussion(out: Outcome, statement: str, known: list[str], title: str) -> None:
    """The statement's tasks, and what is left of it as discussion."""
    rest: list[str] = []
    clauses = _clauses(statement, known)
    for index, clause in enumerate(clauses):
        context = ", ".join(clauses[:index]) or title
        task = task_of(clause, known, context)
        if task is None and index == len(clauses) - 1 and "," in clause:
            head, _, tail = clause.rpartition(", ")  # "MA dagegen, Personalrat beteiligen"
            task = task_of(tail, known, head)
            if task is not None:
                clause = head
        if task is not None:
            out.tasks.append(task)
        if task is None or clause != clauses[index]:
            rest.append(clause)
    if rest:
        out.discussion.append(sentence(", ".join(rest)))


def known_names(header: dict[str, str]) -> list[str]:
    """Surnames and short signs of the people the header names ("Frau Kaya" → "Kaya")."""
    names: list[str] = []
    for caption in ("Teilnehmende", "Sitzungsleitung", "Protokoll", "Gäste"):
        for part in re.split(r",|;|\bund\b", re.sub(r"\([^)]*\)", "", header.get(caption, ""))):
            words = [w for w in part.split() if w not in ("Frau", "Herr", "Dr.", "Prof.")]
            if words and re.fullmatch(r"[A-ZÄÖÜ][\wäöüß\-]+|[A-ZÄÖÜ]{2,3}", words[-1]):
                names.append(words[-1])
    return names
