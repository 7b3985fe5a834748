"""The way "plain": Einfache Sprache statement by statement, each rewrite checked.

Asked to rewrite a whole text, a small model copies the long sentences, breaks the grammar
("Sie müssen einen Hund hält, muss ihn …") and drops facts. So the app splits the text into
its statements (sentences, headings, list items) and goes through them one at a time:

1. A statement that keeps every rule (``rules.rule_breaks``) stays as it is: no model.
2. Else the model rewrites it into one to three short sentences (the template's prompt, with
   worked examples Amtsdeutsch → Einfache Sprache). The rewrite must say what the statement
   says (``meaning.problems``: every fact and noun kept, nothing added, no negation, duty or
   time limit turned round, no Sie-form grammar fault); if not, the model tries once more
   differently, and if that fails too, the statement's own words stay (a note says so).
3. A sentence of the rewrite that still breaks a rule is rewritten once more on its own
   and taken if that keeps its meaning and breaks fewer rules; what still breaks a rule is
   named in the notes with the rule.

Safe word replacements (abbreviations written out, "unverzüglich" → "sofort") apply to every
sentence. The draft is a list, one item per statement ("- Sie …"), as the template had it:
the reader finds each point on its own line, and a statement's short sentences stay together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import textcheck
from ..errors import WerkstattError
from ..run import Run
from ..templates import Template
from . import meaning
from .data import examples, vocabulary
from .rules import rule_breaks, sentences

if TYPE_CHECKING:
    from ..pipeline import Request

MAX_STATEMENTS = 80  # about three pages; a longer text is taken in parts by the user
MAX_STATEMENT_WORDS = 120  # a longer "sentence" is a table or a list run together: kept as it is
RETRY_TEMPERATURE = 0.5
MAX_POLISH = 2  # sentences of one statement's rewrite sent once more for a rule
SAFE = [(re.compile(pattern), plain) for pattern, plain in (
    (r"\bz\.\s?B\.", "zum Beispiel"), (r"\bd\.\s?h\.", "das heißt"), (r"\bu\.\s?a\.", "unter anderem"),
    (r"\bca\.", "etwa"), (r"\busw\.", "und so weiter"), (r"\betc\.", "und so weiter"),
    (r"\bggf\.", "wenn nötig"), (r"\bevtl\.", "vielleicht"), (r"\binkl\.", "einschließlich"),
    (r"\bNr\.", "Nummer"), (r"\bAbs\.", "Absatz"), (r"\bTel\.", "Telefon"), (r"\bmind\.", "mindestens"),
    (r"\bmax\.", "höchstens"), (r"\bunverzüglich\b", "sofort"), (r"\bUnverzüglich\b", "Sofort"),
    (r"\bumgehend\b", "sofort"), (r"\bUmgehend\b", "Sofort"), (r"\bgemäß\b", "nach"), (r"\bGemäß\b", "Nach"),
    (r"\bsofern\b", "wenn"), (r"\bSofern\b", "Wenn"), (r"\bentricht", "bezahl"),
    (r"\bEntricht(?!ung)", "Bezahl"),
)]
ENGLISH = ("Der Text ist nicht auf Deutsch. Diese Vorlage überträgt deutsche Texte in Einfache "
           "Sprache; bitte einen deutschen Text eingeben.")
TOO_LONG = ("Der Text hat {count} Sätze; in einem Durchgang gehen höchstens {limit}. Bitte den Text "
            "in Abschnitten übertragen.")
KEPT = ("Diese Sätze stehen im Wortlaut des Ausgangstexts, weil das Modell beim Vereinfachen eine "
        "Angabe verändert oder weggelassen hat: {items}")
BREAKS = "Diese Sätze verletzen noch Regeln der Einfachen Sprache (bitte selbst kürzen): {items}"
FOREIGN = "Diese Sätze sind nicht auf Deutsch und stehen unverändert im Entwurf: {items}"
HEADING = re.compile(r"^[^.!?]{1,80}[^.!?,;]$")


@dataclass
class Plain:
    """One statement's result: its sentences and what the user should know about them."""

    sentences: list[str]
    kept: bool = False  # the source's own words (the model changed a fact)
    why: list[str] = field(default_factory=list)  # why the rewrites were not used
    breaks: list[tuple[str, list[str]]] = field(default_factory=list)  # sentence, rules broken


def simplify(sentence: str) -> str:
    """``sentence`` with the safe replacements: abbreviations written out, a few words of the
    official style that have an exact plain equivalent."""
    for pattern, plain in SAFE:
        sentence = pattern.sub(plain, sentence)
    return sentence


