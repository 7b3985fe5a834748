"""„Konzept zur Steigerung der Verwaltungseffizienz durch KI“: the document, assembled from the
catalogue, the pilot's ratings and the pilot lead's rules and texts.

``analyse`` computes (assessments, timeline); ``build`` turns that into ``blocks``: summary for
the committee, method, evidence, matrix and ranking, quick wins, project organisation,
timeline, risks, open questions, the catalogue and where every figure comes from. Every
sentence with a figure is written here from computed values; nothing is asked of the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import __version__, numbers
from . import charts, tables
from .blocks import VETTED, Block, Bullets, Document, Figure, Heading, PageBreak, Para, from_markdown
from .evidence import ESTIMATE, PERCENTILES, PILOT, RESAMPLES, SEED, Pilot
from .fields import ANNEX3, Process
from .priority import BENEFIT_SCALE, EFFORT_SCALE, EVIDENCE_POINTS, Assessment, assess, quick_wins
from .rules import Rules
from .timeline import PHASES, Phase, plan, unplanned

TITLE = "Konzept zur Steigerung der Verwaltungseffizienz durch KI"


@dataclass
class Inputs:
    processes: list[Process]
    pilot: Pilot
    rules: Rules
    overrides: dict[str, tuple[str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # edited blocks; missing: vetted
    catalogue_name: str = ""
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Analysis:
    assessments: list[Assessment]
    phases: list[Phase]

    @property
    def quick_wins(self) -> list[Assessment]:
        return quick_wins(self.assessments)


def analyse(inputs: Inputs) -> Analysis:
    assessments = assess(inputs.processes, inputs.pilot, inputs.rules)
    return Analysis(assessments, plan(assessments, inputs.rules, inputs.overrides, inputs.today))


def _hours(low: float, high: float) -> str:
    return tables.span(numbers.de(low), numbers.de(high))


def warnings(inputs: Inputs) -> list[str]:
    """What the first page says in red: demo data, assumed figures."""
    found = []
    pilot = inputs.pilot
    if pilot.synthetic:
        found.append(f"ACHTUNG: {numbers.de(pilot.synthetic)} der {numbers.de(pilot.entries)} "
                     "Bewertungen sind synthetische Demodaten und keine echten Ergebnisse.")
    demo = sum(1 for p in inputs.processes if p.demo)
    if demo:
        found.append(f"ACHTUNG: {demo} der {len(inputs.processes)} Prozesse stammen aus dem "
                     "Demo-Katalog; ihre Fallzahlen, Zeiten und Schätzungen sind angenommen.")
    if pilot.source is None:
        found.append("Es wurde keine Feedback-Datenbank gewählt: alle Nutzenangaben sind "
                     "Schätzungen der Pilotleitung.")
    return found


def summary(inputs: Inputs, analysis: Analysis) -> list[Block]:
    processes, pilot = inputs.processes, inputs.pilot
    a = analysis.assessments
    by_basis = {basis: [x for x in a if x.benefit.basis == basis] for basis in (PILOT, ESTIMATE)}
    units = len({p.department for p in processes})
    cases = sum(p.cases_per_year for p in processes)
    text = [
        f"Der Prozesskatalog umfasst {len(processes)} Verwaltungsprozesse aus {units} "
        f"Organisationseinheiten mit zusammen {numbers.de(cases)} Fällen im Jahr (Quelle: "
        f"Prozesskatalog, Spalte „Quelle der Zahlen“ in Anhang B).",
        f"Für {len(by_basis[PILOT])} Prozesse stützt sich der Nutzen auf Bewertungen aus dem "
        f"Pilotversuch ({numbers.de(pilot.entries)} Bewertungen"
        + (f" vom {tables.german_date(dt.date.fromisoformat(pilot.first))} bis "
           f"{tables.german_date(dt.date.fromisoformat(pilot.last))}" if pilot.first else "")
        + f"), für {len(by_basis[ESTIMATE])} auf Schätzungen der Pilotleitung; "
        + (f"für {len(unplanned(a))} fehlen noch Angaben." if unplanned(a) else
           "alle Prozesse haben damit eine Nutzenangabe."),
    ]
    wins = analysis.quick_wins
    if wins:
        low = sum(w.benefit.low for w in wins)
        high = sum(w.benefit.high for w in wins)
        effort = sum(w.process.days for w in wins)
        text.append(
            f"{len(wins)} Prozesse erfüllen die Quick-Win-Regel (Abschnitt 5). Zusammen können sie "
            f"nach den Pilotdaten {_hours(low, high)} Arbeitsstunden im Jahr freisetzen, bei "
            f"einem Aufwand von {tables.minutes(effort)} Personentagen (Schätzung der "
            "Pilotleitung bzw. Richtwert).")
    else:
        text.append("Nach den gewählten Regeln erfüllt noch kein Prozess die Quick-Win-Regel "
                    "(Abschnitt 5 nennt, was jeweils fehlt).")
    flagged = [x for x in a if x.flags]
    high_risk = [x for x in a if x.process.annex3]
    text.append(f"{len(flagged)} Prozesse tragen ein Risikomerkmal und sind deshalb keine Quick "
                f"Wins, darunter {len(high_risk)} in Hochrisiko-Bereichen der KI-Verordnung "
                "(Abschnitt 8).")
    phases = [p for p in analysis.phases if p.start and p.end]
    if phases:
        text.append("Empfehlung: " + "; ".join(
            f"{p.title.split(': ', 1)[1]} vom {tables.german_date(p.start)} bis "
            f"{tables.german_date(p.end)}" for p in phases)
            + " (Abschnitt 7). Prozesse mit Risikomerkmal beginnen erst nach der jeweiligen "
              "Prüfung (KI-Verordnung, Datenschutz, Personalrat).")
    text.append("Jede Zahl dieses Konzepts stammt aus dem Prozesskatalog, aus den Bewertungen des "
                "Pilotversuchs oder aus einer als solche bezeichneten Schätzung der Pilotleitung; "
                "das Sprachmodell hat an diesem Dokument nicht mitgeschrieben.")
    return [Para(t) for t in text]


def method(inputs: Inputs) -> list[Block]:
    r = inputs.rules
    return [Bullets((
        "Prozesskatalog: je Prozess Fälle pro Jahr, Minuten je Fall, beteiligte Beschäftigte, "
        "Rechtsgrundlage, Datenkategorie, Fachverfahren, Leistungsschlüssel (LeiKa/FIM), die "
        "unterstützenden Vorlagen, Aufwandsklasse mit Personentagen und Risikomerkmale.",
        "Evidenz je Vorlage aus dem zusammengeführten Feedback: Median der geschätzten "
        f"Minutenersparnis mit Bootstrap-Intervall ({numbers.de(RESAMPLES)} Stichproben mit "
        f"Zurücklegen, Startwert {SEED}, {numbers.de(PERCENTILES[0])}. bis "
        f"{numbers.de(PERCENTILES[1])}. Perzentil der Mediane), mittlere Qualität, Anteil "
        "leichter Korrekturen, Anteil „würde nutzen“ mit 90-%-Wilson-Intervall. Nicht "
        "beantwortete Fragen zählen nicht mit. Unter "
        f"{r.min_ratings} Antworten wird keine Zahl angegeben.",
        "Nutzen je Prozess = Fälle pro Jahr × Minuten gespart je Fall × Nutzungsquote ÷ 60, "
        "immer als Spanne: untere mal untere, obere mal obere Grenze. Aus dem Pilot: "
        "Bootstrap-Intervall des Medians (höchstens die Minuten je Fall, mindestens 0) und "
        "Intervall des Anteils „würde nutzen“; mehrere Vorlagen eines Prozesses werden "
        "zusammen ausgewertet, und je Fall wird eine Nutzung angenommen. Ohne ausreichende "
        "Pilotdaten gilt die Schätzung der Pilotleitung und ist so bezeichnet.",
        f"Rangfolge (Nutzwertanalyse, Gewichte {r.describe_weights()}): Nutzen = untere Grenze "
        f"der Stunden pro Jahr, 0 Punkte bei {numbers.de(BENEFIT_SCALE[0])} Stunden oder weniger, "
        f"10 Punkte ab {numbers.de(BENEFIT_SCALE[1])} Stunden; Aufwand: 10 Punkte bis "
        f"{numbers.de(EFFORT_SCALE[0])} Personentage, 0 Punkte ab {numbers.de(EFFORT_SCALE[1])} "
        f"(beide logarithmisch); Evidenz: {numbers.de(EVIDENCE_POINTS[PILOT])} Punkte für "
        f"Pilotdaten, {numbers.de(EVIDENCE_POINTS[ESTIMATE])} für eine Schätzung. Feste Skalen: "
        "ein weiterer Prozess ändert die Reihenfolge der übrigen nicht. Gleichstand: höherer "
        "Nutzen, dann geringerer Aufwand, dann der Name.",
        f"Quick Win: Pilotdaten, Nutzen (untere Grenze) mindestens "
        f"{numbers.de(r.quick_win_hours)} Stunden im Jahr, Aufwand höchstens "
        f"{numbers.de(r.quick_win_days)} Personentage und kein Risikomerkmal (Hochrisiko-Bereich "
        "nach Anhang III KI-Verordnung, Entscheidung nach Art. 22 DSGVO, Daten nach Art. 9 "
        "DSGVO, Mitbestimmung des Personalrats, unbekannte Datenkategorie).",
        "Aufwand: Schätzung der Pilotleitung in Personentagen; wo sie fehlt, der Richtwert der "
        "Aufwandsklasse (in den Tabellen mit * markiert).",
        f"Zeitplan: {', '.join(PHASES.values())}. {r.team} Personen arbeiten parallel, je "
        "Prozess eine, die Personentage als Arbeitstage (Montag bis Freitag, ohne Feiertage); "
        "in jeder Phase nach Rang. Von Hand gesetzte Termine gelten vor dem Plan.",
    ))]


def build(inputs: Inputs, analysis: Analysis | None = None) -> tuple[Document, Analysis]:
    analysis = analysis or analyse(inputs)
    a, r = analysis.assessments, inputs.rules
    blocks: list[Block] = [Para(w, "warning") for w in warnings(inputs)]
    blocks += [Heading("1 Zusammenfassung für den Ausschuss"), *summary(inputs, analysis)]
    blocks += [Heading("2 Vorgehen und Methode"), *method(inputs)]
    blocks += [Heading("3 Evidenz aus dem Pilotversuch"),
               Para("Je Vorlage, aus den Bewertungen der Teilnehmenden (Quelle: "
                    f"{inputs.pilot.source.name if inputs.pilot.source else 'keine Datenbank'})."),
               tables.evidence(inputs.pilot, inputs.processes, r),
               Para("Je Prozess: projizierte Arbeitsstunden pro Jahr mit ihrer Grundlage."),
               tables.benefit(a)]
    blocks += [PageBreak(), Heading("4 Priorisierung"),
               Para(f"Gewichte: {r.describe_weights()}. Die Pilotleitung kann sie im Fenster "
                    "„Effizienzkonzept“ ändern; die Rangfolge rechnet sich dann neu."),
               Figure(charts.matrix(a, r), "Abbildung 1: Nutzen-Aufwand-Matrix. Jeder Prozess "
                      "trägt seinen Rang; der grüne Bereich ist der Quick-Win-Bereich.",
                      name="matrix"),
               tables.ranking(a, r),
               Para("* Richtwert der Aufwandsklasse (keine Schätzung eingetragen).", "small")]
    blocks += [Heading("5 Quick Wins"), *quick_win_section(analysis, r)]
    blocks += [Heading("6 Projektorganisation"),
               *from_markdown(text(inputs, "organisation"))]
    blocks += [Heading("7 Zeitplan"), tables.phases(analysis.phases),
               Figure(charts.gantt(analysis.phases), "Abbildung 2: Zeitplan als Gantt-Diagramm "
                      "(Phasen fett, darunter die Prozesse nach Rang).", name="gantt")]
    blocks += [Heading("8 Risiken und Rechtsfragen"),
               Para("Kein Prozess mit einem der folgenden Merkmale ist ein Quick Win; jedes "
                    "Merkmal nennt, was vor dem Einsatz zu tun ist."), tables.risks(a)]
    blocks += [Heading("9 Offene Fragen"), *open_questions(inputs, analysis)]
    blocks += [PageBreak(), Heading("Anhang A: Termine je Prozess"), tables.schedule(analysis.phases),
               Heading("Anhang B: Prozesskatalog"), tables.catalogue(inputs.processes),
               Heading("Anhang C: Herkunft der Zahlen"), provenance(inputs)]
    subtitle = (f"Hansestadt Lübeck · Punkt 5 der Vorlage VO/2025/14550 · Entwurf vom "
                f"{inputs.today:%d.%m.%Y}")
    properties = {"title": TITLE, "author": "KI-Werkstatt (Pilotleitung)",
                  "subject": "Effizienzkonzept aus den Ergebnissen des Pilotversuchs",
                  "keywords": "KI-Werkstatt; Effizienzkonzept; VO/2025/14550",
                  "created": dt.datetime.combine(inputs.today, dt.time(12))}
    return Document(TITLE, subtitle, tuple(blocks), properties), analysis


def text(inputs: Inputs, key: str) -> str:
    from .blocks import vetted_text

    edited = inputs.texts.get(key)
    return edited if edited is not None and edited.strip() else vetted_text(key)


def quick_win_section(analysis: Analysis, rules: Rules) -> list[Block]:
    wins = analysis.quick_wins
    blocks: list[Block] = []
    if wins:
        blocks.append(Bullets(tuple(
            f"{w.process.name} ({w.process.department}): {_hours(w.benefit.low, w.benefit.high)} "
            f"Stunden im Jahr, {tables.days(w.process)} Personentage; Grundlage: "
            f"{w.benefit.source()}." for w in wins)))
    else:
        blocks.append(Para("Nach den gewählten Regeln erfüllt kein Prozess die Quick-Win-Regel."))
    near = [a for a in analysis.assessments if a.rank and not a.quick_win][:5]
    if near:
        blocks.append(Para("Die nächsten Kandidaten und was ihnen fehlt:"))
        blocks.append(Bullets(tuple(f"{a.rank}. {a.process.name}: {'; '.join(a.reasons)}."
                                    for a in near)))
    return blocks


def open_questions(inputs: Inputs, analysis: Analysis) -> list[Block]:
    items = []
    missing = unplanned(analysis.assessments)
    if missing:
        items.append("Ohne Nutzenangabe, daher nicht gereiht: " + "; ".join(
            f"{a.process.name} ({'; '.join(a.benefit.notes)})" for a in missing) + ".")
    few = [a for a in analysis.assessments if a.benefit.basis != PILOT and a.process.templates]
    if few:
        items.append(f"{len(few)} Prozesse haben Vorlagen, aber noch zu wenige Bewertungen; "
                     "weitere Pilotphasen sollten sie gezielt erproben.")
    estimates = [a for a in analysis.assessments if a.benefit.basis == ESTIMATE]
    if estimates:
        items.append(f"{len(estimates)} Nutzenangaben sind Schätzungen der Pilotleitung und "
                     "vor einer Entscheidung zu belegen.")
    no_key = sum(1 for p in inputs.processes if not p.leika)
    if no_key:
        items.append(f"{no_key} Prozesse haben noch keinen Leistungsschlüssel (LeiKa/FIM).")
    blocks: list[Block] = [Bullets(tuple(items))] if items else []
    return blocks + from_markdown(text(inputs, "questions"))


def provenance(inputs: Inputs) -> Bullets:
    pilot = inputs.pilot
    items = [f"Prozesskatalog: {inputs.catalogue_name or 'ohne Dateiname'}, "
             f"{len(inputs.processes)} Prozesse; Fallzahlen und Zeiten nach der Spalte „Quelle der "
             "Zahlen“ (Anhang B)."]
    if pilot.source is not None:
        items.append(f"Bewertungen: {pilot.source.name}, {numbers.de(pilot.entries)} gültige "
                     f"Einträge, davon {numbers.de(pilot.synthetic)} synthetisch"
                     + (f", {pilot.first} bis {pilot.last}" if pilot.first else "") + ".")
    else:
        items.append("Bewertungen: keine Feedback-Datenbank gewählt.")
    items += [f"Regeln: {inputs.rules.describe_weights()}; Quick Win ab "
              f"{numbers.de(inputs.rules.quick_win_hours)} Std./Jahr bis "
              f"{numbers.de(inputs.rules.quick_win_days)} PT; mindestens "
              f"{inputs.rules.min_ratings} Antworten; {inputs.rules.team} Personen im Team.",
              "Texte: " + ", ".join(VETTED[k][1] + (" (bearbeitet)" if k in inputs.texts else
                                                    " (geprüfter Textbaustein)") for k in VETTED) + ".",
              f"Hochrisiko-Bereiche: {'; '.join(ANNEX3.values())}.",
              f"Erstellt mit KI-Werkstatt {__version__} am {inputs.today:%d.%m.%Y}; ohne "
              "Sprachmodell."]
    return Bullets(tuple(items))

