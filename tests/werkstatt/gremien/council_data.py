"""An OParl folder made of the real council papers in benchmarks/evalset (public documents
of Lübeck and Lüneburg, see that folder's README): one body, two committees, one meeting
whose agenda consults four of the papers, and a made-up predecessor version of one paper
(VO/2022/11008, the original of VO/2022/11008-01) so that the family tree has two versions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from werkstatt import council

EVALSET = Path(__file__).resolve().parents[3] / "benchmarks" / "evalset"
BASE = "https://ris.example.org/oparl"
TYPE = "https://schema.oparl.org/1.1/"
STAMP = "2026-01-05T10:00:00+01:00"
TITLES = {  # papers whose saved copy has no Betreff line
    "05-gefoerderte-wohnungen-10000": "Bestand von 10.000 geförderten Wohnungen",
    "07-bplan-st-juergen-wasserkunst": "Bebauungsplan St. Jürgen / Wasserkunst",
    "15-lueneburg-einzelhandelskonzept": "Einzelhandels- und Zentrenkonzept Lüneburg",
}


def _obj(kind: str, path: str, **values: Any) -> dict[str, Any]:
    return {"id": f"{BASE}/{path}", "type": TYPE + kind, **values,
            "created": STAMP, "modified": STAMP}


def papers() -> dict[str, dict[str, Any]]:
    """Evalset file stem → its Paper object (the file's text as its mainFile's text)."""
    out = {}
    real = [f for f in sorted(EVALSET.glob("*.txt")) if f.read_text(encoding="utf-8").startswith("Quelle:")]
    for number, file in enumerate(real, start=1):  # not the extracts we wrote (16–18, issue 27)
        text = file.read_text(encoding="utf-8")
        parsed = council.parse(text)
        reference = parsed.reference or f"AUSZUG/{number:03d}"
        name = parsed.title or TITLES.get(file.stem, file.stem)
        out[file.stem] = _obj(
            "Paper", f"paper/{number}", body=f"{BASE}/body/1", name=name,
            reference=reference, date=f"2025-0{1 + number % 9}-1{number % 10}",
            paperType="Auszug" if parsed.kind == "Auszug" else "Vorlage",
            mainFile=_obj("File", f"file/{number}", name=name,
                          fileName=f"{file.stem}.txt", mimeType="text/plain", text=text,
                          accessUrl=f"{BASE}/file/{number}.txt"))
    return out


def write(folder: Path) -> dict[str, dict[str, Any]]:
    """The OParl folder; returns the papers by evalset stem."""
    folder.mkdir(parents=True, exist_ok=True)
    by_stem = papers()
    housing = by_stem["05-gefoerderte-wohnungen-10000"]
    original_text = housing["mainFile"]["text"].replace("10.000", "5.000").replace(
        "-01", "")
    original = _obj("Paper", "paper/99", body=f"{BASE}/body/1",
                    name=housing["name"], reference="VO/2022/11008", date="2022-01-10",
                    paperType="Antrag",
                    mainFile=_obj("File", "file/99", name="Antrag", fileName="antrag.txt",
                                  mimeType="text/plain", text=original_text,
                                  accessUrl=f"{BASE}/file/99.txt"))
    housing["relatedPaper"] = [original["id"]]
    housing["date"] = "2022-06-20"
    committees = [_obj("Organization", "organization/1", body=f"{BASE}/body/1",
                       name="Hauptausschuss", organizationType="Gremium"),
                  _obj("Organization", "organization/2", body=f"{BASE}/body/1",
                       name="Bürgerschaft der Hansestadt Lübeck", organizationType="Gremium")]
    agenda_stems = ["01-bundesbank-kein-ankauf", "03-freie-theater-foerderung",
                    "09-antwort-bedarf-krippenplaetze", "05-gefoerderte-wohnungen-10000"]
    items, consultations = [], []
    for number, stem in enumerate(agenda_stems, start=1):
        consultation = _obj("Consultation", f"consultation/{number}",
                            paper=by_stem[stem]["id"], meeting=f"{BASE}/meeting/1",
                            agendaItem=f"{BASE}/agendaitem/{number}",
                            organization=[committees[1]["id"]], role="Entscheidung",
                            authoritative=True)
        consultations.append(consultation)
        items.append(_obj("AgendaItem", f"agendaitem/{number}", meeting=f"{BASE}/meeting/1",
                          number=f"{number}", order=number, name=by_stem[stem]["name"],
                          consultation=consultation["id"], public=True,
                          result="beschlossen" if number < 3 else ""))
        by_stem[stem]["consultation"] = [consultation]
    meeting = _obj("Meeting", "meeting/1", name="20. Sitzung der Bürgerschaft",
                   start="2025-12-04T16:00:00+01:00", end="2025-12-04T20:00:00+01:00",
                   organization=[committees[1]["id"]], agendaItem=items)
    body = _obj("Body", "body/1", system=f"{BASE}/", name="Hansestadt Lübeck",
                organization=f"{BASE}/body/1/organizations", person=f"{BASE}/body/1/people",
                meeting=f"{BASE}/body/1/meetings", paper=f"{BASE}/body/1/papers",
                legislativeTerm=[])
    (folder / "body.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    for name, objects in (("organizations", committees), ("meetings", [meeting]),
                          ("papers", [*by_stem.values(), original])):
        page = {"data": objects, "pagination": {"totalElements": len(objects),
                "elementsPerPage": 100, "currentPage": 1, "totalPages": 1},
                "links": {"first": f"{BASE}/body/1/{name}?page=1"}}
        (folder / f"{name}.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    by_stem["original"] = original
    return by_stem
