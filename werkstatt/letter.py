"""The "letter" way: letters and e-mail answers written sentence by sentence in a frame the
app owns (``pipeline.WAYS["letter"]``).

A small model asked for a whole letter writes "Sincerely,", invents sentences and loses the
grammar on the way. So, as the summaries do, the app does not trust it:

1. **The frame is the app's.** Salutation and closing come from the template (the form's
   name, the signer or a visible gap), the opening sentence from the letter kind
   (``resources/letters/kinds.toml``), the Rechtsbehelfsbelehrung of a decision from
   ``rechtsbehelfsbelehrung.toml`` filled from the letterhead, the enclosure line from the
   form. The subject stays in the form (the export's layout prints it). Whatever of that
   kind the model writes is removed.
2. **One note, one sentence.** For each note the model writes one sentence, with the kind's
   worked examples (note → sentence) in the prompt; ``CANDIDATES`` answers are written and
   ``letters.check.problems`` judges each against its note (figures, dates and names kept,
   no word from elsewhere, no changed negation or deadline, Sie-form, German, length). The
   best passing one is taken; if none passes, the note's own words in a plain frame
   (``own_words.as_sentence``). A further sentence of an answer that the note does not back is
   dropped and listed in the draft's notes, so the user sees what was taken out.
3. Every note ends up in the letter, in the user's order, and the user sees the salutation
   at once and each sentence once it is accepted, never a rejected try.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .engine import Generation
from .errors import WerkstattError
from .letters import check, kinds, own_words
from .letters.kinds import Kind, Letters
from .numbers import de
from .run import Run
from .templates import DOCUMENT, Template

if TYPE_CHECKING:
    from .pipeline import Request

CANDIDATES = 2  # answers per note; the checks pick the best (measured: README, issue 27)
EXAMPLES = True  # the kind's worked examples in the prompt
PER_PARAGRAPH = 3  # sentences per paragraph of the body
SENTENCE = Generation(temperature=0.2, max_tokens=60, repeat_penalty=1.1,
                      stop=("\n", "<|im_end|>", "Stichpunkt:"))
SECOND_TEMPERATURE = 0.6
MAIL_CONTEXT = 1500  # characters of the e-mail being answered the model sees
BELEHRUNG_FIELDS = ("bereich", "bereich_anschrift")  # the letterhead's office, by form field
ENCLOSURES = "anlagen"

EMPTY = "Die Stichpunkte sind leer: Bitte schreiben Sie, was der Brief sagen soll."
TOO_MANY = ("Ein Brief nimmt höchstens {limit} Stichpunkte auf, hier sind es {count}: Bitte kürzen "
            "Sie die Stichpunkte oder teilen Sie sie auf mehrere Schreiben auf.")
TOO_LONG = ("Die Stichpunkte sind mit {count} Wörtern zu lang für einen Brief (höchstens {limit}): "
            "Bitte kürzen Sie sie auf das, was der Brief sagen soll.")
NOT_GERMAN = "Die Stichpunkte sind nicht auf Deutsch: Bitte schreiben Sie sie auf Deutsch."
SKIPPED = "Nicht übernommen, weil nicht auf Deutsch: {points}."
OWN_WORDS = ("Bei {count} von {total} Stichpunkten stehen Ihre eigenen Worte im Brief, weil der Satz "
             "des Modells die Prüfung nicht bestand: {points}.")
REMOVED = "Entfernt, weil nicht in Ihren Stichpunkten: {sentences}."
CHOSEN = ("Für jeden Satz wurden {count} Entwürfe geschrieben und jeweils der mit den wenigsten "
          "Auffälligkeiten gewählt.")
PROPOSED = "Briefart aus den Stichpunkten vorgeschlagen: {kind} (bitte prüfen)."
DRAFT_BLOCK = "Die Rechtsbehelfsbelehrung ist ein Textbaustein im Stand „{status}“."
NO_OFFICE = ("Die Rechtsbehelfsbelehrung nennt noch nicht, wo Widerspruch einzulegen ist: Bitte "
             "Bereich und Anschrift im Briefkopf eintragen (Einstellungen → Briefkopf) oder im Brief "
             "ergänzen.")


@dataclass
class Candidate:
    """One answer of the model for one note, judged."""

    sentence: str
    problems: list[str]
    dropped: list[str] = field(default_factory=list)  # further sentences the note does not back
    covered: int = 0  # the note's words the sentence keeps

    def rank(self) -> tuple[int, int, int, int]:
        return (len(self.problems), len(self.dropped), -self.covered,
                len(own_words.words(self.sentence)))


@dataclass
class Tally:
    """What happened to the notes, for the draft's notes."""

    own: list[tuple[str, str]] = field(default_factory=list)  # (note, first problem)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def judge(answer: str, note: str, backing: list[str]) -> Candidate:
    """The model's ``answer`` for ``note``: its first sentence checked, further sentences
    dropped (and kept for the notes where the note does not back them)."""
    text, _frame = check.tidy(answer)
    found = check.sentences(text) or ([text] if text else [])
    if not found:
        return Candidate("", ["kein Satz"])
    first, rest = found[0], found[1:]
    # one note, one sentence: the rest goes; named where it says what the note does not
    dropped = [s for s in rest if any(not p.endswith("fehlt") and not p.startswith("vom Stichpunkt")
                                      for p in check.problems(s, note, backing))]
    note_words = {w.lower() for w in own_words.words(note)}
    covered = sum(1 for w in own_words.words(first) if w.lower() in note_words)
    return Candidate(first, check.problems(first, note, backing), dropped, covered)


