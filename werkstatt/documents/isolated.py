"""A document reader in a child process: a hostile file costs at most its limits.

``read_data`` sends the file's bytes here (``childproc.run``) and waits: the child parses
with the registered reader under a memory cap and a time limit, and a reader that exceeds
them is killed, not abandoned. The answer is JSON on stdout.

Wire format, stdin: one JSON line ``{"name": ...}``, then the file's bytes. Stdout: one JSON
object, ``{"ok": true, "text", "pages", "notes", "attachments": [[name, base64]]}`` or
``{"ok": false, "message"}``.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException


def _answer(name: str, data: bytes) -> dict[str, Any]:
    from ..errors import WerkstattError
    from . import READERS, Document, check_suffix

    try:
        result = READERS[check_suffix(name)](Path(name), data)
    except WerkstattError as exc:
        return {"ok": False, "message": str(exc)}
    except MemoryError:
        return {"ok": False, "message": f"„{name}“ wird beim Lesen zu groß (Verdacht auf eine "
                                        "präparierte Datei)."}
    except DefusedXmlException:
        return {"ok": False, "message": f"„{name}“ enthält XML-Entitäten oder eine DTD, die "
                                        "nicht gelesen werden (Verdacht auf eine präparierte "
                                        "Datei)."}
    except RecursionError:
        return {"ok": False, "message": f"„{name}“ ist zu tief verschachtelt."}
    except Exception as exc:  # noqa: BLE001 - a reader library failing on a broken file
        suffix = Path(name).suffix.lower()
        return {"ok": False, "message": f"„{name}“ ist beschädigt oder kein gültiges "
                                        f"{suffix}-Dokument ({type(exc).__name__})."}
    document = result if isinstance(result, Document) else Document(name, result)
    return {"ok": True, "text": document.text, "pages": document.pages,
            "notes": list(document.notes),
            "attachments": [[a.name, base64.b64encode(a.data).decode("ascii")]
                            for a in document.attachments]}


def main() -> None:
    from ..childproc import serve

    serve(lambda info, data: _answer(str(info["name"]), data))


if __name__ == "__main__":
    main()
