"""Office formats made by a real office suite, e-mails, web pages, and every bad case."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from werkstatt.cli import main
from werkstatt.documents import combine, read_attachments, read_document
from werkstatt.errors import WerkstattError

OFFICE = Path(__file__).resolve().parents[1] / "data" / "office"
FACTS = ["VO/2026/0815", "Marli", "Dach", "1,2 Millionen Euro", "400.000 Euro",
         "Bauausschuss beschließt", "Größe, Übergänge und Ämter"]


@pytest.mark.parametrize("name", ["vorlage.docx", "vorlage.odt", "vorlage.pdf"])
def test_libreoffice_documents(name):
    """Word, ODF and PDF made by LibreOffice: all facts, in order, umlauts intact."""
    doc = read_document(OFFICE / name)
    positions = [doc.text.find(fact.split()[0]) for fact in FACTS]
    assert all(p >= 0 for p in positions), doc.text
    assert positions == sorted(positions)
    for fact in FACTS[:4] + FACTS[-1:]:
        assert fact in " ".join(doc.text.split())


def test_structure_survives_docx_and_odt():
    """Headings become Markdown headings, list items bullets, table rows readable."""
    for name in ("vorlage.docx", "vorlage.odt"):
        text = read_document(OFFICE / name).text
        assert "## Kosten" in text and "- Gesamtkosten 1,2 Millionen Euro" in text
        assert "Dach | 400.000 Euro" in text


def test_pdf_pages_counted():
    """PDFs report their page count."""
    assert read_document(OFFICE / "vorlage.pdf").pages == 1


def test_allris_page_main_text_without_navigation():
    """A saved council page yields the main text, not header, menu, footer or scripts."""
    text = read_document(OFFICE / "allris-seite.html").text
    assert text.startswith("# Vorlage VO/2026/0815")
    assert "Betreff | Sanierung der Turnhalle" in text and "1,2 Millionen Euro" in text
    for noise in ("Sitzungen", "Impressum", "tracking", "Bürgerinformationssystem"):
        assert noise not in text


def test_eml_and_msg_headers_body_attachments():
    """E-mails give sender, date, subject, body, and list their attachments."""
    eml = read_document(OFFICE / "terminanfrage.eml")
    assert eml.text.startswith("Von: Jana Schröder")
    assert "Betreff: Terminanfrage Bauvoranfrage Moltkestraße 12" in eml.text
    assert "Beratungstermin" in eml.text
    assert eml.notes == ("Anhang: lageplan.txt", "Anhang: bauzeichnung.pdf")
    msg = read_document(OFFICE / "terminanfrage.msg")
    assert msg.text.startswith("Von: Peter Öztürk")
    assert "Datum: 2026-11-23" in msg.text and "Sondernutzung" in msg.text
    assert "Hüxstraße 8" in msg.text and msg.notes == ("Anhang: halteverbot.txt",)


def mail_with_attachments(path: Path) -> Path:
    """An e-mail carrying the LibreOffice-made PDF and Word file, an image and a broken PDF."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Bauamt Kiel <bauamt@kiel.example>"
    message["Subject"] = "Unterlagen zur Vorlage VO/2026/0815"
    message["Date"] = "Mon, 23 Nov 2026 09:15:00 +0100"
    message.set_content("Guten Tag,\nanbei die Unterlagen.\nMit freundlichen Grüßen")
    for name, maintype, subtype in (("vorlage.pdf", "application", "pdf"),
                                    ("vorlage.docx", "application", "octet-stream")):
        message.add_attachment((OFFICE / name).read_bytes(), maintype=maintype, subtype=subtype,
                               filename=name)
    message.add_attachment(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, maintype="image", subtype="png",
                           filename="foto.png")
    message.add_attachment(b"%PDF-1.4 kaputt", maintype="application", subtype="pdf",
                           filename="kaputt.pdf")
    path.write_bytes(message.as_bytes())
    return path


def test_readable_mail_attachments_become_documents(tmp_path):
    """PDF and Word attachments are read like files of their own; an image and a broken PDF
    are named with the reason, and the mail itself still reads."""
    mail = read_document(mail_with_attachments(tmp_path / "unterlagen.eml"))
    assert "Anhänge: vorlage.pdf, vorlage.docx, foto.png, kaputt.pdf" in mail.text
    documents, problems = read_attachments(mail)
    assert [d.name for d in documents] == ["unterlagen.eml › vorlage.pdf", "unterlagen.eml › vorlage.docx"]
    assert all("1,2 Millionen Euro" in " ".join(d.text.split()) for d in documents)
    assert documents[0].pages == 1
    assert len(problems) == 2 and "foto.png" in problems[0] and "nicht unterstützt" in problems[0]
    assert "kaputt.pdf" in problems[1] and all("\n" not in p for p in problems)


