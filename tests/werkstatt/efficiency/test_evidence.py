"""The pilot's evidence per template and the hours per process, against figures computed by
hand (issue 29, item 2)."""

from __future__ import annotations

import numpy as np
import pytest

from werkstatt.efficiency import tables
from werkstatt.efficiency.evidence import ESTIMATE, NONE, PILOT, Pilot, benefit, read_pilot, wilson
from werkstatt.efficiency.fields import Process
from werkstatt.errors import WerkstattError

from .feedback_files import merged_db, protocol_ratings

PROTOCOL = Process("Dienstbesprechungen protokollieren", "Schule", 1200, 45.0, templates=("protokoll",))


@pytest.fixture
def pilot(tmp_path) -> Pilot:
    ratings = protocol_ratings() + [("buergerbrief", 3, 4.0, "ja", "gering")] * 4
    return read_pilot(merged_db(tmp_path / "pilot.sqlite", ratings))


def test_template_figures_match_hand_computation(pilot):
    """Median 12.5 of the ten answers, mean quality 3.8, 5 of 7 light corrections, 6 of 9
    'would use' with the 90 % Wilson interval 44.2–87.3 %; the bootstrap interval is the
    5th–95th percentile of 2,000 medians drawn with seed 29 (recomputed here)."""
    f = pilot.figures(["protokoll"])
    assert (f.ratings, f.minutes_n, f.use_n, f.effort_n) == (10, 10, 10, 7)
    assert f.median == 12.5 and f.quality_mean == pytest.approx(3.8)
    assert f.light_share == pytest.approx(5 / 7) and f.use_share == pytest.approx(7 / 10)
    assert (f.use_low, f.use_high) == pytest.approx((0.44170, 0.87312), abs=1e-5)
    data = np.sort(np.array([-5, 0, 5, 10, 10, 15, 20, 30, 40, 60], float))
    medians = np.median(data[np.random.default_rng(29).integers(0, 10, size=(2000, 10))], axis=1)
    assert (f.median_low, f.median_high) == tuple(np.percentile(medians, [5, 95]))
    assert (f.median_low, f.median_high) == (5.0, 30.0)


def test_wilson_interval_by_hand():
    """6 of 9 at 90 %: 39.8 % to 85.8 % (Wilson score interval); none answered: nothing."""
    assert wilson(6, 9) == pytest.approx((0.39826, 0.85803), abs=1e-5)
    assert wilson(0, 0) == (0.0, 0.0)


def test_projected_hours_are_a_range_with_their_basis(pilot):
    """1,200 cases × 5–30 minutes × 44.2–87.3 % ÷ 60 = 44–524 hours, from the pilot."""
    gain = benefit(PROTOCOL, pilot, 10)
    assert gain.basis == PILOT and gain.minutes == (5.0, 30.0)
    assert gain.low == pytest.approx(1200 * 5 * 0.4416998 / 60)
    assert gain.high == pytest.approx(1200 * 30 * 0.8731234 / 60)
    assert tables.benefit_cells(PROTOCOL, gain) == ("5–30", "44–87 %", "44–524",
                                                    "Pilot (10 Bewertungen)")


def test_too_few_ratings_say_so_and_an_estimate_is_marked(pilot):
    """Four ratings of the letter template give no number; the estimate is used instead and
    called one; without an estimate there is no figure at all."""
    letter = Process("Anfragen", "Bürgerservice", 6000, 10.0, templates=("buergerbrief",))
    gain = benefit(letter, pilot, 10)
    assert gain.basis == NONE and not gain.known
    assert "zu wenige Bewertungen (Zeitangaben: 4, Antworten „würde nutzen“: 4; mindestens 10)" in gain.notes
    assert tables.benefit_cells(letter, gain)[:3] == ("–", "–", "–")
    estimated = Process("Anfragen", "Bürgerservice", 6000, 10.0, templates=("buergerbrief",),
                        estimate_low=2, estimate_high=4, estimate_adoption=50)
    gain = benefit(estimated, pilot, 10)
    assert gain.basis == ESTIMATE and (gain.low, gain.high) == (100.0, 200.0)
    assert tables.benefit_cells(estimated, gain)[3].startswith("Schätzung der Pilotleitung; zu wenige")
    row = tables.figures_row("Brief", pilot.figures(["buergerbrief"]), 10)
    assert row[2].startswith("zu wenige Bewertungen") and row[3:] == ("–", "–", "–")


def test_saving_is_capped_by_the_case_and_never_negative(tmp_path):
    """A median above the minutes a case takes counts as the whole case; below zero as 0."""
    pilot = read_pilot(merged_db(tmp_path / "p.sqlite", protocol_ratings() + [
        ("einfache-sprache", 2, -10.0 - i, "nein", "erheblich") for i in range(10)]))
    short = Process("Kurz", "Schule", 100, 8.0, templates=("protokoll",))
    gain = benefit(short, pilot, 10)
    assert gain.minutes == (5.0, 8.0) and "auf die 8 Minuten je Fall begrenzt" in gain.notes
    worse = benefit(Process("Leicht", "Bürgerservice", 100, 8.0, templates=("einfache-sprache",)), pilot, 10)
    assert worse.basis == PILOT and worse.high == 0.0
    assert "gemessene Ersparnis unter 0: als 0 gerechnet" in worse.notes


def test_two_templates_are_pooled_and_the_order_of_entries_does_not_matter(tmp_path):
    """A process with two templates pools their ratings; the same ratings in another order
    (other UUIDs) give the same interval."""
    ratings = protocol_ratings() + [("zusammenfassung", 4, float(m), "ja", "keine") for m in range(10)]
    a = read_pilot(merged_db(tmp_path / "a.sqlite", ratings))
    b = read_pilot(merged_db(tmp_path / "b.sqlite", list(reversed(ratings))))
    fa, fb = a.figures(["protokoll", "zusammenfassung"]), b.figures(["zusammenfassung", "protokoll"])
    assert fa == fb and fa.ratings == 20


def test_an_unmerged_or_missing_database_is_refused_in_german(tmp_path):
    """The report reads merged feedback only, like the evaluation."""
    from werkstatt.feedback.store import FeedbackStore

    with FeedbackStore(tmp_path / "pc.sqlite") as store:
        store.add({"template_id": "protokoll", "participant_id": "P-1", "quality": 3})
    with pytest.raises(WerkstattError, match="noch nicht zusammengeführt"):
        read_pilot(tmp_path / "pc.sqlite")
    with pytest.raises(WerkstattError, match="gibt es nicht"):
        read_pilot(tmp_path / "fehlt.sqlite")
