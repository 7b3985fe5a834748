"""Synthetic OParl 1.1 data for tests and benchmarks: a council information system of the
fictitious "Hansestadt Beispielstadt".

SYNTHETIC DATA. Every organisation, person, meeting, paper and file made here is invented
(names, amounts, dates, streets, schools); none describes a real case, a real person or the
Hansestadt Lübeck. The System's ``name`` and the Body's ``keyword`` say so in the data too.

The objects follow the OParl 1.1 specification and its JSON schemas: a System, one Body, about
a dozen Organizations (committees of the Bürgerschaft and three Fraktionen), 40 Persons with
embedded Memberships, Meetings (about one per five papers) with embedded AgendaItems, and
Papers with embedded Consultations and a ``mainFile``. Consultations and agenda items point at
each other; meetings before ``REFERENCE_DATE`` have results, later ones do not. Some papers
have successors (``VO/2025/12345-01``, ``-02``) whose ``relatedPaper`` and
``superordinatedPaper`` name their predecessor (which lists them in ``subordinatedPaper``);
the answer to an Anfrage is its successor of type "Beantwortung einer Anfrage".

Everything is drawn from ``random.Random(seed)`` and fixed dates, never from the clock, so one
seed always gives the same JSON.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from werkstatt.gremien.oparl import FILES_DIR, local_name

Obj = dict[str, Any]

SCHEMA = "https://schema.oparl.org/1.1/"
REFERENCE_DATE = date(2025, 11, 14)
"""The data's "today": meetings before it took place and have results, later ones are planned."""
END_DATE = REFERENCE_DATE + timedelta(days=63)
"""The last day with a planned meeting."""

LIST_NAMES = ("organization", "person", "meeting", "paper")
PAPER_TYPES = ("Beschlussvorlage", "Antrag", "Anfrage", "Bericht", "Mitteilung",
               "Beantwortung einer Anfrage")


# --- the body's organisations, persons and places -------------------------------------------

class _Org(NamedTuple):
    key: str
    name: str
    short: str
    genitive: str  # "des Bauausschusses", for meeting names
    nominative: str  # "der Bauausschuss", for decision sentences
    kind: str  # organizationType
    classification: str
    department: str  # who writes its Vorlagen (text only)
    weight: float  # relative number of meetings


_ORGS = (
    _Org("bs", "Bürgerschaft", "BS", "der Bürgerschaft", "die Bürgerschaft", "Gremium", "Hauptorgan",
         "Büro der Bürgerschaft", 1.0),
    _Org("ha", "Hauptausschuss", "HA", "des Hauptausschusses", "der Hauptausschuss", "Gremium",
         "Ausschuss", "Fachbereich 1 – Zentrale Verwaltung", 1.2),
    _Org("bau", "Bauausschuss", "BauA", "des Bauausschusses", "der Bauausschuss", "Gremium", "Ausschuss",
         "Fachbereich 5 – Planen und Bauen", 1.0),
    _Org("fin", "Finanzausschuss", "FA", "des Finanzausschusses", "der Finanzausschuss", "Gremium",
         "Ausschuss", "Fachbereich 2 – Finanzen und Beteiligungen", 1.0),
    _Org("schul", "Schul- und Sportausschuss", "SchuSpo", "des Schul- und Sportausschusses",
         "der Schul- und Sportausschuss", "Gremium", "Ausschuss", "Fachbereich 4 – Schule und Sport", 1.0),
    _Org("jha", "Jugendhilfeausschuss", "JHA", "des Jugendhilfeausschusses", "der Jugendhilfeausschuss",
         "Gremium", "Ausschuss", "Fachbereich 4 – Jugend und Familie", 1.0),
    _Org("umwelt", "Umweltausschuss", "UA", "des Umweltausschusses", "der Umweltausschuss", "Gremium",
         "Ausschuss", "Fachbereich 5 – Umwelt und Klimaschutz", 1.0),
    _Org("sozial", "Sozialausschuss", "SozA", "des Sozialausschusses", "der Sozialausschuss", "Gremium",
         "Ausschuss", "Fachbereich 3 – Soziales und Wohnen", 1.0),
    _Org("kultur", "Kulturausschuss", "KuA", "des Kulturausschusses", "der Kulturausschuss", "Gremium",
         "Ausschuss", "Fachbereich 4 – Kultur und Bildung", 1.0),
    _Org("f1", "Fraktion Hansebund", "Hansebund", "der Fraktion Hansebund", "die Fraktion Hansebund",
         "Fraktion", "Fraktion", "Fraktion Hansebund in der Bürgerschaft", 0.0),
    _Org("f2", "Fraktion Bürgerforum", "Bürgerforum", "der Fraktion Bürgerforum",
         "die Fraktion Bürgerforum", "Fraktion", "Fraktion", "Fraktion Bürgerforum in der Bürgerschaft",
         0.0),
    _Org("f3", "Fraktion Stadtbündnis", "Stadtbündnis", "der Fraktion Stadtbündnis",
         "die Fraktion Stadtbündnis", "Fraktion", "Fraktion", "Fraktion Stadtbündnis in der Bürgerschaft",
         0.0),
)
_ORG_INDEX = {org.key: i for i, org in enumerate(_ORGS)}
_GREMIEN = [i for i, org in enumerate(_ORGS) if org.kind == "Gremium"]
_FRAKTIONEN = [i for i, org in enumerate(_ORGS) if org.kind == "Fraktion"]
_FRAKTION_SIZES = (14, 12, 10)

# (given name, gender) and family names; combined at random, so no real person is meant
_GIVEN = (
    ("Anna", "female"), ("Birte", "female"), ("Claudia", "female"), ("Dörte", "female"),
    ("Elke", "female"), ("Frauke", "female"), ("Gesa", "female"), ("Hanna", "female"),
    ("Inga", "female"), ("Jana", "female"), ("Katrin", "female"), ("Lena", "female"),
    ("Maren", "female"), ("Nina", "female"), ("Petra", "female"), ("Sabine", "female"),
    ("Svenja", "female"), ("Ulrike", "female"), ("Wiebke", "female"), ("Yvonne", "female"),
    ("Andreas", "male"), ("Björn", "male"), ("Christian", "male"), ("Dirk", "male"),
    ("Eike", "male"), ("Frank", "male"), ("Gerd", "male"), ("Hauke", "male"), ("Jan", "male"),
    ("Jörg", "male"), ("Klaus", "male"), ("Lars", "male"), ("Malte", "male"), ("Nils", "male"),
    ("Ole", "male"), ("Peter", "male"), ("Sönke", "male"), ("Thomas", "male"), ("Uwe", "male"),
    ("Volker", "male"),
)
_FAMILY = (
    "Albers", "Brandt", "Carstens", "Dahl", "Ehlers", "Friedrichsen", "Gosch", "Hansen", "Ivers",
    "Jessen", "Kock", "Lorenzen", "Möller", "Nissen", "Ohlsen", "Petersen", "Quast", "Rohwer",
    "Sievers", "Thiessen", "Uhlig", "Voss", "Wulf", "Brodersen", "Clausen", "Detlefsen", "Frahm",
    "Harder", "Jacobsen", "Kruse", "Lüders", "Martens", "Paulsen", "Reimers", "Schütt", "Timm",
    "Witt", "Ahrens", "Böttcher", "Hinz",
)
_PERSONS = 40
# The administration: status by gender, and the committees whose Vorlagen they sign
_ADMIN = (
    (("Bürgermeisterin", "Bürgermeister"), ("ha", "fin", "bs")),
    (("Senatorin für Bildung und Kultur", "Senator für Bildung und Kultur"), ("schul", "jha", "kultur")),
    (("Senatorin für Bauen und Umwelt", "Senator für Bauen und Umwelt"), ("bau", "umwelt")),
    (("Senatorin für Soziales", "Senator für Soziales"), ("sozial",)),
)

_ROOMS = (  # (street address, room, longitude, latitude)
    ("Markt 1", "Bürgerschaftssaal", 10.6861, 53.8671),
    ("Markt 1", "Sitzungssaal 1", 10.6861, 53.8671),
    ("Mühlentorplatz 4", "Sitzungssaal Verwaltungszentrum", 10.6905, 53.8592),
)

_TERMS = (  # legislative terms: (name, start, end)
    ("Wahlperiode 2018–2023", date(2018, 6, 1), date(2023, 5, 31)),
    ("Wahlperiode 2023–2028", date(2023, 6, 1), date(2028, 5, 31)),
)
_MEMBERS_SINCE = date(2018, 6, 1)  # organisations and memberships (the data reach back to 2019)


# --- vocabulary for papers -------------------------------------------------------------------

