"""The evaluation's cases load and cover what issue 27 asks; kept runs are scored again and
readings totalled without the model."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_cases import EVALSET, LETTERS, WRITING, known_values, load_cases  # noqa: E402
from eval_report import body_sentences, reading_totals, write_markdown, write_reading_skeleton  # noqa: E402
from eval_run import Drafted, load_json, save_json  # noqa: E402
from eval_score import score  # noqa: E402

from werkstatt import textcheck  # noqa: E402
from werkstatt.templates import get_template  # noqa: E402

KINDS = {"Eingangsbestätigung", "Bewilligung", "Ablehnung", "Nachforderung von Unterlagen",
         "Terminbestätigung", "Auskunft", "Antwort auf eine Beschwerde"}


def writing(folder: Path) -> list:
    return [c for c in load_cases(folder) if c.writing]


def test_the_writing_set_has_thirty_cases_eight_kept_aside():
    """≥ 30 writing cases: 10 letters, 6 e-mails, 6 minutes, 8 Einfache Sprache; 8 in unseen/."""
    dev, unseen = writing(EVALSET), writing(EVALSET / "unseen")
    counts = Counter(c.template for c in dev + unseen)
    assert len(dev) + len(unseen) >= 30 and len(unseen) == 8
    assert counts["buergerbrief"] >= 10 and counts["email-antwort"] >= 6
    assert counts["protokoll"] >= 6 and counts["einfache-sprache"] >= 8
    assert not {c.name for c in dev} & {c.name for c in unseen}


def test_every_case_is_complete_and_its_patterns_compile():
    """Keys and forbidden mistakes compile; letters name a kind of the seven; minutes type
    their decisions and tasks; real texts name their source."""
    letters = []
    for case in writing(EVALSET) + writing(EVALSET / "unseen"):
        assert case.template in WRITING and case.keys and case.forbidden, case.name
        for key in case.keys + case.forbidden:
            re.compile(key.pattern)
        if case.template == "buergerbrief":
            assert case.kind in KINDS, case.name
            letters.append(case.kind)
        if case.template == "protokoll":
            assert {k.kind for k in case.keys} >= {"beschluss", "aufgabe"}, case.name
    assert set(letters) == KINDS
    real = [c for c in writing(EVALSET) if c.template == "einfache-sprache" and c.source]
    assert len(real) >= 4 and all(c.source.startswith("https://") for c in real)


def test_values_a_template_lacks_are_left_out():
    """A case's ``art`` runs on a template without that field (before and after the LETTER part)."""
    template = get_template("buergerbrief")
    ids = [f.id for f in template.fields]
    values = known_values({"name": "Schmidt", "art": "Bewilligung", "unknown": "x"}, ids)
    assert "unknown" not in values and values["name"] == "Schmidt"
    assert ("art" in values) == ("art" in ids)


def test_the_hand_written_references_raise_no_alarm():
    """The good letters of the set: no unbacked sentence, no fact issue, no frame or foreign line."""
    checked = 0
    for case in writing(EVALSET):
        if not case.reference:
            continue
        sources = [case.document, *case.values.values()]
        found = textcheck.check_draft(case.reference, sources, letter=case.template in LETTERS)
        assert (found.unbacked, found.facts, found.foreign, found.model_frame) == ([], [], [], []), case.name
        keys = [k.name for k in case.keys if not re.search(k.pattern, case.reference, re.IGNORECASE)]
        assert keys == [], case.name
        checked += 1
    assert checked >= 10


def _drafted(case_name: str, text: str, notes: list[str] | None = None) -> Drafted:
    case = next(c for c in load_cases(EVALSET) if c.name == case_name)
    return Drafted(case.name, case.template, text, 1.0, notes or [],
                   sources=[case.document, *case.values.values()])


