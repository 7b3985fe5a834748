"""The way "minutes": TOPs, decisions and tasks from rough notes by rule, the Beratung worded by
the model one checked note at a time, nothing invented, gaps marked "[offen]"."""

from __future__ import annotations

import re
import time

import pytest

from tests.werkstatt.test_unusable_drafts import ScriptedEngine
from werkstatt import pipeline, sourcecheck
from werkstatt.errors import WerkstattError
from werkstatt.export.layout import Report, Source, Table, build
from werkstatt.minutes import MAX_WORDED, english
from werkstatt.minutes.agenda import read
from werkstatt.minutes.results import OPEN, known_names, sort
from werkstatt.minutes.wording import MAX_ATTEMPTS, backed
from werkstatt.pipeline import Request
from werkstatt.templates import get_template

NOTES = """Dienstbesprechung Bereich Schule und Sport, 20.11.2026, Raum 2.14

TOP 1 Turnhalle Marli: Dach undicht, Sanierung im Sommer 2027 geplant. Beschluss: Förderantrag beim Land stellen. Frau Berg stellt den Antrag bis 31.03.2027.
TOP 2 Schulwegsicherung: Eltern beschweren sich über die Ampel an der Travemünder Allee. Kein Beschluss. Herr Jansen fragt bis 15.12. beim Bereich Verkehr nach.
TOP 3 Weihnachtsfeier: Feier am 18.12. im Rathaus, Frau Öztürk organisiert.
"""  # noqa: E501  (as people type them: one long line per TOP)
ROUGH = """Teamsitzung Abt. Bürgerservice 12.3.
Anwesend: Fr. Kaya, Hr. Berg, Fr. Ohm

TOP1 Öffnungszeiten
- Samstagsöffnung ab April? MA dagegen
- Beschluss: Probephase 3 Monate
- Abstimmung 5:2:1
- Fr. Ohm spricht mit Personalrat bis KW 12

Top 2: Terminbuchung online
Neues Tool bzgl. Datenschutz noch nicht geprüft, ggf. anderer Anbieter.
Hr. Berg klärt mit DSB bis Ende Jan
Angebote einholen

Sonstiges
z.K.: Sommerfest 4.7.
"""
VALUES = {"gremium": "Dienstbesprechung Schule und Sport", "datum": "2026-11-20"}


class Recording(ScriptedEngine):
    """A scripted engine that keeps what it was asked and answers "" when its script is done."""

    def __init__(self, *answers: str) -> None:
        super().__init__(*answers)
        self.asked: list[str] = []

    def stream(self, system, user, params, cancel=None, progress=None, seed=None, answer_prefix=""):
        self.asked.append(user)
        if not self.answers:
            self.answers.append("")
        yield from super().stream(system, user, params, cancel, progress, seed, answer_prefix)


def minutes(engine, notes: str = NOTES, **values: str):
    request = Request.build(get_template("protokoll"), {**VALUES, **values}, notes)
    return pipeline.generate(engine, request, seed=1), request


def layout(draft) -> Report:
    report = build(Source(draft.text, "minutes", "Ergebnisprotokoll",
                          draft.template.layout_values(draft.values)))
    assert isinstance(report, Report)
    return report


def task_rows(report: Report) -> list[tuple[str, ...]]:
    return [row for e in report.body if isinstance(e, Table) for row in e.rows]


def paragraphs(report: Report) -> list[str]:
    return [e.text for e in report.body if not isinstance(e, Table)]


def test_the_table_from_notes_with_a_scripted_model():
    """Each TOP a heading; decisions as the notes say; every task a row Wer / Was / Bis; the
    model worded the two telegraphic notes, each asked on its own."""
    engine = Recording("Das Dach ist undicht; die Sanierung ist im Sommer 2027 geplant.",
                       "Die Feier findet am 18.12. im Rathaus statt.")
    draft, request = minutes(engine)
    report = layout(draft)
    assert [h for h in paragraphs(report) if h.startswith("TOP")] == [
        "TOP 1: Turnhalle Marli", "TOP 2: Schulwegsicherung", "TOP 3: Weihnachtsfeier"]
    assert "Beratung: Das Dach ist undicht; die Sanierung ist im Sommer 2027 geplant." in paragraphs(report)
    assert "Beschluss: Förderantrag beim Land stellen." in paragraphs(report)
    assert task_rows(report) == [
        ("Frau Berg", "Stellt den Antrag", "31.03.2027"),
        ("Herr Jansen", "Fragt beim Bereich Verkehr nach", "15.12."),
        ("Frau Öztürk", "Organisiert (Feier am 18.12. im Rathaus)", OPEN)]
    assert [u.split("Stichpunkt: ")[-1] for u in engine.asked] == [
        "Dach undicht, Sanierung im Sommer 2027 geplant", "Feier am 18.12. im Rathaus"]
    assert dict(report.facts)["Datum"] == "20.11.2026"
    assert not sourcecheck.check(draft.text, request.sources())