_SLOTS: dict[str, tuple[str, ...]] = {
    "district": ("Altstadt", "Hafenviertel", "Lindenhof", "Nordfeld", "Westerhagen", "Mühlenkamp",
                 "Ostufer", "Brückenfeld", "Sandberg", "Heidkoppel"),
    "street": ("Mühlenstraße", "Hafenstraße", "Lindenallee", "Bahnhofstraße", "Ringstraße",
               "Kastanienweg", "Schulstraße", "Werftstraße", "Marktstraße", "Travemünder Chaussee",
               "Holstenweg", "Am Stadtgraben"),
    "school": ("Grundschule Lindenhof", "Grundschule am Mühlenteich", "Gemeinschaftsschule Nordfeld",
               "Gymnasium am Hafen", "Förderzentrum Westerhagen", "Grundschule Ostufer",
               "Gemeinschaftsschule Sandberg", "Berufsschule Brückenfeld"),
    "kita": ("Kita Sonnenblume", "Kita Hafenkinder", "Kita Lindenzwerge", "Kita Regenbogen",
             "Familienzentrum Nordfeld", "Kita Mühlenspatzen"),
    "area": ("Alter Güterbahnhof", "Werftgelände Ost", "Nördlich der Ringstraße", "Am Mühlenteich",
             "Gewerbegebiet Heidkoppel", "Kasernengelände Sandberg", "Hafenspitze", "Westlicher Lindenhof"),
    "venue": ("Stadttheater", "Figurentheater", "Stadtmuseum", "Musikschule", "Stadtbibliothek",
              "Kulturwerft", "Kunsthalle"),
    "water": ("Mühlenau", "Beeke", "Lindenau", "Kanaltrave"),
    "club": ("TSV Beispielstadt", "SV Lindenhof", "Ruderclub Hafen", "FC Nordfeld",
             "Turnerschaft Westerhagen"),
    "purpose": ("die Sanierung der Feuerwache Nord", "den Winterdienst", "gestiegene Energiekosten",
                "die Unterbringung Geflüchteter", "die IT-Sicherheit der Verwaltung",
                "die Schülerbeförderung", "Tariferhöhungen im Sozial- und Erziehungsdienst"),
    "city": ("Skarvik (Schweden)", "Jaworzyn (Polen)", "Veskila (Finnland)", "Ventava (Lettland)"),
    "season": ("Frühjahr", "Sommer", "Herbst"),
    "th": ("1 – Zentrale Verwaltung", "2 – Finanzen", "3 – Soziales", "4 – Bildung, Jugend und Kultur",
           "5 – Planen, Bauen und Umwelt"),
}


_BUDGET = {"ha": 0, "fin": 1, "sozial": 2, "schul": 3, "jha": 3, "kultur": 3, "bau": 4, "umwelt": 4}
"""Each committee's Teilhaushalt (an index into ``_SLOTS["th"]``)."""


class _Topic(NamedTuple):
    committee: str
    subjects: tuple[str, ...]
    facts: tuple[str, ...]
    questions: tuple[str, ...]


