"""The main window: template choice, form, streaming, cancel, save; keyboard and accessibility."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)

from ui.main_window import MainWindow
from werkstatt.settings import Settings

from .conftest import FakeEngine


def make_window(qtbot, engine, ask_letterhead: bool = False) -> MainWindow:
    """The window on ``engine``; the letterhead question before the first letter is taken as
    answered unless ``ask_letterhead``."""
    settings = Settings()
    settings.set("letterhead_asked", not ask_letterhead)
    window = MainWindow(settings=settings, engine_factory=lambda: engine)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.ready, timeout=60_000)
    return window


def fill_summary(window, data) -> None:
    window.select_template("zusammenfassung")
    window.input.form.set_value("laenge", "kurz")
    window.input.document.setPlainText((data / "beschlussvorlage.txt").read_text(encoding="utf-8"))


def fill_plain(window, data) -> None:
    """A template that runs its prompt once (the fake engine's words stream through as they are;
    the summary pipeline keeps only sentences of the document, Einfache Sprache checks each one)."""
    window.select_template("beschlussvorschlag")
    window.input.document.setPlainText((data / "beschlussvorlage.txt").read_text(encoding="utf-8"))


def test_templates_grouped_and_searchable(qtbot, fake_engine):
    """Templates appear under their categories; the search box filters them."""
    window = make_window(qtbot, fake_engine)
    tree = window.picker.tree
    categories = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Schreiben" in categories and "Sitzungen" in categories
    window.picker.search.setText("protokoll")
    visible = [i.text(0) for i in window.picker.items() if not i.isHidden()]
    assert visible == ["Ergebnisprotokoll"]
    window.picker.search.clear()
    assert all(not i.isHidden() for i in window.picker.items())


def test_form_follows_template(qtbot, fake_engine):
    """Selecting a template builds its form from the template's fields."""
    window = make_window(qtbot, fake_engine)
    window.select_template("buergerbrief")
    assert set(window.input.form.editors) == {"anrede", "name", "betreff", "art", "anschrift", "zeichen",
                                              "absender", "anlagen"}  # Bereich: from the letterhead
    assert isinstance(window.input.form.editors["anrede"], QComboBox)
    assert window.input.document_label.text().replace("&", "") == "Stichpunkte:"


def test_streams_cancels_and_saves_with_fake_engine(qtbot, fake_engine, data, tmp_path):
    """Streaming fills the editor; cancel stops; the edited draft saves as .docx."""
    window = make_window(qtbot, fake_engine)
    fill_plain(window, data)
    window.generate()
    assert not window.controls.generate_button.isEnabled() and window.controls.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    assert "Wort39" in window.pane.result.toPlainText()
    fake_engine.words, fake_engine.delay = 1000, 0.01
    window.generate()
    qtbot.waitUntil(lambda: "Wort5" in window.pane.result.toPlainText(), timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.generation is None, timeout=2_000)
    assert "Wort999" not in window.pane.result.toPlainText()
    assert window.controls.generate_button.isEnabled()
    window.pane.result.setPlainText("## Überschrift\n- **fett** bearbeitet")
    path = window.pane.save(path=str(tmp_path / "e.docx"))
    d = docx.Document(path)
    assert [p.style.name for p in d.paragraphs if p.text][:2] == ["Heading 2", "List Bullet"]
    assert any(r.bold and r.text == "fett" for p in d.paragraphs for r in p.runs)


def test_missing_required_field_is_a_message_not_a_crash(qtbot, fake_engine, monkeypatch):
    """A missing required field shows a German warning and keeps what the user typed."""
    window = make_window(qtbot, fake_engine)
    window.select_template("buergerbrief")
    window.input.document.setPlainText("- Punkt eins")
    shown = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning",
                        lambda parent, title, text: shown.append(text))
    window.generate()
    assert shown and "Pflichtfeld" in shown[0]
    assert window.input.document.toPlainText() == "- Punkt eins" and window.generation is None


