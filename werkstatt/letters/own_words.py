"""A note in the employee's own words as a letter sentence, without the model.

Where the model's sentence for a note fails its checks (``check.problems``), the letter takes
the note itself: "Ausweis wird bewilligt" as "Ihr Ausweis wird bewilligt.", "Antrag vom
3. November eingegangen" with its verb, "Gebühr 60 Euro pro Jahr" as "Die Gebühr beträgt …",
"Termin online buchen" as "Bitte buchen Sie den Termin online.", abbreviations written out.
The patterns here (verbs, participles) are the checks' too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


VERB = re.compile(r"\b(ist|sind|war|waren|wird|werden|wurde|wurden|kann|können|muss|müssen|"
                   r"darf|dürfen|soll|sollen|hat|haben|gilt|gelten|liegt|liegen|kommt|kommen|"
                   r"geht|gehen|fehlt|fehlen|bleibt|bleiben|beträgt|betragen|dauert|dauern|"
                   r"findet|finden|passt|passen|braucht|brauchen|benötigen|bitten|folgt|folgen|"
                   r"erfolgt|erfolgen|läuft|laufen|endet|enden|beginnt|beginnen|gibt|steht|stehen|"
                   r"erhalten Sie)\b", re.IGNORECASE)
PARTICIPLE = re.compile(r"^(?:(?:ab|an|auf|aus|ein|mit|nach|vor|zu|zurück|weg|fest|her|hin|bei|"
                         r"zusammen|frei)?ge[a-zäöüß]{3,}(?:t|en)|(?:be|ver|er|ent|zer|emp|miss)"
                         r"[a-zäöüß]{3,}t|[a-zäöüß]{3,}iert|entschieden|beschlossen|verschoben|"
                         r"vergeben|möglich|nötig|notwendig|erforderlich|fällig|gültig|vollständig|"
                         r"unvollständig|erledigt|frei|offen)$")
_PAST = re.compile(r"^(?:(?:ab|an|auf|aus|ein|mit|nach|vor|zu|zurück|weg|fest|her|hin|bei|zusammen)?"
                   r"ge[a-zäöüß]{3,}(?:t|en)|(?:be|ver|er|ent|zer)[a-zäöüß]{3,}t|[a-zäöüß]{3,}iert)$")
RECEIVED = re.compile(r"^(erhalten|bekommen)$")
INFINITIVE = re.compile(r"^[a-zäöüß]{3,}(?:en|ern|eln)$")
AUXILIARY = re.compile(r"\b(ist|sind|war|waren|wird|werden|wurde|wurden|hat|haben|hatte|hatten|"
                        r"bin|bleibt|bleiben|gilt|gelten)\b", re.IGNORECASE)
# what a letter answers, with "Ihren/Ihre/Ihr" as after "Es geht um"
_MATTER = {"antrag": "Ihren Antrag", "anmeldung": "Ihre Anmeldung", "anfrage": "Ihre Anfrage",
           "beschwerde": "Ihre Beschwerde", "nachricht": "Ihre Nachricht", "e-mail": "Ihre E-Mail",
           "schreiben": "Ihr Schreiben", "widerspruch": "Ihren Widerspruch"}


def subject_of(texts: Iterable[str]) -> str:
    """Who a note without a subject speaks of ("wird abgelehnt"): the application, the
    registration or the enquiry the notes or the subject name, else "Ihr Anliegen"."""
    joined = " ".join(texts).lower()
    for word, subject in (("antrag", "Ihr Antrag"), ("anmeldung", "Ihre Anmeldung"),
                          ("anfrage", "Ihre Anfrage"), ("beschwerde", "Ihre Beschwerde")):
        if word in joined:
            return subject
    return "Ihr Anliegen"


def same_words(sentence: str, note: str) -> bool:
    """Whether ``sentence`` is ``note`` with nothing but punctuation and case changed."""
    return _norm(sentence) == _norm(note)


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


def instruction(note: str) -> bool:
    """A note that asks the citizen to do something ("Unterlagen bis 15.03. nachreichen",
    "bitte gesondert anmelden"): its sentence speaks to "Sie"."""
    parts = words(note)
    return bool(parts) and (parts[0].lower() == "bitte" or bool(
        INFINITIVE.match(parts[-1]) and not VERB.search(note) and not PARTICIPLE.match(parts[-1])))


def without_subject(note: str) -> bool:
    """A note that starts with its verb ("wird abgelehnt"): whom it speaks of, the model
    would have to guess."""
    return bool(VERB.match(note.strip()))


_AMOUNT = re.compile(r"^(Gebühr|Gebühren|Kosten|Betrag|Beitrag|Zuschuss|Miete|Erstattung)\s+"
                     r"(\d[\d.,]*\s*(?:Euro|€)\b.*)$", re.IGNORECASE)


_PLURAL = frozenset("unterlagen kosten gebühren nachweise dokumente angaben".split())
_ADVERBS = frozenset("daher deshalb leider bereits schon jetzt nun heute nicht auch inzwischen somit "
                     "damit noch nun also ebenfalls".split())


def _with_verb(clause: str) -> str | None:
    """A clause that ends in a participle or predicate with its verb: "Antrag eingegangen"
    → "Antrag ist eingegangen", "Abmeldung erhalten" → "Wir haben Abmeldung erhalten"."""
    parts = clause.split()
    if len(parts) < 2:
        return None
    last, first = parts[-1], parts[0]
    if m := re.match(r"^(.+?)\s+(in (?:Bearbeitung|Prüfung|Arbeit|Vorbereitung))$", clause):
        return f"{m.group(1)} {'sind' if m.group(1).split()[0].lower() in _PLURAL else 'ist'} {m.group(2)}"
    if (m := _AMOUNT.match(clause)) and PARTICIPLE.match(last):  # "Zuschuss 450 Euro bewilligt"
        amount = m.group(2)[:-len(last)].strip()
        return f"{m.group(1)} von {amount} {'sind' if m.group(1).lower() in _PLURAL else 'ist'} {last}"
    if m := _AMOUNT.match(clause):  # "Gebühr 60 Euro pro Jahr" → "Gebühr beträgt 60 Euro …"
        verb = "betragen" if m.group(1).lower() in ("gebühren", "kosten") else "beträgt"
        return f"{m.group(1)} {verb} {m.group(2)}"
    if RECEIVED.match(last):  # "Abmeldung zum 31.12. erhalten" → "wir haben die Abmeldung …"
        nominative = _article(first.lower()) if first[:1].isupper() else None
        article = {"Ihr": "Ihren", "Der": "den"}.get(nominative or "", (nominative or "").lower())
        has_one = first.lower() in _DETERMINERS
        return f"wir haben {article} {clause}" if article and not has_one else f"wir haben {clause}"
    if (PARTICIPLE.match(last) and _PAST.match(last) and len(parts) > 3
            and first[:1].isupper() and parts[1].lower() in ("am", "seit")):
        plural = re.search(r"(?<!ung)en$", first) is not None
        return " ".join([first, "wurden" if plural else "wurde", *parts[1:]])  # "Firma am 24.8. ermahnt"
    if PARTICIPLE.match(last):
        verb = "sind" if re.search(r"(?<!ung)en$", first) and first[0].isupper() else "ist"
        at = len(parts) - 1
        while at > 1 and parts[at - 1].lower() in _ADVERBS:  # "Antrag daher abgelehnt"
            at -= 1
        return " ".join([*parts[:at], verb, *parts[at:]])
    return None


# A note's bare leading noun gets the article a letter gives it ("Ausweis wird bewilligt" →
# "Ihr Ausweis wird bewilligt"); abbreviations of notes are written out.
_ARTICLE = {"antrag": "Ihr", "ausweis": "Ihr", "anmeldung": "Ihre", "anfrage": "Ihre",
            "beschwerde": "Ihre", "termin": "Ihr", "bescheid": "Der", "gebühr": "Die",
            "gebühren": "Die", "unterlagen": "Die", "bearbeitung": "Die", "zahlung": "Die",
            "abholung": "Die", "genehmigung": "Die", "entscheidung": "Die", "prüfung": "Die",
            "grund": "Der", "frist": "Die", "rechnung": "Die", "erstattung": "Die", "kosten": "Die",
            "betrag": "Der", "beitrag": "Der", "zuschuss": "Der", "miete": "Die",
            # nouns of a city's everyday notes (a Bürgerbüro, Grünflächen, Ordnung, Soziales)
            "schaukel": "Die", "reparatur": "Die", "ersatzteil": "Das", "sand": "Der",
            "spielplatz": "Der", "baum": "Der", "birke": "Die", "eiche": "Die", "hund": "Der",
            "sperrmüll": "Der", "müll": "Der", "container": "Der", "baustelle": "Die",
            "firma": "Die", "baufirma": "Die", "foto": "Das", "lageplan": "Der", "formular": "Das",
            "nachweis": "Der", "kontoauszug": "Der", "bescheinigung": "Die", "auszahlung": "Die",
            "wohnung": "Die", "straße": "Die", "weg": "Der", "gehweg": "Der", "platz": "Der",
            "parkplatz": "Der", "parkschein": "Der", "parkausweis": "Ihr", "zone": "Die",
            "schule": "Die", "kita": "Die", "veranstaltung": "Die", "fest": "Das",
            "schulfest": "Das", "unterlage": "Die", "belege": "Die", "lärm": "Der",
            "ordnungsamt": "Das", "bürgerbüro": "Das", "amt": "Das", "team": "Das", "büro": "Das",
            "sitzung": "Die", "gebäude": "Das", "dach": "Das", "fahrzeug": "Das",
            "auto": "Das", "fahrrad": "Das", "schild": "Das", "licht": "Das", "laterne": "Die",
            "ampel": "Die", "bank": "Die", "tisch": "Der", "tische": "Die", "stühle": "Die"}
_DETERMINERS = frozenset("der die das den dem des ein eine einen einem einer ihr ihre ihren ihrem "
                         "unser unsere".split())
_ABBREVIATIONS = {"mind.": "mindestens", "ggf.": "gegebenenfalls", "bzgl.": "bezüglich",
                  "inkl.": "einschließlich", "zzgl.": "zuzüglich", "evtl.": "eventuell",
                  "max.": "höchstens", "ca.": "etwa", "u. a.": "unter anderem", "tel.": "telefonisch",
                  "vorauss.": "voraussichtlich", "zw.": "zwischen"}
_ABBREVIATION = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + ")",
                           re.IGNORECASE)


def written_out(text: str) -> str:
    """``text`` with a note's abbreviations written out ("mind. 1,50 m" → "mindestens 1,50 m")
    and the dative a note leaves out after "ab", "unter", "mit" ("ab 24 Jahre" → "ab 24 Jahren")."""
    text = re.sub(r"\b(ab|unter|mit|über|bis zu) (\d+) Jahre\b(?!n)", r"\1 \2 Jahren", text)
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1).lower()], text)


_PRONOUN_LIKE = re.compile(r"(unser|euer|ihr|sein|mein|dein|dies|jen|jed|welch|manch|solch|all|kein|"
                           r"ander|beid|einig|mehrer|viel|wenig|etlich|sämtlich)(e?[rs])?$"
                           r"|^(leider|immer|wieder|später|vorher|nachher|daher|außer|weder|ferner|"
                           r"sicher|bisher|seither|früher|ebenso|sonder|deshalb|jeweils)$")


def with_article(text: str) -> str:
    """A leading bare noun with its article ("Antrag ist eingegangen" → "Ihr Antrag ist
    eingegangen"); any other text as it is."""
    first, _, rest = text.partition(" ")
    if (re.fullmatch(r"[A-ZÄÖÜa-zäöü][a-zäöüß]{2,}e[rs]", first)
            and re.match(r"[A-ZÄÖÜ]\w+ [a-zäöüß]", rest) and not _PRONOUN_LIKE.match(first.lower())):
        return f"Ein {first.lower()} {rest}"  # "Neuer Personalausweis dauert …": "Ein neuer …"
    if not rest or not first[:1].isupper() or first.endswith((":", ",")):
        return text
    article = _article(first.lower())
    if article is None or rest.split()[0].lower() in _DETERMINERS:
        return text
    return f"{article} {first} {rest}"


def _article(noun: str) -> str | None:
    """The article a letter gives ``noun`` at the start of a sentence: from the list above,
    by its last part ("Wohngeldantrag" like "Antrag"), or "Die" by a feminine ending
    ("Platzvergabe", "Baumschutzsatzung"); None where it is not known."""
    if noun in _ARTICLE:
        return _ARTICLE[noun]
    for head, article in _ARTICLE.items():
        if noun.endswith(head) and len(noun) >= len(head) + 3:
            return "Ihr" if article == "Ihr" else ("Ihre" if article == "Ihre" else article)
    return "Die" if re.search(r"(ung|heit|keit|schaft|tion|tät|vergabe|zusage|absage|firma|stelle)$",
                              noun) else None


# Separable prefixes of the verbs notes end in ("mitbringen" → "bringen Sie … mit").
_PREFIX = re.compile(r"^(mit|ein|nach|an|ab|auf|aus|zurück|vor|zu|vorbei|weg)(?=[a-zäöüß]{3,}en$)")
# The accusative article of nouns a request names first ("den Termin", "die Unterlagen").
_OBJECT = {"termin": "den", "lageplan": "den", "ausweis": "den", "personalausweis": "den",
           "antrag": "den", "nachweis": "den", "sperrmüll": "den", "bescheid": "den",
           "unterlagen": "die", "belege": "die", "nachweise": "die", "gebühr": "die",
           "rechnung": "die", "anmeldung": "die", "bescheinigung": "die", "vollmacht": "die",
           "formular": "das", "foto": "ein", "genehmigung": "die", "ausnahmegenehmigung": "die",
           "parkausweis": "den", "bewohnerparkausweis": "den", "quittung": "die"}


def imperative(text: str) -> str | None:
    """A request in note form as a polite imperative: "(bitte) Termin online buchen" →
    "Bitte buchen Sie den Termin online", "Belege bis 31.07. einreichen" → "Bitte reichen Sie
    die Belege bis 31.07. ein"; only where its first clause starts with a noun the request
    names and ends in the infinitive. None otherwise."""
    head, comma, rest = text.partition(", ")
    parts = [p for p in head.split() if p.lower() != "bitte"]  # "Genehmigung bitte … legen"
    if (len(parts) < 2 or not parts[0][:1].isupper() or not INFINITIVE.match(parts[-1])
            or PARTICIPLE.match(parts[-1]) or RECEIVED.match(parts[-1]) or parts[-2].lower() == "zu"
            or VERB.search(head)):  # "Antrag eingegangen", "Gebühr ist zu zahlen": none
        return None
    noun = parts[0].lower()
    if noun not in _OBJECT and not noun.endswith(("unterlagen", "belege", "nachweise")):
        return None
    verb = parts[-1]
    prefix = m.group(1) if (m := _PREFIX.match(verb)) else ""
    stem = verb[len(prefix):]
    article = _OBJECT.get(noun, "die")
    middle = " ".join([article, *parts[:-1]])
    sentence = f"Bitte {stem} Sie {middle}" + (f" {prefix}" if prefix else "")
    return sentence + (f", {rest}" if comma else "")


def _callback(text: str) -> str | None:
    """"bei Rückfragen telefonisch 0451 122-5610" → "Bei Rückfragen erreichen Sie uns
    telefonisch unter 0451 122-5610"."""
    m = re.match(r"^bei (rück)?fragen\s*(?:telefonisch|tel\.?|telefon)?\s*:?\s*(?:unter\s+)?"
                 r"(\+?\d[\d \-/()]{4,}\d)$", text, re.IGNORECASE)
    if m is None:
        return None
    return f"Bei {'Rückfragen' if m.group(1) else 'Fragen'} erreichen Sie uns telefonisch unter {m.group(2)}"


def as_sentence(note: str, subject: str = "Ihr Anliegen") -> str:
    """``note`` in the employee's own words as a sentence, without the model: "Ausweis wird
    bewilligt" as it is, "Antrag vom 3. November eingegangen" with "ist" before the
    participle (of its first or last clause), "wird abgelehnt" after ``subject``, "Antrag vom
    12. März" after "Es geht um Ihren", "Lageplan mitbringen" as "Bitte Lageplan
    mitbringen.", another note without a verb ("Gebühr 60 Euro pro Jahr") after "Bitte
    beachten Sie:"."""
    text = " ".join(note.split()).strip()
    text = written_out(text if re.search(r"\b\d{1,2}\.(\d{1,2}\.)?$", text) else text.rstrip(".;,:"))
    if (m := re.match(r"^(.+?)\s*(\([^()]*\))$", text)) and len(m.group(1).split()) >= 2:
        head = as_sentence(m.group(1), subject)  # "Zuschuss 450 Euro bewilligt (beantragt waren …)"
        return f"{head[:-1]} {m.group(2)}{head[-1]}"
    text = re.sub(r"^(hinweis|achtung|wichtig|info|nb)\s*:\s*", "", text, flags=re.IGNORECASE)
    # "zu viel gezahlte 45 Euro werden erstattet": an amount is plural and gets its article
    text = re.sub(r"^((?:zu viel|bereits)\s+)?([a-zäöüß]+te)\s+(?=\d[\d.,]*\s*(?:Euro|€)\s)",
                  lambda m: f"Die {m.group(1) or ''}{m.group(2)}n ", text)
    if not text:
        return ""
    clauses = text.split(", ")
    last = text.split()[-1]
    if arrow := re.match(r"^(.+?)\s*(?:->|→|=>)\s*(.+)$", text):  # "95 cm -> Genehmigung nötig"
        return f"{as_sentence(arrow.group(1), subject)} {_consequence(arrow.group(2), subject)}"
    if m := re.match(r"^([a-zäöüß]{3,}(?:en|ern|eln))\s*:\s*(.+)$", text):  # "mitbringen: alter Ausweis"
        text = _listed_request(m.group(1), m.group(2)) or f"Bitte {m.group(1)}: {m.group(2)}"
    elif phone := _callback(text):  # "bei Rückfragen telefonisch 0451 122-5610"
        text = phone
    elif request := imperative(text):  # "(bitte) Termin online buchen"
        text = request
    elif re.match(r"^bitte\b", text, re.IGNORECASE):
        text = "Bitte" + text[5:]
    elif m := re.match(r"^entschuldigung\b[,:!]?\s*", text, re.IGNORECASE):  # "Entschuldigung, Abholung …"
        rest = text[m.end():]
        text = f"Bitte entschuldigen Sie: {with_article(rest[:1].upper() + rest[1:])}" if rest else \
            "Bitte entschuldigen Sie."
    elif m := re.match(r"^(vielen )?dank\w*\b\s*", text, re.IGNORECASE):  # "Danke für den Hinweis"
        text = f"Vielen Dank {text[m.end():]}".strip()
    elif VERB.match(text):  # "wird abgelehnt": no subject
        text = f"{subject} {text[0].lower()}{text[1:]}"
    elif len(clauses) > 1 and all(_clause(c) for c in clauses) and not all(VERB.search(c) for c in clauses):
        return " ".join(_finished(_clause(c) or c) for c in clauses)  # "Schaukel gesperrt, Teil bestellt"
    elif VERB.search(text):
        pass
    elif (fixed := _with_verb(clauses[0])) is not None:
        text = ", ".join([fixed, *clauses[1:]])
    elif len(clauses) > 1 and (fixed := _with_verb(clauses[-1])) is not None:
        text = ", ".join([*clauses[:-1], fixed])
    elif (fixed := _without_participle(text)) is not None:  # "Auszahlung nach dem Fest gegen Belege"
        text = fixed
    elif PARTICIPLE.match(last):
        text = f"{subject} ist {last}"
    elif text.split()[0].lower() in _MATTER and re.match(  # "Antrag vom 12. März auf …"
            r"^\S+\s+(vom|von|auf|zur|zum|über|für|wegen)\b", text, re.IGNORECASE):
        first, _, rest = text.partition(" ")
        text = f"Es geht um {_MATTER[first.lower()]} {rest}".strip()
    elif INFINITIVE.match(last) and last.lower() != text.lower():
        text = "Bitte " + re.sub(r"\s+bitte\b", "", text, flags=re.IGNORECASE)
    else:
        text = f"Bitte beachten Sie: {text}"
    if m := re.match(r"^(.*\S),\s*(?:gültig|befristet) bis (.+)$", text):  # ", gültig bis 30.09."
        head = _finished(m.group(1))
        pronoun = {"Der": "Er", "Die": "Sie", "Das": "Es", "Ihr": "Er", "Ihre": "Sie"}.get(head.split()[0])
        if pronoun:
            return f"{head} {pronoun} gilt bis {m.group(2).rstrip('.')}."
    return _finished(text)


def _consequence(text: str, subject: str) -> str:
    """What follows from the note's first part: "Fällgenehmigung nötig" → "Daher ist eine
    Fällgenehmigung nötig."; another form as a sentence of its own."""
    if m := re.fullmatch(r"([A-ZÄÖÜ]\w+)\s+(nötig|notwendig|erforderlich|möglich)", text):
        indefinite = {"Der": "ein", "Das": "ein", "Die": "eine", "Ihr": "ein", "Ihre": "eine"}
        article = indefinite.get(_article(m.group(1).lower()) or "")
        if article:
            return f"Daher ist {article} {m.group(1)} {m.group(2)}."
    return as_sentence(text, subject)


def _listed_request(verb: str, listed: str) -> str | None:
    """"mitbringen: alter Ausweis und ein biometrisches Foto" → "Bitte bringen Sie Ihren alten
    Ausweis und ein biometrisches Foto mit"; None where an item's form is unclear."""
    items = re.split(r",\s*|\s+und\s+", listed)
    done = []
    for item in items:
        words_ = item.split()
        if words_ and words_[0].lower() in _DETERMINERS:
            done.append(item)
        elif m := re.fullmatch(r"([a-zäöüß]{3,})er ([A-ZÄÖÜ]\w+)", item):  # masculine, strong
            done.append(f"Ihren {m.group(1)}en {m.group(2)}")
        elif re.fullmatch(r"[A-ZÄÖÜ]\w+", item) and item.lower() in _OBJECT:
            done.append(f"{_OBJECT[item.lower()]} {item}")
        else:
            return None
    joined = " und ".join([", ".join(done[:-1]), done[-1]]) if len(done) > 1 else done[0]
    prefix = m.group(1) if (m := _PREFIX.match(verb)) else ""
    return f"Bitte {verb[len(prefix):]} Sie {joined}" + (f" {prefix}" if prefix else "")


def _finished(text: str) -> str:
    """``text`` as a sentence: its leading noun's article, a capital, a full stop."""
    text = with_article(text)
    text = text[0].upper() + text[1:]
    return text if text[-1] in "!?." else text + "."


def _clause(clause: str) -> str | None:
    """One clause of a verbless note as a sentence of its own, where its form is clear; None
    where the clause needs its neighbours ("nicht in Zone B")."""
    if not clause[:1].isupper() and not clause.lower().startswith("neue"):
        return None
    if VERB.search(clause):  # "Bearbeitung dauert 3 Wochen": a sentence already
        return None if VERB.match(clause) else clause
    return _with_verb(clause) or _without_participle(clause)


# What an action noun is followed by in a note: a time, a place or a condition.
_ADVERBIAL = re.compile(r"^(nach|bis|ab|am|an|im|in|innerhalb|etwa|ca\.|voraussichtlich|spätestens|"
                        r"frühestens|gegen|per|durch|über|mit|vom|zum|zur|ohne|jeweils|jährlich|"
                        r"monatlich|sofort|heute|morgen|danach|dann|\d)", re.IGNORECASE)
_ACTION = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]*(ung|reparatur|vergabe|abgabe|ausgabe|rückgabe)$|^Reparatur$")
_PREDICATE = re.compile(r"^(.+?)\s+(möglich|nötig|notwendig|erforderlich|zulässig|erlaubt|verboten)"
                        r"\s+((?:mit|ohne|nur|ab|bis|im|in|am|über|per|durch|gegen|nach|für|von|"
                        r"zwischen|werktags|täglich|sonntags|samstags|nachts|\d)\b.+)$")