_TOPICS = (
    _Topic("schul", (
        "Sanierung der {school}",
        "Erweiterung des Ganztagsangebots an der {school}",
        "Digitale Ausstattung der Schulen: Tablets und WLAN für die {school}",
        "Schulentwicklungsplan {year}",
        "Schulwegsicherung im Stadtteil {district}",
        "Neubau einer Mensa an der {school}",
        "Schulsozialarbeit an der {school}",
    ), (
        "Die {school} wird derzeit von {number} Schülerinnen und Schülern besucht; nach der aktuellen "
        "Prognose steigen die Schülerzahlen bis {year_plus} weiter an.",
        "Das Schulgebäude stammt überwiegend aus den 1960er-Jahren; Dach, Fenster und Sanitäranlagen "
        "sind sanierungsbedürftig.",
        "Für den Ganztagsbetrieb fehlen Räume für Mensa, Hausaufgabenbetreuung und Bewegungsangebote.",
        "Die Schulkonferenz der {school} hat sich einstimmig für die vorgeschlagene Lösung ausgesprochen.",
        "Der Rechtsanspruch auf Ganztagsbetreuung im Grundschulalter gilt ab dem Schuljahr 2026/27 "
        "stufenweise.",
        "Das Land fördert Schulbaumaßnahmen aus dem Investitionsprogramm Ganztagsausbau mit bis zu "
        "{percent} Prozent der förderfähigen Kosten.",
        "Die Schulsozialarbeit wird an der {school} bislang mit {small} Stunden pro Woche angeboten.",
    ), (
        "Wie viele Schülerinnen und Schüler besuchen derzeit die {school}?",
        "Wann ist mit dem Beginn der Sanierungsarbeiten an der {school} zu rechnen?",
        "Wie viele Klassenräume fehlen nach dem Schulentwicklungsplan im Stadtteil {district}?",
    )),
    _Topic("jha", (
        "Ausbau der Krippenplätze im Stadtteil {district}",
        "Neubau der {kita} im Stadtteil {district}",
        "Anpassung der Elternbeiträge für Kindertagesstätten",
        "Förderung der Kindertagespflege",
        "Jugendzentrum {district}: Fortsetzung der Förderung",
        "Spielplatz {street}: Erneuerung der Spielgeräte",
    ), (
        "Im Stadtteil {district} fehlen nach der Kita-Bedarfsplanung derzeit rund {small} Krippenplätze "
        "und {small2} Elementarplätze.",
        "Die Betreuungsquote für Kinder unter drei Jahren liegt bei {percent} Prozent und damit unter dem "
        "Landesdurchschnitt.",
        "Ein freier Träger hat sich bereit erklärt, die {kita} mit {groups} Gruppen zu betreiben.",
        "Die Warteliste der zentralen Kita-Platzvergabe umfasst aktuell {number} Kinder.",
        "In der Kindertagesbetreuung besteht weiterhin ein erheblicher Mangel an Fachkräften.",
        "Die Jugendhilfeplanung sieht für den Sozialraum {district} einen zusätzlichen Bedarf an offener "
        "Jugendarbeit vor.",
        "Die Spielgeräte auf dem Spielplatz {street} wurden bei der jährlichen Sicherheitsprüfung "
        "beanstandet.",
    ), (
        "Wie viele Kinder warten derzeit auf einen Krippenplatz im Stadtteil {district}?",
        "Wie viele Stellen für Erzieherinnen und Erzieher sind in den städtischen Kindertagesstätten "
        "unbesetzt?",
        "Welche Träger haben Interesse am Betrieb zusätzlicher Kita-Gruppen bekundet?",
    )),
    _Topic("bau", (
        "Radweg entlang der {street}",
        "Einrichtung einer Fahrradstraße in der {street}",
        "Tempo 30 in der {street}",
        "Sanierung der Brücke über die {water}",
        "Barrierefreier Umbau der Bushaltestellen in der {street}",
        "Parkraumkonzept für die Altstadt",
        "Fahrradparkhaus am Bahnhof",
    ), (
        "Die {street} wird täglich von rund {number} Kraftfahrzeugen und {number2} Radfahrenden genutzt.",
        "Der vorhandene Radweg ist mit teilweise nur einem Meter Breite deutlich zu schmal und entspricht "
        "nicht den aktuellen Regelwerken.",
        "In den vergangenen drei Jahren ereigneten sich in dem Abschnitt {small} Unfälle mit Beteiligung "
        "von Radfahrenden.",
        "Die Brückenprüfung ergab die Zustandsnote {grade}; eine Sanierung ist daher dringend erforderlich.",
        "Die Maßnahme ist Bestandteil des Radverkehrskonzepts und des Nahverkehrsplans.",
        "Während der Bauzeit ist eine Umleitung über die {street2} vorgesehen.",
        "Im Parkhaus am Bahnhof stehen derzeit nur {small} gesicherte Fahrradstellplätze zur Verfügung.",
    ), (
        "Wie viele Unfälle mit Radfahrenden gab es in den letzten drei Jahren in der {street}?",
        "Wann wird der Radweg in der {street} fertiggestellt?",
        "Welche Umleitungen sind während der Bauarbeiten vorgesehen?",
    )),
    _Topic("bau", (
        "Bebauungsplan Nr. {bplan} „{area}“ – Aufstellungsbeschluss",
        "Bebauungsplan Nr. {bplan} „{area}“ – Satzungsbeschluss",
        "Änderung des Flächennutzungsplans im Bereich „{area}“",
        "Veränderungssperre für den Bereich „{area}“",
        "Städtebaulicher Vertrag zum Vorhaben „{area}“",
    ), (
        "Das Plangebiet „{area}“ umfasst eine Fläche von rund {hectares} Hektar.",
        "Ziel der Planung ist ein gemischtes Quartier mit Wohnungen, Gewerbe und einer Kindertagesstätte.",
        "Im Rahmen der frühzeitigen Öffentlichkeitsbeteiligung gingen {small} Stellungnahmen ein, die in "
        "die Abwägung eingeflossen sind.",
        "Der Vorhabenträger übernimmt die Kosten der Planung und der Erschließung.",
        "Ein Lärmgutachten und eine artenschutzrechtliche Prüfung für den Bebauungsplan liegen vor.",
        "Der Entwurf des Bebauungsplans wird für die Dauer eines Monats öffentlich ausgelegt.",
    ), (
        "Wie viele Wohnungen sollen im Bereich „{area}“ entstehen?",
        "Wann ist mit dem Satzungsbeschluss für den Bebauungsplan zu rechnen?",
        "Welche Stellungnahmen der Träger öffentlicher Belange liegen vor?",
    )),
    _Topic("sozial", (
        "Bezahlbarer Wohnraum: Quote für geförderten Wohnungsbau",
        "Wohnungsbau auf dem Gelände „{area}“",
        "Qualifizierter Mietspiegel {year}",
        "Zweckentfremdung von Wohnraum durch Ferienwohnungen",
        "Wohnungsbauprogramm der städtischen Wohnungsbaugesellschaft",
    ), (
        "Auf dem Gelände sollen rund {number} Wohnungen entstehen, davon mindestens {percent} Prozent "
        "öffentlich gefördert.",
        "Die durchschnittliche Nettokaltmiete ist seit {year_minus} um {percent} Prozent gestiegen.",
        "Die Zahl der Haushalte mit Wohnberechtigungsschein übersteigt das Angebot an gebundenen Wohnungen "
        "deutlich.",
        "Die städtische Wohnungsbaugesellschaft plant bis {year_plus} den Bau von {number} Wohnungen.",
        "Die Zahl der als Ferienwohnungen genutzten Wohnungen in der Altstadt wird auf rund {number} "
        "geschätzt.",
    ), (
        "Wie viele geförderte Wohnungen wurden seit {year_minus} fertiggestellt?",
        "Wie viele Wohnungen werden in der Altstadt als Ferienwohnungen genutzt?",
    )),
    _Topic("kultur", (
        "Theaterförderung: Erhöhung des Betriebskostenzuschusses für das Stadttheater",
        "{venue}: Sanierung und Modernisierung",
        "{venue}: Erweiterung der Öffnungszeiten",
        "Förderung der freien Kulturszene {year}",
        "Instandsetzung des denkmalgeschützten Alten Zollhauses",
        "Kulturentwicklungsplan {year}",
    ), (
        "Der Betriebskostenzuschuss wurde seit {year_minus} nicht an Tarif- und Preissteigerungen angepasst.",
        "Im vergangenen Jahr besuchten rund {number} Menschen die Veranstaltungen im Haus {venue}.",
        "Die freie Kulturszene ist auf eine verlässliche, mehrjährige Förderung angewiesen.",
        "Das Landesamt für Denkmalpflege hat der geplanten Instandsetzung zugestimmt.",
        "Die Spielstätte entspricht nicht mehr den Anforderungen an Brandschutz und Barrierefreiheit.",
        "Die Theaterförderung des Landes deckt nur noch {percent} Prozent der Betriebskosten.",
    ), (
        "Wie hoch war die Zahl der Besucherinnen und Besucher im Haus {venue} im Jahr {year_minus}?",
        "Welche Kulturprojekte wurden im Jahr {year_minus} gefördert?",
    )),
    _Topic("umwelt", (
        "Klimaschutzkonzept {year}",
        "Photovoltaik auf städtischen Dächern",
        "Kommunale Wärmeplanung",
        "Baumschutzsatzung: Neufassung",
        "Hochwasserschutz an der {water}",
        "Umstellung der Straßenbeleuchtung auf LED",
        "Renaturierung der {water}",
        "Klimaanpassung: Hitzeschutzplan",
    ), (
        "Die Hansestadt Beispielstadt hat sich das Ziel gesetzt, bis 2040 klimaneutral zu werden.",
        "Die CO2-Emissionen der städtischen Liegenschaften betrugen zuletzt rund {number} Tonnen pro Jahr.",
        "Auf {small} städtischen Dächern können Photovoltaikanlagen mit zusammen rund {number2} Kilowatt "
        "Peak installiert werden.",
        "Starkregen hat in den vergangenen Jahren im Stadtteil {district} wiederholt zu Überflutungen "
        "geführt.",
        "Das Wärmeplanungsgesetz verpflichtet die Kommunen, bis zum 30.06.2028 einen Wärmeplan vorzulegen.",
        "Durch die Umstellung auf LED-Technik sinkt der Stromverbrauch der Straßenbeleuchtung um etwa "
        "{percent} Prozent.",
        "Der Gewässerzustand der {water} wird nach der Wasserrahmenrichtlinie als unbefriedigend bewertet.",
    ), (
        "Wie viele städtische Dächer sind bereits mit Photovoltaikanlagen ausgestattet?",
        "Welche Maßnahmen zum Hochwasserschutz an der {water} sind geplant?",
        "Wie viele Bäume wurden im Jahr {year_minus} im Stadtgebiet gefällt und nachgepflanzt?",
    )),
    _Topic("fin", (
        "Haushaltssatzung und Haushaltsplan {year}",
        "Überplanmäßige Ausgabe für {purpose}",
        "Jahresabschluss {year_minus}",
        "Hebesätze der Grundsteuer ab {year}",
        "Beteiligungsbericht {year_minus}",
        "Haushaltskonsolidierung: Maßnahmenliste",
        "Kreditermächtigung für Investitionen {year}",
    ), (
        "Der Ergebnishaushalt weist für {year} einen Fehlbetrag von {bigamount} aus.",
        "Die Gewerbesteuererträge liegen voraussichtlich {amount} unter dem Planansatz.",
        "Die Deckung erfolgt durch Minderausgaben im Teilhaushalt {th}.",
        "Die Kommunalaufsicht hat die Genehmigung des Haushalts mit Auflagen in Aussicht gestellt.",
        "Die Verschuldung der Hansestadt beträgt zum Jahresende voraussichtlich {bigamount}.",
        "Die Personalaufwendungen steigen aufgrund der Tarifabschlüsse um {percent} Prozent.",
        "Der Mehrbedarf für {purpose} beträgt {amount2}.",
    ), (
        "Wie hoch ist der Fehlbetrag im Ergebnishaushalt nach der aktuellen Hochrechnung?",
        "Welche Konsolidierungsmaßnahmen wurden seit {year_minus} umgesetzt?",
    )),
    _Topic("sozial", (
        "Obdachlosenunterkunft {street}: Erweiterung",
        "Seniorenbeirat: Änderung der Satzung",
        "Integrationskonzept {year}",
        "Zuschuss für die Beispielstädter Tafel",
        "Pflegestützpunkt im Stadtteil {district}",
        "Barrierefreiheit öffentlicher Gebäude: Aktionsplan",
        "Quartiersmanagement im Stadtteil {district}",
    ), (
        "Die Zahl der wohnungslosen Menschen in der Hansestadt ist auf rund {number} gestiegen.",
        "Der Anteil der über 65-Jährigen an der Bevölkerung wird bis {year_plus} auf {percent} Prozent "
        "steigen.",
        "Die Beratungsstellen verzeichnen eine deutlich gestiegene Nachfrage.",
        "Das Quartiersmanagement im Stadtteil {district} wird aus dem Städtebauförderprogramm Sozialer "
        "Zusammenhalt gefördert.",
        "Die Unterkunft in der {street} ist mit {small} Personen belegt und damit an ihrer Kapazitätsgrenze.",
        "Der Pflegestützpunkt soll Angehörige wohnortnah zu Pflege und Entlastungsangeboten beraten.",
    ), (
        "Wie viele wohnungslose Menschen sind derzeit in städtischen Unterkünften untergebracht?",
        "Wie viele öffentliche Gebäude sind bereits vollständig barrierefrei?",
    )),
    _Topic("schul", (
        "Kunstrasenplatz für den {club}",
        "Sanierung des Freibads {district}",
        "Sportentwicklungsplanung {year}",
        "Neubau der Sporthalle {district}",
        "Zuschuss an den {club} für die Sanierung des Vereinsheims",
    ), (
        "Der {club} hat derzeit {number} Mitglieder, davon rund {percent} Prozent Kinder und Jugendliche.",
        "Die Hallenzeiten sind vollständig ausgelastet; mehrere Sportvereine führen Wartelisten.",
        "Das Freibad verzeichnete in der letzten Saison rund {number2} Besucherinnen und Besucher.",
        "Die Technik der Badewasseraufbereitung hat das Ende ihrer Nutzungsdauer erreicht.",
        "Der Landessportverband beteiligt sich mit {amount2} an den Kosten.",
    ), (
        "Wie viele Sportvereine warten auf zusätzliche Hallenzeiten?",
        "Wann soll das Freibad {district} wieder öffnen?",
    )),
    _Topic("ha", (
        "Digitalisierung der Verwaltung: Umsetzung des Onlinezugangsgesetzes",
        "Stellenplan {year}",
        "Änderung der Hauptsatzung",
        "Städtepartnerschaft mit {city}",
        "Bürgerbüro: Verlängerung der Öffnungszeiten",
        "Einsatz Künstlicher Intelligenz in der Verwaltung",
        "Feuerwehrbedarfsplan {year}",
        "Neubau der Feuerwache {district}",
    ), (
        "Bislang sind {small} Verwaltungsleistungen vollständig online verfügbar.",
        "Die Wartezeit auf einen Termin im Bürgerbüro beträgt derzeit bis zu {small} Tage.",
        "Der Stellenplan sieht {small} zusätzliche Stellen vor, überwiegend für Kinderbetreuung und "
        "Bauordnung.",
        "Die Städtepartnerschaft soll den Austausch von Schulen, Vereinen und Verwaltungen fördern.",
        "Der Datenschutzbeauftragte und der Personalrat wurden frühzeitig beteiligt.",
        "Die Hilfsfrist der Feuerwehr wird im Stadtteil {district} in {percent} Prozent der Einsätze "
        "nicht eingehalten.",
        "Die Feuerwache {district} entspricht nicht mehr den Anforderungen der Unfallkasse.",
    ), (
        "Wie viele Verwaltungsleistungen sind inzwischen vollständig online verfügbar?",
        "Wie lange warten Bürgerinnen und Bürger derzeit auf einen Termin im Bürgerbüro?",
        "In wie vielen Einsätzen wurde die Hilfsfrist der Feuerwehr im Jahr {year_minus} überschritten?",
    )),
    _Topic("ha", (
        "Erschließung des Gewerbegebiets {area}",
        "Tourismuskonzept {year}",
        "Neuordnung des Wochenmarkts",
        "Weihnachtsmarkt {year}: Vergabe der Standplätze",
        "Wirtschaftsförderung: Gründerzentrum am Hafen",
    ), (
        "Im Gewerbegebiet stehen nach der Erschließung rund {hectares} Hektar Fläche zur Verfügung.",
        "Die Zahl der Übernachtungen in der Hansestadt stieg im Jahr {year_minus} auf {number2}.",
        "Für den Wochenmarkt haben sich {small} Händlerinnen und Händler beworben.",
        "Die Wirtschaftsförderungsgesellschaft hat bereits Anfragen von {small} Unternehmen erhalten.",
    ), (
        "Wie viele Unternehmen haben sich für Flächen im Gewerbegebiet {area} interessiert?",
        "Wie hat sich die Zahl der Übernachtungen seit {year_minus} entwickelt?",
    )),
)
_TOPIC_WEIGHTS = (10, 9, 12, 10, 8, 7, 10, 9, 7, 5, 8, 5)