def test_a_draft_is_scored_and_a_dropped_sentence_named_in_its_notes_is_marked():
    """Keys, a foreign closing and unbacked sentences are counted; one the notes name is marked."""
    case = next(c for c in load_cases(EVALSET) if c.name == "brief-parkausweis")
    text = ("Sehr geehrte Frau Schmidt,\n\nIhr Antrag vom 3. November ist eingegangen. Ich wünsche dir viel "
            "Glück! Bitte beachten Sie, dass diese Beträge nur für die Verwaltung Lübeck sind.\n\n"
            "Sincerely,\n\nMit freundlichen Grüßen\n\nMax Muster")
    notes = ["Nicht übernommen: „Ich wünsche dir viel Glück!“"]
    result = score(case, _drafted("brief-parkausweis", text, notes), with_spelling=False)
    assert result.keys == ["Antrag vom 3. November eingegangen"]
    assert len(result.check.unbacked) == 2 and result.marked == 1 and result.unmarked == 1
    assert result.model_frame == ["Sincerely,"] and result.check.foreign == ["Sincerely,"]


def test_the_run_is_kept_numbered_and_the_reading_totalled(tmp_path):
    """The run's .md numbers the body sentences as the reading CSV does; totals per template."""
    drafts = [_drafted("brief-parkausweis", "Sehr geehrte Frau Schmidt,\n\nIhr Antrag ist da. Sie werden "
                       "abgelehnt.\n\nMit freundlichen Grüßen\n\nMax Muster"),
              _drafted("einfach-parkausweis", "- Sie brauchen einen Ausweis.\n- Das kostet 60 Euro.")]
    save_json(tmp_path / "run.json", drafts, {"model": "m", "commit": "c"})
    assert load_json(tmp_path / "run.json")[1] == drafts
    write_markdown(tmp_path / "run.md", drafts, "Lauf")
    assert "1. Ihr Antrag ist da.\n2. Sie werden abgelehnt." in (tmp_path / "run.md").read_text()
    assert body_sentences(drafts[1]) == ["Sie brauchen einen Ausweis.", "Das kostet 60 Euro."]
    skeleton = tmp_path / "reading.csv"
    write_reading_skeleton(skeleton, drafts)
    rows = list(csv.DictReader(skeleton.open(encoding="utf-8")))
    for row, mark in zip(rows, ["ok", "Sinn verändert", "ok", "falsches Deutsch"]):
        row["mark"] = mark
    with skeleton.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["case", "sentence_no", "sentence", "mark", "note"])
        writer.writeheader()
        writer.writerows(rows)
    totals = reading_totals(skeleton)
    assert totals["buergerbrief"] == Counter({"ok": 1, "Sinn verändert": 1})
    assert totals["Gesamt"] == Counter({"ok": 2, "Sinn verändert": 1, "falsches Deutsch": 1})
    rows[0]["mark"] = "gut"
    with skeleton.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["case", "sentence_no", "sentence", "mark", "note"])
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match="unknown mark"):
        reading_totals(skeleton)


def test_eval_rescores_a_kept_run_and_prints_a_reading_without_the_model(tmp_path):
    """``eval.py --rescore`` and ``--reading`` run without loading a model and print totals."""
    drafts = [_drafted("brief-parkausweis", "Sehr geehrte Frau Schmidt,\n\nIhr Antrag vom 3. November ist "
                       "eingegangen.\n\nSincerely,\n\nMit freundlichen Grüßen\n\nMax Muster")]
    save_json(tmp_path / "run.json", drafts, {"model": "m", "commit": "c"})
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval.py"), "--rescore",
                           str(tmp_path / "run.json")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "buergerbrief: 1 Fälle, Fakten erhalten 1/5 (20 %)" in proc.stdout
    assert "fremdsprachige Zeilen 1, Anrede/Gruß vom Modell 1, doppelte Grußformeln 1" in proc.stdout
    write_reading_skeleton(tmp_path / "r.csv", drafts)
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval.py"), "--reading",
                           str(tmp_path / "r.csv")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Gesamt" in proc.stdout, proc.stderr[-2000:]