def repair(sentence: str, statement: str) -> str:
    """A noun the model copied from the statement's genitive ("des Personalausweises") after
    another article ("Bringen Sie Ihren Personalausweises mit") in its plain form, and "ein"
    before a masculine object ("Sie möchten ein Bewohnerparkausweis") as "einen"."""
    genitives = set(re.findall(r"\b(?:des|eines|Ihres|seines|ihres)\s+(?:[a-zäöüß]\w*\s+)?"
                               r"([A-ZÄÖÜ]\w+?e?s)\b", statement))
    for word in genitives:
        base = word[:-2] if word.endswith("es") and word[-3] in "sßzdtgkh" else word[:-1]
        sentence = re.sub(rf"\b(ein|einen|einem|den|dem|das|Ihr|Ihren|Ihrem|kein|keinen|mit|für|ohne)\s+"
                          rf"((?:[a-zäöüß]\w*\s+)?){re.escape(base)}(?:es|s|e)\b", rf"\1 \2{base}", sentence)
    return modal_infinitive(meaning.MASCULINE_OBJECT.sub(r"\1einen\2", sentence))


_LEFTOVER = re.compile(r"^(Die|Der|Das)\b[^.]{0,80}\b(ist|sind) (verpflichtet|berechtigt|gehalten)\.$")


def leftovers_dropped(rewrite: list[str]) -> list[str]:
    """A rewrite's sentence that only repeats the source's subject and duty ("Die Hundehalterin
    oder der Hundehalter ist verpflichtet.") after a sentence that says the duty to "Sie"."""
    said = any(_MODAL_SIE.search(s) for s in rewrite)
    return [s for s in rewrite if not (said and _LEFTOVER.match(s))] or rewrite


_SEPARABLE = "ab|an|auf|aus|bei|ein|mit|nach|vor|zu|zurück|weg|hin|her|fest|vorbei|zusammen"
_MODAL_SIE = re.compile(r"\bSie\s+(müssen|können|dürfen|sollen|möchten|sollten)\b")


def modal_infinitive(sentence: str) -> str:
    """After "Sie müssen/können …" the verb at the clause's end is a bare infinitive: the
    model keeps the source's "anzumelden" ("Sie müssen den Hund … bei der Stadt anzumelden"),
    which is "anmelden"; "zu zahlen" is "zahlen". Only in a clause with such a modal."""
    clauses = re.split(r"(?<=[,;])\s+|(?<=[.!?])\s+", sentence)
    fixed = []
    for clause in clauses:
        if _MODAL_SIE.search(clause) and not re.search(r"\b(um|ohne|statt)\b", clause):
            clause = re.sub(rf"\b({_SEPARABLE})zu([a-zäöüß]{{3,}}(?:en|ern|eln))(?=[.!?,;]?$)",
                            r"\1\2", clause)
            clause = re.sub(r"\bzu\s+([a-zäöüß]{3,}(?:en|ern|eln))(?=[.!?,;]?$)", r"\1", clause)
        fixed.append(clause)
    return " ".join(fixed)


def english(text: str) -> bool:
    return bool(textcheck.foreign_lines(text))


def parse(answer: str, prefix: str) -> list[str]:
    """The sentences of a model's answer: list markers, echoed labels and blank lines gone."""
    if answer.startswith(prefix):
        answer = answer[len(prefix):]
    lines: list[str] = []
    for line in answer.splitlines():
        line = re.sub(r"^\s*(?:[-*•]\s*)+", "", line).strip()
        if not line or re.match(r"^(Einfach|Satz|Text|Original)\s*:", line, re.IGNORECASE):
            if lines and re.match(r"^(Satz|Text|Original)\s*:", line, re.IGNORECASE):
                break  # the model goes on with an example of its own
            continue
        lines.append(line)
    found = [simplify(s).rstrip(",;: ") for s in sentences("\n".join(lines))]
    return list(dict.fromkeys(s if s[-1] in ".!?" else s + "." for s in found if s))


