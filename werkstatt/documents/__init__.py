"""Reading input documents into plain text, with a German message for every bad file.

Readers are registered per file suffix (``text``, ``office``, ``pdf``, ``mail``, ``web``), so
further formats plug in without touching callers. Every failure is a ``WerkstattError`` with
one line of German: never a traceback. Limits: file size, unpacked size of office files
(zip bombs), text length, and a time limit per file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WerkstattError
from ..numbers import de

MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files are refused before reading
MAX_TEXT_CHARS = 2_000_000  # about 1,000 pages of text
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # zip-bomb guard for docx/odt
MAX_SECONDS = 30.0  # time limit for reading one file (the reader process is killed)
MAX_READER_MEMORY = 400 * 1024 * 1024  # resident memory of the reader process


@dataclass(frozen=True)
class Attachment:
    """A file inside an e-mail; readable ones can become input documents of their own."""

    name: str
    data: bytes = field(repr=False)

    @property
    def readable(self) -> bool:
        _load_readers()
        return Path(self.name).suffix.lower() in READERS


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    pages: int | None = None
    notes: tuple[str, ...] = ()  # e.g. attachments of an e-mail
    attachments: tuple[Attachment, ...] = field(default=(), repr=False)

    @property
    def chars(self) -> int:
        return len(self.text)

    def estimate_tokens(self) -> int:
        """Rough token estimate for German text (about 3.5 characters per token)."""
        return max(1, round(len(self.text) / 3.5)) if self.text else 0


Reader = Callable[[Path, bytes], "str | Document"]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def register(fn: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = fn
        return fn
    return register


def check_zip(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    """Open an office file's zip container, refusing bombs and non-zips by name."""
    import io

    if not data.startswith(b"PK"):
        raise WerkstattError(f"„{path.name}“ ist kein {kind}, obwohl es so heißt.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise WerkstattError(f"„{path.name}“ ist beschädigt und kann nicht gelesen werden.") from None
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES or any(
            i.compress_size and i.file_size / i.compress_size > 200 for i in infos):
        raise WerkstattError(f"„{path.name}“ ist entpackt zu groß (Verdacht auf Zip-Bombe).")
    return zf


def supported_suffixes() -> list[str]:
    _load_readers()
    return sorted(READERS)


def _load_readers() -> None:
    from . import mail, office, pdf, text, web  # noqa: F401  (they register themselves)


def _read_isolated(name: str, data: bytes) -> Document:
    """Parse in a child process under ``MAX_READER_MEMORY`` and ``MAX_SECONDS`` (killed,
    not abandoned, past either): see ``isolated``."""
    import base64

    from .. import childproc

    answer = childproc.ask("werkstatt.documents.isolated", {"name": name}, data, MAX_SECONDS,
                           MAX_READER_MEMORY)
    attachments = tuple(Attachment(n, base64.b64decode(d)) for n, d in answer["attachments"])
    return Document(name, answer["text"], answer["pages"], tuple(answer["notes"]), attachments)


def read_document(path: Path | str) -> Document:
    """The text of a document file, or a ``WerkstattError`` saying what is wrong with it."""
    path = Path(path)
    check_suffix(path.name)
    data = read_bytes(path)
    return read_data(path.name, data)


def read_bytes(path: Path) -> bytes:
    """A file's bytes within the size limit, or a ``WerkstattError`` saying why not (also
    for readers of their own, such as saved ALLRIS pages)."""
    try:
        _check_size(path.name, path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError:
        raise WerkstattError(f"Die Datei „{path}“ gibt es nicht.") from None
    except IsADirectoryError:
        raise WerkstattError(f"„{path}“ ist ein Ordner, keine Datei.") from None
    except PermissionError:
        raise WerkstattError(f"Keine Berechtigung, „{path}“ zu lesen.") from None
    except OSError as exc:
        raise WerkstattError(f"„{path}“ kann nicht gelesen werden ({exc.strerror}).") from None


def check_suffix(name: str) -> str:
    """The file's suffix if a reader takes it, else a German ``WerkstattError``."""
    suffix = Path(name).suffix.lower()
    _load_readers()
    if suffix not in READERS:
        raise WerkstattError(
            f"Das Format „{suffix or name}“ wird nicht unterstützt "
            f"(möglich: {', '.join(supported_suffixes())})."
        )
    return suffix


def _check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise WerkstattError(
            f"„{name}“ ist mit {size / 1e6:.0f} MB zu groß "
            f"(höchstens {MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )


def read_data(name: str, data: bytes) -> Document:
    """The text of a file already in memory (an e-mail attachment): the same checks and limits."""
    check_suffix(name)
    _check_size(name, len(data))
    if not data.strip():
        raise WerkstattError(f"„{name}“ ist leer.")
    document = _read_isolated(name, data)
    text = document.text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if not text:
        raise WerkstattError(f"„{name}“ enthält keinen Text.")
    if len(text) > MAX_TEXT_CHARS:
        raise WerkstattError(
            f"„{name}“ ist mit {de(len(text))} Zeichen zu lang (höchstens {de(MAX_TEXT_CHARS)})."
        )
    return Document(name=name, text=text, pages=document.pages, notes=document.notes,
                    attachments=document.attachments)


def read_attachments(document: Document) -> tuple[list[Document], list[str]]:
    """The readable attachments of an e-mail as documents ("mail.eml › anhang.pdf"), and a
    German line for each attachment that could not be used."""
    documents: list[Document] = []
    problems: list[str] = []
    for attachment in document.attachments:
        if not attachment.readable:
            problems.append(f"Anhang „{attachment.name}“: Format wird nicht unterstützt.")
            continue
        try:
            inner = read_data(attachment.name, attachment.data)
        except WerkstattError as exc:
            problems.append(f"Anhang {exc}")
            continue
        documents.append(Document(f"{document.name} › {inner.name}", inner.text, inner.pages,
                                  inner.notes))
    return documents, problems


def combine(documents: list[Document]) -> str:
    """Several documents as one input, each under its name."""
    if len(documents) == 1:
        return documents[0].text
    return "\n\n".join(f"=== {d.name} ===\n{d.text}" for d in documents)
