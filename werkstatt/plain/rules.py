"""The rules of Einfache Sprache that a program can check, sentence by sentence.

DIN 8581-1 (Einfache Sprache, German) and DIN ISO 24495-1 (plain language) ask for short
sentences, one statement per sentence, known words, active voice, verbs rather than nouns,
few subordinate clauses, no unexplained abbreviations and no double negation. The norms
give principles, not counts; the limits below are ours, set at the strict end of what
plain-language guides give for an easily read sentence, so that a sentence that passes
here is short by any of them:

- ``MAX_WORDS`` = 15 words per sentence (guides name 15 to 20 as the upper range of an easy
  sentence; a rewrite of 16 to 20 words is usually two statements that read better apart);
- a word of more than ``MAX_SYLLABLES`` = 6 syllables or ``MAX_LETTERS`` = 20 letters is a
  long word, unless it is hyphenated into shorter parts ("Bewohner-Parkausweis") or
  explained in brackets right after it;
- more than ``MAX_CLAUSES`` = 1 subordinate clause, more than one abstract noun (-ung, -heit,
  -keit, -ion, -tät, -nahme) or a set phrase of the official style, a passive ("wird …
  bezahlt", "ist … zu entrichten"), two main clauses joined by und/oder/aber/; , a word of
  the Amtsdeutsch list, an abbreviation with a dot or "§", and two negations in one sentence.

``rule_breaks(sentence)`` names each broken rule in German as "Regel: Einzelheit" (the part
before the colon is the rule, stable for counting); ``[]`` when the sentence keeps them all.
"""

from __future__ import annotations

import re

MAX_WORDS = 15
MAX_SYLLABLES = 6
MAX_LETTERS = 20
MAX_CLAUSES = 1

# Rule names (the part of a finding before the colon).
LENGTH, LONG_WORD, PASSIVE, NOMINAL = "Satz zu lang", "Langes Wort", "Passiv", "Nominalstil"
CLAUSES, STATEMENTS, OFFICIAL = "Schachtelsatz", "Mehr als eine Aussage", "Amtsdeutsch"
ABBREVIATION, NEGATION = "Abkürzung", "Mehrfache Verneinung"
RULES = (LENGTH, LONG_WORD, PASSIVE, NOMINAL, CLAUSES, STATEMENTS, OFFICIAL, ABBREVIATION, NEGATION)

# Words of the official style and what Einfache Sprache says instead (also shown to the model).
AMTSDEUTSCH = {
    "gemäß": "nach", "bzgl": "zu", "bezüglich": "zu", "diesbezüglich": "dazu", "seitens": "von",
    "entrichten": "bezahlen", "entrichtung": "Zahlung", "unverzüglich": "sofort",
    "umgehend": "sofort", "zwecks": "für", "hiermit": "", "obige": "diese", "obigen": "diesen",
    "vorbehaltlich": "wenn", "nebst": "und", "mittels": "mit", "infolge": "wegen",
    "aufgrund": "wegen", "betreffend": "zu", "inanspruchnahme": "Nutzung", "beizufügen": "mitschicken",
    "erfolgt": "(ein Verb: „Sie beantragen …“)", "erfolgen": "(ein Verb)", "sofern": "wenn",
    "soweit": "wenn", "zuzüglich": "dazu kommen", "abzüglich": "weniger", "ausgehändigt": "gegeben",
    "vorzulegen": "zeigen", "vorlegen": "zeigen", "vorzuweisen": "zeigen", "binnen": "in",
    "beziehungsweise": "oder", "etwaige": "mögliche", "etwaigen": "möglichen", "jeweils": "",
    "hinsichtlich": "zu", "unbeschadet": "trotz", "verbescheiden": "entscheiden",
    "zugestellt": "geschickt", "fristgerecht": "rechtzeitig", "fristgemäß": "rechtzeitig",
    "ordnungsgemäß": "richtig", "wohnhaft": "wohnen", "antragsteller": "Sie",
    "antragstellerin": "Sie", "antragstellende": "Sie", "antragstellenden": "Sie",
}
_SET_PHRASES = re.compile(
    r"\b(unter Vorlage|zur Vorlage|in Kenntnis|zur Kenntnis|in Anspruch|zur Verfügung stellen|"
    r"Sorge tragen|in Verbindung mit|nach Maßgabe|zum Zwecke?|im Rahmen|mit Wirkung)\b", re.IGNORECASE)