class Writer:
    """Asks the model for rewrites of one request's statements and checks them."""

    def __init__(self, run: Run, request: Request) -> None:
        self.run, self.template, self.values = run, request.template, request.values
        self.vocabulary, self.examples = vocabulary(), examples()
        self.topic = textcheck.Backing([request.document])
        self.calls = 0
        self.before = ""  # the statement before the one being written (a rewrite may refer to it)

    def ask(self, sentence: str, attempt: int) -> list[str]:
        template: Template = self.template
        prompt = template.render(self.values, sentence)
        shown = self.examples.prompt(sentence)
        system = f"{prompt.system}\n\n{shown}" if shown else prompt.system
        params = template.generation
        if attempt:
            params = replace(params, temperature=max(params.temperature, RETRY_TEMPERATURE))
        self.calls += 1
        answer = "".join(self.run.generate(system, prompt.user, params, prompt.answer_prefix,
                                           seed_offset=31 * self.calls))
        repaired = [repair(s, sentence) for s in parse(answer, prompt.answer_prefix)]
        return leftovers_dropped(list(dict.fromkeys(repaired)))  # repaired, two can be one

    def check(self, statement: str, rewrite: list[str]) -> list[str]:
        backing = textcheck.Backing([statement, self.before, *self.values.values(),
                                     self.vocabulary.for_statement(statement)])
        shown = [s for example in self.examples.chosen(statement) for s in example.plain]
        return meaning.problems(statement, " ".join(rewrite), backing,
                                [statement, self.before, *self.values.values()], self.topic, shown)

    def statement(self, statement: str) -> Plain:
        """The statement in Einfache Sprache, or in its own words where the rewrites fail."""
        source = simplify(statement)
        if not rule_breaks(source) or english(statement):
            return Plain([source])
        if len(statement.split()) > MAX_STATEMENT_WORDS:  # a table or a list run together
            return Plain([source], breaks=[(source, rule_breaks(source))])
        why: list[str] = []
        for attempt in (0, 1):
            rewrite = self.ask(statement, attempt)
            if self.run.cancelled:
                return Plain([source])
            problems = self.check(statement, rewrite)
            if not problems:
                result = self.polish(statement, rewrite)
                if sum(len(b) for _, b in result.breaks) < len(rule_breaks(source)):
                    return result
                problems = ["nicht einfacher als der Ausgangssatz"]  # a copy, or worse German
            why = problems
        return Plain([source], kept=True, why=why)

    def polish(self, statement: str, rewrite: list[str]) -> Plain:
        """Each sentence that still breaks a rule, rewritten once on its own where that keeps
        the meaning and breaks fewer rules; the rest named with its rules."""
        result = Plain([])
        asked = 0
        for number, sentence in enumerate(rewrite):
            breaks = rule_breaks(sentence)
            if breaks and not self.run.cancelled and asked < MAX_POLISH:
                asked += 1
                again = self.ask(sentence, 0)
                whole = [*result.sentences, *again, *rewrite[number + 1:]]
                if (again and sum(len(rule_breaks(s)) for s in again) < len(breaks)
                        and not self.check(sentence, again) and not self.check(statement, whole)):
                    result.sentences += again
                    result.breaks += [(s, rule_breaks(s)) for s in again if rule_breaks(s)]
                    continue
            result.sentences.append(sentence)
            if breaks:
                result.breaks.append((sentence, breaks))
        return result


def statements(document: str) -> list[str]:
    return sentences(document)


def _quote(sentence: str, limit: int = 70) -> str:
    return f"„{sentence if len(sentence) <= limit else sentence[:limit].rstrip() + ' …'}“"


def stream(run: Run, request: Request) -> Iterator[str]:
    """The request's document in Einfache Sprache, one list item per statement."""
    found = statements(request.document)
    if not found:
        raise WerkstattError("Der Ausgangstext enthält keinen Satz, der sich übertragen lässt.")
    if len(found) > MAX_STATEMENTS:
        raise WerkstattError(TOO_LONG.format(count=f"{len(found):,}".replace(",", "."),
                                             limit=MAX_STATEMENTS))
    if sum(english(s) for s in found) * 2 > len(found):
        raise WerkstattError(ENGLISH)
    writer = Writer(run, request)
    kept, broken, foreign = [], [], []
    for number, statement in enumerate(found):
        if run.cancelled:
            return
        run.progress(number / len(found), f"Satz {number + 1} von {len(found)}")
        result = writer.statement(statement)
        writer.before = statement
        if run.cancelled:
            return
        if english(statement):
            foreign.append(_quote(statement))
        elif result.kept:
            kept.append(f"{_quote(statement)} ({'; '.join(list(dict.fromkeys(result.why))[:2])})")
        broken += [f"{_quote(s)}: {', '.join(meaning_rules(b))}" for s, b in result.breaks]
        text = " ".join(result.sentences)
        if HEADING.match(statement) and len(statement.split()) <= 8 and not result.breaks:
            yield ("\n\n" if number else "") + text + "\n"  # a heading: a line of its own
        else:
            yield ("\n" if number else "") + f"- {text}"
    if foreign:
        run.notes.append(FOREIGN.format(items="; ".join(foreign)))
    if kept:
        run.notes.append(KEPT.format(items="; ".join(kept)))
    if broken:
        run.notes.append(BREAKS.format(items="; ".join(broken)))


def meaning_rules(breaks: list[str]) -> list[str]:
    """The rules' names of a sentence's breaks, each once."""
    return list(dict.fromkeys(b.split(":", 1)[0] for b in breaks))
