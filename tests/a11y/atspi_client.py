"""The outside reader: what a screen reader sees of a running app, through the AT-SPI bus.

Runs under the system Python (Debian's python3-pyatspi; the project's virtual environment
has no GObject bindings), as its own process, the way Orca does:

    /usr/bin/python3 tests/a11y/atspi_client.py tree PID          # JSON tree of PID's windows
    /usr/bin/python3 tests/a11y/atspi_client.py listen PID FILE   # events as JSON lines

``listen`` prints "ready" once its listeners are registered and stops when its standard
input closes. Only what an assistive technology can ask is read: roles, names, descriptions,
states, relations, table and selection interfaces, text, image descriptions, extents.
"""

from __future__ import annotations

import json
import sys
import threading
import time

import pyatspi  # type: ignore[import-not-found]

LISTS = {"table", "tree table", "list", "tree", "list box"}  # their items: the first ones only
MAX_ITEMS = 12
EVENTS = ("object:announcement", "object:state-changed:showing", "object:state-changed:focused",
          "object:property-change:accessible-name", "window:activate")


def nick(value: object) -> str:
    return str(getattr(value, "value_nick", value))


def node_of(acc: object, path: str) -> dict:
    """One accessible object as a plain dict, with its children."""
    role = acc.getRoleName()
    states = sorted(nick(s) for s in acc.getState().getStates())
    node: dict = {"path": path, "role": role, "name": acc.name or "",
                  "description": acc.description or "", "states": states, "relations": {}}
    for relation in acc.getRelationSet():
        targets = [relation.getTarget(i) for i in range(relation.getNTargets())]
        node["relations"][nick(relation.getRelationType())] = [t.name or "" for t in targets if t]
    try:
        box = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        node["extents"] = [box.x, box.y, box.width, box.height]
    except NotImplementedError:
        pass
    try:
        text = acc.queryText()
        node["text"] = text.getText(0, min(text.characterCount, 400))
    except NotImplementedError:
        pass
    try:
        node["image"] = acc.queryImage().imageDescription or ""
    except NotImplementedError:
        pass
    try:
        table = acc.queryTable()
        headers = []
        for column in range(table.nColumns):
            header = table.getColumnHeader(column)
            headers.append((header.name if header else "") or table.getColumnDescription(column) or "")
        node["table"] = {"rows": table.nRows, "columns": table.nColumns, "headers": headers}
    except NotImplementedError:
        pass
    try:
        node["selected"] = acc.querySelection().nSelectedChildren
    except NotImplementedError:
        pass
    children = []
    count = acc.childCount
    limit = MAX_ITEMS if role in LISTS else count
    for index in range(min(count, limit)):
        child = acc.getChildAtIndex(index)
        if child is not None:
            children.append(node_of(child, f"{path}/{index}"))
    node["children"] = children
    node["child_count"] = count
    return node


def application(pid: int, wait: float = 20.0) -> object:
    """The app of process ``pid`` (it registers with the bus a moment after it starts)."""
    deadline = time.monotonic() + wait
    while True:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.get_process_id() == pid:
                return app
        if time.monotonic() > deadline:
            raise SystemExit(f"no application with pid {pid} on the AT-SPI bus")
        time.sleep(0.2)


def tree(pid: int) -> None:
    app = application(pid)
    windows = [node_of(window, str(i)) for i, window in enumerate(app) if window is not None]
    json.dump(windows, sys.stdout, ensure_ascii=False)


def listen(pid: int, target: str) -> None:
    out = open(target, "a", encoding="utf-8")  # noqa: SIM115 - open until the reader stops

    def record(event: object) -> None:
        source = event.source
        try:
            if source is None or source.get_process_id() != pid:
                return
            role, name = source.getRoleName(), source.name or ""
        except Exception:  # noqa: BLE001 - the object went while the event travelled
            role, name = "", ""
        data = event.any_data
        line = {"type": event.type, "role": role, "name": name, "detail1": event.detail1,
                "data": data if isinstance(data, str) else ""}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()

    for kind in EVENTS:
        pyatspi.Registry.registerEventListener(record, kind)

    def stop_on_eof() -> None:
        sys.stdin.read()
        from gi.repository import GLib  # type: ignore[import-not-found]

        GLib.idle_add(pyatspi.Registry.stop)

    threading.Thread(target=stop_on_eof, daemon=True).start()
    print("ready", flush=True)
    pyatspi.Registry.start()
    out.close()


if __name__ == "__main__":
    command, pid = sys.argv[1], int(sys.argv[2])
    if command == "tree":
        tree(pid)
    else:
        listen(pid, sys.argv[3])
