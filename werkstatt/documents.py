"""Reading input documents into plain text, with a German message for every bad file.

Readers are registered per file suffix, so further formats plug in without touching callers.
Every failure is a ``WerkstattError`` with one line of German: never a traceback.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import WerkstattError

MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files are refused before reading
MAX_TEXT_CHARS = 2_000_000  # about 1,000 pages of text
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # zip-bomb guard for docx
TEXT_ENCODINGS = ("utf-8-sig", "cp1252")  # cp1252 decodes ISO-8859-1 text as well


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    pages: int | None = None

    @property
    def chars(self) -> int:
        return len(self.text)

    def estimate_tokens(self) -> int:
        """Rough token estimate for German text (about 3.5 characters per token)."""
        return max(1, round(len(self.text) / 3.5)) if self.text else 0


Reader = Callable[[Path, bytes], str]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def register(fn: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = fn
        return fn
    return register


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff"))


@reader(".txt", ".md", ".text")
def _read_text(path: Path, data: bytes) -> str:
    if _looks_binary(data):
        raise WerkstattError(f"„{path.name}“ ist keine Textdatei (enthält Binärdaten).")
    return decode_text(data)


@reader(".docx")
def _read_docx(path: Path, data: bytes) -> str:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WerkstattError(
            f"„{path.name}“ ist verschlüsselt (Kennwortschutz) oder ein altes .doc-Dokument."
        )
    if not data.startswith(b"PK"):
        raise WerkstattError(f"„{path.name}“ ist kein Word-Dokument (.docx), obwohl es so heißt.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
                raise WerkstattError(f"„{path.name}“ ist entpackt zu groß (Verdacht auf Zip-Bombe).")
        document = docx.Document(io.BytesIO(data))
    except WerkstattError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError):
        raise WerkstattError(f"„{path.name}“ ist beschädigt und kann nicht gelesen werden.") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            lines.append(text)
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(" ".join(
                                (t.text or "") for t in cell.iter() if t.tag.endswith("}t")
                            ).strip())
                    lines.append(" | ".join(cells))
    return "\n".join(lines)


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_document(path: Path | str) -> Document:
    """The text of a document file, or a ``WerkstattError`` saying what is wrong with it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise WerkstattError(
            f"Das Format „{suffix or path.name}“ wird nicht unterstützt "
            f"(möglich: {', '.join(supported_suffixes())})."
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WerkstattError(
                f"„{path.name}“ ist mit {size / 1e6:.0f} MB zu groß "
                f"(höchstens {MAX_FILE_BYTES // (1024 * 1024)} MB)."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise WerkstattError(f"Die Datei „{path}“ gibt es nicht.") from None
    except IsADirectoryError:
        raise WerkstattError(f"„{path}“ ist ein Ordner, keine Datei.") from None
    except PermissionError:
        raise WerkstattError(f"Keine Berechtigung, „{path}“ zu lesen.") from None
    except OSError as exc:
        raise WerkstattError(f"„{path}“ kann nicht gelesen werden ({exc.strerror}).") from None
    if not data.strip():
        raise WerkstattError(f"„{path.name}“ ist leer.")
    text = READERS[suffix](path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise WerkstattError(f"„{path.name}“ enthält keinen Text.")
    if len(text) > MAX_TEXT_CHARS:
        raise WerkstattError(
            f"„{path.name}“ ist mit {len(text):,} Zeichen zu lang "
            f"(höchstens {MAX_TEXT_CHARS:,})".replace(",", ".") + "."
        )
    return Document(name=path.name, text=text)
