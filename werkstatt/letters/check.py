"""The checks one sentence of a letter must pass against the note it was written from.

A small model turns "Ausweis wird bewilligt" into "Ich möchte Ihnen diesen Ausweis anrufen",
adds "bis zum Ende des Jahres", writes "nach dem 15. Juni" for "bis 15. Juni" or ends with
"Sincerely,". ``problems(sentence, note, backing)`` lists in German what is wrong with a
sentence: figures, dates or names changed or missing (the Quellenabgleich both ways), a
content word that neither the note, the form nor the small list of letter words below
holds, a negation or a deadline word changed, du-form or first person, English, a frame
line (salutation, closing, subject, enclosure), too long. An empty list: the sentence may
go into the letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import quality, sourcecheck, textcheck
from .own_words import AUXILIARY, PARTICIPLE, RECEIVED, VERB, instruction, same_words, words

MAX_WORDS = 32  # a letter sentence; longer ones say more than one note
MAX_POINTS = 40  # notes one letter takes (more is no letter but a list)
MAX_NOTE_WORDS = 60  # a longer note is taken as written, not given to the model
MAX_WORDS_TOTAL = 800  # words of all notes: a letter, not a report

# Words a letter sentence may use beyond its note: articles, pronouns, auxiliaries,
# prepositions, connectors and the verbs letters say things with.
LETTER_WORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines kein sie ihr ihre ihren ihrem ihrer
ihres ihnen wir uns unser unsere unseren unserem unserer unseres es dies diese dieser dieses
diesen diesem dazu dafür damit darüber daran darauf dort hier
ist sind war waren wird werden wurde wurden worden sein seien haben hat hatte hatten kann
können könnte konnten muss müssen darf dürfen soll sollen möchten möchte bitte bitten gern
gerne leider
an am auf aus bei beim für mit nach von vom zu zum zur in im ins über unter um durch pro je
per und oder aber sowie auch noch bereits schon dann daher deshalb jetzt nun so als wie wenn
falls sobald etwa rund ebenfalls außerdem zudem zusätzlich bis ab
erhalten beträgt betragen betragt teilen mitteilen informieren bestätigen senden schicken
zusenden zuschicken bekommen liegt vorliegen vorlegen einreichen nachreichen reichen melden
wenden beachten danken dank vielen herzlichen freuen prüfen geprüft bearbeiten bearbeitet
zahlen bezahlen überweisen stellen möglich gilt gelten finden anlage bringen mitbringen
kommen erreichen entschieden uhr stattfinden statt erfolgen erfolgt
""".split())
_NEGATION = re.compile(r"\b(nicht|kein\w*|nie|niemals|ohne)\b", re.IGNORECASE)
# deadline and limit words: "bis 15. Juni" must not become "nach dem 15. Juni"
_RELATIONS = {"bis": "bis", "spätestens": "bis", "ab": "ab", "frühestens": "ab", "nach": "nach",
              "vor": "vor", "seit": "seit", "höchstens": "höchstens", "maximal": "höchstens",
              "mindestens": "mindestens", "nur": "nur"}
_DU = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer\w*)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(ich|mich|mir|mein\w*)\b", re.IGNORECASE)
ENGLISH = frozenset("""the and you your yours we our is are please thank thanks dear sincerely
regards of to for with this that have has been from would should hello hi best""".split())
_ENGLISH_SURE = frozenset({"sincerely", "regards", "dear", "please", "thank", "thanks", "hello"})
SALUTATION = re.compile(r"^\s*(sehr geehrte\w*|guten (tag|morgen|abend)|hallo|liebe\w*|moin|dear|"
                        r"hello|hi)\b[^,.!?]*[,!]?\s*", re.IGNORECASE)
CLOSING = re.compile(r"(mit (freundlichen|besten|herzlichen|freundlichem) gr(ü|ue)(ß|ss)\w*|"
                     r"(freundliche|viele|beste|herzliche|liebe) gr(ü|ue)(ß|ss)e|sincerely|"
                     r"(best|kind|warm) regards|yours (truly|faithfully|sincerely)|"
                     r"hochachtungsvoll)\b.*$", re.IGNORECASE | re.DOTALL)