def points_of(request: Request, tally: Tally) -> list[str]:
    """The notes the letter is written from; a German error where there is nothing to write
    a letter from, or far too much."""
    template = request.template
    notes = request.document if template.cover == DOCUMENT else request.values.get(template.cover, "")
    found = check.points(notes)
    if not found:
        raise WerkstattError(EMPTY)
    if len(found) > check.MAX_POINTS:
        raise WerkstattError(TOO_MANY.format(limit=check.MAX_POINTS, count=de(len(found))))
    count = sum(len(own_words.words(p)) for p in found)
    if count > check.MAX_WORDS_TOTAL:
        raise WerkstattError(TOO_LONG.format(count=de(count), limit=de(check.MAX_WORDS_TOTAL)))
    german = [p for p in found if not check.english(p)]
    if not german:
        raise WerkstattError(NOT_GERMAN)
    tally.skipped = [p for p in found if p not in german]
    return german


@dataclass(frozen=True)
class Frame:
    """What the app writes around the model's sentences."""

    kind: Kind
    proposed: bool  # the kind was proposed from the notes, not chosen in the form
    greeting: str
    opening: str
    belehrung: str  # "" unless the kind is a decision
    closing: str
    enclosures: str

    def texts(self) -> list[str]:
        return [t for t in (self.greeting, self.opening, self.belehrung, self.closing,
                            self.enclosures) if t]


def frame_of(request: Request, data: Letters, notes: str) -> Frame:
    """The letter's frame: the kind the form names (or, where it names none, as on the
    command line, the one the notes propose) and the texts the app writes."""
    template, values = request.template, request.values
    field_id = data.fields.get(template.id, "")
    label = values.get(field_id, "") if field_id else ""
    kind = data.kind(template.id, label or data.propose(template.id, notes))
    mail = request.document if template.cover != DOCUMENT else ""
    bereich, anschrift = (values.get(f, "") for f in BELEHRUNG_FIELDS)
    return Frame(kind, bool(field_id) and not label, salutation(request.prompt.answer_prefix),
                 kind.first_sentence(topic(mail)),
                 data.belehrung(kind, notes, bereich, anschrift) if kind.decision else "",
                 request.prompt.closing, enclosure_line(values.get(ENCLOSURES, "")))


def vetted(request: Request) -> list[str]:
    """The texts the app writes into this request's letter (salutation, opening,
    Rechtsbehelfsbelehrung, closing, enclosures): what backs them is the vetted data, not
    the notes (for the evaluation's Quellenabgleich)."""
    points = points_of(request, Tally())
    return frame_of(request, kinds.load(), "\n".join(points)).texts()


