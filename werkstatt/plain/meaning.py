"""Does a rewrite in Einfache Sprache say what its source sentence says? Checked by rule.

A small model drops a date, turns "bis" into "nach", "muss" into "kann", loses a "nicht",
forgets the object ("Blindenführhunde"), writes "Sie muss" or "Sie müssen einen Hund hält",
and adds words of its own. ``problems(statement, rewrite, backing, sources)`` lists each such
fault in German; a rewrite with any is not used. What is checked:

- every number, amount, date, reference and name of the statement is in the rewrite, and the
  rewrite has none that the sources lack (``sourcecheck``, both ways);
- every noun of the statement is in the rewrite (inflected, as a compound's head, or as the
  verb of an -ung noun: "Abmeldung" in "melden Sie … ab"), except the nouns of the official
  style that plain language replaces ("Beantragung", "Vorlage", "Voraussetzung" …), and so
  are the words that carry a condition ("schriftlich", "kostenlos", "jährlich", "nur" …);
- a negation, a duty ("muss") or a permission ("kann") and the direction of a time limit
  ("bis"/"spätestens" against "nach"/"ab") stay as they are;
- every content word of the rewrite stands in the statement (inflected or as a compound of
  its parts: ``textcheck.Backing``) or in the vetted plain vocabulary that the statement
  licenses ("bezahlen" where it says "entrichten"); no sentence is English, and none has a
  grammar fault a small model makes in the Sie-form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import sourcecheck, textcheck
from .rules import sentences

# Nouns of the official style that a rewrite may drop (it says them with a verb or not at all).
REPLACEABLE = frozenset("""beantragung antragstellung vorlage voraussetzung voraussetzungen entrichtung
inanspruchnahme erteilung gewährung einreichung ausstellung zustellung erhalt abholung höhe rahmen
zweck zwecke maßgabe verfahren bekanntgabe durchführung vornahme berücksichtigung erfolg
bearbeitung grundlage sinne fall falle fälle bezug hinblick anlass umfang weise art""".split())
KEY_WORDS = {  # conditions a rewrite keeps, with the words that say the same
    "schriftlich": ("schriftlich", "brief"), "mündlich": ("mündlich",),
    "persönlich": ("persönlich",), "elektronisch": ("elektronisch", "online", "internet", "e-mail"),
    "online": ("online", "internet"), "telefonisch": ("telefonisch", "anruf", "telefon"),
    "kostenlos": ("kostenlos", "nichts", "umsonst", "gebührenfrei"), "gebührenfrei": ("gebührenfrei",
                                                                                    "kostenlos", "nichts"),
    "kostenpflichtig": ("kostenpflichtig", "kostet", "bezahl", "gebühr"), "jährlich": ("jährlich", "jahr"),
    "monatlich": ("monatlich", "monat"), "wöchentlich": ("wöchentlich", "woche"),
    "täglich": ("täglich", "tag"), "bar": ("bar",),
    "nur": ("nur", "ausschließlich", "voraussetzung", "lediglich", "erforderlich"),
    "ausschließlich": ("ausschließlich", "nur"), "mindestens": ("mindestens",),
    "höchstens": ("höchstens", "bis zu"), "spätestens": ("spätestens", "bis"),
    "frühestens": ("frühestens", "ab"), "einmal": ("einmal", "1"),
    "vorherig": ("vorher", "vorab", "zuerst", "vorherig"),
}
NUMBERS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
           "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "hundert": 100,
           "zweimal": 2, "dreimal": 3, "viermal": 4}
NUMBER_WORDS = re.compile(r"\b(" + "|".join(NUMBERS) + r")\b")
PERSON = re.compile(r"(berechtigte|pflichtige|halter|halterin|steller|stellerin|eigentümer|besitzer|bürger|"
                    r"innen|einwohner|bewohner|mieter|inhaber|empfänger|teilnehmer|leser|person|personen)n?$",
                    re.IGNORECASE)
NEGATION = re.compile(r"\b(nicht|kein\w*|nie|niemals|nichts|weder|ohne|ausgeschlossen|verboten|untersagt|"
                      r"unzulässig)\b", re.IGNORECASE)
MUST = re.compile(r"\b(muss|müssen|musst|pflicht\w*|verpflichtet|erforderlich|notwendig|nötig|"
                  r"(ist|sind|hat|haben)\b[^.,;]*\bzu\s+\w+en)\b", re.IGNORECASE)
REQUIRE = re.compile(r"\b(voraussetzung|vorlage|vorzulegen|vorzuweisen|erforderlich|benötig\w*|nur|zu \w+en|"
                     r"\w+zu\w+en|pflicht\w*|bedarf|bedürfen|notwendig)\b", re.IGNORECASE)
MAY = re.compile(r"\b(kann|können|darf|dürfen|möglich|erlaubt)\b", re.IGNORECASE)
BEFORE = re.compile(r"\b(bis|spätestens|vor|vorher|innerhalb|binnen|längstens)\b", re.IGNORECASE)
AFTER = re.compile(r"\b(nach|ab|seit|frühestens|später)\b(?=\s+(?!und\b|oder\b|aber\b)[\wÄÖÜäöü])",
                   re.IGNORECASE)  # "ab dem 1. März", not "melden Sie ab"
# Words of textcheck's stoplist (a letter's vocabulary) that say something in a rewrite.
MEANINGFUL = frozenset("""bekommen erhalten brief post melden nehmen stellen telefon telefonisch mail email
e-mail nachricht schreiben geben finden anfrage mitteilung informieren rückfragen verfügung künftig
derzeit bereits sofort bald direkt zusätzlich neue neuen neuer gut möglich""".split())
# Words of comment a rewrite never needs: the model talking about the text or to the reader.
ADDED = re.compile(r"\b(beachten|hinweis\w*|informier\w*|mitteil\w*|leider|gerne|gern|freuen|danke\w*|"
                   r"viel glück|wünschen|hoffen|selbstverständlich|natürlich)\b", re.IGNORECASE)
_NOT_VERB = {"nicht", "jetzt", "erst", "selbst", "bereit", "direkt", "sofort", "meist", "zuerst",
             "zuletzt", "insgesamt", "gesamt", "oft", "gut", "damit", "bitte", "bereits", "auch", "bis"}
_SIE_SINGULAR = re.compile(r"(?:^|[.!?:]\s+)Sie\s+([a-zäöüß]+)\b")
_MODAL = re.compile(r"\b(?:Sie\s+(?:müssen|können|dürfen|sollen)|(?:Müssen|Können|Dürfen|Sollen)\s+Sie)\b")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_ZU_INFINITIVE = re.compile(r"(?:^|\S+\s)(?:zu\s+[a-zäöüß]+e?n|(?:ab|an|auf|aus|ein|mit|nach|vor|zurück|weg|"
                            r"her|hin|fest|vorbei|dazu|bei|frei|los)zu[a-zäöüß]{2,}e?n)$")
_GOVERNS = re.compile(r"\b(haben|hat|habe|ist|sind|war|waren|um|ohne|statt|anstatt|zeit|bitte|versuchen|"
                      r"vergessen|beginnen|brauchen|braucht|möglich|nötig|wichtig|recht|pflicht|aufgabe|"
                      r"gilt|scheint|scheinen)\b", re.IGNORECASE)
_COMMA_GOVERNS = re.compile(r"\b(zeit|recht|möglichkeit|pflicht|aufgabe|bitte|bitten|vergessen|versuchen|"
                            r"beginnen|möglich|nötig|wichtig|erlaubt|verboten|berechtigt|verpflichtet|bereit|"
                            r"glauben|glaubt|meinen|hoffen|planen|vor|daran|darum|dazu|dafür|empfehlen|"
                            r"brauchen|braucht|gilt|scheint|hilft|lohnt)\b", re.IGNORECASE)
_FEMININE_AFTER_MASCULINE = re.compile(  # "beim Hansestadt", "einen Abmeldung": these nouns are feminine
    r"\b(beim|vom|zum|im|einem|einen|dem|des)\s+(?:[a-zäöüß]\w*\s+)?[A-ZÄÖÜ]\w*"
    r"(ung|heit|keit|schaft|ion|tät|stadt|behörde|gebühr|steuer)\b")
MASCULINE_OBJECT = re.compile(  # "Sie möchten ein Bewohnerparkausweis": a masculine object wants "einen"
    r"((?:\bSie\s+(?!sind|werden|bleiben)[a-zäöüß]+|^(?!Ist|Sind|Wird|Bleibt)[A-ZÄÖÜ][a-zäöüß]+\s+Sie)"
    r"\s+(?:[a-zäöüß]+\s+)?)ein(\s+(?:[A-ZÄÖÜ]\w*)?(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in (
        "ausweis antrag bescheid schein termin nachweis hund brief platz pass beitrag betrag zuschuss spruch "
        "wohnsitz vertrag stand kurs").split()) + r"))\b")
FINITE = frozenset("""ist sind war waren hat haben hatte hatten muss müssen kann können darf dürfen soll
sollen will wollen wird werden wurde wurden gibt gilt geht kommt möchte möchten""".split())
_AUXILIARIES = frozenset("""ist sind war waren hat haben hatte hatten wird werden wurde wurden sein
worden bin bist habe""".split())
_NOT_A_VERB = frozenset("""der die das dem den des ein eine einen einem einer eines und oder aber in im
an am auf aus bei beim mit nach von vom vor zu zum zur für über unter um bis ohne gegen durch als wie
nicht auch nur noch schon sehr so dann da hier dort jetzt heute immer oft bitte pro je""".split())
_PARTICIPLE_END = re.compile(r"(?:ab|an|auf|aus|ein|mit|nach|vor|zu|zurück|weg|fest|her|hin)?"
                             r"ge[a-zäöüß]{2,}t")
FUNCTION = frozenset("""eine einen einem einer eines sein seine seinen dies diese diesen dieser dieses dann
denn wenn oder aber auch noch sich sind wird werden haben ihre ihren ihrem ihrer ihnen dass damit
darf kann muss müssen können sollen soll nach über unter durch gegen ohne bitte""".split())
_SUFFIXES = ("ungen", "ung", "en", "em", "er", "es", "e", "n", "s", "t")


def stem(word: str) -> str:
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _covered(word: str, stems: set[str], text: str) -> bool:
    """``word`` of the statement said in the rewrite (its stems and its lower-case text)."""
    mine = stem(word)
    noun = re.sub(r"(es|s|en|n|e)$", "", word.lower()) if len(word) > 5 else word.lower()
    if mine in stems or word.lower() in text or re.search(rf"\b{re.escape(noun)}", text):
        return True
    for other in stems:
        if len(other) >= 4 and (mine.endswith(other) or (other.endswith(mine) and len(mine) >= 4)):
            return True  # "Personalausweis" by "Ausweis", "Abmeldung" by "melden … ab"
        if len(other) >= 5 and len(mine) >= 5 and (other.startswith(mine) or mine.startswith(other)):
            return True  # "Beantragung" by "beantragen"
    return False


def nouns(statement: str) -> list[str]:
    """The statement's nouns that carry content (capitalised words that are not function
    words, names' cues or the official style's replaceable nouns)."""
    found = []
    for word in _WORD.findall(statement):
        lower = word.lower()
        if (word[0].isupper() and len(word) >= 3 and lower not in textcheck.STOPLIST
                and lower not in REPLACEABLE and lower not in sourcecheck.MONTHS and not word.isupper()):
            found.append(word)
    return list(dict.fromkeys(found))


def missing_words(statement: str, rewrite: str) -> list[str]:
    """The statement's nouns, number words and conditions that the rewrite does not say (a
    person the statement names, "Wahlberechtigte", may become the reader: "Sie")."""
    text = rewrite.lower()
    stems = {stem(w) for w in _WORD.findall(rewrite) if w.lower() not in FUNCTION}
    reader = re.search(r"\b(Sie|Ihr\w*)\b", rewrite)
    missing = [w for w in nouns(statement) if not _covered(w, stems, text)
               and not (reader and PERSON.search(w))]
    for word in NUMBER_WORDS.findall(statement.lower()):
        if word not in text and str(NUMBERS[word]) not in re.findall(r"\d+", rewrite):
            missing.append(word)
    for word in _WORD.findall(statement.lower()):
        key = next((k for k in KEY_WORDS if word.startswith(k)), None)
        if key and not any(alternative in text for alternative in KEY_WORDS[key]):
            missing.append(word)
    return list(dict.fromkeys(missing))


def _shifts(statement: str, rewrite: str) -> list[str]:
    """Negation, duty or permission, and a time limit's direction that the rewrite changes."""
    found = []
    if bool(NEGATION.search(statement)) != bool(NEGATION.search(rewrite)):
        found.append("Verneinung " + ("fehlt" if NEGATION.search(statement) else "hinzugefügt"))
    must, may = bool(MUST.search(statement)), bool(MAY.search(statement))
    if may and not must and MUST.search(rewrite) and not MAY.search(rewrite):
        found.append("aus „kann“ wurde „muss“")
    if must and not may and MAY.search(rewrite) and not MUST.search(rewrite):
        found.append("aus „muss“ wurde „kann“")
    duty = [s for s in sentences(rewrite) if re.search(r"\b(muss|müssen)\b", s, re.IGNORECASE)
            and not re.search(r"\b(nicht|kein\w*)\b", s, re.IGNORECASE)]  # "müssen keine": no duty
    if duty and not (must or REQUIRE.search(statement)):
        found.append("„müssen“ hinzugefügt")
    after = AFTER.search(rewrite)
    if BEFORE.search(statement) and not AFTER.search(statement) and after:
        found.append(f"Frist verdreht („{after.group(1)}“ statt „bis“)")
    if AFTER.search(statement) and not BEFORE.search(statement) and re.search(
            r"\b(bis|spätestens)\b", rewrite, re.IGNORECASE):
        found.append("Frist verdreht („bis“ statt „ab/nach“)")
    return found


