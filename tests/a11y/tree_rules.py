"""What every window must show a screen reader (EN 301 549 11.4.1.2 Name, Role, Value and
11.1.3.1 Info and Relationships), checked on the tree the AT-SPI bus gives (``atspi.py``):
plain functions over plain dicts, so each rule is seen to catch what it is for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# roles a user operates (AT-SPI role names as Qt's bridge gives them)
INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box", "text",
               "password text", "spin button", "slider", "list", "list box", "tree", "tree table",
               "table", "page tab", "menu item", "link", "entry", "editbar"}
FIELDS = {"text", "combo box", "spin button", "password text", "entry", "slider"}  # typed into
IMAGES = {"image", "icon", "chart", "canvas"}
STRUCTURED = {"table", "tree", "tree table"}


def showing(node: dict[str, Any]) -> bool:
    return "showing" in node["states"]


def visible_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``node`` and what it shows (a hidden part's children are hidden too)."""
    yield node
    for child in node["children"]:
        if showing(child):
            yield from visible_nodes(child)


def label_text(node: dict[str, Any]) -> str:
    return (node.get("text") or node["name"]).strip()


def problems(window: dict[str, Any]) -> list[str]:
    """Every rule a window breaks, one German-free line each: "<window>: <what> <where>"."""
    found: list[str] = []
    title = window["name"]
    if not title:
        found.append(f"window {window['role']} without a name")
    for node in visible_nodes(window):
        role, name = node["role"], node["name"].strip()
        where = f"{title}: {role} at {node['path']}"
        if role in INTERACTIVE and not name and role != "text" or (
                role == "text" and not name and "editable" in node["states"]):
            found.append(f"{where} has no name")
        if role == "label" and label_text(node).endswith(":") and "label-for" not in node["relations"]:
            found.append(f"{title}: field label „{label_text(node)}“ is tied to no field (buddy)")
        if (role in FIELDS and name and "editable" in node["states"]
                and "labelled-by" not in node["relations"] and not node["description"]):
            found.append(f"{where} „{name}“ has neither a label nor a description")
        if role in IMAGES and not (name or node.get("image")):
            found.append(f"{where} is an image without text")
        if role in STRUCTURED:
            found += structure_problems(node, where)
    return found


def structure_problems(node: dict[str, Any], where: str) -> list[str]:
    """A table says its size and column headers; a tree or list its selection."""
    table = node.get("table")
    if table is None:
        return [f"{where} „{node['name']}“ exposes no table interface (rows, columns)"]
    found = []
    if node["role"] == "table" and table["columns"] and not all(
            header.strip() and not header.strip().isdigit() for header in table["headers"]):
        found.append(f"{where} „{node['name']}“ has columns without a header: {table['headers']}")
    if node["role"] in ("tree", "tree table") and any(h.strip().isdigit() for h in table["headers"]):
        found.append(f"{where} „{node['name']}“ has a numbered column header {table['headers']}")
    if "selected" not in node:
        found.append(f"{where} „{node['name']}“ exposes no selection")
    return found


def find(window: dict[str, Any], role: str, name: str) -> dict[str, Any]:
    """The first showing node of ``role`` called ``name``."""
    for node in visible_nodes(window):
        if node["role"] == role and node["name"] == name:
            return node
    raise AssertionError(f"no {role} „{name}“ in „{window['name']}“")
