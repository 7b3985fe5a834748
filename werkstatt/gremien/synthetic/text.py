"""A paper's German text: a letterhead, Beratungsfolge, Beschlussvorschlag, Sachverhalt,
Begründung (or questions, or answers) and Finanzielle Auswirkungen, made of the vocabulary's
sentences with the paper's own values."""

from __future__ import annotations

from datetime import timedelta

from .dates import german
from .plan import Paper
from .state import State
from .values import Values, draw_int, euro
from .words import (
    BUDGET,
    DECISIONS,
    FRAKTIONEN,
    GENERIC_FACTS,
    NO_ANSWER,
    NOTED,
    ORG_INDEX,
    ORGS,
    QUESTIONS,
    REASONS,
    SLOTS,
    TOPICS,
)


def paper_values(state: State, p: Paper) -> Values:
    """The values for one paper's text."""
    return Values({
        **p.slots,
        "subject": p.subject,
        "committee": ORGS[ORG_INDEX[TOPICS[p.topic].committee]].nominative,
        "amount": euro(state.rng, 80_000, 9_500_000),
        "deadline": german(p.day + timedelta(days=draw_int(state.rng, 60, 400))),
        "th": SLOTS["th"][BUDGET[TOPICS[p.topic].committee]],
    }, state.rng, p.day)


def paper_text(state: State, p: Paper) -> str:
    """The paper's German text: a letterhead, Beratungsfolge, Beschlussvorschlag, Sachverhalt,
    Begründung (or questions, or answers) and Finanzielle Auswirkungen."""
    rng = state.rng
    values = paper_values(state, p)
    topic = TOPICS[p.topic]
    committee = ORGS[ORG_INDEX[topic.committee]]
    author = (ORGS[FRAKTIONEN[p.fraktion]].department if p.fraktion is not None
              else f"Der Bürgermeister – {committee.department}")
    lines = ["Hansestadt Beispielstadt", author, f"{p.kind} {p.reference}", f"Datum: {german(p.day)}",
             f"Betreff: {p.name}", ""]
    if p.items:
        lines.append("Beratungsfolge:")
        lines += [f"{german(state.meeting_day(i.meeting))} {ORGS[i.org].name} ({i.role})" for i in p.items]
        lines.append("")
    decider = next((i.org for i in p.items if i.role == "Entscheidung"),
                   p.items[-1].org if p.items else ORG_INDEX[topic.committee])
    nominative = ORGS[decider].nominative
    values["Decider"] = nominative[0].upper() + nominative[1:]
    decisions = DECISIONS.get(p.kind)
    decision = (rng.choice(decisions).format_map(values) if decisions
                else f"{values['Decider']} nimmt {NOTED[p.kind]} „{p.subject}“ zur Kenntnis.")
    lines += ["Beschlussvorschlag:", decision, ""]

    def sentences(pool: tuple[str, ...], low: int, high: int) -> list[str]:
        return [s.format_map(values) for s in rng.sample(pool, min(len(pool), draw_int(rng, low, high)))]

    def paragraphs(parts: list[str]) -> list[str]:
        result = []
        while parts:
            size = draw_int(rng, 2, 4)
            result.append(" ".join(parts[:size]))
            parts = parts[size:]
        return result

    own = rng.sample(topic.facts, len(topic.facts))  # the topic's facts, each used once
    used = min(len(own), draw_int(rng, 3, 6))
    facts = [f.format_map(values) for f in own[:used]] + sentences(GENERIC_FACTS, 7, 17)
    own = own[used:]
    rng.shuffle(facts)
    if p.kind == "Beantwortung einer Anfrage":
        parent = p.parent
        while parent is not None and parent.kind != "Anfrage":
            parent = parent.parent
        asked = f"Die Anfrage {parent.reference} " if parent is not None else "Die Anfrage "
        lines += ["Sachverhalt:", f"{asked}vom {german(parent.day if parent else p.day)} zu "
                  f"„{p.subject}“ wird wie folgt beantwortet:", ""]
        for k, question in enumerate(p.questions, start=1):
            if question in QUESTIONS:
                answer = [QUESTIONS[question]]
            elif own and rng.random() < 0.7:
                answer = [own.pop()]
            else:
                answer = [rng.choice(NO_ANSWER)]
            answer = [a.format_map(values) for a in answer] + facts[:draw_int(rng, 0, 2)]
            facts = facts[len(answer) - 1:]
            lines += [f"Zu Frage {k}: {question.format_map(values)}", "Antwort: " + " ".join(answer), ""]
    elif p.kind == "Anfrage":
        lines += ["Sachverhalt:", *paragraphs(facts[:draw_int(rng, 2, 5)]), "",
                  "Wir bitten die Verwaltung um die Beantwortung folgender Fragen:"]
        lines += [f"{k}. {q.format_map(values)}" for k, q in enumerate(p.questions, start=1)]
        lines += ["", "Begründung:", " ".join(sentences(REASONS["Anfrage"], 1, 3)), ""]
    else:
        intro = {"Bericht": "Die Verwaltung berichtet wie folgt:",
                 "Mitteilung": "Die Verwaltung teilt mit:"}.get(p.kind)
        reasons = sentences(REASONS.get(p.kind, REASONS["Mitteilung"]), 2, 5)
        reasons += [f.format_map(values) for f in own[:draw_int(rng, 0, 2)]]
        lines += ["Sachverhalt:", *([intro] if intro else []), *paragraphs(facts), "",
                  "Begründung:", *paragraphs(reasons), ""]
    if p.kind in ("Beschlussvorlage", "Antrag") or rng.random() < 0.3:
        lines += ["Finanzielle Auswirkungen:",
                  f"Ja. Aufwand von {values['amount']} im Teilhaushalt {values['th']}, davon "
                  f"{values['amount2']} im Haushaltsjahr {values['year']}." if rng.random() < 0.8
                  else "Keine.", ""]
    return "\n".join(lines)