_RECEIPT = re.compile(r"^(?:Ihr(?:en)?\s+)?([A-ZÄÖÜ]?\w*antrag)\b\s*(.*?)\s*(?:ist\s+)?(?:bei uns\s+)?"
                      r"(?:eingegangen|erhalten)$", re.IGNORECASE)
# "Antrag vom 12. März auf Tische und Stühle …": what is decided
_MATTER = re.compile(r"^(?:Ihr(?:en)?\s+)?([A-ZÄÖÜ]?\w*antrag)\s+"
                     r"((?:vom|von|auf|zur|zum|für|über|wegen)\b.*)$", re.IGNORECASE)


def received_in(opening: str, note: str) -> str:
    """A decision's opening with the application its first note names, as received ("Antrag
    auf Bewohnerparkausweis vom 3. November eingegangen": "wir haben über Ihren Antrag auf
    Bewohnerparkausweis vom 3. November entschieden.") or as the matter ("Antrag vom 12. März
    auf …"), so that the letter does not report the receipt after the decision or say "Es
    geht um Ihren Antrag" after "wir haben Ihren Antrag geprüft"; "" for any other note."""
    note = " ".join(note.split()).rstrip(".")
    m = _RECEIPT.match(note) or (None if own_words.VERB.search(note) else _MATTER.match(note))
    if m is None or "Ihren Antrag" not in opening:
        return ""
    noun = m.group(1)[0].upper() + m.group(1)[1:]
    return opening.replace("Ihren Antrag", f"Ihren {noun} {m.group(2)}".rstrip(), 1)


def salutation(prefix: str) -> str:
    """The template's salutation; "Sehr geehrte Frau," without a name becomes "Sehr geehrte
    Damen und Herren,"."""
    line = prefix.strip().splitlines()[0] if prefix.strip() else "Guten Tag,"
    if re.fullmatch(r"Sehr geehrte[r]? (Frau|Herr)\s*,", line):
        return "Sehr geehrte Damen und Herren,"
    return line


def topic(mail: str) -> str:
    """The subject of an e-mail being answered ("" if it has none or a long one)."""
    for line in mail.splitlines()[:20]:
        if m := re.match(r"^\s*(?:betreff|subject)\s*:\s*(.+)$", line, re.IGNORECASE):
            subject = re.sub(r"^((re|aw|wg|fwd?)\s*:\s*)+", "", m.group(1).strip(), flags=re.I)
            subject = subject.strip(" „“\"")
            if 0 < len(subject) <= 80 and not check.english(subject):
                return subject
    return ""


def enclosure_line(value: str) -> str:
    """"Anlage" or "Anlagen" and one line per enclosure the form names ("" for none)."""
    items = [i.strip(" -•") for i in re.split(r"[;\n]", value) if i.strip(" -•")]
    if not items:
        return ""
    return ("Anlage" if len(items) == 1 else "Anlagen") + "\n" + "\n".join(items)


def prompt(template: Template, values: dict[str, str], kind: Kind, data: Letters, note: str,
           document: str) -> tuple[str, str]:
    """System and user prompt for one note: the template's instructions, the kind's worked
    examples in the system prompt (the same for every note, so the engine reuses it), the
    note in the user prompt."""
    if template.cover == DOCUMENT:
        rendered = template.render(values, note)
    else:
        rendered = template.render({**values, template.cover: note}, document[:MAIL_CONTEXT])
    system = rendered.system
    if EXAMPLES:
        pairs = [*kind.examples, *data.common][:5]
        shown = "\n\n".join(f"Stichpunkt: {e.note}\nSatz: {e.sentence}" for e in pairs)
        system += f"\n\nBeispiele:\n{shown}"
    return system, rendered.user