def test_every_control_has_an_accessible_name(qtbot, fake_engine):
    """Every interactive control has an accessible name (screen readers, UI automation)."""
    window = make_window(qtbot, fake_engine)
    for template_id in ("zusammenfassung", "buergerbrief", "protokoll", "email-antwort"):
        window.select_template(template_id)
        kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QTreeWidget,
                 QAbstractSpinBox)
        for widget in [w for w in window.findChildren(QWidget) if isinstance(w, kinds)]:
            if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
                continue  # inner editors of composite controls
            if widget.isVisibleTo(window):
                assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()}"


def test_keyboard_only_flow(qtbot, fake_engine, data):
    """Ctrl+F reaches the search, Enter-free selection by arrows, Ctrl+Return generates."""
    window = make_window(qtbot, fake_engine)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.picker.search.hasFocus()
    window.input.document.setPlainText("Ein Text zum Zusammenfassen.")
    window.select_template("beschlussvorschlag")
    window.input.document.setFocus()
    qtbot.keyClick(window.input.document, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Wort3" in window.pane.result.toPlainText(), timeout=10_000)
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)


def test_geometry_is_remembered(qtbot, fake_engine):
    """The window opens again with the size it was closed with."""
    window = make_window(qtbot, fake_engine)
    window.resize(790, 560)
    window.close()
    again = make_window(qtbot, FakeEngine())
    assert (again.width(), again.height()) == (790, 560)


@pytest.mark.model
def test_real_model_generate_cancel_and_save(qtbot, engine, data, tmp_path):
    """With the real model: generate a summary, cancel a second run, save and read the .docx."""
    window = make_window(qtbot, engine)
    assert "bereit" in window.session.status.text()
    fill_summary(window, data)
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=180_000)
    first = window.pane.result.toPlainText()
    assert "Worum geht es?" in first and "Marli" in first
    assert "Token/s" in window.controls.speed_status.text()
    panel = window.feedback_panel
    assert panel.isVisible()
    panel.quality_group.button(4).setChecked(True)
    panel.minutes.setValue(10)
    panel.save()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
    from werkstatt.feedback.entry import feedback_path
    from werkstatt.feedback.store import FeedbackStore

    with FeedbackStore(feedback_path(window.policy, window.settings)) as store:
        (row,) = store.entries()
    assert row["model_sha256"] == engine.entry.sha256 and row["tokens_per_second"] > 0
    assert row["input_text"] is None and row["quality"] == 4
    window.generate()
    qtbot.waitUntil(lambda: len(window.pane.result.toPlainText()) > 40, timeout=60_000)
    window.cancel_generation()
    qtbot.waitUntil(lambda: window.generation is None, timeout=2_000)
    assert "abgebrochen" in window.statusBar().currentMessage()
    window.pane.result.setPlainText(first)
    path = window.pane.save(path=str(tmp_path / "zusammenfassung.docx"))
    d = docx.Document(path)
    assert any("Marli" in p.text for p in d.paragraphs)
    assert d.core_properties.identifier == "zusammenfassung"
    assert "model=qwen2.5-coder-0.5b-instruct-q4km" in d.core_properties.keywords


def test_open_several_documents_and_bad_file_keeps_text(qtbot, fake_engine, monkeypatch):
    """Several files load together; a bad file shows a message and keeps the typed text."""
    from pathlib import Path

    office = Path(__file__).resolve().parents[1] / "data" / "office"
    window = make_window(qtbot, fake_engine)
    window.input.open_documents([str(office / "vorlage.odt"), str(office / "terminanfrage.eml")])
    qtbot.waitUntil(lambda: "=== terminanfrage.eml ===" in window.input.document.toPlainText(),
                    timeout=5_000)
    shown = []
    monkeypatch.setattr("ui.tasks.QMessageBox.warning", lambda p, t, text: shown.append(text))
    window.input.document.setPlainText("Mein getippter Text")
    bad = office.parent / "amtstext.txt"
    window.input.open_documents([str(bad), str(office / "README.md.nicht-da.pdf")])
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert "gibt es nicht" in shown[0]
    assert window.input.document.toPlainText() == "Mein getippter Text"


