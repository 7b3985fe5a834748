"""A paper as the window and ``werkstatt gremien show`` word it (issue 26, item 12): each file
once and a file without text saying why, a Beratungsfolge without dangling separators and with
German dates, related papers by reference and name (never a raw URL), the notes of every import
kept, and cuts at whole words."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from werkstatt.cli import main
from werkstatt.gremien import display
from werkstatt.gremien.library import Library, Passage
from werkstatt.gremien.oparl import FILES_DIR, local_name
from werkstatt.gremien.search import snippet, split_passages

from . import council_data

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "oparl" / "examples"
TYPE = "https://schema.oparl.org/1.1/"
BASE = "https://ris.example.org/oparl"
ZERO_CHARS = re.compile(r"(?<![\d.])0 Zeichen")
DANGLING = re.compile(r"(^|\s)[–-](\s|$)|\(\s*[–-]?\s*\)|:\s*$|None|\s{2}|^\s|\s$")


def _file(number: int, name: str, **values: Any) -> dict[str, Any]:
    return {"id": f"{BASE}/file/{number}", "type": TYPE + "File", "name": name,
            "fileName": f"datei-{number}.pdf", "mimeType": "application/pdf", **values}


def _write(folder: Path, *objects: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.json").write_text(json.dumps({"data": list(objects), "links": {}},
                                                   ensure_ascii=False), encoding="utf-8")


def _download(folder: Path, file: dict[str, Any], text: str) -> None:
    (folder / FILES_DIR).mkdir(parents=True, exist_ok=True)
    (folder / FILES_DIR / local_name(file)).write_text(text, encoding="utf-8")


@pytest.fixture
def odd_files(tmp_path: Path) -> Path:
    """A paper whose files come twice in every way an export has them: a master PDF (not
    downloaded) and its text derivative of the same name, a File embedded and also given as a
    link by its id and by its URL, the same name once downloaded and once not, plus one not
    downloaded, one downloaded without text and a link to a File the export lacks."""
    folder = tmp_path / "oparl"
    master = _file(1, "Anlage 1 zur Anfrage", downloadUrl=f"{BASE}/download/1.pdf",
                   derivativeFile=[f"{BASE}/file/2"])
    derivative = _file(2, "Anlage 1 zur Anfrage", downloadUrl=f"{BASE}/download/2.pdf",
                       masterFile=master["id"], text="Der Übersichtsplan zeigt alle Ebenen des ...")
    linked = _file(3, "Anlage 2", fileName="anlage-2.txt", mimeType="text/plain",
                   accessUrl=f"{BASE}/download/3.txt")
    same_name = _file(4, " anlage  2", accessUrl=f"{BASE}/download/4.pdf")
    missing = _file(5, "Stellungnahme", accessUrl=f"{BASE}/download/5.pdf")
    empty = _file(6, "Lageplan", fileName="lageplan.txt", mimeType="text/plain",
                  accessUrl=f"{BASE}/download/6.txt")
    paper = {"id": f"{BASE}/paper/1", "type": TYPE + "Paper", "name": "Antwort auf Anfrage",
             "reference": "1234/2014", "date": "2014-04-04", "mainFile": master,
             "auxiliaryFile": [derivative, linked["id"], same_name, linked, linked["accessUrl"],
                               missing, empty, f"{BASE}/file/404"]}
    _write(folder, paper, linked)
    _download(folder, linked, "Die Anlage 2 beschreibt den Radweg.")
    _download(folder, empty, "   \n")
    return folder


def test_each_file_is_listed_once_and_one_without_text_says_why(odd_files, tmp_path):
    """The master and its derivative, an embedded File and its links, a name once downloaded
    and once not: each file once, the one with text kept; no "0 Zeichen" anywhere."""
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.import_paths([odd_files])
        files = lib.paper(f"{BASE}/paper/1")["files"]
    assert [(f["name"], f["chars"] > 0) for f in files] == [  # the main file, then by name
        ("Anlage 1 zur Anfrage", True), ("", False), ("Anlage 2", True), ("Lageplan", False),
        ("Stellungnahme", False)]
    assert files[0]["role"] == "main" and files[0]["id"] == f"{BASE}/file/2"
    assert report.files == 5
    assert report.problems == [  # none for the master, the link or the name not downloaded
        "1234/2014: Datei nicht heruntergeladen.",
        "1234/2014: „lageplan.txt“ nicht lesbar: „lageplan.txt“ ist leer."]
    lines = [display.file_line(f) for f in files]
    assert lines[0] == "Anlage 1 zur Anfrage (44 Zeichen)" and lines[2] == "Anlage 2 (35 Zeichen)"
    assert lines[1].startswith("Datei ohne Namen – kein Text: Die Daten enthalten nur einen Verweis")
    assert lines[3] == "Lageplan – kein Text: „lageplan.txt“ nicht lesbar: „lageplan.txt“ ist leer."
    assert lines[4] == "Stellungnahme – kein Text: Datei nicht heruntergeladen."
    assert not any(ZERO_CHARS.search(line) for line in lines)
    scanned = dict(files[3], problem="")  # read, but no text in it (a scan without OCR)
    assert display.file_line(scanned).startswith("Lageplan – kein Text: In der Datei wurde kein Text")


def test_the_specification_example_lists_its_attachment_once(tmp_path, capsys):
    """OParl's own example paper (1234/2014): "Anlage 1 zur Anfrage" as master PDF and text
    derivative is one file, and ``gremien show`` says it once."""
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        report = lib.import_paths([EXAMPLES])
        files = lib.paper("https://oparl.example.org/paper/749")["files"]
    assert [display.file_line(f) for f in files] == ["Anlage 1 zur Anfrage (44 Zeichen)"]
    assert report.problems == [] and report.files == 1
    assert main(["gremien", "show", "1234/2014", "--library", str(library)]) == 0
    out = capsys.readouterr().out
    assert out.count("Anlage 1 zur Anfrage") == 1 and not ZERO_CHARS.search(out)


def test_a_library_imported_before_shows_each_file_once(tmp_path):
    """Rows an older import stored twice (the same name, one without text) show once."""
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.import_paths([EXAMPLES])
        lib.db.table("files").insert({"id": "https://oparl.example.org/files/57737-alt",
                                      "paper_id": "https://oparl.example.org/paper/749",
                                      "role": "main", "name": "Anlage 1 zur Anfrage", "file_name": "",
                                      "mime_type": "", "url": "https://oparl.example.org/x.pdf",
                                      "chars": 0, "problem": "Datei nicht heruntergeladen."})
        files = lib.paper("https://oparl.example.org/paper/749")["files"]
    assert [(f["name"], f["chars"]) for f in files] == [("Anlage 1 zur Anfrage", 44)]


def test_two_files_of_one_name_with_different_texts_stay_two(tmp_path):
    """The name rule merges only where one of them has no text: "Anlage" twice, two texts."""
    folder = tmp_path / "oparl"
    paper = {"id": f"{BASE}/paper/2", "type": TYPE + "Paper", "name": "Radweg",
             "reference": "VO/2026/2", "mainFile": _file(7, "Anlage", text="Erster Plan."),
             "auxiliaryFile": [_file(8, "Anlage", text="Zweiter Plan."),
                               _file(9, "Anlage", text="Erster Plan.")]}
    _write(folder, paper)
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.import_paths([folder])
        files = lib.paper(paper["id"])["files"]
    assert sorted(f["id"] for f in files) == [f"{BASE}/file/7", f"{BASE}/file/8"]


@pytest.mark.parametrize("date", ["", "2025-12-04"])
@pytest.mark.parametrize("organization", ["", "Bauausschuss"])
@pytest.mark.parametrize("role", ["", "Entscheidung"])
@pytest.mark.parametrize("result", ["", "beschlossen"])
def test_a_consultation_line_has_no_dangling_separator(date, organization, role, result):
    """Every combination of known and missing parts: no "–", "()", "None" or trailing ":"."""
    line = display.consultation_line({"date": date, "organization": organization, "meeting": "",
                                      "role": role, "result": result})
    assert not DANGLING.search(line), line
    assert ("04.12.2025" in line) == bool(date) and "2025-12-04" not in line
    assert line.endswith(f": {result}" if result else (f"({role})" if role else line[-1:]))


def test_the_beratungsfolge_of_real_imports_reads_as_german(tmp_path, capsys):
    """The council export (meeting date, committee, role, result) and the specification's
    example (no meeting, no committee in the export): German dates, nothing dangling, in
    the core's lines and in ``gremien show``."""
    council_data.write(tmp_path / "oparl")
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        lib.import_paths([tmp_path / "oparl", EXAMPLES])
        krippen = lib.paper(lib.search("VO/2020/09602")[0].paper_id)
        example = lib.paper("https://oparl.example.org/paper/749")
    assert [display.consultation_line(c) for c in krippen["consultations"]] == [
        "04.12.2025 Bürgerschaft der Hansestadt Lübeck (Entscheidung)"]
    assert [display.consultation_line(c) for c in example["consultations"]] == [
        "Gremium nicht angegeben (Beschlussfassung)"]
    assert display.paper_facts(example) == "Beantwortung einer Anfrage vom 04.04.2014"
    for reference in ("VO/2020/09602", "1234/2014"):
        assert main(["gremien", "show", reference, "--library", str(library)]) == 0
    out = capsys.readouterr().out
    beratung = [line.strip() for line in out.splitlines() if "Beratung:" in line]
    assert beratung == ["Beratung: 04.12.2025 Bürgerschaft der Hansestadt Lübeck (Entscheidung)",
                        "Beratung: Gremium nicht angegeben (Beschlussfassung)"]
    assert "vom 04.04.2014" in out and "2014-04-04" not in out