def write_sentence(run: Run, template: Template, values: dict[str, str], kind: Kind,
                   data: Letters, note: str, backing: list[str], number: int, document: str,
                   tally: Tally) -> str:
    """The sentence for ``note``: the best of ``CANDIDATES`` answers that passes the checks,
    else the note's own words. "" when cancelled."""
    subject = own_words.subject_of([*backing, note])
    if len(own_words.words(note)) > check.MAX_NOTE_WORDS or own_words.without_subject(note):
        why = "ohne Satzgegenstand" if own_words.without_subject(note) else "zu lang für einen Satz"
        tally.own.append((note, why))
        return own_words.as_sentence(note, subject)
    system, user = prompt(template, values, kind, data, note, document)
    stop = tuple(dict.fromkeys([*SENTENCE.stop, *template.generation.stop]))
    candidates = []
    for attempt in range(CANDIDATES):
        params = Generation(SENTENCE.temperature if attempt == 0 else SECOND_TEMPERATURE,
                            SENTENCE.max_tokens, SENTENCE.repeat_penalty, stop=stop)
        answer = "".join(run.generate(system, user, params, seed_offset=100 * number + 17 * attempt))
        if run.cancelled:
            return ""
        candidates.append(judge(answer, note, backing))
    best = min(candidates, key=Candidate.rank)
    if best.problems:
        if best.sentence and any("nicht im Stichpunkt" in p or "steht nicht" in p for p in best.problems):
            tally.removed.append(best.sentence)
        tally.own.append((note, best.problems[0]))
        return own_words.as_sentence(note, subject)
    tally.removed += best.dropped
    if own_words.same_words(best.sentence, note):  # the note copied: the rules for its own words
        return own_words.as_sentence(note, subject)
    return own_words.with_article(own_words.written_out(best.sentence))


def _quoted(items: list[str], limit: int = 5) -> str:
    shown = "; ".join(i if i.startswith("„") else f"„{i}“" for i in items[:limit])
    return shown + (f" und {len(items) - limit} weitere" if len(items) > limit else "")


def stream(run: Run, request: Request) -> Iterator[str]:
    """The letter as chunks: salutation and opening at once, then each accepted sentence,
    then the Rechtsbehelfsbelehrung (decisions), closing, signature and enclosures."""
    template, values = request.template, dict(request.values)
    data = kinds.load()
    tally = Tally()
    points = points_of(request, tally)
    notes = "\n".join(points)
    frame = frame_of(request, data, notes)
    if frame.kind.decision and points and (opening := received_in(frame.opening, points[0])):
        frame, points = replace(frame, opening=opening), points[1:]  # the receipt says what was decided
    if frame.proposed:
        run.notes.append(PROPOSED.format(kind=frame.kind.label))
    field_id = data.fields.get(template.id, "")
    if field_id:
        values[field_id] = frame.kind.label
    # what backs a sentence besides its note: the form (not the other notes) and the app's texts
    backing = [v for k, v in values.items() if k != template.cover and k not in BELEHRUNG_FIELDS]
    backing += [frame.greeting, frame.opening]
    yield f"{frame.greeting}\n\n{frame.opening}"
    for number, note in enumerate(points):
        run.progress(number / len(points), f"Satz {number + 1} von {len(points)}")
        sentence = write_sentence(run, template, values, frame.kind, data, note, backing, number,
                                  request.document, tally)
        if run.cancelled:
            return
        yield ("\n\n" if number % PER_PARAGRAPH == 0 else " ") + sentence
    run.progress(1.0, "Brief fertig")
    for part in (frame.belehrung, frame.closing, frame.enclosures):
        if part:
            yield f"\n\n{part}"
    _notes(run, tally, len(points), bool(frame.belehrung), data.status)
    if any(gap in frame.belehrung for gap in kinds.GAPS.values()):
        run.notes.append(NO_OFFICE)  # a Bescheid cannot go out with "[Bereich], [Anschrift]"


def _notes(run: Run, tally: Tally, total: int, belehrung: bool, status: str) -> None:
    if tally.skipped:
        run.notes.append(SKIPPED.format(points=_quoted(tally.skipped)))
    if tally.own:
        run.notes.append(OWN_WORDS.format(
            count=len(tally.own), total=total,
            points=_quoted([f"„{note}“ ({why})" for note, why in tally.own])))
    if tally.removed:
        run.notes.append(REMOVED.format(sentences=_quoted(list(dict.fromkeys(tally.removed)))))
    if CANDIDATES > 1 and len(tally.own) < total:
        run.notes.append(CHOSEN.format(count=CANDIDATES))
    if belehrung and status:
        run.notes.append(DRAFT_BLOCK.format(status=status))