def grammar(sentence: str, statement: str = "") -> list[str]:
    """Faults of the Sie-form a small model makes ("Sie muss", "Sie müssen … hält", "Sie
    können … zu entrichten", "einen Personalausweises"), and doubled words."""
    found = []
    for m in _SIE_SINGULAR.finditer(sentence):
        verb = m.group(1)
        if verb not in _NOT_VERB and (verb in {"muss", "kann", "hat", "ist", "wird", "darf", "soll", "will",
                                               "weiß", "war"} or re.fullmatch(r"[a-zäöüß]+[^e\W]t", verb)):
            found.append(f"„Sie {verb}“")
    clauses = re.split(r"(?<!\d)\.|[,;:!?()]", sentence)
    for number, clause in enumerate(clauses):
        words = clause.split()
        if number == 0:  # "ist … zu zahlen", "haben … zu tun"
            governed = bool(_GOVERNS.search(clause))
        else:  # ", um … zu tun", "Zeit, … zu tun"
            governed = bool(words) and (words[0].lower() in {"um", "ohne", "statt", "anstatt"}
                                        or bool(_COMMA_GOVERNS.search(clauses[number - 1])))
        if words and _ZU_INFINITIVE.match(" ".join(words[-2:])) and not governed:
            found.append(f"„{' '.join(words[-3:])}“ ohne „haben“, „ist“ oder „um“")
        modal = _MODAL.search(clause)
        if modal and words and (not words[-1].endswith("n") or (len(words) > 1 and words[-2] == "zu")):
            found.append(f"„{' '.join(words[-3:])}“ nach „{modal.group(0)}“")
    genitives = set(re.findall(r"\b(?:des|eines|Ihres|seines)\s+(?:\w+\s+)?([A-ZÄÖÜ]\w+e?s)\b", statement))
    for m in re.finditer(r"\b(ein|einen|eine|einem|den|dem|die|das|Ihren|Ihr|Ihre|Ihrem|kein|keinen)\s+"
                         r"([A-ZÄÖÜ]\w+e?s)\b", sentence):
        if m.group(2) in genitives:
            found.append(f"„{m.group(0)}“")
    found += [f"„{m.group(0)}“" for m in re.finditer(r"\b(\w+)\s+\1\b", sentence, re.IGNORECASE)]
    found += [f"„{m.group(0)}“" for m in _FEMININE_AFTER_MASCULINE.finditer(sentence)]
    found += [f"„{m.group(0)}“" for m in MASCULINE_OBJECT.finditer(sentence)]
    found += [f"Zeichensetzung „{m.group(0)}“" for m in re.finditer(r"[,;:]\s*[.!?]", sentence)]
    found += [f"„{m.group(0)}“" for m in re.finditer(r"\b(müssen|muss|sollen)\b[^.]*\bverpflichtet sein\b",
                                                     sentence)]  # "Das müssen Sie verpflichtet sein."
    nouns = set(re.findall(r"(?<=[\wäöüß,;)“] )[A-ZÄÖÜ][a-zäöüß]{3,}\b", statement))  # not first words
    lower = set(re.findall(r"\b[a-zäöüß]{4,}\b", statement))
    found += [f"„{w}“ kleingeschrieben" for w in re.findall(r"(?<![.!?:]\s)\b[a-zäöüß]{4,}\b", sentence)
              if w.capitalize() in nouns and w not in lower]  # "einspruch" for "Einspruch"
    return found + _structure(sentence)


