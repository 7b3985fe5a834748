"""Importing a hostile export folder (issue 25): only regular files inside the folder are read,
each checked against the size limit before a byte is read and parsed in the reader child;
one bad value costs its object, not the import; names with escape sequences are shown plain."""

from __future__ import annotations

import json
import os
import shutil
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from werkstatt.gremien.importing import ImportReport
from werkstatt.gremien.library import Library
from werkstatt.gremien.oparl import FILES_DIR, local_name

from .council_data import EVALSET

TYPE = "https://schema.oparl.org/1.1/"
BASE = "https://ris.example.org/oparl"
UNSHOWN = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))}


def paper(number: int, name: str = "Radweg Moltkestraße", text: str = "", **extra: Any) -> dict[str, Any]:
    """A Paper whose main file has ``text``, or else a copy to be read from ``files/``."""
    file: dict[str, Any] = {"id": f"{BASE}/file/{number}", "type": TYPE + "File", "name": "Vorlage",
                            "fileName": f"vorlage-{number}.txt", "mimeType": "text/plain",
                            "accessUrl": f"{BASE}/file/{number}.txt"}
    if text:
        file["text"] = text
    return {"id": f"{BASE}/paper/{number}", "type": TYPE + "Paper", "name": name,
            "reference": f"VO/2026/{number:05d}", "date": "2026-01-15", "mainFile": file, **extra}


def page(folder: Path, name: str, objects: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({"data": objects, "links": {}}), encoding="utf-8")  # \ud800 stays
    return path


def copy_of(folder: Path, obj: dict[str, Any]) -> Path:
    (folder / FILES_DIR).mkdir(parents=True, exist_ok=True)
    return folder / FILES_DIR / local_name(obj["mainFile"])


def run_import(library: Path, sources: list[Path], seconds: float = 60.0, **options: Any) -> ImportReport:
    """``import_paths`` on its own thread, which must end within ``seconds`` (reading a FIFO
    would block it for ever)."""
    done: list[ImportReport] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            with Library(library) as lib:
                done.append(lib.import_paths(sources, **options))
        except BaseException as exc:  # noqa: BLE001 - raised again on the test's thread
            failed.append(exc)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    if failed:
        raise failed[0]
    assert done, f"the import did not end within {seconds:.0f} s"
    return done[0]


def texts(library: Path) -> str:
    with Library(library) as lib:
        return " ".join(r[0] for r in lib.db.execute("SELECT text FROM passages"))