def test_related_papers_are_named_never_shown_as_a_url(tmp_path, capsys):
    """A relation by another form of the id (http, a trailing slash) finds the paper; one not in
    the library reads "Vorlage (nicht in der Bibliothek)" and keeps its URL for a tooltip."""
    folder = tmp_path / "oparl"
    council_data.write(folder)
    shutil.copy(EXAMPLES / "Paper-01.json", folder / "example.json")
    original = council_data.papers()["05-gefoerderte-wohnungen-10000"]
    extra = {"id": f"{BASE}/paper/500", "type": TYPE + "Paper", "name": "Nachtrag", "reference":
             "VO/2026/500", "relatedPaper": [original["id"].replace("https://", "http://") + "/",
                                             f"{BASE}/paper/404"]}
    (folder / "extra.json").write_text(json.dumps(extra), encoding="utf-8")
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        lib.import_paths([folder])
        related = lib.paper(extra["id"])["related"]
        example = lib.paper("https://oparl.example.org/paper/749")["related"]
    assert [(r["id"], r["reference"]) for r in related] == [
        ("", ""), (original["id"], original["reference"])]
    assert related[0]["url"] == f"{BASE}/paper/404" and related[1]["url"] == ""
    assert display.related_line(related[0]) == "Vorlage (nicht in der Bibliothek)"
    assert display.related_line(related[1]) == f"{original['reference']} 20.06.2022 {original['name']}"
    assert display.related_line(example[0]) == "Vorlage (nicht in der Bibliothek)"
    assert display.related_line({"id": "", "reference": "VO/2021/7", "name": "", "date": ""}) == \
        "VO/2021/7 (nicht in der Bibliothek)"
    assert main(["gremien", "show", "VO/2026/500", "--library", str(library)]) == 0
    out = capsys.readouterr().out
    assert f"Verwandt: Vorlage (nicht in der Bibliothek) <{BASE}/paper/404>" in out


