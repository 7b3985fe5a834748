"""PDF with a text layer (pypdf). Scans without text and encrypted files are named as such."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import WerkstattError
from . import Document, reader


@reader(".pdf")
def read_pdf(path: Path, data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    if not data.lstrip()[:5] == b"%PDF-":
        raise WerkstattError(f"„{path.name}“ ist keine PDF-Datei, obwohl es so heißt.")
    try:
        pdf = PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise WerkstattError(f"„{path.name}“ ist kennwortgeschützt; bitte ohne Kennwort speichern.")
        pages = [page.extract_text() or "" for page in pdf.pages]
    except WerkstattError:
        raise
    except LimitReachedError:
        raise WerkstattError(f"„{path.name}“ wird beim Entpacken zu groß (Verdacht auf eine "
                             "präparierte Datei).") from None
    except (PdfReadError, ValueError, KeyError, OSError):
        raise WerkstattError(f"„{path.name}“ ist beschädigt und kann nicht gelesen werden.") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise WerkstattError(
            f"„{path.name}“ enthält keinen Text (vermutlich ein Scan). Texterkennung (OCR) ist "
            "in KI-Werkstatt nicht verfügbar; bitte eine PDF mit Textebene verwenden.")
    return Document(path.name, text, pages=len(pages))
