"""Reading input documents: encodings, Word files, and a German message for every bad file."""

from __future__ import annotations

import docx
import pytest

from werkstatt import documents
from werkstatt.documents import read_document
from werkstatt.errors import WerkstattError

UMLAUTS = "Größe der Straße: Übergänge für Ämter"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "iso-8859-1", "iso-8859-15"])
def test_text_encodings(tmp_path, encoding):
    """German umlauts survive UTF-8 (with or without BOM) and the Windows/ISO code pages."""
    path = tmp_path / "a.txt"
    path.write_bytes(UMLAUTS.encode(encoding))
    assert read_document(path).text == UMLAUTS


def test_docx_paragraphs_and_tables(tmp_path):
    """A real .docx: paragraphs in order and table rows as readable text."""
    d = docx.Document()
    d.add_heading("Beschlussvorlage", level=1)
    d.add_paragraph("Erster Absatz.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Posten", "Betrag"
    table.cell(1, 0).text, table.cell(1, 1).text = "Dach", "400.000 €"
    d.add_paragraph("Letzter Absatz.")
    path = tmp_path / "v.docx"
    d.save(path)
    text = read_document(path).text
    assert text.index("Beschlussvorlage") < text.index("Erster") < text.index("Dach | 400.000 €")
    assert text.rstrip().endswith("Letzter Absatz.")


@pytest.mark.parametrize("name,content,message", [
    ("leer.txt", b"", "ist leer"),
    ("nur-leerzeichen.txt", b"   \n\n", "ist leer"),
    ("binär.txt", b"\x00\x01\x02GGUF\x00" * 50, "keine Textdatei"),
    ("falsch.docx", b"%PDF-1.7\n...", "kein Word-Dokument"),
    ("kaputt.docx", b"PK\x03\x04 abgeschnitten", "beschädigt"),
    ("geschützt.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "kennwortgeschützt"),
    ("bild.png", b"\x89PNG", "nicht unterstützt"),
])
def test_bad_files_get_german_messages(tmp_path, name, content, message):
    """Every bad file is refused with a one-line German message."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WerkstattError, match=message) as info:
        read_document(path)
    assert "\n" not in str(info.value)


def test_missing_and_huge_files(tmp_path, monkeypatch):
    """A missing file and a file over the size limit are refused before reading."""
    with pytest.raises(WerkstattError, match="gibt es nicht"):
        read_document(tmp_path / "fehlt.txt")
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 100)
    path = tmp_path / "gross.txt"
    path.write_text("x" * 200, encoding="utf-8")
    with pytest.raises(WerkstattError, match="zu groß"):
        read_document(path)


def test_token_estimate(tmp_path):
    """The estimate is in the right range for German text."""
    doc = documents.Document("a", "Wort " * 700)
    assert 800 < doc.estimate_tokens() < 1300