_GENERIC_FACTS = (
    "Die Verwaltung hat die Angelegenheit in den vergangenen Monaten mit den beteiligten Fachbereichen "
    "abgestimmt.",
    "Die Gesamtkosten werden nach der aktuellen Kostenschätzung auf {amount} beziffert.",
    "Im Haushalt {year} stehen hierfür Mittel in Höhe von {amount2} zur Verfügung.",
    "Eine Umsetzung ist frühestens ab dem {date} möglich.",
    "Die Ausschreibung soll bis zum {date} erfolgen.",
    "Die Arbeiten sollen bis zum {date2} abgeschlossen sein.",
    "Ein Förderantrag über {amount2} wurde fristgerecht zum {date} gestellt.",
    "Die Anwohnerinnen und Anwohner wurden in einer Informationsveranstaltung am {past} beteiligt.",
    "Bereits im Jahr {year_minus} hatte sich {committee} mit dem Thema befasst.",
    "Die Kostenschätzung enthält einen Risikozuschlag von {risk} Prozent.",
    "Die Folgekosten für Betrieb und Unterhaltung betragen jährlich rund {amount3}.",
    "Die Verwaltung empfiehlt, das Vorhaben in zwei Abschnitten umzusetzen.",
    "Aufgrund gestiegener Baupreise ist gegenüber der ursprünglichen Planung mit Mehrkosten von {amount3} "
    "zu rechnen.",
    "Die Gleichstellungsbeauftragte und der Beirat für Menschen mit Behinderung wurden beteiligt.",
    "Eine Prüfung durch das Rechnungsprüfungsamt ist bis zum {date2} vorgesehen.",
    "Über die Ergebnisse wird {committee} in einer der nächsten Sitzungen unterrichtet.",
    "Personelle Auswirkungen ergeben sich nicht.",
    "Das Vorhaben trägt zu den Zielen des Klimaschutzkonzepts der Hansestadt bei.",
    "Der Zeitplan sieht einen Beginn im {season} {year_plus} vor.",
    "Die Stellungnahme des Seniorenbeirats liegt als Anlage bei.",
    "Für die Planung wurde ein externes Ingenieurbüro beauftragt; das Honorar beträgt {amount3}.",
    "Der Fachbereich hat {small} vergleichbare Vorhaben anderer Städte ausgewertet.",
    "Die Zahl der Betroffenen wird auf etwa {number} geschätzt.",
    "Bis zum {date2} soll ein Zwischenbericht vorgelegt werden.",
    "Die Angelegenheit wurde am {past} im Rahmen einer Ortsbegehung mit Vertreterinnen und Vertretern der "
    "Fraktionen erörtert.",
    "Die erforderlichen Genehmigungen sollen bis zum {date} beantragt werden.",
    "Nach einer ersten Marktabfrage liegen die Angebote zwischen {amount3} und {amount2}.",
    "Die Verwaltung hat hierzu eine Bürgerbefragung durchgeführt, an der sich {number} Personen beteiligt "
    "haben.",
    "Der Haushaltsansatz für {year} reicht nach derzeitigem Stand nicht aus; der Mehrbedarf beträgt "
    "{amount3}.",
    "Die Maßnahme ist mit den benachbarten Gemeinden und dem Kreis abgestimmt.",
    "Eine Beteiligung der Kinder- und Jugendvertretung ist bis zum {date} vorgesehen.",
    "Die Vergabe erfolgt nach einer öffentlichen Ausschreibung an das wirtschaftlichste Angebot.",
    "Verzögerungen ergeben sich aus Lieferengpässen und dem Fachkräftemangel im Handwerk.",
    "Die Verwaltung prüft, ob sich das Vorhaben mit anderen Maßnahmen im Stadtteil {district} bündeln lässt.",
    "Im Vergleich zum Vorjahr sind die Kosten um {percent} Prozent gestiegen.",
    "Die Stellungnahme der Gleichstellungsbeauftragten liegt bis zum {date} vor.",
)

_REASONS = {
    "Beschlussvorlage": (
        "Die vorgeschlagene Lösung ist unter wirtschaftlichen Gesichtspunkten die günstigste Variante.",
        "Ohne die Maßnahme drohen erhebliche Folgekosten und der Verlust von Fördermitteln.",
        "Die Entscheidung ist bis zum {date} erforderlich, damit die Fördermittel nicht verfallen.",
        "Die Verwaltung hält die Maßnahme für dringend geboten.",
        "Die geprüften Alternativen sind in der Anlage dargestellt; sie sind teurer oder später umsetzbar.",
        "Mit dem Beschluss wird ein wichtiger Beitrag zur Entwicklung der Hansestadt Beispielstadt "
        "geleistet.",
        "Eine Verschiebung würde die Kosten nach Einschätzung der Verwaltung um {percent} Prozent erhöhen.",
    ),
    "Antrag": (
        "Viele Bürgerinnen und Bürger haben sich mit diesem Anliegen an die Fraktion gewandt.",
        "Die Fraktion hält ein schnelles Handeln der Verwaltung für notwendig.",
        "Andere Städte haben mit vergleichbaren Maßnahmen gute Erfahrungen gemacht.",
        "Die erforderlichen Mittel in Höhe von {amount2} sind im Verhältnis zum Nutzen vertretbar.",
        "Der bisherige Zustand ist für die Betroffenen nicht länger hinnehmbar.",
        "Ein Konzept soll bis zum {date} vorliegen, damit die Mittel im Haushalt {year_plus} eingeplant "
        "werden können.",
    ),
    "Anfrage": (
        "Die Fraktion bittet um eine schriftliche Beantwortung bis zum {date}.",
        "Die Antworten sind für die anstehenden Haushaltsberatungen von Bedeutung.",
        "Aus der Bevölkerung erreichen die Fraktion vermehrt Nachfragen zu diesem Thema.",
    ),
    "Bericht": (
        "Der Bericht wird jährlich fortgeschrieben.",
        "Die Verwaltung wird bis zum {date2} erneut berichten.",
        "Die Entwicklung entspricht im Wesentlichen den Erwartungen.",
    ),
    "Mitteilung": (
        "Die Mitteilung dient der Information der Ausschussmitglieder.",
        "Ein Beschluss ist nicht erforderlich.",
        "Weitere Informationen werden bis zum {date2} nachgereicht.",
    ),
}

_QUESTIONS = {  # question -> answer, for any topic
    "Wie ist der aktuelle Sachstand zu „{subject}“?":
        "Die Planung zu „{subject}“ ist weitgehend abgeschlossen; die Umsetzung soll bis zum {date2} "
        "erfolgen.",
    "Welche Kosten sind bisher entstanden, und mit welchen Gesamtkosten rechnet die Verwaltung?":
        "Bisher sind Kosten von {amount3} entstanden; die Gesamtkosten werden auf {amount} geschätzt.",
    "Bis wann ist mit einem Abschluss zu rechnen?":
        "Nach der aktuellen Planung soll das Vorhaben bis zum {date2} abgeschlossen werden.",
    "Welche Fördermittel von Land, Bund oder EU wurden beantragt?":
        "Ein Förderantrag über {amount2} wurde beim Land gestellt; der Bescheid wird bis zum {date} "
        "erwartet.",
    "Wie viele Beschwerden von Bürgerinnen und Bürgern sind dazu eingegangen?":
        "Seit Jahresbeginn wurden {small} Beschwerden erfasst.",
    "Welche Alternativen hat die Verwaltung geprüft?":
        "Die Verwaltung hat drei Varianten geprüft; die gewählte Variante ist die wirtschaftlichste.",
    "Wie viele Stellen sind in dem zuständigen Fachbereich derzeit unbesetzt?":
        "Im zuständigen Fachbereich sind derzeit {small} Stellen unbesetzt.",
}
_NO_ANSWER = (
    "Hierzu liegen der Verwaltung keine statistischen Daten vor.",
    "Die Frage wird im nächsten Sachstandsbericht bis zum {date2} ausführlich beantwortet.",
    "Der zuständige Fachbereich hat die Angaben bis zum {date} zugesagt.",
)