# plural subjects of notes ("Bauarbeiten", "Lieferungen"); "Parken" and "Grillen" are singular
_PLURAL_END = re.compile(r"(ungen|heiten|keiten|arbeiten|zeiten|kosten|gebühren|unterlagen|nachweise|"
                         r"belege|container|fahrzeuge|tische|stühle)$")
_WEEKDAY = re.compile(r"^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\b,?\s*")


def _without_participle(clause: str) -> str | None:
    """A verbless clause of a known form with its verb: an action noun before its time or
    condition ("Auszahlung nach dem Fest gegen Belege" → "Auszahlung erfolgt nach dem Fest …"),
    a predicate before its condition ("Parken in Zone B möglich mit Parkschein" → "Parken in
    Zone B ist mit Parkschein möglich"), a new date ("neuer Termin Freitag 7.3." → "Der neue
    Termin ist am Freitag, 7.3.")."""
    parts = clause.split()
    if m := re.fullmatch(r"([A-ZÄÖÜ]\w+)\s+(?:gültig|befristet) bis (.+)", clause):  # "Ausweis gültig bis …"
        return f"{m.group(1)} gilt bis {m.group(2)}"
    if len(parts) >= 2 and _ACTION.match(parts[0]) and _ADVERBIAL.match(parts[1]):
        return f"{parts[0]} erfolgt {' '.join(parts[1:])}"
    if m := _PREDICATE.match(clause):
        subject = m.group(1)
        verb = "sind" if _PLURAL_END.search(subject.split()[0].lower()) else "ist"
        return f"{subject} {verb} {m.group(3)} {m.group(2)}"
    if (m := re.match(r"^(neue[rsn]?)\s+([A-ZÄÖÜ]\w+)\s+(.+)$", clause)) and m.group(2).lower() in _ARTICLE:
        noun, rest = m.group(2), m.group(3)
        article = {"Ihr": "Ihr", "Ihre": "Ihre"}.get(_ARTICLE[noun.lower()], _ARTICLE[noun.lower()])
        adjective = {"Der": "neue", "Die": "neue", "Das": "neue", "Ihr": "neuer", "Ihre": "neue"}[article]
        if (day := _WEEKDAY.match(rest)) is not None:
            rest = f"am {day.group(1)}, {rest[day.end():]}"
        return f"{article} {adjective} {noun} ist {rest}"
    return None
