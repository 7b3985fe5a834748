"""Synthetic OParl data (werkstatt.gremien.synthetic) against the OParl 1.1 schemas, and the
schema check itself against the specification's examples."""

from __future__ import annotations

import copy
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import ValidationError

from werkstatt.gremien.oparl import local_name
from werkstatt.gremien.synthetic import Corpus, generate, write_folder

from .oparl_schema import validate

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "oparl" / "examples"
BASE = "http://127.0.0.1:8000/oparl"
Invalid = (AssertionError, ValidationError)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return generate(300, seed=1)


def _all_objects(corpus: Corpus) -> list[dict[str, Any]]:
    return [corpus.system, corpus.body, *(o for objs in corpus.lists().values() for o in objs)]


# --- the schema check and the specification's examples ----------------------------------------

@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_examples_validate(path: Path) -> None:
    obj = json.loads(path.read_text(encoding="utf-8"))
    if path.stem == "Meeting-01":
        # The specification's own Meeting example embeds an AgendaItem without "order", which
        # AgendaItem.json requires; with it, the example is valid.
        with pytest.raises(ValidationError, match="'order' is a required property"):
            validate(obj)
        obj["agendaItem"][0]["order"] = 1
    validate(obj, strict=True)


def test_system_example_is_the_entry_point() -> None:
    system = json.loads((EXAMPLES / "System-01.json").read_text(encoding="utf-8"))
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["body"].endswith("/bodies")  # a list URL, not embedded bodies
    validate({**system, "oparlVersion": "https://schema.oparl.org/1.0/"})  # the pattern allows 1.0
    with pytest.raises(ValidationError):
        validate({**system, "oparlVersion": "https://schema.oparl.org/1.2/"})


def _paper() -> dict[str, Any]:
    paper: dict[str, Any] = json.loads((EXAMPLES / "Paper-01.json").read_text(encoding="utf-8"))
    return paper


@pytest.mark.parametrize("change", [
    "wrong type", "type of OParl 1.0", "unknown type", "no type", "no id", "id not a url", "bad date",
    "impossible date", "date-time without offset", "embedded file of the wrong type",
    "embedded file without accessUrl", "consultation role not a string",
])
def test_invalid_objects_fail(change: str) -> None:
    paper = _paper()
    if change == "wrong type":
        paper["type"] = "https://schema.oparl.org/1.1/Meeting"
    elif change == "type of OParl 1.0":
        paper["type"] = "https://schema.oparl.org/1.0/Paper"
    elif change == "unknown type":
        paper["type"] = "https://schema.oparl.org/1.1/Drucksache"
    elif change == "no type":
        del paper["type"]
    elif change == "no id":
        del paper["id"]
    elif change == "id not a url":
        paper["id"] = "paper/749"
    elif change == "bad date":
        paper["date"] = "04.04.2014"
    elif change == "impossible date":
        paper["date"] = "2014-02-30"
    elif change == "date-time without offset":
        paper["created"] = "2013-01-08T12:05:27"
    elif change == "embedded file of the wrong type":
        paper["mainFile"]["type"] = "https://schema.oparl.org/1.1/Paper"
    elif change == "embedded file without accessUrl":
        del paper["auxiliaryFile"][0]["accessUrl"]
    elif change == "consultation role not a string":
        paper["consultation"][0]["role"] = ["Beschlussfassung"]
    with pytest.raises(Invalid):
        validate(paper)


def test_strict_rejects_properties_the_schema_does_not_name(corpus: Corpus) -> None:
    paper = corpus.papers[0]
    as_person = {**paper, "type": "https://schema.oparl.org/1.1/Person"}
    validate(as_person)  # the schemas allow any further property ...
    with pytest.raises(AssertionError, match="reference"):
        validate(as_person, strict=True)  # ... strict does not
    with pytest.raises(AssertionError, match="paperTyp"):
        validate({**paper, "paperTyp": "Antrag"}, strict=True)
    with pytest.raises(AssertionError, match="sha1"):
        validate({**paper, "mainFile": {**paper["mainFile"], "sha1": "0"}}, strict=True)


def test_invalid_object_in_a_page_fails(corpus: Corpus) -> None:
    page = copy.deepcopy(corpus.page("paper", 1, 10))
    validate(page)
    del page["data"][3]["mainFile"]["id"]
    with pytest.raises(Invalid, match="mainFile"):
        validate(page)


# --- generated data ----------------------------------------------------------------------------

def test_generated_objects_validate(corpus: Corpus) -> None:
    validate(corpus.system, strict=True)
    validate(corpus.body, strict=True)
    for list_name, objs in corpus.lists().items():
        assert objs, list_name
        for obj in objs:
            validate(obj, strict=True)


