"""Prioritisation: risk flags keep processes out of the quick wins, the quick-win rule, the
ranking's stability and its explanation (issue 29, items 3 and 4)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from werkstatt.efficiency.evidence import Pilot, Rating
from werkstatt.efficiency.fields import DATA_SPECIAL, Process
from werkstatt.efficiency.priority import assess, benefit_points, effort_points
from werkstatt.efficiency.rules import Rules, with_values


def pilot_of(**templates: tuple[int, float, float]) -> Pilot:
    """template → (ratings, minutes saved each, share 'ja'): a pilot without a database."""
    pilot = Pilot(source=Path("pilot.sqlite"))
    for template, (count, minutes, yes) in templates.items():
        pilot.by_template[template] = [
            Rating(minutes, "ja" if i < round(count * yes) else "nein", 4, "gering") for i in range(count)]
    return pilot


PILOT = pilot_of(protokoll=(60, 20.0, 1.0), buergerbrief=(60, 5.0, 0.5), zusammenfassung=(60, 10.0, 0.8))
WIN = Process("Teambesprechungen protokollieren", "Alle", 15000, 30.0, data_category="personenbezogen",
              templates=("protokoll",), effort_class="Nur Vorlage", effort_days=3)


def test_the_plain_process_is_a_quick_win():
    """Pilot data, thousands of hours, 3 person-days, no flag: a quick win that says why."""
    [a] = assess([WIN], PILOT, Rules())
    assert a.quick_win and a.rank == 1 and a.benefit.low > 4000
    assert a.reasons == ("Pilotdaten, mindestens 500 Std./Jahr, höchstens 20 PT, kein Risikomerkmal",)


@pytest.mark.parametrize(("change", "says"), [
    ({"annex3": "Öffentliche Leistungen"}, "Hochrisiko-Bereich der KI-Verordnung (Anhang III Nr. 5 a"),
    ({"annex3": "Beschäftigung und Personal"}, "(Anhang III Nr. 4: Beschäftigung, Personalmanagement)"),
    ({"annex3": "Migration und Grenzkontrolle"}, "(Anhang III Nr. 7: Migration, Asyl, Grenzkontrolle)"),
    ({"art22": True}, "Entscheidungen mit Rechtswirkung für eine Person (Art. 22 DSGVO)"),
    ({"data_category": DATA_SPECIAL}, "besondere Kategorien personenbezogener Daten (Art. 9 DSGVO)"),
    ({"codetermination": True}, "mitbestimmungspflichtig: der Personalrat ist vor dem Einsatz zu beteiligen"),
    ({"data_category": ""}, "die Datenkategorie ist nicht angegeben"),
])
def test_each_risk_flag_keeps_a_process_out_of_the_quick_wins(change, says):
    """The same process with any one risk flag is ranked as before but is no quick win, and
    its reasons say why."""
    [plain] = assess([WIN], PILOT, Rules())
    [flagged] = assess([replace(WIN, **change)], PILOT, Rules())
    assert not flagged.quick_win and flagged.score == plain.score
    assert any(says in reason for reason in flagged.reasons), flagged.reasons
    if "annex3" in change:
        assert any("Art. 6 Abs. 3 KI-VO" in reason for reason in flagged.reasons)


@pytest.mark.parametrize(("change", "says"), [
    ({"cases_per_year": 500}, "Nutzen unter 500 Std./Jahr (untere Grenze 159)"),
    ({"effort_days": 21.0}, "Aufwand 21 PT über 20 PT"),
    ({"templates": (), "estimate_low": 20.0, "estimate_adoption": 100.0},
     "keine ausreichenden Pilotdaten (nur eine Schätzung)"),
    ({"templates": ("einfache-sprache",), "estimate_low": 20.0, "estimate_adoption": 100.0},
     "keine ausreichenden Pilotdaten"),
])
def test_the_quick_win_rule_needs_benefit_low_effort_and_pilot_evidence(change, says):
    """Too little benefit, too much effort or only an estimate: no quick win, with the reason."""
    [a] = assess([replace(WIN, **change)], PILOT, Rules())
    assert not a.quick_win and says in "; ".join(a.reasons)


def test_a_richtwert_is_used_where_no_person_days_are_given():
    """Without person-days the class's Richtwert counts (Anbindung Fachverfahren: 40)."""
    process = replace(WIN, effort_class="", effort_days=None, fachverfahren=True)
    [a] = assess([process], PILOT, Rules())
    assert process.effort == "Anbindung Fachverfahren" and process.days == 40 and not process.days_estimated
    assert "Aufwand 40 PT über 20 PT" in a.reasons


def catalogue_of(n: int) -> list[Process]:
    rng = random.Random(7)
    templates = ("protokoll", "buergerbrief", "zusammenfassung")
    return [Process(f"Prozess {i:02d}", f"Einheit {i % 4}", rng.randrange(100, 30000),
                    float(rng.randrange(5, 120)), data_category="keine",
                    templates=(templates[i % 3],), effort_days=float(rng.randrange(1, 150)))
            for i in range(n)]


def order(processes: list[Process], rules: Rules | None = None) -> list[str]:
    return [a.process.name for a in assess(processes, PILOT, rules or Rules()) if a.rank]


def test_the_ranking_is_stable():
    """The same catalogue in another order ranks the same; a process added or removed never
    reorders the others (fixed scales); the computation is deterministic."""
    processes = catalogue_of(30)
    reference = order(processes)
    shuffled = processes[:]
    random.Random(1).shuffle(shuffled)
    assert order(shuffled) == reference == order(processes)
    extra = Process("Neuer Prozess", "Einheit 9", 90000, 60.0, data_category="keine",
                    templates=("protokoll",), effort_days=2.0)
    assert [n for n in order(processes + [extra]) if n != "Neuer Prozess"] == reference
    assert order(processes[5:]) == [n for n in reference if n not in {p.name for p in processes[:5]}]


def test_ties_are_broken_by_benefit_effort_then_name():
    """Two processes with equal points rank by name."""
    a, b = replace(WIN, name="B-Prozess"), replace(WIN, name="A-Prozess")
    assert order([a, b]) == ["A-Prozess", "B-Prozess"]


def test_weights_change_the_ranking_and_the_explanation_shows_them():
    """With all weight on effort the cheapest process comes first; each process explains its
    score with points and weights."""
    processes = catalogue_of(12)
    rules = with_values(Rules(), weight_benefit="0", weight_effort="100", weight_evidence="0")
    ranked = [a for a in assess(processes, PILOT, rules) if a.rank]
    assert [a.process.days for a in ranked] == sorted(a.process.days for a in ranked)
    text = ranked[0].explanation(rules)
    assert "× 0 %" in text and "× 100 %" in text and text.endswith("von 10")


def test_points_on_fixed_scales():
    """Benefit: 0 points at 10 hours, 10 at 10,000, log between; effort: 10 at 2 days, 0 at 200."""
    assert benefit_points(10) == 0 and benefit_points(10_000) == 10 and benefit_points(1e6) == 10
    assert benefit_points(100) == pytest.approx(10 / 3)
    assert effort_points(2) == 10 and effort_points(200) == 0 and effort_points(20) == pytest.approx(5)