def _structure(sentence: str) -> list[str]:
    """A main clause without a verb ("Wahlberechtigte, die … sind?"), an adverb and a verb
    without a subject ("Dann glaubt, …"), a participle without "haben", "sein" or "werden"
    ("Wir holen den Sperrabfall … abgeholt")."""
    found = []
    main = re.split(r"[,;:]", sentence, maxsplit=1)[0]
    tokens = _WORD.findall(main)
    lowered = {t.lower() for t in tokens}
    verbs = [t for t in tokens[1:] if t[0].islower() and t.lower() not in _NOT_A_VERB]
    inverted = len(tokens) > 1 and tokens[1] in {"Sie", "wir", "man", "es"}  # "Bringen Sie …"
    if tokens and not (lowered & FINITE or verbs or inverted):
        found.append(f"kein Verb in „{main.strip()}“")
    if re.match(r"^(Dann|Deshalb|Danach|Dafür|Dazu|Also|Jetzt|Daher)\s+[a-zäöüß]+\s*[,.!?]", sentence):
        found.append(f"„{' '.join(sentence.split()[:2])}“ ohne Subjekt")
    for clause in re.split(r"(?<!\d)\.|[,;:!?()]", sentence):
        words = _WORD.findall(clause)
        if (len(words) > 1 and _PARTICIPLE_END.fullmatch(words[-1])
                and not {w.lower() for w in words} & _AUXILIARIES):
            found.append(f"„{words[-1]}“ ohne „haben“, „sein“ oder „werden“")
    return found