def test_devices_fifos_and_sparse_giants_are_refused_unread(tmp_path: Path) -> None:
    """A link to /dev/zero, a FIFO and a 3 GB sparse file as downloaded copies, and a link to
    /dev/zero named directly: each refused in a moment without being read; the rest imports."""
    folder = tmp_path / "export"
    papers = [paper(n) for n in range(1, 5)]
    page(folder, "papers.json", papers)
    copy_of(folder, papers[0]).symlink_to("/dev/zero")
    os.mkfifo(copy_of(folder, papers[1]))
    with copy_of(folder, papers[2]).open("wb") as giant:
        giant.truncate(3 * 2**30)
    copy_of(folder, papers[3]).write_text("Der Radweg wird verbreitert.", encoding="utf-8")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    tracemalloc.start()
    try:
        report = run_import(tmp_path / "g.sqlite", [folder, tmp_path / "zero.json"], seconds=20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20, peak
    assert report.papers == 4
    problems = "\n".join(report.problems)
    assert problems.count("keine gewöhnliche Datei") == 2, problems  # the FIFO, zero.json
    assert problems.count("außerhalb des Ordners") == 1  # the copy that links to /dev/zero
    assert problems.count("zu groß") == 1
    assert "verbreitert" in texts(tmp_path / "g.sqlite")


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    """A JSON file, a downloaded copy and a saved paper that are links to files outside the
    folder: none of their text enters the library, each is named in a problem."""
    outside = tmp_path / "privat"
    secret = page(outside, "akte.json", [paper(9, name="Geheime Personalakte")])
    (outside / "gehalt.txt").write_text("Gehaltsliste der Abteilung", encoding="utf-8")
    saved = EVALSET / "01-bundesbank-kein-ankauf.txt"
    shutil.copy(saved, outside / "notiz.txt")
    folder = tmp_path / "export"
    listed = paper(1)
    page(folder, "papers.json", [listed])
    (folder / "akte.json").symlink_to(secret)
    copy_of(folder, listed).symlink_to(outside / "gehalt.txt")
    (folder / "vorlage.txt").symlink_to(outside / "notiz.txt")
    report = run_import(tmp_path / "g.sqlite", [folder])
    assert report.papers == 1
    assert sum("außerhalb des Ordners" in p for p in report.problems) == 3, report.problems
    with Library(tmp_path / "g.sqlite") as lib:
        assert lib.search("Personalakte") == [] and lib.search("Bundesbank") == []
    assert "Gehaltsliste" not in texts(tmp_path / "g.sqlite")


def test_the_size_limit_of_the_policy_holds_before_reading(tmp_path: Path) -> None:
    """With council_max_file_mb = 1 a 1.5 MB copy and a 1.5 MB JSON file are refused by their
    size; the papers of the other files come."""
    folder = tmp_path / "export"
    small, big = paper(1), paper(2)
    page(folder, "papers.json", [small, big])
    copy_of(folder, small).write_text("Kurzer Text zur Vorlage.", encoding="utf-8")
    copy_of(folder, big).write_bytes(b"Langer Text. " * 120_000)
    page(folder, "gross.json", [paper(3, name="x" * 1_600_000)])
    report = run_import(tmp_path / "g.sqlite", [folder], max_file_mb=1)
    assert report.papers == 2
    assert sum("zu groß" in p and "höchstens 1 MB" in p for p in report.problems) == 2, report.problems


def test_the_command_line_import_takes_the_limit_from_the_policy(
        tmp_path: Path, no_machine_policy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``werkstatt gremien import`` reads no file over the policy's council_max_file_mb."""
    from werkstatt.cli import main

    no_machine_policy.write_text("council_max_file_mb = 1\n", encoding="utf-8")
    folder = tmp_path / "export"
    big = paper(2)
    page(folder, "papers.json", [paper(1, text="Kurz."), big])
    copy_of(folder, big).write_bytes(b"Langer Text. " * 120_000)
    assert main(["gremien", "import", str(folder), "--library", str(tmp_path / "g.sqlite")]) == 0
    captured = capsys.readouterr()
    assert "2 Vorlagen" in captured.out
    assert "zu groß" in captured.err and "höchstens 1 MB" in captured.err


def test_a_json_bomb_costs_the_reader_child_not_the_app(tmp_path: Path) -> None:
    """20 MB of ``[{}, {}, …]`` (half a gigabyte as Python objects) is parsed in the reader
    child, which is stopped at its limit: the app's memory stays small, the file is named,
    the other files come."""
    folder = tmp_path / "export"
    page(folder, "a.json", [paper(1, text="Erster Radweg.")])
    (folder / "b-bombe.json").write_bytes(b"[" + b"{}," * 7_000_000 + b"{}]")
    tracemalloc.start()
    try:
        report = run_import(tmp_path / "g.sqlite", [folder])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150 * 2**20, f"{peak / 2**20:.0f} MB"  # its bytes pass through, not its objects
    assert report.papers == 1
    assert [p for p in report.problems if "b-bombe.json" in p and "nicht gelesen" in p], report.problems


def test_a_batch_the_child_does_not_survive_is_read_file_by_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files share one reader child; when a bomb among them gets it stopped, each file
    is read again on its own, so only the bomb is refused."""
    from werkstatt.gremien import parsing

    monkeypatch.setattr(parsing, "BATCH_BYTES", 64 * 2**20)  # all three in one child
    folder = tmp_path / "export"
    page(folder, "a.json", [paper(1, text="Erster Radweg.")])
    (folder / "b-bombe.json").write_bytes(b"[" + b"{}," * 7_000_000 + b"{}]")
    page(folder, "c.json", [paper(3, text="Dritter Radweg.")])
    report = run_import(tmp_path / "g.sqlite", [folder])
    assert report.papers == 2
    assert len(report.problems) == 1 and "b-bombe.json" in report.problems[0]


def test_one_hostile_value_costs_only_its_object(tmp_path: Path) -> None:
    """A lone surrogate, a 31-digit ``order``, a list as an agenda item's id and a malformed
    URL: the objects with them are skipped and counted, the good ones imported, again on the
    next import (a sync re-imports its folder each time)."""
    folder = tmp_path / "export"
    broken_url = paper(3, name="Spielplatz Marli")
    broken_url["mainFile"]["accessUrl"] = "http://[::1/vorlage.pdf"
    meeting = {"id": f"{BASE}/meeting/1", "type": TYPE + "Meeting", "name": "Bauausschuss",
               "start": "2026-02-01T16:00:00+01:00", "agendaItem": [
                   {"id": f"{BASE}/agendaitem/1", "type": TYPE + "AgendaItem", "number": "1",
                    "name": "Radweg", "order": 1},
                   {"id": f"{BASE}/agendaitem/2", "type": TYPE + "AgendaItem", "number": "2",
                    "name": "Haushalt", "order": 10**31},
                   {"id": ["kein", "Text"], "type": TYPE + "AgendaItem", "name": "Liste"}]}
    page(folder, "papers.json", [paper(1, text="Radweg A."), paper(2, name="Brücke \ud800"),
                                 broken_url, paper(4, text="Radweg D.")])
    page(folder, "meetings.json", [meeting])
    for _ in range(2):
        report = run_import(tmp_path / "g.sqlite", [folder])
        assert (report.papers, report.meetings, report.invalid) == (3, 1, 2), report
        assert "papers.json: 1 Objekt mit ungültigen Werten ausgelassen (ungültige Zeichen im " \
            "Text)." in report.problems
        assert "meetings.json: 1 Objekt mit ungültigen Werten ausgelassen (Zahl außerhalb des " \
            "Bereichs)." in report.problems
        assert "2 ungültige Objekte ausgelassen" in report.describe()
    with Library(tmp_path / "g.sqlite") as lib:
        assert [h.reference for h in lib.search("Radweg")] == ["VO/2026/00001", "VO/2026/00004"]
        assert [a["name"] for a in lib.agenda(f"{BASE}/meeting/1")] == ["Radweg"]
        assert lib.paper(f"{BASE}/paper/3")["files"][0]["problem"] == "Datei nicht heruntergeladen."


def test_names_with_escape_sequences_are_shown_plain(tmp_path: Path) -> None:
    """File names with escape sequences reach problems and progress lines without them."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "\x1b[2Jkaputt\x07.json").write_text("{nicht json", encoding="utf-8")
    (folder / "\x1b]0;titel\x07.txt").write_text("", encoding="utf-8")
    lines: list[str] = []
    report = run_import(tmp_path / "g.sqlite", [folder],
                        progress=lambda _fraction, message: lines.append(message))
    assert len(report.problems) == 2
    for text in report.problems + lines:
        assert not set(text) & UNSHOWN, repr(text)
