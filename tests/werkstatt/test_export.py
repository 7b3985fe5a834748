"""Word export: Markdown-like model output becomes real formatting, with provenance."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from werkstatt import export, markdown
from werkstatt.errors import WerkstattError

SAMPLE = """## Worum geht es?
Die **Turnhalle** wird saniert.

## Wichtigste Punkte
- Kosten *1,2 Mio.* Euro
- Förderung 60 %

1. Antrag stellen
2. Bauzeit planen
"""

PROV = export.Provenance("zusammenfassung", "1.0", "Zusammenfassung", "qwen-test",
                         dt.datetime(2026, 11, 25, 10, 30))


def test_markdown_blocks():
    """Headings, bullets, numbered items and inline bold/italic are recognised."""
    blocks = markdown.parse(SAMPLE)
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "paragraph", "heading", "bullet", "bullet", "numbered", "numbered"]
    bold = [r for r in blocks[1].runs if r.bold]
    assert bold and bold[0].text == "Turnhalle"
    assert any(r.italic and r.text == "1,2 Mio." for r in blocks[3].runs)


def test_docx_has_real_formatting_and_properties(tmp_path):
    """No literal asterisks or hashes; headings, list styles and bold runs; provenance set."""
    path = export.write(SAMPLE, tmp_path / "out.docx", PROV)
    d = docx.Document(path)
    texts = [p.text for p in d.paragraphs]
    assert not any("**" in t or t.startswith("#") for t in texts)
    styles = {p.style.name for p in d.paragraphs}
    assert {"Heading 2", "List Bullet", "List Number"} <= styles
    assert any(r.bold and r.text == "Turnhalle" for p in d.paragraphs for r in p.runs)
    props = d.core_properties
    assert "template=zusammenfassung" in props.keywords and "model=qwen-test" in props.keywords
    assert props.version == "1.0" and props.created.date() == dt.date(2026, 11, 25)


def test_text_export_strips_markers(tmp_path):
    """Plain text export has no Markdown markers."""
    path = export.write(SAMPLE, tmp_path / "out.txt", PROV)
    text = path.read_text(encoding="utf-8")
    assert "**" not in text and "##" not in text and "- Kosten 1,2 Mio. Euro" in text


def test_unwritable_target_is_german_error(tmp_path):
    """Saving into a missing folder or as an unknown type gives a German message."""
    with pytest.raises(WerkstattError, match="kann nicht gespeichert werden"):
        export.write(SAMPLE, tmp_path / "fehlt" / "out.docx", PROV)
    with pytest.raises(WerkstattError, match="nicht möglich"):
        export.write(SAMPLE, tmp_path / "out.pdf", PROV)