_ABSTRACT = re.compile(r"^[A-ZÄÖÜ]\w*(ung|ungen|heit|heiten|keit|keiten|ion|ionen|tät|täten|nahme|nahmen)$")
EVERYDAY = {  # -ung words of everyday speech: no official style
    "wohnung", "zeitung", "rechnung", "meinung", "richtung", "heizung", "kleidung", "nahrung",
    "hoffnung", "werbung", "ordnung", "sendung", "wohnungen", "zeitungen", "rechnungen",
    "information", "informationen", "region", "million", "millionen", "nation", "station",
    "stadtverwaltung", "verwaltung", "versicherung", "bildung", "gesundheit", "sicherheit",
}
# Nominalisations of the official style: one alone is already nominal style.
OFFICIAL_NOUNS = {"beantragung", "antragstellung", "entrichtung", "inanspruchnahme", "einreichung",
                  "erteilung", "gewährung", "vornahme", "durchführung", "berücksichtigung",
                  "zurverfügungstellung", "kenntnisnahme", "aushändigung", "zustellung", "vorlage",
                  "ausstellung"}
_SUBORDINATE = re.compile(
    r"(?:^|[,;:(–]\s*|\b(?:und|oder)\s+)(dass|wenn|weil|ob|obwohl|obgleich|damit|sodass|falls|nachdem|"
    r"bevor|während|solange|sofern|soweit|sobald|indem|seitdem|bis|wie|wo|wer|was|als)\s", re.IGNORECASE)
_RELATIVE = re.compile(
    r",\s*(?:(?:an|auf|aus|bei|für|in|mit|nach|von|vor|zu|über|unter)\s+)?(der|die|das|dem|den|denen|"
    r"deren|dessen|welche[rsmn]?)\s[^,.;:!?]*\s[a-zäöüß]+(?=\s*(?:[,.;:!?)]|$))")
_INFINITIVE = re.compile(r",\s*(um|ohne|statt|anstatt)\s[^,.;:]*\bzu\s+\w+")
_COORDINATOR = re.compile(r"\s*(?:,\s*)?\b(?:und|oder|aber|sondern|denn|doch)\b\s+|\s*;\s*")
FINITE = {
    "ist", "sind", "war", "waren", "hat", "haben", "hatte", "hatten", "muss", "müssen", "kann",
    "können", "darf", "dürfen", "soll", "sollen", "will", "wollen", "wird", "werden", "wurde",
    "wurden", "gibt", "gilt", "gelten", "beträgt", "betragen", "kostet", "kosten", "bekommt",
    "bekommen", "erhält", "erhalten", "braucht", "brauchen", "liegt", "liegen", "endet",
    "beginnt", "zahlt", "zahlen", "bringt", "bringen", "geht", "gehen", "kommt", "kommen",
    "gehört", "steht", "stehen", "meldet", "melden", "schickt", "schicken", "macht", "machen",
    "bezahlt", "bezahlen", "möchte", "möchten", "läuft", "dauert", "stellt", "stellen",
}
_PRONOUN_VERB = re.compile(r"(?:^|\s)(?:Sie|sie|er|es|wir|ich|man)\s+(?!nicht\b)[a-zäöüß]{3,}|"
                           r"^[A-ZÄÖÜ][a-zäöüß]+\s+(?:Sie|Sie\b|man)\b")
_MODALS = {"kann", "können", "muss", "müssen", "darf", "dürfen", "soll", "sollen", "will", "wollen",
           "möchte", "möchten", "wird", "werden"}
_LEADS = {"dass", "wenn", "weil", "ob", "obwohl", "damit", "sodass", "falls", "nachdem", "bevor",
          "während", "solange", "sofern", "soweit", "sobald", "indem", "der", "die", "das", "dem", "den",
          "denen", "deren", "dessen", "welche", "um", "wo", "wer", "was"}
_PASSIVE_AUX = re.compile(r"\b(wird|werden|wurde|wurden|worden|geworden)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(
    r"\b(ge[a-zäöüß]{3,}(?:t|en)|(?:be|ver|er|ent|zer|emp|miss|über|unter)[a-zäöüß]{3,}t|[a-zäöüß]{3,}iert|"
    r"[a-zäöüß]{2,}ge[a-zäöüß]{2,}(?:t|en))\b")
STRONG_PARTICIPLES = {  # participles that look like infinitives ("wird erhoben", not "wird erhalten")
    "erhoben", "verboten", "vergeben", "beschrieben", "entnommen", "unterschrieben", "erlassen",
    "verliehen", "entschieden", "übernommen", "verwiesen", "erwiesen", "bewiesen", "verschoben",
    "überwiesen", "vertrieben", "betrieben", "behoben", "entzogen", "bezogen", "befohlen", "empfohlen",
    "verloren", "begonnen", "besprochen", "versprochen", "unterbrochen", "abgeschlossen", "zerbrochen"}