def test_msg_attachment_readable():
    """The Outlook message's text attachment is importable as well."""
    documents, problems = read_attachments(read_document(OFFICE / "terminanfrage.msg"))
    assert problems == [] and documents[0].name == "terminanfrage.msg › halteverbot.txt"
    assert documents[0].text.strip()


def test_extract_cli_with_attachments(tmp_path, capsys):
    """`werkstatt extract --attachments` prints each readable attachment and notes the rest."""
    path = mail_with_attachments(tmp_path / "unterlagen.eml")
    assert main(["extract", "--attachments", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "== unterlagen.eml › vorlage.docx" in out and "Bauausschuss" in out
    assert "Hinweis: Anhang „foto.png“" in err
    assert main(["extract", str(path)]) == 0
    assert "› vorlage.docx" not in capsys.readouterr().out


def test_word_and_odf_headers_and_footers(tmp_path):
    """Header and footer text (letterhead, reference) is read; bare page numbers are not."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Hansestadt Lübeck – Az. 66.3-2026/114"
    document.sections[0].footer.paragraphs[0].text = "Seite 1 von 3"
    document.add_paragraph("Inhalt des Schreibens.")
    document.save(str(tmp_path / "kopf.docx"))
    text = read_document(tmp_path / "kopf.docx").text
    assert text.splitlines()[0] == "Kopfzeile: Hansestadt Lübeck – Az. 66.3-2026/114"
    assert "Inhalt des Schreibens." in text and "Seite 1" not in text


def test_latin9_euro_sign(tmp_path):
    """ISO-8859-15 text with a euro sign decodes correctly."""
    path = tmp_path / "a.txt"
    path.write_bytes("Gebühr: 60 € für Anwohner".encode("iso-8859-15"))
    assert read_document(path).text == "Gebühr: 60 € für Anwohner"


def _scan_pdf(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (200, 280), "white").save(path, "PDF")


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(OFFICE / "vorlage.pdf").pages:
        writer.add_page(page)
    writer.encrypt("geheim")
    with path.open("wb") as fh:
        writer.write(fh)


def _zip_bomb(path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    path.write_bytes(buf.getvalue())


def _truncated(source: str):
    def make(path: Path) -> None:
        data = (OFFICE / source).read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return make


@pytest.mark.parametrize("name,make,message", [
    ("scan.pdf", _scan_pdf, "OCR"),
    ("geheim.pdf", _encrypted_pdf, "kennwortgeschützt"),
    ("bombe.docx", _zip_bomb, "Zip-Bombe"),
    ("halb.docx", _truncated("vorlage.docx"), "beschädigt"),
    ("halb.odt", _truncated("vorlage.odt"), "beschädigt"),
    ("halb.pdf", _truncated("vorlage.pdf"), "beschädigt|keinen Text"),
    ("pdf-als.docx", lambda p: p.write_bytes((OFFICE / "vorlage.pdf").read_bytes()), "kein Word-Dokument"),
    ("docx-als.odt", lambda p: p.write_bytes((OFFICE / "vorlage.docx").read_bytes()), "content.xml"),
    ("text-als.pdf", lambda p: p.write_text("nur Text", encoding="utf-8"), "keine PDF-Datei"),
    ("text-als.msg", lambda p: p.write_text("nur Text", encoding="utf-8"), "keine Outlook-Nachricht"),
    ("leer.eml", lambda p: p.write_text("kein Kopf\n", encoding="utf-8"), "keine E-Mail"),
    ("alt.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
     "kennwortgeschützt"),
])
def test_bad_office_files(tmp_path, name, make, message):
    """Each broken, mislabelled, protected or scanned file gets one German line."""
    path = tmp_path / name
    make(path)
    with pytest.raises(WerkstattError, match=message) as info:
        read_document(path)
    assert "\n" not in str(info.value)


def test_extract_cli_prints_text_and_estimate(capsys):
    """`werkstatt extract` shows what the model would read, with a token estimate."""
    assert main(["extract", str(OFFICE / "vorlage.odt"), str(OFFICE / "terminanfrage.eml")]) == 0
    out = capsys.readouterr().out
    assert "== vorlage.odt" in out and "Token" in out and "Beratungstermin" in out


def test_extract_cli_bad_file_exits_2(tmp_path, capsys):
    """A bad file in `extract` exits 2 with the same German line."""
    bad = tmp_path / "x.pdf"
    bad.write_text("kein pdf", encoding="utf-8")
    assert main(["extract", str(bad)]) == 2
    assert "keine PDF-Datei" in capsys.readouterr().err


def test_several_documents_combine_under_their_names():
    """Several inputs become one text, each under its file name."""
    docs = [read_document(OFFICE / "vorlage.odt"), read_document(OFFICE / "terminanfrage.eml")]
    text = combine(docs)
    assert text.startswith("=== vorlage.odt ===") and "=== terminanfrage.eml ===" in text
