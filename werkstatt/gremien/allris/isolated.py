"""A saved page parsed in a child process: a hostile file costs at most the document readers'
limits (``documents``: ``MAX_SECONDS``, ``MAX_READER_MEMORY``) and ends in a German
``WerkstattError``.

``parse_isolated`` sends the page's bytes to ``python -m werkstatt.gremien.allris.isolated``
(``childproc.ask``); the child answers with the paper as JSON (``childproc.serve``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ...documents import MAX_READER_MEMORY, MAX_SECONDS
from ...errors import WerkstattError
from .page import decode_html, parse_html
from .paper import SavedPaper, from_dict


def parse_isolated(name: str, data: bytes, source: str) -> SavedPaper:
    """``parse_html`` in a child process under ``MAX_SECONDS`` and ``MAX_READER_MEMORY``."""
    from ... import childproc

    answer = childproc.ask("werkstatt.gremien.allris.isolated", {"name": name, "source": source},
                           data, MAX_SECONDS, MAX_READER_MEMORY)
    return from_dict(answer["paper"])


def _answer(name: str, source: str, data: bytes) -> dict[str, Any]:
    try:
        return {"ok": True, "paper": asdict(parse_html(decode_html(data), source))}
    except WerkstattError as exc:
        return {"ok": False, "message": str(exc)}
    except MemoryError:
        return {"ok": False, "message": f"„{name}“ wird beim Lesen zu groß (Verdacht auf eine "
                                        "präparierte Datei)."}
    except RecursionError:
        return {"ok": False, "message": f"„{name}“ ist zu tief verschachtelt."}
    except Exception as exc:  # noqa: BLE001 - html.parser or a heuristic failing on a broken page
        return {"ok": False, "message": f"„{name}“ konnte nicht als Seite aus ALLRIS gelesen werden "
                                        f"({type(exc).__name__})."}


def main() -> None:
    """The child of ``parse_isolated`` (``childproc.serve``): the page's bytes in, the paper
    as JSON out."""
    from ...childproc import serve

    serve(lambda info, data: _answer(str(info["name"]), str(info["source"]), data))


if __name__ == "__main__":
    main()