def test_dropping_files_opens_them(qtbot, fake_engine):
    """Files dropped on the document field are read like opened files."""
    from pathlib import Path

    office = Path(__file__).resolve().parents[1] / "data" / "office"
    window = make_window(qtbot, fake_engine)
    window.input.document.files_dropped.emit([str(office / "allris-seite.html")])
    qtbot.waitUntil(lambda: "Vorlage VO/2026/0815" in window.input.document.toPlainText(),
                    timeout=5_000)


def _generate(qtbot, window) -> None:
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)


def window_with_draft(qtbot, engine, text: str) -> MainWindow:
    """A window after a summary was generated, its draft then edited to ``text``."""
    window = make_window(qtbot, engine)
    window.select_template("zusammenfassung")
    window.input.document.setPlainText("Text")
    _generate(qtbot, window)
    window.pane.result.setPlainText(text)
    return window


def test_letter_saves_as_word_and_odf_in_din_layout(qtbot, fake_engine, tmp_path):
    """The edited letter saves as .odt and .docx with letterhead, address field and closing;
    the last format chosen is remembered."""
    from odf import opendocument, teletype
    from odf.table import TableCell
    from odf.text import P

    window = make_window(qtbot, fake_engine)
    window.settings.set("letter_unit", "Bereich Stadtgrün und Verkehr")
    window.select_template("buergerbrief")
    for key, value in (("anrede", "Frau"), ("name", "Muster"), ("betreff", "Ihr Antrag"),
                       ("anschrift", "Musterweg 12\n23552 Lübeck")):
        window.input.form.set_value(key, value)
    window.input.document.setPlainText("Antrag genehmigt")
    _generate(qtbot, window)
    window.pane.result.setPlainText("Sehr geehrte Frau Muster,\n\nIhr Antrag ist **genehmigt**.\n\n"
                               "Mit freundlichen Grüßen\n\nAnna Beispiel")
    odt = window.pane.save(path=str(tmp_path / "brief.odt"))
    assert window.settings.get("export_format") == ".odt"
    doc = opendocument.load(str(odt))
    cells = [teletype.extractText(c) for c in doc.text.getElementsByType(TableCell)]
    assert "Frau Muster" in cells[0] and "23552 Lübeck" in cells[0]
    assert "Bereich Stadtgrün und Verkehr" in " ".join(
        teletype.extractText(p) for p in doc.masterstyles.getElementsByType(P))
    paragraphs = [teletype.extractText(p) for p in doc.text.getElementsByType(P)]
    assert {"Ihr Antrag", "Sehr geehrte Frau Muster,", "Mit freundlichen Grüßen", "Anna Beispiel"} <= set(
        paragraphs)
    word = docx.Document(window.pane.save(path=str(tmp_path / "brief.docx")))
    assert "Frau Muster" in word.tables[0].rows[0].cells[0].text


def test_copy_gives_formatted_and_plain_text(qtbot, fake_engine):
    """Copying puts HTML (for Word and Outlook) and plain text without markers on the clipboard."""
    import shiboken6
    from PySide6.QtGui import QGuiApplication

    window = window_with_draft(qtbot, fake_engine, "## Punkte\n- **Kosten** 1,2 Mio. Euro")
    window.pane.copy()
    mime = QGuiApplication.clipboard().mimeData()
    assert "<b>Kosten</b>" in mime.html() and "<ul>" in mime.html()
    assert mime.text() == "Punkte\n\n- Kosten 1,2 Mio. Euro"
    # Closing hands the text to Qt: mime data made in Python must not outlive the window
    # (the clipboard deletes it after Python has finished, and PySide6 crashes at exit).
    window.close()
    mime = QGuiApplication.clipboard().mimeData()
    assert not shiboken6.Shiboken.createdByPython(mime)
    assert mime.text() == "Punkte\n\n- Kosten 1,2 Mio. Euro"