_DECISIONS = {
    "Beschlussvorlage": (
        "{Decider} stimmt dem Vorhaben „{subject}“ zu und stellt Mittel in Höhe von {amount} bereit.",
        "{Decider} beschließt „{subject}“ in der Fassung der Anlage 1.",
        "Die Verwaltung wird beauftragt, das Vorhaben „{subject}“ bis zum {deadline} umzusetzen und über den "
        "Fortgang zu berichten.",
        "{Decider} stimmt der Vorlage „{subject}“ zu; die Finanzierung erfolgt aus dem Teilhaushalt {th}.",
    ),
    "Antrag": (
        "{Decider} möge beschließen: Der Bürgermeister wird gebeten, zu „{subject}“ bis zum {deadline} ein "
        "Konzept vorzulegen und dafür Mittel in Höhe von {amount2} im Haushalt {year_plus} einzuplanen.",
        "{Decider} möge beschließen: Die Verwaltung wird beauftragt, „{subject}“ zu prüfen und bis zum "
        "{deadline} zu berichten.",
        "{Decider} möge beschließen: „{subject}“ wird umgesetzt; die Kosten von bis zu {amount2} werden "
        "im Haushalt {year_plus} bereitgestellt.",
    ),
}
_NOTED = {
    "Anfrage": "die Anfrage",
    "Beantwortung einer Anfrage": "die Beantwortung der Anfrage",
    "Bericht": "den Bericht",
    "Mitteilung": "die Mitteilung",
}

_RESULTS = {  # role -> (results, weights) for meetings that took place
    "Entscheidung": (("beschlossen", "geändert beschlossen", "abgelehnt", "vertagt"), (70, 10, 12, 8)),
    "Vorberatung": (("beschlossen", "geändert beschlossen", "abgelehnt", "vertagt"), (76, 8, 8, 8)),
    "Kenntnisnahme": (("zur Kenntnis genommen", "vertagt"), (95, 5)),
}


# --- the corpus -------------------------------------------------------------------------------

@dataclass
class Corpus:
    """A generated OParl system: one Body and its objects, with the files' contents."""

    system: Obj
    body: Obj
    organizations: list[Obj]
    persons: list[Obj]
    meetings: list[Obj]
    papers: list[Obj]
    files: dict[str, bytes] = field(default_factory=dict)
    """Each File's ``downloadUrl`` -> its content."""

    def lists(self) -> dict[str, list[Obj]]:
        """The Body's lists by the names of the Body properties holding their URLs."""
        return {"organization": self.organizations, "person": self.persons,
                "meeting": self.meetings, "paper": self.papers}

    def list_url(self, list_name: str) -> str:
        """The URL of a list without ``?page=`` ("body" is the System's list of bodies)."""
        if list_name == "body":
            return str(self.system["body"])
        if list_name not in LIST_NAMES:
            raise KeyError(f"no such list: {list_name!r}")
        return str(self.body[list_name])

    def page(self, list_name: str, number: int, page_size: int) -> Obj:
        """Page ``number`` (from 1) of a list as an OParl list page (its ``data`` holds the
        corpus's own dicts, not copies). An empty list has one empty page; an unknown list
        raises KeyError, a number outside 1..totalPages ValueError."""
        url = self.list_url(list_name)
        items = [self.body] if list_name == "body" else self.lists()[list_name]
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        total_pages = max(1, math.ceil(len(items) / page_size))
        if not 1 <= number <= total_pages:
            raise ValueError(f"{list_name}: page {number} is not in 1..{total_pages}")
        links = {"first": f"{url}?page=1", "last": f"{url}?page={total_pages}",
                 "self": f"{url}?page={number}"}
        if number > 1:
            links["prev"] = f"{url}?page={number - 1}"
        if number < total_pages:
            links["next"] = f"{url}?page={number + 1}"
        return {
            "data": items[(number - 1) * page_size:number * page_size],
            "pagination": {"totalElements": len(items), "elementsPerPage": page_size,
                           "currentPage": number, "totalPages": total_pages},
            "links": links,
        }

    def page_count(self, list_name: str, page_size: int) -> int:
        """How many pages ``page`` serves for a list."""
        return int(self.page(list_name, 1, page_size)["pagination"]["totalPages"])


def write_folder(corpus: Corpus, folder: Path, page_size: int = 100, with_files: bool = False) -> None:
    """Write an OParl export folder: ``system.json``, ``body.json``, the list pages
    ``organizations/page-0001.json``, ``persons/…``, ``meetings/…``, ``papers/…`` and, with
    ``with_files``, each File's content as ``files/<local_name>``."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "system.json", corpus.system)
    _write_json(folder / "body.json", corpus.body)
    for list_name in corpus.lists():
        sub = folder / f"{list_name}s"
        sub.mkdir(exist_ok=True)
        for number in range(1, corpus.page_count(list_name, page_size) + 1):
            _write_json(sub / f"page-{number:04d}.json", corpus.page(list_name, number, page_size))
    if with_files:
        files = folder / FILES_DIR
        files.mkdir(exist_ok=True)
        for paper in corpus.papers:
            for file in _paper_files(paper):
                (files / local_name(file)).write_bytes(corpus.files[file["downloadUrl"]])


def _write_json(path: Path, obj: Obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _paper_files(paper: Obj) -> list[Obj]:
    files: list[Obj] = [paper["mainFile"]] if "mainFile" in paper else []
    return files + list(paper.get("auxiliaryFile", []))


# --- dates and times --------------------------------------------------------------------------

@functools.cache
def _summer_time(year: int) -> tuple[date, date]:
    """The days summer time (CEST) starts and ends: the last Sundays of March and October."""
    def last_sunday(month: int) -> date:
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    return last_sunday(3), last_sunday(10)


def _stamp(day: date, minutes: int) -> str:
    """An ISO datetime in German local time, with its offset."""
    start, end = _summer_time(day.year)
    offset = "+02:00" if start <= day < end else "+01:00"
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00{offset}"


def _holidays(day: date) -> bool:
    """Christmas to Epiphany: no meetings."""
    return (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 6)


def _german(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def _int(rng: random.Random, low: int, high: int) -> int:
    """Like ``rng.randint``, but faster (10,000 papers draw about a million numbers)."""
    return low + int(rng.random() * (high - low + 1))


def _euro(rng: random.Random, low: int, high: int) -> str:
    """An amount in euros, rounded like a cost estimate, German digit grouping."""
    value = _int(rng, low, high)
    step = 10 ** max(0, len(str(value)) - 3)
    value = max(step, value // step * step)
    return f"{value:,}".replace(",", ".") + (" Euro" if rng.random() < 0.7 else " €")


_DRAWN = {  # placeholder -> (kind, low, high); dates are days after the paper's date
    "amount2": ("euro", 20_000, 2_000_000), "amount3": ("euro", 5_000, 400_000),
    "bigamount": ("euro", 12_000_000, 480_000_000),
    "date": ("date", 14, 200), "date2": ("date", 200, 720), "past": ("date", -120, -5),
    "grade": ("tenths", 28, 39), "hectares": ("tenths", 12, 480),
    "number": ("count", 120, 2400), "number2": ("count", 1500, 95_000), "small": ("count", 3, 48),
    "small2": ("count", 10, 90), "percent": ("count", 5, 75), "risk": ("count", 10, 30),
    "groups": ("count", 2, 8),
}


class _Values(dict[str, str]):
    """A paper's text values: the stored ones (subject, places, the main amount and deadline)
    stay the same; any other placeholder (``_DRAWN``) draws a fresh number or date at each use."""

    def __init__(self, stored: dict[str, str], rng: random.Random, day: date) -> None:
        super().__init__(stored)
        self.rng = rng
        self.day = day

    def __missing__(self, key: str) -> str:
        kind, low, high = _DRAWN[key]
        if kind == "euro":
            return _euro(self.rng, low, high)
        value = _int(self.rng, low, high)
        if kind == "date":
            return _german(self.day + timedelta(days=value))
        if kind == "tenths":
            return f"{value / 10:.1f}".replace(".", ",")
        return f"{value:,}".replace(",", ".")


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_UMLAUTS)).strip("-")


# --- internal plan ----------------------------------------------------------------------------

@dataclass(slots=True)
class _Item:
    """A paper's agenda item: the meeting, the consultation, its role and result."""
    meeting: int
    agenda_id: int
    consultation_id: int
    paper: int
    org: int
    role: str
    result: str | None
    public: bool
    amendment: str = ""


@dataclass(slots=True)
class _Meeting:
    org: int
    day: date
    start: int  # minutes after midnight
    end: int
    number: int = 0  # "12. Sitzung"
    id: int = 0
    items: list[_Item] = field(default_factory=list)


@dataclass(slots=True)
class _Paper:
    seq: int
    kind: str
    topic: int
    slots: dict[str, str]
    day: date
    minutes: int
    subject: str
    name: str
    fraktion: int | None
    parent: _Paper | None = None
    version: int = 0
    questions: tuple[str, ...] = ()
    id: int = 0
    reference: str = ""
    children: list[_Paper] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)


def _room(org: int) -> int:
    """The number of the Location an organisation meets in."""
    return 1 if _ORGS[org].key in ("bs", "ha") else 2 + org % 2


def _url(base: str, kind: str, number: int) -> str:
    return f"{base}/{kind}/{number}"


def generate(papers: int, seed: int = 0, base: str = "http://127.0.0.1:8000/oparl",
             with_text: bool = True) -> Corpus:
    """A synthetic OParl system with ``papers`` papers. ``base`` prefixes every URL (the System
    is ``{base}/``); ``with_text`` puts each file's text into its File object as ``text``
    (``Corpus.files`` has the contents either way)."""
    if papers < 0:
        raise ValueError(f"papers must not be negative, not {papers}")
    return _Generator(papers, seed, base.rstrip("/"), with_text).corpus()