def content_words(sentence: str) -> list[str]:
    """The words that must be backed: ``textcheck.content_words`` and the letter vocabulary of
    its stoplist that says something ("bekommen", "Brief", "melden")."""
    return [w for w in _WORD.findall(sentence) if len(w) >= 3 and (
        w.lower() not in textcheck.STOPLIST or w.lower() in MEANINGFUL)]


_CONDITION = re.compile(r"\b(wenn|falls|sofern|soweit)\b|^\s*Wer\b", re.IGNORECASE)
_CONDITION_KEPT = re.compile(r"\b(wenn|falls|sofern|soweit|wer|dann|bei|nur)\b", re.IGNORECASE)


def problems(statement: str, rewrite: str, backing: textcheck.Backing, sources: list[str],
             topic: textcheck.Backing | None = None, shown: Iterable[str] = ()) -> list[str]:
    """Everything that keeps ``rewrite`` from standing for ``statement`` (German, [] if none).
    ``backing``: the statement, its context and the vetted words; ``sources``: where the
    rewrite's facts must stand; ``topic``: the whole text, of which each sentence may borrow
    one word ("Hund" in a sentence about "die Abmeldung"); ``shown``: the sentences of the
    worked examples the model saw (none may be taken over)."""
    if not sentences(rewrite):
        return ["kein Satz"]
    examples = {" ".join(_WORD.findall(e.lower())) for e in shown}
    found = [f"fehlt: {f.text}" for f in sourcecheck.check(statement, [rewrite])]
    found += [f"nicht im Satz: {f.text}" for f in sourcecheck.check(rewrite, sources)]
    missing = missing_words(statement, rewrite)
    if missing:
        found.append("fehlt: " + ", ".join(missing))
    found += _shifts(statement, rewrite)
    if _CONDITION.search(statement) and not _CONDITION_KEPT.search(rewrite):
        found.append("Bedingung fehlt")  # "Wenn Sie keine … erhalten haben, …" → "Es gibt keine …"
    said = statement.lower()
    added = [m.group(0) for m in ADDED.finditer(rewrite) if m.group(0).lower() not in said]
    added += [k for k in KEY_WORDS if re.search(rf"\b{k}", rewrite, re.IGNORECASE)
              and not any(a in said for a in KEY_WORDS[k])]
    if added:
        found.append("hinzugefügt: " + ", ".join(dict.fromkeys(added)))
    for sentence in sentences(rewrite):
        unbacked = list(dict.fromkeys(w for w in content_words(sentence) if not backing.has(w)))
        if (topic is not None and len(unbacked) == 1 and topic.has(unbacked[0])
                and not any(unbacked[0].lower() in e.lower() for e in shown)):
            unbacked = []  # the text's topic, named in another sentence (not the examples')
        if unbacked:
            found.append("nicht im Satz: " + ", ".join(dict.fromkeys(unbacked)))
        found += [f"falsches Deutsch: {g}" for g in grammar(sentence, statement)]
        if " ".join(_WORD.findall(sentence.lower())) in examples:
            found.append(f"aus dem Beispiel: „{sentence}“")
    if textcheck.foreign_lines(rewrite):
        found.append("nicht auf Deutsch")
    return found
