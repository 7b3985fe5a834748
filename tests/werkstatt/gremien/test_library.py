"""The council library: OParl import, search, paper views, template inputs, bad files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from werkstatt import council
from werkstatt.errors import WerkstattError
from werkstatt.gremien import inputs
from werkstatt.gremien.library import Library
from werkstatt.gremien.search import split_passages

from . import council_data

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "oparl" / "examples"


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "oparl"
    council_data.write(folder)
    with Library(tmp_path / "gremien.sqlite") as lib:
        report = lib.import_paths([folder])
        assert report.problems == []
        yield lib


def test_every_example_object_of_the_specification_imports(tmp_path):
    """Each OParl example object alone, then all together: nothing refused, the paper with
    its embedded files, consultation and relations, the meeting with its agenda item."""
    for example in sorted(EXAMPLES.glob("*.json")):
        with Library(tmp_path / f"{example.stem}.sqlite") as lib:
            report = lib.import_paths([example])
            assert report.objects >= 1 or example.name == "Person-01.json", example.name
            assert all("nicht heruntergeladen" in p for p in report.problems), report.problems
    with Library(tmp_path / "all.sqlite") as lib:
        report = lib.import_paths([EXAMPLES])
        assert (report.papers, report.meetings) == (1, 1)
        kinds = {r["type"] for r in lib.db.query("SELECT DISTINCT type FROM objects")}
        assert {"Body", "File", "Location", "Meeting", "Organization", "Paper", "System",
                "Consultation", "AgendaItem", "LegislativeTerm"} <= kinds
        assert not kinds & {"Person", "Membership"}  # read, not kept: contact data of members
        assert not lib.db.execute("SELECT count(*) FROM objects WHERE json LIKE "
                                  "'%mustermann.de%'").fetchone()[0]
        paper = lib.paper("https://oparl.example.org/paper/749")
        assert paper["reference"] == "1234/2014" and paper["paper_type"] == "Beantwortung einer Anfrage"
        # the main PDF (not downloaded) and its text of the same name: one file, the text
        assert [(f["role"], f["name"], f["chars"]) for f in paper["files"]] == [
            ("main", "Anlage 1 zur Anfrage", 44)]
        assert paper["consultations"][0]["role"] == "Beschlussfassung"
        assert paper["related"][0]["name"].startswith("(nicht in der Bibliothek")
        assert [i["name"] for i in lib.agenda("https://oparl.example.org/meeting/281")] == [
            "Satzungsänderung für Ausschreibungen"]
        assert lib.search("Übersichtsplan")[0].reference == "1234/2014"  # a File's own text


def test_exact_reference_ranks_first_and_words_find_papers(library):
    assert library.search("VO/2020/09602")[0].reference == "VO/2020/09602"
    assert library.search("vo/2022/11008")[0].reference == "VO/2022/11008"  # then its -01
    assert [h.reference for h in library.search("VO/2022/11008")][:2] == [
        "VO/2022/11008", "VO/2022/11008-01"]
    for query in ("Krippenplätze", "krippenplaetze", "Krippenplatz", "KRIPPENPLÄTZE"):
        assert library.search(query)[0].reference == "VO/2020/09602", query
    assert library.search("Bundesbank Gebäude")[0].reference == "VO/2023/12419-02"
    assert library.search("Schulen")[0].name.endswith("an Lübecker Schulen")  # prefix: Schul…
    # a word in one paper only, and a word in none
    assert library.search("Einzelhandel")[0].name.startswith("Einzelhandels")
    assert library.search("Hundesteuer") == []


def test_a_question_leaves_out_words_most_passages_have(library):
    from werkstatt.gremien.search import selective

    assert selective(library.db, ["lübeck", "krippenplätze"]) == ["krippenplätze"]
    assert selective(library.db, ["lübeck"]) == ["lübeck"]  # nothing else left: kept


def test_filters_and_an_empty_query(library):
    newest = library.search("")
    assert len(newest) == 9 and newest[0].date >= newest[-1].date
    assert {h.paper_type for h in library.search("", paper_type="Auszug")} == {"Auszug"}
    dated = library.search("", date_from="2022-01-01", date_to="2022-12-31")
    assert {h.reference for h in dated} == {"VO/2022/11008", "VO/2022/11008-01"}
    assert {h.reference for h in library.search("", status="beschlossen")} == {
        "VO/2023/12419-02", "2023/12437-09-02"}
    assert "VO/2020/09602" in {h.reference for h in library.search("", status="offen")}
    assert library.search("Theater", paper_type="Vorlage")[0].reference == "2023/12437-09-02"


def test_importing_again_replaces_and_never_duplicates(library, tmp_path):
    before = (library.count(), len(library.search("Krippenplätze")),
              library.db.execute("SELECT count(*) FROM passages").fetchone()[0])
    library.import_paths([tmp_path / "oparl"])
    after = (library.count(), len(library.search("Krippenplätze")),
             library.db.execute("SELECT count(*) FROM passages").fetchone()[0])
    assert before == after
    library.db.execute("INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')")


def test_paper_view_consultations_family_and_text_for_templates(library):
    krippen = library.search("VO/2020/09602")[0]
    paper = library.paper(krippen.paper_id)
    assert paper["consultations"][0]["organization"] == "Bürgerschaft der Hansestadt Lübeck"
    assert paper["consultations"][0]["date"] == "2025-12-04"
    text = library.paper_text(krippen.paper_id)
    parsed = council.parse(text)  # the header reads back as ALLRIS prints it
    assert parsed.title.startswith("Antwort auf die Anfrage")
    assert "1.590" in text
    housing = library.search("VO/2022/11008-01")[0]
    assert library.predecessor(housing.paper_id)["reference"] == "VO/2022/11008"
    document, names = inputs.document_for(library, "aenderungen-vorversion", housing.paper_id)
    assert names == ["VO/2022/11008", "VO/2022/11008-01"]
    assert "Änderung 1: statt „5.000“ jetzt „10.000“" in document
    assert "Änderung 2" not in document  # the reference lines of the two versions are no change
    with pytest.raises(WerkstattError, match="keine Vorversion"):
        inputs.document_for(library, "aenderungen-vorversion", krippen.paper_id)


def test_meeting_briefing_lists_every_agenda_item_with_its_paper(library):
    meeting = library.meetings()[0]
    document, names = inputs.document_for(library, "sitzungsvorbereitung", meeting["id"])
    assert [line.split(":")[0] for line in document.splitlines() if line.startswith("TOP")] == [
        "TOP 1", "TOP 2", "TOP 3", "TOP 4"]
    assert names == ["VO/2023/12419-02", "2023/12437-09-02", "VO/2020/09602", "VO/2022/11008-01"]


def test_passages_are_cut_at_sections_and_paragraphs():
    text = "Betreff: X\n\nBeschlussvorschlag:\nDie Stadt baut.\n\nBegründung:\n" + (
        "Ein langer Satz zur Begründung. " * 40 + "\n\n") * 3
    labels = [label for label, _ in split_passages(text)]
    assert labels[0] == "Abschnitt 1" and "Beschlussvorschlag" in labels
    assert labels.count("Begründung") >= 2  # long sections in several passages
    assert all(len(part) < 2600 for _, part in split_passages(text))
    assert split_passages("Antrag der Fraktion auf mehr Radwege.")[0][0] == "Abschnitt 1"


def test_foreign_and_damaged_files_are_refused_untouched(tmp_path):
    foreign = tmp_path / "other.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x (a)").connection.commit()
    feedback_like = tmp_path / "feedback.sqlite"
    from werkstatt.feedback.store import FeedbackStore

    FeedbackStore(feedback_like).close()
    text = tmp_path / "notes.sqlite"
    text.write_text("keine Datenbank")
    for path, words in ((foreign, "keine Gremien-Bibliothek"), (feedback_like, "keine Gremien"),
                        (text, "keine SQLite-Datei")):
        before = path.read_bytes()
        with pytest.raises(WerkstattError, match=words):
            Library(path)
        assert path.read_bytes() == before


def test_bad_oparl_files_are_reported_and_the_rest_imported(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.json").write_text("{\"id\": ", encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "latin1.json").write_bytes('{"name": "Gebühr"}'.encode("latin-1"))
    (folder / "foreign.json").write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    (folder / "noid.json").write_text(json.dumps({"type": "https://schema.oparl.org/1.1/Paper"}),
                                      encoding="utf-8")
    (folder / "LIESMICH.txt").write_text("Export des Ratsinformationssystems vom 1. Mai.\n",
                                         encoding="utf-8")  # not a paper: skipped, said
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.import_paths([folder])
    assert report.papers == 1
    named = " ".join(report.problems)
    for name in ("broken.json", "deep.json", "latin1.json", "foreign.json", "LIESMICH.txt"):
        assert name in named
    with Library(tmp_path / "lib.sqlite") as lib:  # named on its own, a text is taken
        assert lib.import_paths([folder / "LIESMICH.txt"]).papers == 1
    with pytest.raises(WerkstattError, match="gibt es nicht"):
        Library(tmp_path / "x.sqlite").import_paths([tmp_path / "missing"])


def test_pages_saved_from_allris_by_hand_join_the_library(tmp_path):
    """Saved vo020 pages (ALLRIS net and 4) and a PDF: reference, status, Beratungsfolge and
    Stammbaum in the library; importing them again replaces them."""
    saved = Path(__file__).resolve().parents[2] / "data" / "allris"
    with Library(tmp_path / "lib.sqlite") as lib:
        assert lib.import_paths([saved]).papers == 4
        lib.import_paths([saved])
        assert lib.count() == 4
        hit = lib.search("VO/2023/12419-02")[0]
        paper = lib.paper(hit.paper_id)
        assert paper["status"] == "geändert beschlossen"
        assert paper["consultations"][0]["organization"] == "Bürgerschaft der Hansestadt Lübeck"
        assert [r["reference"] for r in paper["related"]] == ["VO/2023/12419", "VO/2023/12419-01"]
        assert lib.search("Bundesbank")[0].reference == "VO/2023/12419-02"


def test_a_briefing_writes_one_paragraph_per_agenda_item():
    """The "items" way: each TOP asked on its own, its heading kept, an item without a paper
    not sent to the model, echoes and repeated sentences dropped."""
    from werkstatt import pipeline
    from werkstatt.pipeline import Request
    from werkstatt.templates import get_template

    from ..test_unusable_drafts import ScriptedEngine

    engine = ScriptedEngine("TOP 1: Radweg\n1. Die Stadt baut einen Radweg für 2 Mio. Euro. "
                            "2. Die Stadt baut einen Radweg für 2 Mio. Euro.",
                            "Der Haushalt 2026 wird beschlossen.")
    document = ("Sitzung: 5. Sitzung des Bauausschusses am 2026-01-12\n\n"
                "TOP 1: Radweg (Vorlage VO/2026/1)\nDer Radweg kostet 2 Mio. Euro.\n\n"
                "TOP 2: Verschiedenes\n(ohne Vorlage)\n\n"
                "TOP 3: Haushalt (Vorlage VO/2026/2)\nDer Haushalt 2026 soll beschlossen werden.")
    response = pipeline.run(engine, Request.build(get_template("sitzungsvorbereitung"), {},
                                                  document), seed=1)
    text = "".join(response)
    assert text.split("\n\n") == [
        "TOP 1: Radweg (Vorlage VO/2026/1)\nDie Stadt baut einen Radweg für 2 Mio. Euro.",
        "TOP 2: Verschiedenes\nOhne Vorlage.",
        "TOP 3: Haushalt (Vorlage VO/2026/2)\nDer Haushalt 2026 wird beschlossen."]
    assert engine.answers == []  # two model calls, none for the item without a paper


def test_a_damaged_full_text_index_is_rebuilt(tmp_path):
    """An FTS5 index whose blocks are zeroed passes SQLite's quick_check but fails every search:
    FTS5's integrity-check finds it, the index is rebuilt, search, questions and import work."""
    council_data.write(tmp_path / "oparl")
    path = tmp_path / "gremien.sqlite"
    with Library(path) as lib:
        lib.import_paths([tmp_path / "oparl"])
        lib.db.execute("UPDATE passages_fts_data SET block = zeroblob(length(block)) WHERE id > 10")
        lib.db.conn.commit()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA quick_check").fetchone() == ("ok",)
    with Library(path) as lib:
        assert lib.search("Krippenplätze")[0].reference == "VO/2020/09602"
        assert lib.passages_for("Wie viele Krippenplätze?")
    with Library(path) as lib:
        lib.db.execute("UPDATE passages_fts_data SET block = zeroblob(length(block)) WHERE id > 10")
        lib.db.conn.commit()
        assert lib.import_paths([tmp_path / "oparl"]).problems == []
        assert lib.search("Bundesbank")
