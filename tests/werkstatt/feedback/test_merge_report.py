"""Pilot lead: merge (de-duplication, idempotency, provenance, bad files) and the report."""

from __future__ import annotations

import csv
import shutil

import docx
import pytest
from sqlite_utils import Database

from werkstatt.cli import main
from werkstatt.feedback import report
from werkstatt.feedback.demo import write_demo
from werkstatt.feedback.merge import merge
from werkstatt.feedback.schema import MIGRATION_NAMES, migrations
from werkstatt.feedback.store import FeedbackStore

# A small fixed dataset with hand-computed figures.
FIXED = [
    # template, department, quality, minutes, would_use, problems, seconds, tok/s
    ("zusammenfassung", "Schule", 5, 20, "ja", [], 10.0, 30.0),
    ("zusammenfassung", "Schule", 4, 10, "ja", ["zu lang"], 12.0, 32.0),
    ("zusammenfassung", "Umwelt", 3, 0, "unsicher", ["zu lang", "Format"], 14.0, 34.0),
    ("protokoll", "Umwelt", 2, -5, "nein", ["unvollständig"], 20.0, 28.0),
    ("protokoll", "", 1, -10, "nein", ["erfunden (halluziniert)", "unvollständig"], 30.0, 26.0),
]


def fixed_db(path, participant="P-a"):
    with FeedbackStore(path) as store:
        for i, (tid, dep, q, m, use, probs, sec, tps) in enumerate(FIXED):
            store.add({"uuid": f"{participant}-{i}", "template_id": tid, "department": dep,
                       "quality": q, "minutes_saved": m, "would_use": use, "problems": probs,
                       "generation_seconds": sec, "tokens_per_second": tps,
                       "participant_id": participant,
                       "created_utc": f"2026-10-0{i + 1}T09:00:00+00:00"})
    return path


def test_merge_deduplicates_and_is_idempotent(tmp_path):
    """Merging twice changes nothing; the same entry from two files counts once."""
    a = fixed_db(tmp_path / "a.sqlite", "P-a")
    b = fixed_db(tmp_path / "b.sqlite", "P-b")
    shutil.copy(a, tmp_path / "a-kopie.sqlite")
    out = tmp_path / "merged.sqlite"
    first = merge([a, b, tmp_path / "a-kopie.sqlite"], out)
    assert (first.new, first.duplicate) == (10, 5)
    before = out.read_bytes()
    second = merge([a, b], out)
    assert (second.new, second.duplicate) == (0, 10)
    with FeedbackStore(out) as store:
        rows = store.entries()
        assert len(rows) == 10
        assert {r["source_file"] for r in rows} == {"a.sqlite", "b.sqlite"}
        assert all(r["imported_utc"] for r in rows)
        assert store.db["imports"].count == 2
    assert len(before) == len(out.read_bytes())


def test_merge_migrates_old_schema_without_touching_source(tmp_path):
    """An old-schema workstation file merges; the source file itself is not changed."""
    old = tmp_path / "alt.sqlite"
    db = Database(old)
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    db["entries"].insert({"uuid": "x1", "created_utc": "2026-09-01T08:00:00+00:00",
                          "template_id": "protokoll", "participant_id": "P-x", "quality": 3,
                          "problems": "[]"})
    db.close()
    before = old.read_bytes()
    result = merge([old], tmp_path / "m.sqlite")
    assert result.new == 1 and not result.rejected
    assert old.read_bytes() == before