@pytest.mark.parametrize("list_name", ["body", "organization", "person", "meeting", "paper"])
def test_every_page_validates_and_pages_cover_the_list(corpus: Corpus, list_name: str) -> None:
    objs = [corpus.body] if list_name == "body" else corpus.lists()[list_name]
    list_url = corpus.system["body"] if list_name == "body" else corpus.body[list_name]
    assert list_url == (f"{BASE}/bodies" if list_name == "body" else f"{BASE}/body/1/{list_name}s")
    page_size = 7
    pages = [corpus.page(list_name, 1, page_size)]
    total = pages[0]["pagination"]["totalPages"]
    pages += [corpus.page(list_name, n, page_size) for n in range(2, total + 1)]
    seen = []
    for n, page in enumerate(pages, start=1):
        validate(page, strict=True)
        assert page["pagination"] == {"totalElements": len(objs), "elementsPerPage": page_size,
                                      "currentPage": n, "totalPages": total}
        links = page["links"]
        assert links["self"] == f"{list_url}?page={n}"
        assert links["first"] == f"{list_url}?page=1" and links["last"] == f"{list_url}?page={total}"
        assert ("prev" in links) == (n > 1) and ("next" in links) == (n < total)
        if n < total:
            assert links["next"] == f"{list_url}?page={n + 1}"
        seen += [obj["id"] for obj in page["data"]]
    assert seen == [obj["id"] for obj in objs]
    with pytest.raises(ValueError):
        corpus.page(list_name, total + 1, page_size)


def test_ids_are_unique_urls_under_base(corpus: Corpus) -> None:
    ids: list[str] = []
    for obj in _all_objects(corpus):
        ids.append(obj["id"])
        for embedded in (obj.get("mainFile"), *obj.get("consultation", []), *obj.get("agendaItem", []),
                         *obj.get("membership", [])):
            if isinstance(embedded, dict):
                ids.append(embedded["id"])
    assert corpus.system["id"] == f"{BASE}/"
    assert all(i.startswith(BASE + "/") for i in ids)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert corpus.papers[16]["id"] == f"{BASE}/paper/17"


def test_content(corpus: Corpus) -> None:
    names = {o["name"] for o in corpus.organizations}
    assert {"Bürgerschaft", "Bauausschuss", "Schul- und Sportausschuss", "Jugendhilfeausschuss"} <= names
    assert sum(o["organizationType"] == "Fraktion" for o in corpus.organizations) == 3
    assert len(corpus.persons) == 40
    assert 50 <= len(corpus.meetings) <= 70  # about one per five papers
    assert set(Counter(p["paperType"] for p in corpus.papers)) == {
        "Beschlussvorlage", "Antrag", "Anfrage", "Bericht", "Mitteilung", "Beantwortung einer Anfrage"}
    assert all(p["reference"].startswith("VO/") for p in corpus.papers)
    assert len({p["name"] for p in corpus.papers}) > 150  # varied subjects


def test_references_are_unique() -> None:
    for papers, seed in ((300, 1), (2000, 5)):
        references = [p["reference"] for p in generate(papers, seed=seed, with_text=False).papers]
        assert len(references) == papers
        assert len(set(references)) == papers


def test_family_chains(corpus: Corpus) -> None:
    by_id = {p["id"]: p for p in corpus.papers}
    successors = [p for p in corpus.papers if "superordinatedPaper" in p]
    assert len(successors) > 20
    lengths: Counter[int] = Counter()
    for paper in successors:
        (parent_id,) = paper["superordinatedPaper"]
        assert paper["relatedPaper"] == [parent_id]
        parent = by_id[parent_id]
        assert paper["id"] in parent["subordinatedPaper"]
        assert paper["date"] > parent["date"]
        root_ref, suffix = paper["reference"].rsplit("-", 1)
        assert parent["reference"].split("-")[0] == root_ref and suffix.isdigit()
        if paper["paperType"] == "Beantwortung einer Anfrage":
            assert parent["paperType"] == "Anfrage"
        if "subordinatedPaper" not in paper:  # the newest version: count its family
            length, p = 1, paper
            while "superordinatedPaper" in p:
                p = by_id[p["superordinatedPaper"][0]]
                length += 1
            lengths[length] += 1
    assert set(lengths) <= {2, 3} and lengths[2] and lengths[3]
    for paper in corpus.papers:
        for child in paper.get("subordinatedPaper", []):
            assert by_id[child]["superordinatedPaper"] == [paper["id"]]


def test_consultations_match_agenda_items(corpus: Corpus) -> None:
    meetings = {m["id"]: m for m in corpus.meetings}
    organizations = {o["id"] for o in corpus.organizations}
    items = {i["id"]: (m, i) for m in corpus.meetings for i in m.get("agendaItem", [])}
    consultations = 0
    for paper in corpus.papers:
        for c in paper.get("consultation", []):
            consultations += 1
            meeting, item = items[c["agendaItem"]]
            assert c["meeting"] == meeting["id"] == item["meeting"] and meeting["id"] in meetings
            assert item["consultation"] == c["id"] and c["paper"] == paper["id"]
            assert c["organization"] == meeting["organization"] and set(c["organization"]) <= organizations
            assert c["role"] in ("Entscheidung", "Vorberatung", "Kenntnisnahme")
            assert c["authoritative"] == (c["role"] == "Entscheidung")
            assert meeting["start"][:10] >= paper["date"]
    assert consultations == sum("consultation" in i for _m, i in items.values())
    past = future = 0
    for meeting in corpus.meetings:
        numbers = [i["number"] for i in meeting.get("agendaItem", [])]
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
        for item in meeting.get("agendaItem", []):
            if "consultation" not in item:
                continue
            if meeting["start"][:10] < "2025-11-14":
                past += 1
                assert item["result"] in ("beschlossen", "geändert beschlossen", "abgelehnt", "vertagt",
                                          "zur Kenntnis genommen")
            else:
                future += 1
                assert "result" not in item
    assert past and future


