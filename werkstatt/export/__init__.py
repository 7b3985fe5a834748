"""Writing a draft to Word (.docx), OpenDocument (.odt) or plain text.

The template's ``output`` picks the layout (``layout.py``): letters in DIN 5008 Form B,
minutes with a header and task tables, summaries naming their sources, other drafts as
formatted text. The Word and ODF writers render the same layout. The document properties
record template id and version, model id and the date, so a document found later can be
traced to what produced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import DEFAULT_LABEL, atomic, markdown
from ..errors import WerkstattError
from .layout import Layout, Letterhead, Source, build

if TYPE_CHECKING:
    from ..drafting import Draft

__all__ = ["FORMATS", "Letterhead", "Provenance", "Source", "build", "write", "write_draft"]

FORMATS = {".docx": "Word-Dokument", ".odt": "OpenDocument-Text", ".txt": "Text"}


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

    def properties(self) -> dict[str, Any]:
        """Document properties (names as python-docx's core properties)."""
        return {
            "title": self.template_title,
            "subject": f"Vorlage {self.template_id} {self.template_version}",
            "author": "KI-Werkstatt",
            "category": "KI-Werkstatt",
            "keywords": (f"KI-unterstützt; template={self.template_id}; "
                         f"template_version={self.template_version}; model={self.model_id}"),
            "comments": f"{self.label} ({self.describe()})",
            "content_status": self.label,
            "identifier": self.template_id,
            "version": self.template_version,
            "created": self.created,
            "modified": self.created,
        }


def write_text(text: str, target: Path, label: str = DEFAULT_LABEL) -> Path:
    body = markdown.to_plain(text) + f"\n{label}\n"
    return _save(lambda p: p.write_text(body, encoding="utf-8"), target)


def _save(write: Callable[[Path], object], target: Path) -> Path:
    """Write whole or not at all (``atomic.write_via``)."""
    return atomic.write_via(target, write)


def write(text: str, target: Path | str, provenance: Provenance,
          source: Source | None = None) -> Path:
    """Write ``text`` by suffix: .docx and .odt in the layout for ``source.kind`` (the
    draft's context), .txt as plain text. Without ``source``: formatted text, no layout.
    """
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix in (".txt", ".md"):
        return write_text(text, target, provenance.label)
    if suffix not in (".docx", ".odt"):
        raise WerkstattError(f"Speichern als „{suffix or target.name}“ ist nicht möglich "
                             f"({', '.join(FORMATS)}).")
    source = replace(source, text=text) if source else Source(text, "text", provenance.template_title)
    layout: Layout = build(source)
    if suffix == ".docx":
        from . import word as writer
    else:
        from . import odf as writer  # type: ignore[no-redef]
    properties = provenance.properties()
    return _save(lambda p: writer.write(layout, p, provenance.label, properties), target)


def write_draft(draft: Draft, text: str, target: Path | str, *, label: str = DEFAULT_LABEL,
                head: Letterhead | None = None) -> Path:
    """The (edited) ``text`` of ``draft`` in its template's layout, with its provenance.
    ``label`` and ``head`` come from whoever knows the policy and the settings."""
    template = draft.template
    provenance = Provenance(template_id=template.id, template_version=template.version,
                            template_title=template.title, model_id=draft.model_id,
                            created=draft.created, label=label)
    source = Source(text=text, kind=template.output, title=template.title,
                    values=template.layout_values(draft.values), documents=draft.documents,
                    created=draft.created, head=head or Letterhead())
    return write(text, target, provenance, source)