_NOT_PARTICIPLE = {"gesamt", "gerecht", "genug", "gegen", "gestern", "gerade", "genau", "geht", "gegeben",
                   "bereit", "erst", "bekannt", "selbst", "jetzt", "vergangen"}
_ZU_PASSIVE = re.compile(r"\b(ist|sind|war|waren)\b(?:\s+\S+){0,12}?\s+(?:zu|[a-zäöü]+zu)\s*[a-zäöüß]+en\b"
                         r"|\b(?:ist|sind)\s+[a-zäöüß]+zu[a-zäöüß]+en\b")
_ABBREVIATED = re.compile(
    r"(?<!\w)(z\.\s?B\.|u\.\s?a\.|d\.\s?h\.|bzw\.|ggf\.|evtl\.|i\.\s?d\.\s?R\.|usw\.|etc\.|ca\.|Nr\.|Abs\.|"
    r"gem\.|bzgl\.|inkl\.|zzgl\.|vgl\.|o\.\s?ä\.|u\.\s?U\.|i\.\s?V\.|Str\.|Tel\.|Std\.|lfd\.|Ziff\.|"
    r"S\.|Art\.|max\.|min\.|mind\.|§+)", re.IGNORECASE)
_NEGATIONS = re.compile(r"\b(nicht|kein\w*|nie|niemals|nichts|weder|ohne|keinesfalls|un(?:zulässig|möglich|"
                        r"wirksam|vollständig|gültig|berechtigt|zumutbar|befugt)\w*)\b", re.IGNORECASE)
_WORD = re.compile(r"[\wÄÖÜäöüß§]+(?:[-‑][\wÄÖÜäöüß]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÄÖÜ„\"(\d])|\n+")
_NO_END = re.compile(r"(\b\d{1,3}|\b[A-Za-zÄÖÜäöüß]|\b(St|Dr|Nr|Abs|Prof|bzw|ca|vgl|gem|ggf|inkl|Str|Tel|"
                     r"z\. ?B|u\. ?a|d\. ?h|TOP|Mio|Mrd|Std|Art|Ziff|lfd|mind|max|min|evtl|zzgl|usw|etc))\.$")
