"""A paper of the council library as the Gremien window shows it: ``paper_html`` (HTML for its
text browser: its facts, Beratungsfolge, files, related papers and text; the wording is the
core's, ``werkstatt.gremien.display``, so the window and ``werkstatt gremien show`` agree) and
``PaperView``, the paper with what can be done with it: a council template on the paper, the
meeting to prepare.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from werkstatt.gremien import display
from werkstatt.gremien.library import Library

from .accessibility import named

HIGHLIGHT = "#fff3b0"  # the passage a source of an answer opened


def paper_html(paper: dict[str, Any], passage_id: int = 0) -> str:
    e = html.escape
    title = display.joined(paper["reference"], paper["name"] or "(ohne Betreff)")
    parts = [f"<h2>{e(title)}</h2>", f"<p>{e(display.paper_facts(paper))}</p>"]
    if paper["consultations"]:
        parts.append("<h3>Beratungsfolge</h3><ul>" + "".join(
            f"<li>{e(display.consultation_line(c))}</li>" for c in paper["consultations"]) + "</ul>")
    if paper["files"]:
        parts.append("<h3>Dateien</h3><ul>" + "".join(
            f"<li>{e(display.file_line(f))}</li>" for f in paper["files"]) + "</ul>")
    if paper["related"]:
        parts.append("<h3>Verwandte Vorlagen (Stammbaum)</h3><ul>" + "".join(
            f"<li>{_related(r)}</li>" for r in paper["related"]) + "</ul>")
    parts.append("<h3>Text</h3>")
    for passage in paper["passages"]:
        if passage.label == "Betreff":
            continue
        style = f" style='background:{HIGHLIGHT}'" if passage.id == passage_id else ""
        parts.append(f"<a name='p{passage.id}'></a><p{style}><b>{e(passage.label)}</b><br>"
                     + e(passage.text).replace("\n", "<br>") + "</p>")
    return "".join(parts)


def _related(r: dict[str, Any]) -> str:
    """A paper in the library as a link by its reference; one that is not, in words, with
    its address (if any) as a tooltip, never as the label."""
    e = html.escape
    if r["id"]:
        rest = display.joined(display.german_date(r["date"]), r["name"])
        return (f"<a href='paper:{e(r['id'], quote=True)}'>{e(r['reference'] or 'Vorlage')}</a>"
                + (f" {e(rest)}" if rest else ""))
    if r.get("url"):
        return f"<span title='{e(r['url'], quote=True)}'>{e(display.related_line(r))}</span>"
    return e(display.related_line(r))


class PaperView(QWidget):
    """The chosen paper (links to relatives and source passages work) and its templates;
    ``use`` hands a template and its target (a paper's or meeting's id) to the window."""

    use = Signal(str, str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.paper_id = ""
        self.detail = named(QTextBrowser(self), "Vorlage", "Die gewählte Vorlage mit Dateien, "
                            "Beratungsfolge und verwandten Vorlagen.")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self.follow)
        self.summary_button = self._button("&Zusammenfassen", "Vorlage zusammenfassen",
                                           "vorlage-zusammenfassen")
        self.decision_button = self._button("&Beschlussvorschlag", "Beschlussvorschlag herausarbeiten",
                                            "beschlussvorschlag")
        self.changes_button = self._button("Änderungen zur &Vorversion", "Änderungen zur Vorversion",
                                           "aenderungen-vorversion")
        self.meeting = named(QComboBox(self), "Sitzung", "Die Sitzung, die vorbereitet werden soll.")
        self.meeting.setMinimumContentsLength(28)
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meeting_button = named(QPushButton("Sitzung vor&bereiten", self), "Sitzung vorbereiten")
        self.meeting_button.clicked.connect(lambda _checked=False: self.prepare_meeting())

        actions = QHBoxLayout()
        for button in (self.summary_button, self.decision_button, self.changes_button):
            actions.addWidget(button)
        actions.addStretch(1)
        meeting = QHBoxLayout()  # a row of its own: both rows fit a window at 200 % (issue 30)
        label = QLabel("Si&tzung:", self)
        label.setBuddy(self.meeting)
        meeting.addWidget(label)
        meeting.addWidget(self.meeting, 1)
        meeting.addWidget(self.meeting_button)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self.detail, 1)
        rows.addLayout(actions)
        rows.addLayout(meeting)

    def _button(self, text: str, name: str, template_id: str) -> QPushButton:
        button = named(QPushButton(text, self), name)
        button.clicked.connect(lambda _checked=False: self.use_paper(template_id))
        return button

    def refresh_meetings(self) -> None:
        """The library's meetings, the newest first, for "Sitzung vorbereiten"."""
        self.meeting.clear()
        for meeting in self.library.meetings():
            self.meeting.addItem(display.joined(display.german_date(meeting["start"]),
                                                meeting["name"] or "Sitzung",
                                                f"({meeting['items']} TOP)"), meeting["id"])
        self.meeting_button.setEnabled(self.meeting.count() > 0)

    def show_paper(self, pid: str, passage_id: int = 0) -> None:
        self.paper_id = pid
        paper = self.library.paper(pid) if pid else None
        for button in (self.summary_button, self.decision_button):
            button.setEnabled(paper is not None)
        self.changes_button.setEnabled(paper is not None and self.library.predecessor(pid) is not None)
        if paper is None:
            self.detail.setHtml("<p>Keine Vorlage gewählt.</p>")
            return
        self.detail.setHtml(paper_html(paper, passage_id))
        if passage_id:
            self.detail.scrollToAnchor(f"p{passage_id}")

    def follow(self, url: QUrl) -> None:
        """A link in the paper (a relative) or in an answer (a source passage)."""
        target = url.toString()
        if target.startswith("paper:"):
            self.show_paper(target[len("paper:"):])
        elif target.startswith("passage:"):
            passage = self.library.passage(int(target[len("passage:"):]))
            if passage is not None:
                self.show_paper(passage.paper_id, passage.id)

    def use_paper(self, template_id: str) -> None:
        self.use.emit(template_id, self.paper_id)

    def prepare_meeting(self) -> None:
        meeting_id = self.meeting.currentData()
        if meeting_id:
            self.use.emit("sitzungsvorbereitung", str(meeting_id))


if __name__ == "__main__":  # preview: python -m ui.gremien_paper
    from PySide6.QtWidgets import QApplication

    from .gremien_desk import preview_library

    app = QApplication([])
    library = preview_library()
    view = PaperView(library)
    view.use.connect(lambda template_id, target: print(f"→ {template_id}: {target}"))
    view.refresh_meetings()
    hits = library.search("", limit=1)
    view.show_paper(hits[0].paper_id if hits else "")
    view.resize(800, 600)
    view.show()
    app.exec()
