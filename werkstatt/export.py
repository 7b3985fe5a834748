"""Writing a draft to Word (.docx) or plain text, with real formatting and provenance.

The document properties record template id and version, model id and the date, so a
document found later can be traced to what produced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import markdown
from .errors import WerkstattError
from .policy import DEFAULT_LABEL


@dataclass(frozen=True)
class Provenance:
    template_id: str
    template_version: str
    template_title: str
    model_id: str
    created: dt.datetime
    label: str = DEFAULT_LABEL  # the AI note (policy ``export_label``)

    def describe(self) -> str:
        return (
            f"KI-Werkstatt; Vorlage {self.template_id} {self.template_version}; "
            f"Modell {self.model_id}; {self.created:%Y-%m-%d %H:%M}"
        )


def write_docx(text: str, target: Path, provenance: Provenance) -> Path:
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for block in markdown.parse(text):
        if block.kind == "heading":
            paragraph = document.add_heading(level=min(block.level, 4))
        elif block.kind == "bullet":
            paragraph = document.add_paragraph(style="List Bullet")
        elif block.kind == "numbered":
            paragraph = document.add_paragraph(style="List Number")
        else:
            paragraph = document.add_paragraph()
        for run in block.runs:
            r = paragraph.add_run(run.text)
            r.bold = run.bold or None
            r.italic = run.italic or None
    note = document.add_paragraph()
    note.paragraph_format.space_before = Pt(18)
    note_run = note.add_run(provenance.label)
    note_run.italic = True
    note_run.font.size = Pt(9)
    props = document.core_properties
    props.title = provenance.template_title
    props.subject = f"Vorlage {provenance.template_id} {provenance.template_version}"
    props.author = "KI-Werkstatt"
    props.category = "KI-Werkstatt"
    props.keywords = (
        f"KI-unterstützt; template={provenance.template_id}; "
        f"template_version={provenance.template_version}; model={provenance.model_id}"
    )
    props.comments = f"{provenance.label} ({provenance.describe()})"
    props.content_status = provenance.label
    props.identifier = provenance.template_id
    props.version = provenance.template_version
    props.created = provenance.created
    props.modified = provenance.created
    return _save(lambda p: document.save(str(p)), target)


def write_text(text: str, target: Path, label: str = DEFAULT_LABEL) -> Path:
    body = markdown.to_plain(text) + f"\n{label}\n"
    return _save(lambda p: p.write_text(body, encoding="utf-8"), target)


def _save(write: Callable[[Path], object], target: Path) -> Path:
    """Write to a temporary file beside the target, then replace it: no half-written files."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        tmp.replace(target)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise WerkstattError(
            f"„{target}“ kann nicht gespeichert werden: keine Berechtigung oder die Datei ist "
            "in einem anderen Programm geöffnet."
        ) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WerkstattError(f"„{target}“ kann nicht gespeichert werden ({exc.strerror}).") from None
    return target


def write(text: str, target: Path | str, provenance: Provenance) -> Path:
    """Write by suffix: .docx gets Word formatting, .txt plain text."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix == ".docx":
        return write_docx(text, target, provenance)
    if suffix in (".txt", ".md"):
        return write_text(text, target, provenance.label)
    raise WerkstattError(f"Speichern als „{suffix or target.name}“ ist nicht möglich (.docx oder .txt).")