_MARKER = re.compile(r"^(?:[-*•–]|\(?\d+[.)]|[a-z]\))\s+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (and its lines: a heading or a list item is one), list
    markers removed, whitespace tidied."""
    found: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        if "\n" not in m.group(0) and _NO_END.search(text[max(start, m.start() - 12):m.start()]):
            continue  # "16. Tag", "z. B. so": no end of sentence
        piece = " ".join(text[start:m.start()].split())
        piece = _MARKER.sub("", piece).strip()
        if piece and re.search(r"\w", piece):
            found.append(piece)
        start = m.end()
    return found


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def syllables(word: str) -> int:
    """Vowel groups: a good estimate for German ("Be-woh-ner-park-aus-weis" = 6)."""
    return len(re.findall(r"(?:äu|eu|ei|ie|au|ai|[aeiouyäöü])+", word.lower())) or 1


def long_words(sentence: str) -> list[str]:
    """Words over the limits, unless hyphenated into short parts or explained in brackets."""
    found = []
    for m in _WORD.finditer(sentence):
        word = m.group(0)
        if any(c.isdigit() for c in word):
            continue
        parts = re.split(r"[-‑]", word)
        if all(syllables(p) <= MAX_SYLLABLES and len(p) <= MAX_LETTERS for p in parts):
            continue
        if sentence[m.end():m.end() + 2].lstrip().startswith("("):
            continue  # explained right after it
        found.append(word)
    return found


def _clauses(sentence: str) -> int:
    return (len(_SUBORDINATE.findall(sentence)) + len(_RELATIVE.findall(sentence))
            + len(_INFINITIVE.findall(sentence)))


def _main_part(sentence: str) -> str:
    """The sentence without its subordinate clauses (to find coordinated main clauses)."""
    parts = re.split(r"(,|;|:|\(|\))", sentence)
    kept, skipping = [parts[0]], False
    for part in parts[1:]:
        if part in {",", ";", ":", "(", ")"}:
            skipping = False
            kept.append(part)
            continue
        lead = part.strip().split(" ", 1)[0].lower() if part.strip() else ""
        if lead in _LEADS:
            skipping = True
        if not skipping:
            kept.append(part)
    return "".join(kept)


def _has_verb(segment: str, first: bool) -> bool:
    """A main clause's verb: anywhere in the first segment, near the start of a later one
    ("… und ist fällig", "… und Sie zahlen", "… und die Gebühr beträgt")."""
    found = words(segment)
    if not first:
        found = found[:3]
    lowered = {w.lower() for w in found}
    return bool(lowered & FINITE) or bool(_PRONOUN_VERB.search(" ".join(found)))


def statements(sentence: str) -> int:
    """Main clauses with their own verb, joined by und/oder/aber/; (1 for most sentences). An
    infinitive that ends a later part belongs to the first part's modal ("Sie können bar oder
    mit Karte bezahlen")."""
    segments = [s for s in _COORDINATOR.split(_main_part(sentence)) if s.strip()]
    modal = bool(segments) and bool({w.lower() for w in words(segments[0])} & _MODALS)
    count = 0
    for n, segment in enumerate(segments):
        found = words(segment)
        if modal and n and found and found[-1].lower() in FINITE and found[-1].endswith("en") and not any(
                w.lower() in FINITE for w in found[:-1][:3]):
            continue
        count += _has_verb(segment, n == 0)
    return max(1, count)


def passive(sentence: str) -> str:
    """The passive marker of ``sentence`` ("wird … bezahlt", "ist … zu zahlen"), or ""."""
    aux = _PASSIVE_AUX.search(sentence)
    if aux:
        for m in _PARTICIPLE.finditer(sentence):
            if m.group(1).lower() not in _NOT_PARTICIPLE and m.start() != aux.start():
                return f"{aux.group(1)} … {m.group(1)}"
        strong = [w for w in words(sentence) if w.lower() in STRONG_PARTICIPLES]
        if strong:
            return f"{aux.group(1)} … {strong[0]}"
    zu = _ZU_PASSIVE.search(sentence)
    return " ".join(zu.group(0).split()[-2:]) if zu else ""


def nominal(sentence: str) -> list[str]:
    """Abstract nouns (more than one is a pile) and set phrases of the official style."""
    nouns = [w for w in words(sentence) if (_ABSTRACT.match(w.split("-")[-1]) or w.lower() in OFFICIAL_NOUNS)
             and w.lower() not in EVERYDAY and w.split("-")[-1].lower() not in EVERYDAY]
    phrases = [m.group(0) for m in _SET_PHRASES.finditer(sentence)]
    nouns = [w for w in nouns if not any(w in p for p in phrases)]
    official_nouns = [w for w in nouns if w.lower() in OFFICIAL_NOUNS]
    return phrases + (nouns if len(nouns) > 1 else official_nouns)


def official(sentence: str) -> list[str]:
    return [w for w in words(sentence) if w.lower() in AMTSDEUTSCH]


def rule_breaks(sentence: str) -> list[str]:
    """The rules ``sentence`` breaks, each "Regel: Einzelheit" in German; [] if none."""
    found = []
    count = len(words(sentence))
    if count > MAX_WORDS:
        found.append(f"{LENGTH}: {count} Wörter (höchstens {MAX_WORDS})")
    for word in long_words(sentence):
        found.append(f"{LONG_WORD}: „{word}“")
    marker = passive(sentence)
    if marker:
        found.append(f"{PASSIVE}: „{marker}“")
    piled = nominal(sentence)
    if piled:
        found.append(f"{NOMINAL}: {', '.join(f'„{w}“' for w in piled)}")
    clauses = _clauses(sentence)
    if clauses > MAX_CLAUSES:
        found.append(f"{CLAUSES}: {clauses} Nebensätze (höchstens {MAX_CLAUSES})")
    main = statements(sentence)
    if main > 1:
        found.append(f"{STATEMENTS}: {main} Hauptsätze")
    for word in official(sentence):
        better = AMTSDEUTSCH[word.lower()]
        found.append(f"{OFFICIAL}: „{word}“" + (f" (besser: {better})" if better else ""))
    for m in _ABBREVIATED.finditer(sentence):
        found.append(f"{ABBREVIATION}: „{m.group(1)}“")
    negations = [m.group(1) for m in _NEGATIONS.finditer(sentence)]
    if len(negations) > 1:
        found.append(f"{NEGATION}: {', '.join(f'„{n}“' for n in negations)}")
    return found


def rule(finding: str) -> str:
    """The rule of a finding ("Satz zu lang: 18 Wörter …" → "Satz zu lang")."""
    return finding.split(":", 1)[0]