@pytest.mark.parametrize("take", [True, False])
def test_mail_attachments_offered_and_sources_named(qtbot, fake_engine, tmp_path, monkeypatch, take):
    """Opening an e-mail with readable attachments asks whether to take them; the summary's
    draft names every document it was made from."""
    from PySide6.QtWidgets import QMessageBox

    from tests.werkstatt.test_document_formats import mail_with_attachments

    answer = QMessageBox.StandardButton.Yes if take else QMessageBox.StandardButton.No
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or answer))
    window = make_window(qtbot, fake_engine)
    window.select_template("zusammenfassung")
    window.input.open_documents([str(mail_with_attachments(tmp_path / "unterlagen.eml"))])
    qtbot.waitUntil(lambda: "Unterlagen zur Vorlage" in window.input.document.toPlainText(), timeout=10_000)
    assert "vorlage.pdf" in asked[0] and "foto.png" not in asked[0]
    text = window.input.document.toPlainText()
    assert ("=== unterlagen.eml › vorlage.docx ===" in text) is take
    _generate(qtbot, window)
    expected = ("unterlagen.eml", "unterlagen.eml › vorlage.pdf", "unterlagen.eml › vorlage.docx")
    assert window.pane.draft.documents == (expected if take else expected[:1])


def test_mnemonics_are_unique(qtbot, fake_engine):
    """No two buttons or labels of the main window (feedback panel included) share an
    Alt+letter shortcut, so every one reaches its control."""
    import re

    from PySide6.QtWidgets import QLabel

    window = make_window(qtbot, fake_engine)
    for template in window.templates:
        window.select_template(template.id)
        seen: dict[str, str] = {}
        for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
            if m := re.search(r"&([^&\s])", widget.text()):
                letter = m.group(1).lower()
                assert letter not in seen, f"{template.id}: Alt+{letter}: {seen[letter]} / {widget.text()}"
                seen[letter] = widget.text()
        assert "&" in window.input.document_label.text()


def test_preview_shows_the_formatted_draft(qtbot, fake_engine):
    """Vorschau shows headings, lists and bold as formatting; generating returns to the text."""
    window = window_with_draft(qtbot, fake_engine, "## Punkte\n- **Kosten** 1,2 Mio. Euro")
    assert window.pane.preview_button.text() == "Vorscha&u"
    window.pane.preview_button.click()
    assert window.pane.result_stack.currentWidget() is window.pane.preview
    pane = window.pane
    assert pane.result_label.buddy() is pane.preview and "Vorschau" in pane.result_label.text()
    assert pane.preview.toPlainText().startswith("Punkte") and "**" not in pane.preview.toPlainText()
    assert "font-weight:700" in window.pane.preview.toHtml().replace(" ", "")
    window.generate()
    assert window.pane.result_stack.currentWidget() is window.pane.result
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)


def test_a_name_without_suffix_never_overwrites_silently(qtbot, fake_engine, data, tmp_path,
                                                         monkeypatch):
    """"entwurf" typed in the dialog becomes entwurf.docx: if that exists, the app asks (the
    dialog only asked about "entwurf"); "Nein" keeps the old file."""
    window = make_window(qtbot, fake_engine)
    fill_plain(window, data)
    window.generate()
    qtbot.waitUntil(lambda: window.generation is None, timeout=10_000)
    existing = tmp_path / "entwurf.docx"
    existing.write_bytes(b"alt")
    asked: list[str] = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "entwurf"), "")))
    assert window.pane.save(suffix=".docx") is None
    assert existing.read_bytes() == b"alt" and "entwurf.docx" in asked[0]
