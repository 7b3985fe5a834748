"""The accessibility statement (BITV 2.0 § 7, EU model statement) and the clause table, written
from ``resources/accessibility/erklaerung.toml`` and the accessibility tests' results.

Tests carry ``@pytest.mark.clause("11.4.1.2", …)``; ``conftest.py`` keeps each clause's outcomes
in ``build/a11y/results.json``. A clause passes when all its tests ran and passed, fails when
one failed, is "nicht automatisch geprüft" when none ran; a [[grenze]] makes it "teilweise".
The status is "vollständig vereinbar" only with every clause passed and no [[grenze]].

    python -m tests.a11y.statement [RESULTS.json ...]   # make test-a11y runs it after the tests
"""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "accessibility"
DATA = FOLDER / "erklaerung.toml"
STATEMENT = FOLDER / "erklaerung-barrierefreiheit.md"
MANUAL = FOLDER / "handpruefung.md"
DOCS = ROOT / "docs" / "barrierefreiheit.md"
RESULTS = ROOT / "build" / "a11y" / "results.json"
PASSED, FAILED, PARTLY, UNTESTED = "erfüllt", "nicht erfüllt", "teilweise", "nicht automatisch geprüft"


def data() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def known_windows(clause: str, mode: str) -> set[str]:
    """The windows the statement names as not accessible under ``clause`` in ``mode``."""
    return {g["fenster"] for g in data().get("grenze", []) if g["klausel"] == clause
            and g.get("modus") == mode}


def verdicts(statement: dict[str, Any], results: dict[str, list[str]]) -> dict[str, str]:
    """Each clause's result from the outcomes ("passed"/"failed"/"skipped") of its tests."""
    limited = {g["klausel"] for g in statement.get("grenze", [])}
    found = {}
    for point in statement["pruefpunkt"]:
        outcomes = [o for o in results.get(point["klausel"], []) if o != "skipped"]
        if "failed" in outcomes:
            found[point["klausel"]] = FAILED
        elif not outcomes:
            found[point["klausel"]] = UNTESTED
        else:
            found[point["klausel"]] = PARTLY if point["klausel"] in limited else PASSED
    return found


def status(found: dict[str, str], statement: dict[str, Any]) -> str:
    if all(v == PASSED for v in found.values()) and not statement.get("grenze"):
        return "vollständig vereinbar"
    if any(v == FAILED for v in found.values()) and list(found.values()).count(PASSED) < len(found) / 2:
        return "nicht vereinbar"
    return "teilweise vereinbar"


def table(statement: dict[str, Any], found: dict[str, str]) -> list[str]:
    lines = ["| EN 301 549 | WCAG 2.1 | Wie hier geprüft | Ergebnis | Nur von Hand |",
             "|---|---|---|---|---|"]
    for point in statement["pruefpunkt"]:
        lines.append(f"| {point['klausel']} | {point['wcag']} | {point['pruefung']} | "
                     f"{found[point['klausel']]} | {point.get('manuell', '')} |")
    return lines


def render(statement: dict[str, Any], found: dict[str, str], day: date) -> str:
    """The statement in Markdown, German, in the model statement's order."""
    failed = [p for p in statement["pruefpunkt"] if found[p["klausel"]] == FAILED]
    limits = [f"- {g['text']} (EN 301 549 {g['klausel']})" for g in statement.get("grenze", [])]
    limits += [f"- {p['wcag']} (EN 301 549 {p['klausel']}): die automatische Prüfung ist "
               "zuletzt fehlgeschlagen; wir beheben den Mangel." for p in failed]
    untested = [p for p in statement["pruefpunkt"] if found[p["klausel"]] == UNTESTED]
    out = [f"# {statement['titel']}", "", f"Diese Erklärung gilt für {statement['anwendung']}.", "",
           statement["grundlage"], "", "## Stand der Vereinbarkeit mit den Anforderungen", "",
           f"Diese Anwendung ist mit den Anforderungen **{status(found, statement)}**.", "",
           "## Nicht barrierefreie Inhalte", ""]
    out += limits or ["Keine bekannt."]
    if untested:
        out += ["", "Nicht automatisch geprüft (noch offen): "
                + ", ".join(f"{p['klausel']} ({p['wcag']})" for p in untested) + "."]
    out += ["", "## Erstellung dieser Erklärung", "",
            f"Diese Erklärung wurde am {day:%d.%m.%Y} erstellt. {statement['erstellt']}", "",
            "## Feedback und Kontakt", "", statement["kontakt"], "",
            "## Durchsetzungsverfahren", "", statement["durchsetzung"], "",
            "## Anhang: Prüfpunkte nach EN 301 549 Kapitel 11", ""]
    return "\n".join([*out, *table(statement, found), ""])


def docs(statement: dict[str, Any], found: dict[str, str], day: date) -> str:
    """docs/barrierefreiheit.md: the clause table, how it is made, the manual script."""
    head = ["# Barrierefreiheit: Prüfbericht (EN 301 549 Kapitel 11)", "",
            f"Stand {day:%d.%m.%Y}, erzeugt von `make test-a11y` (tests/a11y/statement.py) aus "
            "`resources/accessibility/erklaerung.toml` und den Testergebnissen. Gesamtstatus: "
            f"**{status(found, statement)}**. Die Erklärung zur Barrierefreiheit steht in "
            "`resources/accessibility/erklaerung-barrierefreiheit.md` (im MSI, Hilfe → "
            "Erklärung zur Barrierefreiheit).", "",
            "Belege jedes Laufs liegen in `build/a11y/` (AT-SPI-Baum, Ansagen, Orca-Mitschrift "
            "`orca-speech.txt`, Kontrastminima `contrast.json`, Bildschirmfotos bei 200 %).", ""]
    return "\n".join([*head, *table(statement, found), "",
                      MANUAL.read_text(encoding="utf-8").replace("# ", "## ", 1)])


def write(results: dict[str, list[str]], day: date | None = None) -> dict[str, str]:
    statement = data()
    found = verdicts(statement, results)
    day = day or date.today()
    STATEMENT.write_text(render(statement, found, day), encoding="utf-8")
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(docs(statement, found, day), encoding="utf-8")
    return found


def merged(paths: list[Path]) -> dict[str, list[str]]:
    """The outcomes of several runs (the AT-SPI run, the keyboard tasks), clause by clause."""
    results: dict[str, list[str]] = {}
    for path in paths:
        for clause, outcomes in json.loads(path.read_text(encoding="utf-8")).items():
            results.setdefault(clause, []).extend(outcomes)
    return results


if __name__ == "__main__":
    sources = [Path(a) for a in sys.argv[1:]] or sorted(RESULTS.parent.glob("results*.json"))
    found = write(merged(sources))
    print(f"Erklärung: {status(found, data())}; " + ", ".join(f"{k} {v}" for k, v in found.items()))