def test_every_note_of_an_import_and_a_sync_is_kept(tmp_path):
    """Thirteen files not downloaded and a sync's two notes: all fifteen kept with the import
    (``last_import``), the sync's first, and counted in its report."""
    folder = tmp_path / "oparl"
    papers = [{"id": f"{BASE}/paper/{n}", "type": TYPE + "Paper", "name": f"Vorlage {n}",
               "reference": f"VO/2026/{n}", "mainFile": _file(n, "Vorlage",
                                                            accessUrl=f"{BASE}/d/{n}.pdf")}
              for n in range(1, 14)]
    _write(folder, *papers)
    sync_notes = ["VO/2026/1: Datei mit 3 MB übersprungen (höchstens 1 MB).",
                  "Liste „person“: nicht freigegeben."]
    with Library(tmp_path / "lib.sqlite") as lib:
        assert lib.last_import() is None
        report = lib.import_paths([folder], notes=sync_notes)
        last = lib.last_import()
    assert report.describe().endswith("; 15 Hinweise.")
    assert last is not None and last.notes == report.problems and len(last.notes) == 15
    assert last.notes[:2] == sync_notes and (last.papers, last.files) == (13, 13)
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", last.when())


def test_long_paragraphs_are_cut_after_a_sentence_or_a_whole_word():
    """A paragraph of 3,000 characters on short PDF lines, and one line without a sentence end:
    every passage ends a sentence or with " …" after a whole word, never inside a word."""
    sentences = [f"Die Verwaltung prüft im Jahr {2000 + n} alle Ebenen des Landes." for n in range(60)]
    words = " ".join(sentences)
    lines = [words[i:i + 80] for i in range(0, len(words), 80)]
    for text in ("\n".join(lines), "Wort " * 900):
        parts = [part for _, part in split_passages(text)]
        assert len(parts) >= 2 and all(len(p) <= 2 * 900 + 225 for p in parts)
        for part in parts[:-1]:
            assert part.endswith(".") or (part.endswith(" …") and part[-3].isalpha()), part[-40:]
        assert " ".join(" ".join(parts).replace(" …", "").replace("… ", "").split()) == \
            " ".join(text.split())