FRAME_LINE = re.compile(r"^\s*\**\s*(betreff|anlagen?|anhang|unterschrift|ps)\b\s*:?", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_LEAD = re.compile(r"^\s*(?:satz|antwort|stichpunkt)\s*:\s*", re.IGNORECASE)


def points(notes: str) -> list[str]:
    """The notes' points: one per line (list markers dropped); a single line of several
    points separated by ";" gives each of them."""
    lines = [re.sub(r"^\s*(?:[-*•–]|\d+[.)])\s*", "", line).strip().rstrip(";,").strip()
             for line in notes.splitlines()]
    found = [line for line in lines if _WORD.search(line)]
    if len(found) == 1 and ";" in found[0]:
        found = [p.strip() for p in found[0].split(";") if _WORD.search(p)]
    return found


def english(text: str) -> bool:
    """Whether ``text`` is English rather than German (two English function words, or
    one that only a letter in English has)."""
    found = [w.lower() for w in words(text)]
    hits = [w for w in found if w in ENGLISH]
    return bool(set(hits) & _ENGLISH_SURE) or len(hits) >= 2 and len(hits) >= 0.2 * len(found)


def tidy(answer: str) -> tuple[str, list[str]]:
    """The model's answer without what only the app writes: a lead-in ("Satz:"), a
    salutation before it and a closing after it. Returns the rest and what was removed."""
    removed = []
    text = _LEAD.sub("", answer.strip()).strip().strip('"„“').strip()
    if m := SALUTATION.match(text):
        if m.group(0).strip():
            removed.append(m.group(0).strip())
        text = text[m.end():].strip()
    if m := CLOSING.search(text):
        removed.append(m.group(0).strip())
        text = text[:m.start()].strip().rstrip(",").strip()
    return text, removed


def sentences(text: str) -> list[str]:
    return textcheck.sentences(text)


def unbacked(sentence: str, backing: Iterable[str]) -> list[str]:
    """The content words of ``sentence`` that neither ``backing`` (the note, the form's
    values, the app's own phrases) nor the letter words hold, as they are, inflected or as
    parts of a compound (``textcheck.Backing``). A letter sentence may hold none of them."""
    known = textcheck.Backing([*backing, " ".join(LETTER_WORDS)])
    return list(dict.fromkeys(w for w in textcheck.content_words(sentence) if not known.has(w)))


def _relations(text: str) -> set[str]:
    low = re.sub(r"\bbis zu\b", "höchstens", text.lower())
    return {_RELATIONS[w] for w in words(low) if w in _RELATIONS}


# Participles whose perfect takes "sein": "haben … eingegangen" is wrong German.
_HABEN = re.compile(r"\b(habe|haben|hat|hatte|hatten)\b", re.IGNORECASE)
_SEIN_PARTICIPLE = re.compile(r"\b(eingegangen|angekommen|gekommen|gegangen|eingetroffen|geblieben|"
                              r"gewesen|geworden|erschienen|umgezogen|verzogen|zugegangen|"
                              r"abgelaufen|entfallen|gefallen|gestiegen|gesunken)\b", re.IGNORECASE)


_WIR_SINGULAR = re.compile(r"\bwir\s+(danke|bitte|habe|hat|werde|wird|kann|muss|teile|sende|"
                          r"schicke|freue|bestätige|gebe|gibt|ist|bin|informiere|prüfe)\b", re.IGNORECASE)


# "Wir erlaubt werktags …": after a leading "Wir" comes its verb, and no verb of "wir" ends in -t
_WIR_T = re.compile(r"^Wir\s+[a-zäöüß]{2,}t\b(?!\s+(?:haben|hatten|werden|worden|sind))")


# Letter nouns whose article a small model gets wrong: a masculine singular never follows "die"
# or "das", a feminine one never "das" ("Die Ausweis kommt", "Das Gebühr beträgt").
_MASCULINE = "Antrag|Ausweis|Termin|Bescheid|Betrag|Beitrag|Zuschuss|Grund|Widerspruch|Zeitraum"
_FEMININE = "Gebühr|Anmeldung|Anfrage|Beschwerde|Bearbeitung|Zahlung|Abholung|Genehmigung|" \
            "Entscheidung|Prüfung|Frist|Rechnung|Erstattung|Miete"
_WRONG_GENDER = re.compile(rf"\b(?:[Dd]ie|[Dd]as|[Ee]ine)\s+(?:{_MASCULINE})\b|"
                           rf"\b(?:[Dd]as|[Ee]in)\s+(?:{_FEMININE})\b")


def _we_have_nothing_done(sentence: str) -> bool:
    """"Wir haben" whose clause ends in no participle: in a letter the city reports what it
    has done ("Wir haben Ihren Antrag erhalten."); "Wir haben auf dem Hauptwohnsitz …" and
    "Wir haben die Möglichkeit, …" are a small model's wrong German or the citizen's matter
    turned into the city's."""
    if not re.match(r"\s*wir haben\b", sentence, re.IGNORECASE):
        return False
    clause = re.split(r"[,;:!?]|(?<!\d)\.", sentence, maxsplit=1)[0].split()
    last = clause[-1] if len(clause) > 2 else ""
    return not (PARTICIPLE.match(last) or RECEIVED.match(last))


def problems(sentence: str, note: str, backing: Iterable[str]) -> list[str]:
    """What keeps ``sentence`` (written from ``note``) out of the letter, in German; empty
    if nothing. ``backing``: the form's values and the app's phrases."""
    found: list[str] = []
    sources = [note, *backing]
    if not sentence.strip():
        return ["kein Satz"]
    if english(sentence) or textcheck.foreign_lines(sentence):
        found.append("nicht deutsch")
    if textcheck.placeholders(sentence):
        found.append("Platzhalter")
    if SALUTATION.match(sentence) or CLOSING.search(sentence) or FRAME_LINE.match(sentence):
        found.append("Anrede, Gruß, Betreff oder Anlage")
    if quality.META.search(sentence):
        found.append("spricht über die Aufgabe")
    for finding in sourcecheck.check(sentence, sources):
        found.append(f"{finding.kind} „{finding.text}“ steht nicht im Stichpunkt")
    for finding in sourcecheck.check(note, [sentence]):
        found.append(f"{finding.kind} „{finding.text}“ fehlt")
    extra = unbacked(sentence, sources)
    if extra:
        found.append(f"nicht im Stichpunkt: {', '.join(extra)}")
    kept = textcheck.Backing([sentence])
    lost = [w for w in textcheck.content_words(note) if not kept.has(w)]
    if len(lost) > len(textcheck.content_words(note)) // 3:
        found.append(f"vom Stichpunkt fehlt: {', '.join(lost)}")
    if bool(_NEGATION.search(sentence)) != bool(_NEGATION.search(note)):
        found.append("Verneinung verändert")
    if _relations(sentence) != _relations(note):
        found.append("Frist- oder Grenzwort verändert")
    if _DU.search(sentence):
        found.append("Du-Form")
    if _FIRST_PERSON.search(sentence) and not _FIRST_PERSON.search(note):
        found.append("Ich-Form")
    if len(words(sentence)) > max(MAX_WORDS, 2 * len(words(note)) + 6):
        found.append("zu lang")
    last = words(sentence)[-1] if words(sentence) else ""
    if same_words(sentence, note) and not (VERB.search(note) or AUXILIARY.search(note)):
        found.append("Stichpunkt nur abgeschrieben")  # "Wohngeldantrag eingegangen."
    if instruction(note) and (not re.search(r"\b(Sie|bitte)\b", sentence, re.IGNORECASE)
                              or re.search(r"\bwir\b", sentence, re.IGNORECASE)):
        found.append("Bitte nicht an Sie gerichtet")  # "Wir müssen bis 15.03. nachreichen."
    if PARTICIPLE.match(last) and not AUXILIARY.search(sentence):
        found.append("Partizip ohne Hilfsverb")  # "Wir nehmen am 11. Mai Sand gereinigt."
    if PARTICIPLE.match(last) and re.match(r"\s*wir\s+(werden|wurden)\b", sentence, re.IGNORECASE):
        found.append("die Stadt im Passiv")  # "Wir werden abgelehnt." for "wird abgelehnt"
    if _we_have_nothing_done(sentence):
        found.append("„Wir haben“ ohne Partizip")  # "Wir haben die Möglichkeit, … zu finden."
    if m := _WRONG_GENDER.search(sentence):
        found.append(f"falscher Artikel „{m.group(0)}“")  # "Die Ausweis kommt …"
    if m := _WIR_SINGULAR.search(sentence) or _WIR_T.match(sentence.strip()):
        found.append(f"falsche Verbform „{m.group(0)}“")  # "Wir danke Ihnen", "Wir erlaubt …"
    if _HABEN.search(sentence) and _SEIN_PARTICIPLE.search(sentence):
        found.append("falsches Hilfsverb")  # "Wir haben ein Antrag eingegangen."
    if re.search(r"->|→|=>", sentence):
        found.append("Pfeil statt Satz")  # "95 cm -> Fällgenehmigung nötig": the own words say it
    if modal := _modal_without_infinitive(sentence):
        found.append(f"„{modal}“ ohne Infinitiv")  # "Wir können Parken in Zone B möglich …"
    if not re.search(r"[.!?]$", sentence.strip()) or len(words(sentence)) < 3:
        found.append("kein ganzer Satz")
    return found


_MODAL = re.compile(r"\b(kann|können|muss|müssen|darf|dürfen|soll|sollen|möchten|möchte)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:()–]|(?<!\d)[.!?](?=\s|$)")  # not the dot of "15. Juni" or "luebeck.de"
_BARE = frozenset("tun sein".split())


def _modal_without_infinitive(sentence: str) -> str:
    """The modal verb of a clause that does not end in an infinitive ("Wir können Parken in
    Zone B möglich mit Parkschein."), or ""; "Sie können den Antrag formlos stellen." has one."""
    for clause in _CLAUSE_END.split(sentence):
        m = _MODAL.search(clause)
        found = words(clause)
        if m is None or not found or re.match(r"^(wie|wenn|ob|dass|falls|so)$", found[0], re.IGNORECASE):
            continue
        last = found[-1]
        if last == m.group(1) or last in _BARE or (last[:1].islower() and re.search(r"(en|ern|eln)$", last)):
            continue
        return m.group(1)
    return ""
