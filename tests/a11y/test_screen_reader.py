"""A screen reader's view of every window (issue 30, item 1): the tree the AT-SPI bus gives
Orca (Qt gives Windows' UI Automation the same), read from outside by another process."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStyle

from . import tree_rules
from .atspi import read_tree, window
from .every_window import open_every_window

pytestmark = pytest.mark.atspi


@pytest.mark.clause("11.4.1.2", "11.1.3.1", "11.1.1.1")
def test_every_window_and_dialog_names_its_controls_and_ties_its_labels(main_window, qtbot, tmp_path,
                                                                          artifacts):
    """Main window (with a draft and the unfolded feedback form), Gremien, Auswertung,
    Effizienzkonzept and every dialog: each interactive element has a role and a name, field
    labels are tied to their fields, pictures have text, tables and trees expose rows, headers
    and selection; the tree is kept as an artefact."""
    main_window.feedback_panel.details_button.setChecked(True)
    shown = open_every_window(main_window, qtbot, tmp_path)
    windows = read_tree()
    (artifacts / "atspi-tree.json").write_text(json.dumps(windows, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    titles = {w["name"] for w in windows}
    assert {title for title in shown if title != "main"} | {"KI-Werkstatt"} <= titles
    found = {w["name"]: tree_rules.problems(w) for w in windows}
    assert {name: lines for name, lines in found.items() if lines} == {}

    main = window(windows, "KI-Werkstatt")
    templates = tree_rules.find(main, "tree", "Vorlagen")  # categories with their templates
    assert templates["table"]["headers"] == ["Vorlage"] and templates["selected"] == 1
    cells = [c for c in templates["children"] if c["role"] == "table cell"]
    assert any("expanded" in c["states"] for c in cells) and any("selected" in c["states"] for c in cells)
    draft = tree_rules.find(main, "text", "Entwurf")  # the result area: editable, many lines
    assert {"editable", "multi-line"} <= set(draft["states"]) and draft["text"].strip()
    assert draft["relations"]["labelled-by"] == ["Entwurf (bearbeitbar):"]
    quality = tree_rules.find(main, "radio button", "Qualität 4: gut")
    assert quality["description"] == "" or quality["name"]
    evaluation = window(windows, "Auswertung des Pilotversuchs")
    table = tree_rules.find(evaluation, "table", "Auswertung je Vorlage")
    assert table["table"]["rows"] >= 2 and table["table"]["headers"][0] == "Gruppe"
    charts = [n for n in tree_rules.visible_nodes(evaluation) if n["role"] == "image"]
    assert len(charts) == 3 and all("Balkendiagramm" in c["description"] for c in charts)
    council = window(windows, "Gremien – Ratsdokumente")
    results = tree_rules.find(council, "table", "Suchergebnisse")
    assert results["table"]["headers"] == ["Aktenzeichen", "Datum", "Betreff"]
    assert results["table"]["rows"] == 9 and results["selected"] >= 1


def remove_name(main) -> None:
    main.picker.tree.setAccessibleName("")


def remove_buddy(main) -> None:
    label = next(label for label in main.pane.findChildren(QLabel) if label.text() == "Ve&rlauf:")
    label.setBuddy(None)


def picture_without_text(main) -> None:
    picture = QLabel(main.picker)  # (inside a group box it would take the group's name)
    picture.setPixmap(main.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(16))
    main.picker.layout().addWidget(picture)


FAULTS = {  # what is removed -> what the check must say
    "name": (remove_name, "tree at"),
    "buddy": (remove_buddy, "rlauf:“ is tied to no field"),
    "image text": (picture_without_text, "is an image without text"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_check_catches_a_removed_name_buddy_or_image_text(main_window, qtbot, fault):
    """Without the template tree's name, the Verlauf label's buddy or a picture's text the
    check reports the very control (so a passing check means something)."""
    assert tree_rules.problems(window(read_tree(), "KI-Werkstatt")) == []
    damage, expected = FAULTS[fault]
    damage(main_window)
    qtbot.wait(50)
    tree = window(read_tree(), "KI-Werkstatt")
    after = tree_rules.problems(tree)
    assert any(expected in line for line in after), after


@pytest.mark.clause("11.1.3.1", "11.4.1.2")
def test_a_label_names_the_field_a_screen_reader_lands_on(main_window, qtbot):
    """Tab from the template search lands on the tree; the bus reports the focused object
    with the name the label gives it (what Orca speaks on focus)."""
    main_window.picker.search.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(main_window.picker.search.hasFocus)
    main = window(read_tree(), "KI-Werkstatt")
    focused = [n for n in tree_rules.visible_nodes(main)  # (a list's current item says so too)
               if "focused" in n["states"] and n["role"] != "table cell"]
    assert [(n["role"], n["name"]) for n in focused] == [("text", "Vorlagen suchen")]
    assert focused[0]["relations"]["labelled-by"] == ["Vorlagen suchen:"]