def test_snippets_and_citations_are_cut_at_whole_words():
    """The result list's snippet and a citation by a long title end after a whole word."""
    from werkstatt.gremien.search import shortened

    text = ("Vorweg steht ein langer Text über Haushaltsmittel. " * 6 + "Die Krippenplätze werden "
            "ausgebaut. " + "Danach folgen Ausführungen zu Personalkosten. " * 6)
    cut = snippet(text, ["krippenplätze"])
    assert cut.startswith("… ") and cut.endswith(" …")
    for word in cut.strip("… ").split():
        assert word.strip(".") in text.split() or word in text.split(), word
    title = "Antwort auf die Anfrage der Fraktion Bündnis 90/Die Grünen zu Krippenplätzen"
    assert shortened(title, 40) == "Antwort auf die Anfrage der Fraktion …"
    assert Passage(1, "p", "", title, "Abschnitt 1", "x").citation == \
        "[Antwort auf die Anfrage der Fraktion …, Abschnitt 1]"


def test_reports_count_in_german_singular_and_plural():
    """A sync's and an import's report: "1 Listenseite, 1 Objekt, 1 Datei", "1 Hinweis"."""
    from werkstatt.gremien.importing import ImportReport
    from werkstatt.gremien.sync import SyncReport

    assert SyncReport(pages=1, objects=1, files=1, skipped=["x"]).describe() == \
        "1 Listenseite, 1 Objekt, 1 Datei geladen; 1 Hinweis."
    assert SyncReport(pages=2, objects=1200, files=0).describe() == \
        "2 Listenseiten, 1.200 Objekte, 0 Dateien geladen."
    assert ImportReport(papers=1, files=2, meetings=1, problems=["x"]).describe() == \
        "1 Vorlage, 2 Dateien, 1 Sitzung übernommen; 1 Hinweis."