def test_files(corpus: Corpus) -> None:
    assert len(corpus.files) == len(corpus.papers)
    for paper in corpus.papers:
        file = paper["mainFile"]
        content = corpus.files[file["downloadUrl"]]
        assert file["accessUrl"] == file["downloadUrl"] == f"{file['id']}/download/{file['fileName']}"
        assert file["fileName"].endswith(".txt") and file["mimeType"] == "text/plain"
        assert file["size"] == len(content) and file["sha1Checksum"] == hashlib.sha1(content).hexdigest()
        text = content.decode("utf-8")
        assert file["text"] == text
        assert f"Betreff: {paper['name']}" in text and paper["reference"] in text
        assert "Beschlussvorschlag:" in text and "Sachverhalt:" in text
        if paper["paperType"] == "Anfrage":
            assert "?" in text
        if paper["paperType"] == "Beantwortung einer Anfrage":
            assert "Zu Frage 1:" in text and "Antwort:" in text
    words = [len(c.split()) for c in corpus.files.values()]
    assert 200 <= sum(words) / len(words) <= 500
    assert any("Euro" in c.decode() or "€" in c.decode() for c in corpus.files.values())


def test_without_text() -> None:
    corpus = generate(30, seed=2, with_text=False)
    assert all("text" not in p["mainFile"] for p in corpus.papers)
    assert len(corpus.files) == 30
    assert generate(30, seed=2).files == corpus.files


def test_determinism() -> None:
    def dump(corpus: Corpus) -> str:
        return json.dumps([_all_objects(corpus), sorted(corpus.files.items(), key=str)], default=str)
    assert dump(generate(120, seed=3)) == dump(generate(120, seed=3))
    assert dump(generate(120, seed=3)) != dump(generate(120, seed=4))


def test_base_url() -> None:
    corpus = generate(20, seed=1, base="https://ris.example.org/oparl/")
    assert corpus.system["id"] == "https://ris.example.org/oparl/"
    assert corpus.body["paper"] == "https://ris.example.org/oparl/body/1/papers"
    assert all(url.startswith("https://ris.example.org/oparl/file/") for url in corpus.files)


def test_small_corpora() -> None:
    for papers in (0, 1, 4):
        corpus = generate(papers)
        assert len(corpus.papers) == papers
        for list_name in ("body", *corpus.lists()):
            validate(corpus.page(list_name, 1, 100), strict=True)


def test_write_folder(corpus: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write_folder(corpus, folder, page_size=40, with_files=True)
    assert json.loads((folder / "system.json").read_text(encoding="utf-8")) == corpus.system
    assert json.loads((folder / "body.json").read_text(encoding="utf-8")) == corpus.body
    for list_name, objs in corpus.lists().items():
        pages = sorted((folder / f"{list_name}s").glob("page-*.json"))
        assert [p.name for p in pages] == [f"page-{n:04d}.json" for n in range(1, len(pages) + 1)]
        data = []
        for path in pages:
            page = json.loads(path.read_text(encoding="utf-8"))
            assert page == corpus.page(list_name, page["pagination"]["currentPage"], 40)
            data += page["data"]
        assert data == objs
    files = sorted((folder / "files").iterdir())
    assert len(files) == len(corpus.papers)
    for paper in corpus.papers[:20]:
        file = paper["mainFile"]
        assert (folder / "files" / local_name(file)).read_bytes() == corpus.files[file["downloadUrl"]]
    assert {p.name for p in folder.iterdir()} == {"system.json", "body.json", "organizations", "persons",
                                                  "meetings", "papers", "files"}


def test_write_folder_without_files(tmp_path: Path) -> None:
    write_folder(generate(10, seed=1), tmp_path, with_files=False)
    assert not (tmp_path / "files").exists()
    assert (tmp_path / "papers" / "page-0001.json").is_file()


def test_ten_thousand_papers() -> None:
    corpus = generate(10_000, seed=7)
    assert len(corpus.papers) == len(corpus.files) == 10_000
    assert len({p["reference"] for p in corpus.papers}) == 10_000
    assert 1900 <= len(corpus.meetings) <= 2100
    assert corpus.page("paper", 100, 100)["pagination"]["totalPages"] == 100
    for paper in corpus.papers[::997]:
        validate(paper, strict=True)
