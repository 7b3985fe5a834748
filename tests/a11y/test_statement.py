"""The accessibility statement (issue 30, items 6 and 7): written from the tests' results in
the model statement's parts, shipped in resources/ (which the MSI carries) and opened from
Hilfe without a network."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTextBrowser

from ui.statement_dialog import StatementDialog

from . import statement

PARTS = ("## Stand der Vereinbarkeit mit den Anforderungen", "## Nicht barrierefreie Inhalte",
         "## Erstellung dieser Erklärung", "## Feedback und Kontakt", "## Durchsetzungsverfahren")


def passed_everywhere() -> dict[str, list[str]]:
    return {p["klausel"]: ["passed"] for p in statement.data()["pruefpunkt"]}


def test_a_failed_clause_makes_the_statement_say_so():
    """A clause whose test failed is „nicht erfüllt“ and listed as not accessible; one without
    a test is „nicht automatisch geprüft“; with every clause passed and no known limit the
    status is „vollständig vereinbar“ (the results decide)."""
    data = statement.data()
    results = passed_everywhere()
    results["11.1.4.3"] = ["passed", "failed"]
    del results["11.1.4.1"]
    found = statement.verdicts(data, results)
    assert found["11.1.4.3"] == statement.FAILED and found["11.1.4.1"] == statement.UNTESTED
    text = statement.render(data, found, dt.date(2026, 12, 7))
    assert "teilweise vereinbar" in text and "1.4.3 Kontrast (Minimum) (EN 301 549 11.1.4.3)" in text
    clean = {**data, "grenze": []}
    assert statement.status(statement.verdicts(clean, passed_everywhere()), clean) == "vollständig vereinbar"


def test_the_shipped_statement_has_every_part_clause_and_known_limit():
    """resources/accessibility/erklaerung-barrierefreiheit.md (the MSI carries resources/):
    status, what is not accessible, contact, enforcement, and the clause table."""
    text = statement.STATEMENT.read_text(encoding="utf-8")
    assert all(part in text for part in PARTS)
    data = statement.data()
    assert all(f"| {p['klausel']} |" in text for p in data["pruefpunkt"])
    assert all(g["text"] in text for g in data["grenze"])
    docs = statement.DOCS.read_text(encoding="utf-8")
    assert "Handprüfung mit NVDA oder JAWS" in docs and all(f"| {p['klausel']} |" in docs
                                                          for p in data["pruefpunkt"])


def test_hilfe_opens_the_statement_from_the_installed_file(main_window, qtbot):
    """Hilfe → Erklärung zur Barrierefreiheit: a dialog with the statement's text."""
    help_menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "&Hilfe")
    entry = next(a for a in help_menu.actions() if a.text().startswith("&Erklärung zur Barrierefreiheit"))
    entry.trigger()
    dialog = next(w for w in main_window.findChildren(StatementDialog) if w.isVisible())
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert text.startswith("Erklärung zur Barrierefreiheit") and "Durchsetzungsverfahren" in text