def test_no_decision_or_task_is_invented():
    """TOPs without a decision say "keiner"; a model that writes a decision or a task into its
    sentence is not taken; the tasks are exactly those of the notes."""
    engine = Recording(*["Beschluss: Die Sanierung wird beschlossen. Frau Berg kümmert sich."] * 4)
    draft, _ = minutes(engine)
    text = draft.text
    assert text.count("**Beschluss:** keiner") == 2 and "wird beschlossen" not in text
    assert "**Beratung:** Dach undicht, Sanierung im Sommer 2027 geplant." in text  # own words
    assert len(task_rows(layout(draft))) == 3
    assert len(engine.asked) == 2 * MAX_ATTEMPTS  # each note asked twice, then its own words


def test_unclear_owner_and_date_are_marked_open():
    """A task without owner or date says "[offen]" in the table, and the draft's notes say so."""
    draft, _ = minutes(Recording(), ROUGH)
    rows = task_rows(layout(draft))
    assert ("Frau Ohm", "Spricht mit Personalrat", "KW 12") in rows
    assert ("Herr Berg", "Klärt mit DSB", "Ende Jan") in rows
    assert (OPEN, "Angebote einholen", OPEN) in rows
    assert any("[offen]" in note for note in draft.notes)


def test_abbreviations_and_the_header_of_rough_notes():
    """Hr./Fr./bzgl./ggf./z.K. written out, "Anwesend:" fills the participants, the vote joins
    its decision, "Top 2:" and "Sonstiges" are TOPs."""
    draft, _ = minutes(Recording(), ROUGH, datum="")
    text = draft.text
    assert "Frau Kaya, Herr Berg, Frau Ohm" in text and "Hr." not in text and "Fr. " not in text
    assert "bezüglich Datenschutz" in text and "gegebenenfalls anderer Anbieter" in text
    assert "Zur Kenntnis: Sommerfest 4.7." in text
    assert "**Beschluss:** Probephase 3 Monate (Abstimmung 5:2:1)." in text
    assert re.findall(r"^## .*$", text, re.M) == ["## TOP 1: Öffnungszeiten",
                                                   "## TOP 2: Terminbuchung online", "## Sonstiges"]
    facts = dict(layout(draft).facts)
    assert facts["Teilnehmende"] == "Frau Kaya, Herr Berg, Frau Ohm" and facts["Datum"] == "12.3."


@pytest.mark.parametrize("notes, titles", [
    ("Punkt 1 Haushalt\nMittel reichen.\nPunkt 2 Personal\nStelle besetzt.", ["1 Haushalt", "2 Personal"]),
    ("1. Haushalt: Mittel reichen\n2. Personal: Stelle besetzt\n   1. Ausschreibung lief", ["1 Haushalt",
                                                                                        "2 Personal"]),
    ("## Haushalt\nMittel reichen.\n## Personal\nStelle besetzt.", [" Haushalt", " Personal"]),
    ("Haushalt: Mittel reichen.\n\nPersonal: Stelle besetzt.", [" Haushalt", " Personal"]),
    ("TOP 1 Haushalt\nMittel reichen.\nTOP 2 Personal\nzu TOP 1: Nachtrag kommt.", ["1 Haushalt",
                                                                                  "2 Personal"]),
    ("Mittel reichen, Stelle besetzt.", [" "]),
])
def test_agenda_items_as_people_mark_them(notes, titles):
    """TOP / Punkt / numbered lines / headings / blank lines mark the TOPs (a nested "1." and
    "zu TOP 1" do not start one); notes without any are one item without heading."""
    found = read(notes)
    assert [f"{i.number} {i.title}" for i in found.items] == titles
    if "zu TOP 1" in notes:
        assert found.items[0].statements == ["Mittel reichen.", "Nachtrag kommt."]


def test_votes_and_decisions_by_rule():
    """A vote joins its decision; a vote alone is marked open; "abgelehnt" with its count is a
    decision; "Frau X berichtet" is discussion, not a task."""
    outcome = sort(["Beschluss: Probephase", "5:2:1", "Frau Berg berichtet über den Stand",
                    "Antrag der CDU abgelehnt (4 Ja, 7 Nein)"], [], "Öffnungszeiten")
    assert outcome.decisions == ["Probephase (5:2:1).", "Antrag der CDU abgelehnt (4 Ja, 7 Nein)."]
    assert outcome.discussion == ["Frau Berg berichtet über den Stand."] and not outcome.tasks
    alone = sort(["einstimmig"], [], "Haushalt")
    assert alone.open_votes == 1 and OPEN in alone.decisions[0]