class _Generator:
    def __init__(self, papers: int, seed: int, base: str, with_text: bool) -> None:
        self.n = papers
        self.rng = random.Random(seed)
        self.base = base
        self.with_text = with_text
        self.body_url = f"{base}/body/1"
        # about 2,500 papers a year, at least half a year
        self.start = END_DATE - timedelta(days=min(2400, max(182, round(papers * 0.146))))
        self.next_agenda = 1
        self.next_consultation = 1
        self.meeting_days: list[date] = []  # by meeting id - 1

    def corpus(self) -> Corpus:
        organizations = self._organizations()
        persons, fraktion_members = self._persons()
        meetings = self._plan_meetings()
        self.meeting_days = [m.day for m in meetings]
        plan = self._plan_papers()
        self._route(plan, meetings)
        files: dict[str, bytes] = {}
        paper_objs = [self._paper(p, fraktion_members, files) for p in plan]
        meeting_objs = [self._meeting(m, plan) for m in meetings]
        return Corpus(self._system(), self._body(), organizations, persons, meeting_objs, paper_objs, files)

    # system, body, organisations, persons

    def _system(self) -> Obj:
        return {
            "id": f"{self.base}/",
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": f"{self.base}/bodies",
            "name": "Synthetisches OParl-System der Hansestadt Beispielstadt (Testdaten)",
            "contactEmail": "ris@beispielstadt.example",
            "contactName": "RIS-Betreuung (synthetische Testdaten)",
            "website": "https://www.beispielstadt.example/",
            "created": _stamp(date(2018, 5, 2), 9 * 60),
            "modified": _stamp(REFERENCE_DATE, 6 * 60),
        }

    def _location(self, number: int) -> Obj:
        street, room, lon, lat = _ROOMS[number - 1]
        return {
            "id": _url(self.base, "location", number),
            "type": SCHEMA + "Location",
            "description": f"{room}, {street}, 23999 Beispielstadt",
            "streetAddress": street,
            "room": room,
            "postalCode": "23999",
            "locality": "Beispielstadt",
            "geojson": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {"name": room}},
            "created": _stamp(date(2018, 5, 2), 9 * 60),
            "modified": _stamp(date(2018, 5, 2), 9 * 60),
        }

    def _body(self) -> Obj:
        created = _stamp(date(2018, 5, 2), 9 * 60)
        return {
            "id": self.body_url,
            "type": SCHEMA + "Body",
            "system": f"{self.base}/",
            "shortName": "Beispielstadt",
            "name": "Hansestadt Beispielstadt",
            "website": "https://www.beispielstadt.example/",
            "license": "https://creativecommons.org/publicdomain/zero/1.0/",
            "contactEmail": "ris@beispielstadt.example",
            "contactName": "RIS-Betreuung",
            "classification": "Kreisfreie Stadt",
            "keyword": ["synthetische Testdaten"],
            **{name: f"{self.body_url}/{name}s" for name in LIST_NAMES},
            "mainOrganization": _url(self.base, "organization", 1),
            "legislativeTerm": [
                {"id": _url(self.base, "legislativeterm", i), "type": SCHEMA + "LegislativeTerm",
                 "body": self.body_url, "name": name, "startDate": start.isoformat(),
                 "endDate": end.isoformat(), "created": created, "modified": created}
                for i, (name, start, end) in enumerate(_TERMS, start=1)
            ],
            "location": self._location(1),
            "created": created,
            "modified": _stamp(REFERENCE_DATE, 6 * 60),
        }

    def _organizations(self) -> list[Obj]:
        created = _stamp(date(2018, 5, 2), 9 * 60)
        result = []
        for i, org in enumerate(_ORGS, start=1):
            obj: Obj = {
                "id": _url(self.base, "organization", i),
                "type": SCHEMA + "Organization",
                "body": self.body_url,
                "name": org.name,
                "shortName": org.short,
                "organizationType": org.kind,
                "classification": org.classification,
                "post": (["Vorsitz", "Stellvertretender Vorsitz", "Mitglied"] if org.kind == "Gremium"
                         else ["Fraktionsvorsitz", "Mitglied"]),
                "startDate": _MEMBERS_SINCE.isoformat(),
                "created": created,
                "modified": created,
            }
            if org.kind == "Gremium":
                obj["location"] = self._location(_room(i - 1))
            result.append(obj)
        return result

    def _persons(self) -> tuple[list[Obj], list[list[int]]]:
        """40 persons: the Bürgermeister(in) and three senators, then the Fraktionen's members
        of the Bürgerschaft. Returns the persons and each Fraktion's person numbers."""
        rng = self.rng
        family = rng.sample(_FAMILY, _PERSONS)
        people = [(rng.choice(_GIVEN), family[i]) for i in range(_PERSONS)]
        members = list(range(len(_ADMIN) + 1, _PERSONS + 1))  # person numbers
        fraktion_members: list[list[int]] = []
        start = 0
        for size in _FRAKTION_SIZES:
            fraktion_members.append(members[start:start + size])
            start += size
        fraktion_of = {p: f for f, ps in enumerate(fraktion_members) for p in ps}
        # committee seats: 7 members each; the first chairs, the second deputises
        seats: dict[int, list[tuple[int, str]]] = {p: [] for p in members}
        for g in _GREMIEN:
            if _ORGS[g].key == "bs":
                continue
            for place, p in enumerate(rng.sample(members, 7)):
                seats[p].append((g, "chair" if place == 0 else "deputy" if place == 1 else "member"))
        president = rng.choice(members)

        created = _stamp(_MEMBERS_SINCE - timedelta(days=3), 10 * 60)
        since = _MEMBERS_SINCE.isoformat()
        next_membership = 1
        result = []
        for number, ((given, gender), fam) in enumerate(people, start=1):
            female = gender == "female"
            title = ["Dr."] if rng.random() < 0.12 else []
            obj: Obj = {
                "id": _url(self.base, "person", number),
                "type": SCHEMA + "Person",
                "body": self.body_url,
                "name": " ".join([*title, given, fam]),
                "familyName": fam,
                "givenName": given,
                "formOfAddress": "Frau" if female else "Herr",
                "gender": gender,
                "email": [f"{_slug(given)}.{_slug(fam)}@beispielstadt.example"],
            }
            if title:
                obj["title"] = title
            memberships: list[tuple[int, str, bool, int | None]] = []  # org, role, voting, on behalf of
            if number <= len(_ADMIN):
                obj["status"] = [_ADMIN[number - 1][0][0 if female else 1]]
                if number == 1:
                    memberships.append((_ORG_INDEX["bs"], "Bürgermeisterin" if female else "Bürgermeister",
                                        False, None))
            else:
                f = fraktion_of[number]
                fraktion = _FRAKTIONEN[f]
                status = "Stadtpräsidentin" if female else "Stadtpräsident"
                obj["status"] = [status if number == president else "Mitglied der Bürgerschaft"]
                chair = number == fraktion_members[f][0]
                memberships.append((_ORG_INDEX["bs"], status if number == president else "Mitglied",
                                    True, fraktion))
                memberships.append((fraktion, "Fraktionsvorsitz" if chair else "Mitglied", True, None))
                for g, rank in seats[number]:
                    role = {"chair": "Vorsitzende" if female else "Vorsitzender",
                            "deputy": "Stellvertretende Vorsitzende" if female
                            else "Stellvertretender Vorsitzender",
                            "member": "Mitglied"}[rank]
                    memberships.append((g, role, True, fraktion))
            if memberships:
                obj["membership"] = []
            for org, role, voting, behalf in memberships:
                membership: Obj = {
                    "id": _url(self.base, "membership", next_membership),
                    "type": SCHEMA + "Membership",
                    "organization": _url(self.base, "organization", org + 1),
                    "role": role,
                    "votingRight": voting,
                    "startDate": since,
                    "created": created,
                    "modified": created,
                }
                if behalf is not None:
                    membership["onBehalfOf"] = _url(self.base, "organization", behalf + 1)
                obj["membership"].append(membership)
                next_membership += 1
            obj["created"] = created
            obj["modified"] = created
            result.append(obj)
        return result, fraktion_members

    # meetings

    def _plan_meetings(self) -> list[_Meeting]:
        """About one meeting per five papers, spread over the committees and the time span,
        on Monday to Thursday afternoons; ids in order of time."""
        rng = self.rng
        total = round(self.n / 5)
        weights = [_ORGS[g].weight for g in _GREMIEN]
        shares = [total * w / sum(weights) for w in weights]
        counts = [int(s) for s in shares]
        for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[:total - sum(counts)]:
            counts[i] += 1
        span = (END_DATE - self.start).days
        meetings: list[_Meeting] = []
        for g, count in zip(_GREMIEN, counts):
            if not count:
                continue
            interval = span / count
            previous = self.start - timedelta(days=1)
            own: list[_Meeting] = []
            for k in range(count):
                day = self.start + timedelta(days=int((k + 0.5 + rng.uniform(-0.3, 0.3)) * interval))
                day = max(day, previous + timedelta(days=1))
                while day.weekday() > 3 or _holidays(day):
                    day += timedelta(days=1)
                previous = day
                start = 16 * 60 if _ORGS[g].key == "bs" else rng.choice((16 * 60, 16 * 60 + 30, 17 * 60))
                length = rng.randint(240, 330) if _ORGS[g].key == "bs" else rng.randint(90, 210)
                own.append(_Meeting(g, day, start, min(start + length, 23 * 60 + 30)))
            # "12. Sitzung": count within the legislative term, continuing from the term's start
            for _name, term_start, term_end in _TERMS:
                in_term = [m for m in own if term_start <= m.day <= term_end]
                before = round(max(0, (self.start - term_start).days) / interval)
                for k, m in enumerate(in_term, start=1):
                    m.number = before + k
            meetings += own
        meetings.sort(key=lambda m: (m.day, m.start, m.org))
        for number, m in enumerate(meetings, start=1):
            m.id = number
        return meetings

    # papers

    def _slots(self, day: date) -> dict[str, str]:
        rng = self.rng
        slots = {name: rng.choice(values) for name, values in _SLOTS.items()}
        slots["street2"] = rng.choice([s for s in _SLOTS["street"] if s != slots["street"]])
        year = day.year + (1 if day.month >= 9 else 0)
        slots.update(
            year=str(year), year_plus=str(year + rng.randint(1, 4)), year_minus=str(day.year - 1),
            bplan=f"{rng.randint(1, 39):02d}.{rng.randint(10, 99)}.00",
        )
        return slots

    def _values(self, p: _Paper) -> _Values:
        """The values for one paper's text."""
        return _Values({
            **p.slots,
            "subject": p.subject,
            "committee": _ORGS[_ORG_INDEX[_TOPICS[p.topic].committee]].nominative,
            "amount": _euro(self.rng, 80_000, 9_500_000),
            "deadline": _german(p.day + timedelta(days=_int(self.rng, 60, 400))),
            "th": _SLOTS["th"][_BUDGET[_TOPICS[p.topic].committee]],
        }, self.rng, p.day)

    def _plan_papers(self) -> list[_Paper]:
        """The papers in order of date: roots and their successors (families of 2 or 3)."""
        rng = self.rng
        plan: list[_Paper] = []
        first_day = -35  # papers from a month before the first meeting, so that it has an agenda
        last_day = (REFERENCE_DATE - self.start).days - 1
        root_kinds = ("Beschlussvorlage", "Antrag", "Anfrage", "Bericht", "Mitteilung")
        root_weights = (44, 19, 16, 9, 12)
        while len(plan) < self.n:
            kind = rng.choices(root_kinds, root_weights)[0]
            topic_number = rng.choices(range(len(_TOPICS)), _TOPIC_WEIGHTS)[0]
            topic = _TOPICS[topic_number]
            day = self.start + timedelta(days=rng.randint(first_day, last_day))
            slots = self._slots(day)
            subject = rng.choice(topic.subjects).format_map(slots)
            fraktion = rng.randrange(len(_FRAKTIONEN)) if kind in ("Antrag", "Anfrage") else None
            answered_by = None if kind == "Anfrage" else fraktion  # the administration answers
            fname = _ORGS[_FRAKTIONEN[fraktion]].name if fraktion is not None else ""
            name = {"Antrag": f"Antrag der {fname}: {subject}",
                    "Anfrage": f"Anfrage der {fname}: Sachstand {subject}"}.get(kind, subject)
            root = _Paper(len(plan), kind, topic_number, slots, day, rng.randint(7 * 60, 15 * 60),
                          subject, name, fraktion)
            if kind == "Anfrage":
                pool = topic.questions + tuple(_QUESTIONS)
                root.questions = tuple(rng.sample(pool, rng.randint(3, 5)))
            plan.append(root)
            # successors: every Anfrage is answered, some other papers get one or two more versions
            versions = 1 if kind == "Anfrage" else rng.choices((0, 1, 2), (76, 15, 9))[0]
            previous = root
            for version in range(1, versions + 1):
                day = previous.day + timedelta(days=rng.randint(10, 80))
                if len(plan) >= self.n or day >= REFERENCE_DATE:
                    break
                succ_kind = {"Anfrage": "Beantwortung einer Anfrage"}.get(kind, kind)
                succ_name = {
                    "Beschlussvorlage": f"{subject} – {version}. Ergänzung",
                    "Antrag": f"Änderungsantrag der {fname} zu: {subject}",
                    "Anfrage": f"Beantwortung der Anfrage: Sachstand {subject}",
                }.get(kind, f"{subject} – Sachstandsbericht {version}")
                successor = _Paper(len(plan), succ_kind, topic_number, slots, day,
                                   rng.randint(7 * 60, 15 * 60), subject, succ_name, answered_by,
                                   parent=previous, version=version, questions=root.questions)
                previous.children.append(successor)
                plan.append(successor)
                previous = successor
        plan.sort(key=lambda p: (p.day, p.seq))
        # references in order of date, "VO/<year of the first version>/<number>[-01]"
        number = 10_000 + rng.randint(0, 800)
        for paper_id, p in enumerate(plan, start=1):
            p.id = paper_id
            if p.parent is None:
                number += rng.randint(1, 3)
                p.reference = f"VO/{p.day.year}/{number}"
            else:
                p.reference = f"{p.parent.reference.split('-')[0]}-{p.version:02d}"
        return plan

    def _steps(self, p: _Paper) -> list[tuple[int, str]]:
        """The consultations a paper should have: (organisation, role), in order."""
        rng = self.rng
        committee = _ORG_INDEX[_TOPICS[p.topic].committee]
        bs, ha = _ORG_INDEX["bs"], _ORG_INDEX["ha"]
        if p.kind == "Beschlussvorlage":
            if _ORGS[committee].key == "fin":
                return [(committee, "Vorberatung"), (ha, "Vorberatung"), (bs, "Entscheidung")]
            if rng.random() < 0.45:
                steps = [(committee, "Vorberatung")]
                if committee != ha and rng.random() < 0.3:
                    steps.append((ha, "Vorberatung"))
                return steps + [(bs, "Entscheidung")]
            return [(committee, "Entscheidung")]
        if p.kind == "Antrag":
            r = rng.random()
            if r < 0.2:
                return [(bs, "Entscheidung")]
            if r < 0.6:
                return [(committee, "Vorberatung"), (bs, "Entscheidung")]
            return [(committee, "Entscheidung")]
        if p.kind == "Beantwortung einer Anfrage" and p.parent is not None and p.parent.items:
            return [(p.parent.items[0].org, "Kenntnisnahme")]
        if p.kind == "Anfrage" and rng.random() < 0.2:
            return [(bs, "Kenntnisnahme")]
        if p.kind == "Bericht" and committee != ha and rng.random() < 0.25:
            return [(committee, "Kenntnisnahme"), (ha, "Kenntnisnahme")]
        return [(committee, "Kenntnisnahme")]

    def _route(self, plan: list[_Paper], meetings: list[_Meeting]) -> None:
        """Put each paper on the agenda of the next meetings of its organisations; past
        meetings decide (a postponed item comes back at the organisation's next meeting)."""
        rng = self.rng
        by_org: dict[int, list[_Meeting]] = {}
        for m in meetings:
            by_org.setdefault(m.org, []).append(m)
        days = {org: [m.day for m in ms] for org, ms in by_org.items()}
        for p in plan:
            earliest = p.day + timedelta(days=rng.randint(5, 21))
            for org, role in self._steps(p):
                postponed = 0
                while org in by_org:
                    k = bisect.bisect_left(days[org], earliest)
                    if k == len(days[org]):
                        break
                    m = by_org[org][k]
                    result = None
                    if m.day < REFERENCE_DATE:
                        results, weights = _RESULTS[role]
                        result = rng.choices(results, weights)[0]
                    item = _Item(m.id, self.next_agenda, self.next_consultation, p.id, org, role, result,
                                 rng.random() > 0.05)
                    if result == "geändert beschlossen":
                        deadline = _german(m.day + timedelta(days=rng.randint(90, 400)))
                        item.amendment = ("Der Beschluss weicht wie folgt von der Vorlage ab: Die Frist wird "
                                          f"auf den {deadline} verschoben.")
                    self.next_agenda += 1
                    self.next_consultation += 1
                    m.items.append(item)
                    p.items.append(item)
                    earliest = m.day + timedelta(days=rng.randint(3, 14) if org != _ORG_INDEX["bs"] else 1)
                    if result != "vertagt" or postponed == 2:
                        break
                    postponed += 1
                    earliest = m.day + timedelta(days=1)

    # objects

    def _paper(self, p: _Paper, fraktion_members: list[list[int]], files: dict[str, bytes]) -> Obj:
        rng = self.rng
        base = self.base
        url = _url(base, "paper", p.id)
        created = _stamp(p.day, p.minutes)
        last = max((self._meeting_day(item) for item in p.items if item.result), default=p.day)
        modified = _stamp(last, p.minutes) if last > p.day else created
        committee = _ORG_INDEX[_TOPICS[p.topic].committee]
        obj: Obj = {
            "id": url,
            "type": SCHEMA + "Paper",
            "body": self.body_url,
            "name": p.name,
            "reference": p.reference,
            "date": p.day.isoformat(),
            "paperType": p.kind,
        }
        if p.parent is not None:
            obj["relatedPaper"] = [_url(base, "paper", p.parent.id)]
            obj["superordinatedPaper"] = [_url(base, "paper", p.parent.id)]
        if p.children:
            obj["subordinatedPaper"] = [_url(base, "paper", c.id) for c in p.children]
        if p.fraktion is not None:
            members = fraktion_members[p.fraktion]
            obj["originatorOrganization"] = [_url(base, "organization", _FRAKTIONEN[p.fraktion] + 1)]
            if p.kind in ("Antrag", "Anfrage"):
                chosen = rng.sample(members, rng.randint(1, 2))
                obj["originatorPerson"] = [_url(base, "person", n) for n in chosen]
        elif rng.random() < 0.5:
            admin = next(i for i, (_status, keys) in enumerate(_ADMIN) if _ORGS[committee].key in keys)
            obj["originatorPerson"] = [_url(base, "person", admin + 1)]
        obj["underDirectionOf"] = [_url(base, "organization", committee + 1)]

        content = self._text(p).encode("utf-8")
        file_name = f"{_slug(p.reference)}.txt"
        file_url = f"{base}/file/{p.id}/download/{file_name}"
        main_file: Obj = {
            "id": _url(base, "file", p.id),
            "type": SCHEMA + "File",
            "name": f"{p.kind} {p.reference}",
            "fileName": file_name,
            "mimeType": "text/plain",
            "date": p.day.isoformat(),
            "size": len(content),
            "sha1Checksum": hashlib.sha1(content).hexdigest(),
            "accessUrl": file_url,
            "downloadUrl": file_url,
            "created": created,
            "modified": created,
        }
        if self.with_text:
            main_file["text"] = content.decode("utf-8")
        files[file_url] = content
        obj["mainFile"] = main_file
        if p.items:
            obj["consultation"] = [
                {
                    "id": _url(base, "consultation", item.consultation_id),
                    "type": SCHEMA + "Consultation",
                    "paper": url,
                    "agendaItem": _url(base, "agendaitem", item.agenda_id),
                    "meeting": _url(base, "meeting", item.meeting),
                    "organization": [_url(base, "organization", item.org + 1)],
                    "authoritative": item.role == "Entscheidung",
                    "role": item.role,
                    "created": created,
                    "modified": created,
                }
                for item in p.items
            ]
        obj["created"] = created
        obj["modified"] = modified
        return obj

    def _meeting_day(self, item: _Item) -> date:
        return self.meeting_days[item.meeting - 1]

    def _meeting(self, m: _Meeting, plan: list[_Paper]) -> Obj:
        rng = self.rng
        base = self.base
        url = _url(base, "meeting", m.id)
        org = _ORGS[m.org]
        past = m.day < REFERENCE_DATE
        created_day = min(m.day - timedelta(days=rng.randint(21, 35)), REFERENCE_DATE - timedelta(days=1))
        created = _stamp(created_day, 8 * 60 + rng.randint(0, 120))
        modified_day = min(m.day + timedelta(days=rng.randint(1, 10)), REFERENCE_DATE) if past else min(
            m.day - timedelta(days=7), REFERENCE_DATE - timedelta(days=1))
        modified = _stamp(max(modified_day, created_day), 14 * 60)
        cancelled = past and not m.items  # a later meeting without papers has no agenda yet
        obj: Obj = {
            "id": url,
            "type": SCHEMA + "Meeting",
            "name": f"{m.number}. Sitzung {org.genitive}",
            "meetingState": ("abgesagt" if cancelled else "durchgeführt" if past
                             else "eingeladen" if m.items and (m.day - REFERENCE_DATE).days <= 14
                             else "terminiert"),
            "cancelled": cancelled,
            "start": _stamp(m.day, m.start),
            "end": _stamp(m.day, m.end),
            "location": self._location(_room(m.org)),
            "organization": [_url(base, "organization", m.org + 1)],
        }
        if m.items:
            items: list[Obj] = []

            def add(name: str, public: bool = True, result: str | None = None, **extra: Any) -> None:
                item: Obj = {
                    "id": _url(base, "agendaitem", extra.pop("agenda_id", None) or self._new_agenda_id()),
                    "type": SCHEMA + "AgendaItem",
                    "meeting": url,
                    "number": str(len(items) + 1),
                    "order": len(items) + 1,
                    "name": name,
                    "public": public,
                    **extra,
                }
                if result is not None and past:
                    item["result"] = result
                item["created"] = created
                item["modified"] = modified
                items.append(item)

            add("Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit")
            add("Genehmigung der Tagesordnung", result="beschlossen")
            if m.number > 1:
                add(f"Genehmigung der Niederschrift über die {m.number - 1}. Sitzung", result="beschlossen")
            paper_items = sorted(m.items, key=lambda i: not i.public)  # the non-public part comes last
            public_done = False
            for item in paper_items:
                if not item.public and not public_done:
                    add("Verschiedenes")
                    public_done = True
                extra: Obj = {"agenda_id": item.agenda_id,
                              "consultation": _url(base, "consultation", item.consultation_id)}
                if item.amendment:
                    extra["resolutionText"] = item.amendment
                add(plan[item.paper - 1].name, item.public, item.result, **extra)
            if not public_done:
                add("Verschiedenes")
            obj["agendaItem"] = items
        obj["created"] = created
        obj["modified"] = modified
        return obj

    def _new_agenda_id(self) -> int:
        self.next_agenda += 1
        return self.next_agenda - 1

    # text

    def _text(self, p: _Paper) -> str:
        """The paper's German text: a letterhead, Beratungsfolge, Beschlussvorschlag, Sachverhalt,
        Begründung (or questions, or answers) and Finanzielle Auswirkungen."""
        rng = self.rng
        values = self._values(p)
        topic = _TOPICS[p.topic]
        committee = _ORGS[_ORG_INDEX[topic.committee]]
        author = (_ORGS[_FRAKTIONEN[p.fraktion]].department if p.fraktion is not None
                  else f"Der Bürgermeister – {committee.department}")
        lines = ["Hansestadt Beispielstadt", author, f"{p.kind} {p.reference}", f"Datum: {_german(p.day)}",
                 f"Betreff: {p.name}", ""]
        if p.items:
            lines.append("Beratungsfolge:")
            lines += [f"{_german(self._meeting_day(i))} {_ORGS[i.org].name} ({i.role})" for i in p.items]
            lines.append("")
        decider = next((i.org for i in p.items if i.role == "Entscheidung"),
                       p.items[-1].org if p.items else _ORG_INDEX[topic.committee])
        nominative = _ORGS[decider].nominative
        values["Decider"] = nominative[0].upper() + nominative[1:]
        decisions = _DECISIONS.get(p.kind)
        decision = (rng.choice(decisions).format_map(values) if decisions
                    else f"{values['Decider']} nimmt {_NOTED[p.kind]} „{p.subject}“ zur Kenntnis.")
        lines += ["Beschlussvorschlag:", decision, ""]

        def sentences(pool: tuple[str, ...], low: int, high: int) -> list[str]:
            return [s.format_map(values) for s in rng.sample(pool, min(len(pool), _int(rng, low, high)))]

        def paragraphs(parts: list[str]) -> list[str]:
            result = []
            while parts:
                size = _int(rng, 2, 4)
                result.append(" ".join(parts[:size]))
                parts = parts[size:]
            return result

        own = rng.sample(topic.facts, len(topic.facts))  # the topic's facts, each used once
        used = min(len(own), _int(rng, 3, 6))
        facts = [f.format_map(values) for f in own[:used]] + sentences(_GENERIC_FACTS, 7, 17)
        own = own[used:]
        rng.shuffle(facts)
        if p.kind == "Beantwortung einer Anfrage":
            parent = p.parent
            while parent is not None and parent.kind != "Anfrage":
                parent = parent.parent
            asked = f"Die Anfrage {parent.reference} " if parent is not None else "Die Anfrage "
            lines += ["Sachverhalt:", f"{asked}vom {_german(parent.day if parent else p.day)} zu "
                      f"„{p.subject}“ wird wie folgt beantwortet:", ""]
            for k, question in enumerate(p.questions, start=1):
                if question in _QUESTIONS:
                    answer = [_QUESTIONS[question]]
                elif own and rng.random() < 0.7:
                    answer = [own.pop()]
                else:
                    answer = [rng.choice(_NO_ANSWER)]
                answer = [a.format_map(values) for a in answer] + facts[:_int(rng, 0, 2)]
                facts = facts[len(answer) - 1:]
                lines += [f"Zu Frage {k}: {question.format_map(values)}", "Antwort: " + " ".join(answer), ""]
        elif p.kind == "Anfrage":
            lines += ["Sachverhalt:", *paragraphs(facts[:_int(rng, 2, 5)]), "",
                      "Wir bitten die Verwaltung um die Beantwortung folgender Fragen:"]
            lines += [f"{k}. {q.format_map(values)}" for k, q in enumerate(p.questions, start=1)]
            lines += ["", "Begründung:", " ".join(sentences(_REASONS["Anfrage"], 1, 3)), ""]
        else:
            intro = {"Bericht": "Die Verwaltung berichtet wie folgt:",
                     "Mitteilung": "Die Verwaltung teilt mit:"}.get(p.kind)
            reasons = sentences(_REASONS.get(p.kind, _REASONS["Mitteilung"]), 2, 5)
            reasons += [f.format_map(values) for f in own[:_int(rng, 0, 2)]]
            lines += ["Sachverhalt:", *([intro] if intro else []), *paragraphs(facts), "",
                      "Begründung:", *paragraphs(reasons), ""]
        if p.kind in ("Beschlussvorlage", "Antrag") or rng.random() < 0.3:
            lines += ["Finanzielle Auswirkungen:",
                      f"Ja. Aufwand von {values['amount']} im Teilhaushalt {values['th']}, davon "
                      f"{values['amount2']} im Haushaltsjahr {values['year']}." if rng.random() < 0.8
                      else "Keine.", ""]
        return "\n".join(lines)