def test_merge_reports_bad_files_and_carries_on(tmp_path):
    """Not SQLite, another app's database, truncated and missing files are named and skipped."""
    good = fixed_db(tmp_path / "gut.sqlite")
    (tmp_path / "text.sqlite").write_text("kein SQLite", encoding="utf-8")
    Database(tmp_path / "fremd.sqlite")["kontakte"].insert({"name": "Anna"})
    data = good.read_bytes()
    (tmp_path / "halb.sqlite").write_bytes(data[: len(data) // 3])
    result = merge([tmp_path / n for n in ("text.sqlite", "fremd.sqlite", "halb.sqlite",
                                           "fehlt.sqlite", "gut.sqlite")],
                   tmp_path / "m.sqlite")
    assert result.new == 5
    reasons = " ".join(r.rejected for r in result.rejected)
    assert len(result.rejected) == 4
    assert "keine SQLite-Datei" in reasons and "keine Feedback-Datenbank" in reasons
    assert "gibt es nicht" in reasons


def merged_db(path, participant="P-a"):
    """The fixed dataset of one workstation, merged into ``path`` (the report reads merged
    databases only)."""
    merge([fixed_db(path.with_name(f"arbeitsplatz-{participant}.sqlite"), participant)], path)
    return path


def test_report_figures_match_hand_computation(tmp_path):
    """Per-template figures equal the hand-computed ones of the fixed dataset."""
    data = report.compute(merged_db(tmp_path / "f.sqlite"))
    summary = next(g for g in data.by_template if g.name == "Zusammenfassung")
    protocol = next(g for g in data.by_template if g.name == "Ergebnisprotokoll")
    assert summary.n == 3 and summary.quality_mean == pytest.approx(4.0)
    assert summary.quality_dist == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert summary.would_use_share == pytest.approx(2 / 3)
    assert (summary.minutes_sum, summary.minutes_mean, summary.minutes_median) == (30, 10, 10)
    assert summary.problems["zu lang"] == 2 and summary.problems["Format"] == 1
    assert summary.seconds_mean == pytest.approx(12.0) and summary.tokens_per_second_mean == 32
    assert protocol.quality_mean == 1.5 and protocol.minutes_sum == -15
    assert protocol.problems["unvollständig"] == 2
    departments = {g.name: g.n for g in data.by_department}
    assert departments == {"Schule": 2, "Umwelt": 2, "(ohne Angabe)": 1}
    assert data.participants == 1 and data.entries == 5 and data.synthetic == 0
    assert data.first == "2026-10-01" and data.last == "2026-10-05"


def test_report_formats(tmp_path, capsys):
    """Word (with charts and methods), HTML and CSV reports from the CLI."""
    db = merged_db(tmp_path / "f.sqlite")
    for fmt in ("docx", "html", "csv"):
        assert main(["feedback", "report", str(db), "-o", str(tmp_path / f"r.{fmt}")]) == 0
    d = docx.Document(tmp_path / "r.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Methodik" in text and "Zeitraum: 2026-10-01 bis 2026-10-05" in text
    assert len(d.inline_shapes) == 3 and len(d.tables) == 3
    assert d.tables[0].rows[1].cells[0].text == "Zusammenfassung"
    assert d.tables[0].rows[1].cells[2].text == "4,00"
    assert "data:image/png;base64," in (tmp_path / "r.html").read_text(encoding="utf-8")
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[1][:4] == ["Vorlage", "Zusammenfassung", "3", "4,00"]


def test_demo_data_is_marked_synthetic(tmp_path, capsys):
    """Demo entries are synthetic in every row and the report says so first."""
    out = tmp_path / "demo.sqlite"
    assert main(["feedback", "demo", "--count", "120", "-o", str(out), "--seed", "4"]) == 0
    with FeedbackStore(out) as store:
        assert store.meta()["synthetic"] == "1"
        assert all(r["synthetic"] == 1 for r in store.entries())
    data = report.compute(out)
    assert data.synthetic == 120 and report.methods(data)[0].startswith("ACHTUNG")
    d = docx.Document(report.write_docx(data, tmp_path / "demo.docx"))
    first_page = [p.text for p in d.paragraphs[:4]]
    assert any(text.startswith("ACHTUNG") for text in first_page), first_page
    assert d.sections[0].page_width > d.sections[0].page_height  # landscape: 11 columns fit
    widths = [round(column.width.cm, 1) for column in d.tables[0].columns]
    assert widths == list(report.COLUMN_CM) and sum(widths) <= 26.7  # inside the margins
    html_text = report.write_html(data, tmp_path / "demo.html").read_text(encoding="utf-8")
    assert html_text.index("ACHTUNG") < html_text.index("<table>")
    assert write_demo(tmp_path / "again.sqlite", 120, seed=4) == 120  # same seed, same data


def test_cli_merge_messages(tmp_path, capsys):
    """The merge command reports counts and names rejected files, exit 0."""
    good = fixed_db(tmp_path / "gut.sqlite")
    (tmp_path / "text.sqlite").write_text("x", encoding="utf-8")
    code = main(["feedback", "merge", str(good), str(tmp_path / "text.sqlite"),
                 "-o", str(tmp_path / "m.sqlite")])
    out, err = capsys.readouterr()
    assert code == 0 and "5 neu, 0 doppelt" in out and "text.sqlite" in err
    code = main(["feedback", "report", str(tmp_path / "fehlt.sqlite"), "-o", str(tmp_path / "r.docx")])
    assert code == 2


def test_charts_write_german_decimals():
    """The charts' axes read „2,5“, not "2.5" (the formatter the report installs)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from werkstatt.feedback.report import german_ticks

    fig, ax = plt.subplots()
    ax.barh(["A", "B"], [2.5, 4.25])
    ax.xaxis.set_major_formatter(german_ticks())
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    plt.close(fig)
    assert any("," in label for label in labels) and not any("." in label for label in labels)
