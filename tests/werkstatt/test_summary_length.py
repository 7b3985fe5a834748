"""The summary's length relative to the paper, and a long document covered to its end (issue 27)."""

from __future__ import annotations

import pytest

from tests.werkstatt.test_summary_extracts import document, summarise
from werkstatt import pipeline, summary
from werkstatt.pipeline import Request
from werkstatt.summary_points import count_words, word_budget
from werkstatt.templates import get_template


def test_the_budget_is_a_share_of_a_short_paper():
    """A 250-word paper: kurz about a third, mittel at most two thirds, ausführlich more; a tiny
    text keeps a floor."""
    paper = " ".join(["Wort"] * 250)
    assert word_budget(paper, "kurz") < word_budget(paper, "mittel") < word_budget(paper, "ausführlich")
    assert word_budget(paper, "kurz") <= 90 and word_budget(paper, "mittel") <= 165
    assert word_budget("Drei kurze Sätze.", "kurz") == 60


def every_sentence(text: str) -> str:
    return "\n".join(f"- {line}" for line in text.splitlines() if len(line.split()) > 3)


@pytest.mark.parametrize("name", ["01", "12", "16"])
def test_kurz_is_short_relative_to_the_paper(name):
    """A model offering every sentence: "kurz" stays within about a third of a 230–250-word paper
    (it was about half of it: 120–130 words)."""
    text = document(name)
    assert count_words(summarise(text, every_sentence(text), "kurz")) <= 0.4 * len(text.split())


@pytest.mark.parametrize("name", ["01", "11", "12", "16", "17"])
def test_mittel_stays_within_its_share(name):
    """The same model at "mittel": within two thirds of the paper, and longer than "kurz"."""
    text = document(name)
    mittel = count_words(summarise(text, every_sentence(text), "mittel"))
    assert count_words(summarise(text, every_sentence(text), "kurz")) < mittel <= word_budget(text, "mittel")


def long_report(sections: int = 9) -> str:
    """A report whose last section holds the decision; every section has its own facts."""
    filler = ("Die Verwaltung hat dazu Gespräche mit den Beteiligten geführt, die Unterlagen geprüft "
              "und die Ergebnisse in der Arbeitsgruppe abgestimmt. ")
    districts = ["Moisling", "Buntekuh", "Kücknitz", "Travemünde", "Schlutup", "Eichholz", "Karlshof",
                 "St. Gertrud", "St. Lorenz", "Brandenbaum"]
    parts = ["1. Sanierung der Turnhalle Marli\n\nDie Turnhalle der Grundschule Marli wird 2027 saniert. "
             "Die Kosten betragen 1,2 Millionen Euro. " + filler * 3]
    plans = ["Der Ortsbeirat soll vorher angehört werden.",
             "Die Anwohnerschaft wird bis zum Sommer informiert.",
             "Die Ausschreibung soll im Herbst erfolgen.", "Fördermittel des Landes sollen beantragt werden.",
             "Die Bäume am Rand sollen erhalten bleiben.",
             "Eine Umleitung für Busse soll eingerichtet werden.",
             "Die Stadtwerke sollen zugleich Leitungen verlegen."]
    for i in range(2, sections):
        district = districts[i % len(districts)]
        parts.append(f"{i}. Radweg in {district}\n\nIm Stadtteil {district} wird der Radweg ausgebaut. "
                     f"Die Kosten betragen {i * 110}.000 Euro. {plans[i % len(plans)]} " + filler * 4)
    parts.append(f"{sections}. Neubau der Hafenbrücke\n\nDer Bauausschuss beschließt, die alte Klappbrücke "
                 "am Hafen durch eine neue Hafenbrücke zu ersetzen. " + filler * 2)
    return "\n\n".join(parts)


def test_the_end_of_a_long_document_is_covered_even_if_the_model_stops_early():
    """A model that only ever names the first section: the last section's decision is still in
    the summary, and a middle stretch too."""
    text = long_report()
    draft = summarise(text, "- Die Turnhalle der Grundschule Marli wird 2027 saniert.\n")
    assert "Marli" in draft
    assert "Der Bauausschuss beschließt, die alte Klappbrücke am Hafen durch eine neue" in draft, draft
    assert summary.HEADINGS[2] in draft


@pytest.mark.model
def test_a_long_document_whose_last_section_holds_a_decision(engine):
    """Real model: a report of nine sections read in one round; its last section's decision (the
    Hafenbrücke) is in the summary, and so is its first section (Marli)."""
    text = long_report()
    assert engine.count_tokens(text) > 3 * summary.PART_TOKENS
    draft = pipeline.generate(engine, Request.build(get_template("zusammenfassung"), {"laenge": "mittel"},
                                                    text), seed=1)
    assert "Hafenbrücke" in draft.text or "Klappbrücke" in draft.text, draft.text
    assert "Marli" in draft.text, draft.text



def test_a_sentence_repeated_in_every_section_covers_none_of_them():
    """Boilerplate the report repeats everywhere, taken as a point, does not count as covering the
    end: the last section still gets its own sentences."""
    from werkstatt import council
    from werkstatt.summary_points import stretches, uncovered_parts

    body = council.parse(long_report()).body
    filler = ("Die Verwaltung hat dazu Gespräche mit den Beteiligten geführt, die Unterlagen geprüft und "
              "die Ergebnisse in der Arbeitsgruppe abgestimmt.")
    taken = ["Die Turnhalle der Grundschule Marli wird 2027 saniert.", filler]
    added = uncovered_parts(body, stretches(body, 3), taken, 200)
    assert any("Hafenbrücke" in sentence for sentence in added), added