@pytest.mark.parametrize("statement", [
    "Frau Berg hat Bedenken wegen der Kosten", "Herr Jansen spricht sich für Variante B aus",
    "Frau Kaya stellt fest, dass die Zahlen stimmen", "Finanzierung noch offen",
    "Eltern fordern Zebrastreifen", "Lieferung Mitte März", "Herr Said stellt das Konzept vor",
])
def test_discussion_is_not_taken_for_a_task_or_decision(statement):
    """Opinions, reports and open questions stay Beratung: no invented task or decision."""
    outcome = sort([statement], [], "Haushalt")
    assert not outcome.tasks and not outcome.decisions and outcome.discussion == [f"{statement}."]


def test_tasks_named_by_participants_and_units():
    """A surname from the header, a unit, "Einweisung durch Herrn X am …" and an open "wer?"."""
    known = known_names({"Teilnehmende": "Frau Kaya, Herr Berg"})
    outcome = sort(["Kaya holt Angebote ein bis KW 3", "Hausmeister kümmert sich",
                    "Geräte da, Einweisung durch Herrn Schulz am 19.1.", "Schulung: wer macht das?"],
                   known, "Drucker")
    assert [t.line() for t in outcome.tasks] == [
        "- Kaya: holt Angebote ein, bis KW 3", "- Hausmeister: kümmert sich (Drucker), bis [offen]",
        "- Herr Schulz: Einweisung, bis 19.1.", "- [offen]: Schulung, bis [offen]"]


@pytest.mark.parametrize("candidate, ok", [
    ("Das Dach ist undicht; die Sanierung ist im Sommer 2027 geplant.", True),
    ("2027 ist der Sommer für Dach undicht; Sanierung ist geplant.", False),  # shuffled
    ("Das Dach ist undicht; die Sanierung ist im Sommer 2028 geplant.", False),  # figure changed
    ("Das Dach ist nicht undicht; die Sanierung ist im Sommer 2027 geplant.", False),  # negated
    ("Das Dach ist undicht; die teure Sanierung ist im Sommer 2027 geplant.", False),  # added
    ("Das Dach ist undicht.", False),  # dropped
    ("The roof is leaking; renovation in summer 2027.", False),
    ("Wir haben das Dach undicht, Sanierung im Sommer 2027 geplant.", False),
])
def test_a_worded_note_is_checked_against_its_note(candidate, ok):
    """Only the note with articles and verbs put in is taken."""
    assert backed(candidate, "Dach undicht, Sanierung im Sommer 2027 geplant") is ok


def test_empty_notes_and_english_notes_get_a_german_message():
    """Empty notes stop before the model; English notes with a German sentence, no draft."""
    with pytest.raises(WerkstattError, match="braucht ein Dokument"):
        minutes(Recording(), "  \n ")
    with pytest.raises(WerkstattError, match="nicht auf Deutsch"):
        minutes(Recording(), "Meeting with IT. We decided to buy laptops for the trainees. John will "
                             "order them by Friday.")
    assert not english("Kurzes Meeting mit dem Team: Feedback zum Workshop ist positiv, To-do bis Freitag.")


def test_one_word_gives_short_minutes():
    """One word: minutes with that word as the Beratung, no decision, no task, no crash."""
    draft, _ = minutes(Recording(), "Haushalt")
    assert "**Beratung:** Haushalt." in draft.text and "**Beschluss:** keiner" in draft.text
    assert "**Aufgaben:** keine" in draft.text and not draft.unusable


def test_three_thousand_lines_are_bounded():
    """3,000 bullet points: every point kept, the model asked at most a bounded number of times,
    done in seconds (a scripted model)."""
    notes = "\n".join(f"- Punkt {n} offen, Rückmeldung Abteilung {n % 7}" for n in range(3000))
    engine = Recording()
    started = time.monotonic()
    draft, _ = minutes(engine, notes)
    assert time.monotonic() - started < 60
    assert len(engine.asked) <= MAX_WORDED * MAX_ATTEMPTS
    assert "Punkt 2999 offen" in draft.text and any("lang" in n for n in draft.notes)


@pytest.mark.model
def test_the_table_from_notes_with_the_real_model(engine):
    """The default model: every TOP, the decision, the three tasks with owner and date as the
    notes write them, and nothing the notes lack (Quellenabgleich)."""
    draft, request = minutes(engine)
    report = layout(draft)
    rows = task_rows(report)
    assert [r[0] for r in rows] == ["Frau Berg", "Herr Jansen", "Frau Öztürk"]
    assert [r[2] for r in rows] == ["31.03.2027", "15.12.", OPEN]
    assert "Beschluss: Förderantrag beim Land stellen." in paragraphs(report)
    assert draft.text.count("**Beschluss:** keiner") == 2
    assert not sourcecheck.check(draft.text, request.sources())
