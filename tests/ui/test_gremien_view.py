"""The Gremien window offscreen: import, search with filters, a paper, a council template in
the main window, and a question answered by the real model with clickable sources."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableWidget, QTextBrowser

from tests.werkstatt.gremien import council_data
from tests.werkstatt.gremien.oparl_server import OParlServer
from werkstatt.gremien.library import Library, default_path
from werkstatt.policy import Policy

from .test_main_window import make_window


def _open(qtbot, engine, tmp_path):
    council_data.write(tmp_path / "oparl")
    window = make_window(qtbot, engine)
    gremien = window.show_gremien()
    assert gremien is not None and gremien.library.count() == 0
    task = gremien.import_paths([tmp_path / "oparl"])
    qtbot.waitUntil(lambda: task.finished if hasattr(task, "finished") else
                    gremien.library.count() == 9, timeout=30_000)
    qtbot.waitUntil(lambda: gremien.results.rowCount() == 9, timeout=10_000)
    return window, gremien


def test_search_a_paper_and_hand_it_to_a_template(qtbot, fake_engine, tmp_path):
    window, gremien = _open(qtbot, fake_engine, tmp_path)
    assert default_path().exists()  # the library lives in the user's own folder
    assert not gremien.sync_button.isEnabled()  # no policy names a server
    gremien.query.setText("Krippenplätze")
    gremien.search()
    assert gremien.results.item(0, 0).text() == "VO/2020/09602"
    assert "Beratungsfolge" in gremien.detail.toPlainText()
    assert "Bürgerschaft der Hansestadt Lübeck" in gremien.detail.toPlainText()
    gremien.summary_button.click()
    assert window.input.template.id == "vorlage-zusammenfassen"
    assert "Vorlage: VO/2020/09602" in window.input.text() and window.input.names == ("VO/2020/09602",)
    assert not gremien.changes_button.isEnabled()  # no predecessor in the library
    gremien.query.setText("VO/2022/11008-01")
    gremien.search()
    assert gremien.changes_button.isEnabled()
    gremien.changes_button.click()
    assert window.input.template.id == "aenderungen-vorversion" and "statt „5.000“" in window.input.text()
    gremien.status.setCurrentText("beschlossen")
    gremien.query.setText("")
    gremien.search()
    assert gremien.results.rowCount() == 2
    gremien.date_from.setText("32.13.2020")
    gremien.search()  # a German message, the list unchanged
    assert gremien.results.rowCount() == 2
    gremien.meeting_button.click()
    assert window.input.template.id == "sitzungsvorbereitung" and "TOP 4" in window.input.text()
    related = [r for r in Library(default_path()).search("VO/2022/11008-01")]
    gremien.follow(QUrl(f"paper:{related[0].paper_id}"))
    assert "Verwandte Vorlagen" in gremien.detail.toPlainText()


def test_every_control_has_an_accessible_name(qtbot, fake_engine, tmp_path):
    _, gremien = _open(qtbot, fake_engine, tmp_path)
    for kind in (QAbstractButton, QComboBox, QLineEdit, QTableWidget, QTextBrowser):
        for widget in gremien.findChildren(kind):
            if widget.isVisible() and widget.parent() is not None and not widget.inherits(
                    "QAbstractSpinBox"):
                name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
                assert name, widget


@pytest.mark.model
def test_a_question_is_answered_with_clickable_sources(qtbot, engine, tmp_path):
    _, gremien = _open(qtbot, engine, tmp_path)
    gremien.question.setText("Wie viele zusätzliche Krippenplätze wurden beschlossen?")
    gremien.ask()
    qtbot.waitUntil(lambda: gremien.answer_task is None, timeout=300_000)
    answer = gremien.last_answer
    assert answer.found and "[VO/2020/09602, " in answer.text
    assert "passage:" in gremien.answer.toHtml()
    source = answer.cited()[0]
    gremien.follow(QUrl(f"passage:{source.id}"))
    assert gremien.paper_id == source.paper_id
    gremien.question.setText("Wie hoch ist die Hundesteuer für einen Kampfhund?")
    gremien.ask()  # answered without the model
    assert "steht nichts in den Dokumenten" in gremien.answer.toPlainText()


def test_a_council_template_it_did_not_enable_is_not_handed_over(qtbot, fake_engine, tmp_path,
                                                                   no_machine_policy, monkeypatch):
    no_machine_policy.write_text('enabled_templates = ["zusammenfassung"]\n', encoding="utf-8")
    shown = []
    monkeypatch.setattr("ui.gremien_view.QMessageBox.warning", lambda p, t, text: shown.append(text))
    window, gremien = _open(qtbot, fake_engine, tmp_path)
    gremien.summary_button.click()
    assert shown and "nicht freigegeben" in shown[0]
    assert window.input.template.id != "vorlage-zusammenfassen"
    gremien.question.setText("Wie viele zusätzliche Krippenplätze wurden beschlossen?")
    assert gremien.ask() is None and "nicht freigegeben" in shown[-1]  # the question template too


def test_import_and_answer_can_be_cancelled(qtbot, fake_engine, tmp_path):
    from werkstatt.gremien import synthetic

    window, gremien = _open(qtbot, fake_engine, tmp_path)
    synthetic.write_folder(synthetic.generate(300, seed=3), tmp_path / "gross")
    gremien.import_paths([tmp_path / "gross"])
    assert gremien.cancel_button.isEnabled()
    gremien.cancel_button.click()
    qtbot.waitUntil(lambda: not gremien.running, timeout=30_000)
    assert "abgebrochen" in gremien.state.text() and not gremien.cancel_button.isEnabled()
    assert gremien.import_button.isEnabled()
    gremien.question.setText("Wie viele zusätzliche Krippenplätze wurden beschlossen?")
    gremien.ask()  # the fake engine streams slowly: cancelled while it writes
    qtbot.waitUntil(lambda: bool(gremien.answer.toPlainText()), timeout=10_000)
    gremien.cancel_button.click()
    qtbot.waitUntil(lambda: gremien.answer_task is None, timeout=10_000)
    assert "(abgebrochen)" in gremien.answer.toPlainText()
    assert gremien.ask_button.isEnabled()


def test_a_slow_sync_holds_up_neither_a_document_nor_closing(qtbot, fake_engine, data):
    """A server that drips its answer: the sync runs on the Gremien window's own worker, so a
    document still opens in the main window at once, and closing the app cancels the sync
    and is done within a second or two."""
    server = OParlServer(papers=3).start()
    try:
        server.drip[server.url] = 0.2  # the System, some 400 bytes: over a minute
        window = make_window(qtbot, fake_engine)
        window.policy = Policy(council_sync_hosts=(f"http://{server.host}", server.host))
        gremien = window.show_gremien()
        task = gremien.sync(server.url, confirm=False)
        assert task is not None
        qtbot.waitUntil(lambda: bool(server.requests), timeout=10_000)
        started = time.monotonic()
        window.input.open_documents([str(data / "beschlussvorlage.txt")])
        qtbot.waitUntil(lambda: "Beschluss" in window.input.text(), timeout=10_000)
        opened = time.monotonic() - started
        assert gremien.running  # the sync still waits for the server
        started = time.monotonic()
        window.close()
        closed = time.monotonic() - started
        assert opened < 3.0, opened
        assert closed < 2.5, closed
        assert task.finished_event.is_set()
    finally:
        server.stop()


# issue 26, item 12: the window's rough edges --------------------------------------------------

def _not_downloaded(folder, papers: int = 13):
    """An OParl export whose ``papers`` files were never downloaded: one note each."""
    import json

    base, kind = "https://ris.example.org/oparl", "https://schema.oparl.org/1.1/"
    folder.mkdir(parents=True)
    data = [{"id": f"{base}/paper/{n}", "type": kind + "Paper", "name": f"Radweg Abschnitt {n}",
             "reference": f"VO/2026/{n}", "date": "2026-01-15",
             "mainFile": {"id": f"{base}/file/{n}", "type": kind + "File", "name": "Vorlage",
                          "accessUrl": f"{base}/d/{n}.pdf"}} for n in range(1, papers + 1)]
    (folder / "papers.json").write_text(json.dumps({"data": data, "links": {}}), encoding="utf-8")


def test_every_note_of_an_import_opens_from_the_window_and_stays(qtbot, fake_engine, tmp_path):
    """"13 Hinweise": a button beside the report opens every note (not the first ten), by
    keyboard, each control named; the notes can be opened again after the window was closed."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.gremien_notes import NotesDialog
    from ui.gremien_view import GremienWindow

    _not_downloaded(tmp_path / "export")
    window = make_window(qtbot, fake_engine)
    gremien = window.show_gremien()
    assert not gremien.notes_button.isVisible()  # no import yet: nothing to show
    gremien.import_paths([tmp_path / "export"])
    qtbot.waitUntil(lambda: gremien.library.count() == 13 and not gremien.running, timeout=30_000)
    assert gremien.state.text().endswith("; 13 Hinweise.")
    button = gremien.notes_button
    assert button.isVisible() and button.text() == "13 &Hinweise …" and button.accessibleName()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = gremien.findChild(NotesDialog)
    assert dialog is not None and dialog.isVisible()
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert notes == [f"VO/2026/{n}: Datei nicht heruntergeladen." for n in range(1, 14)]
    assert "13 Hinweise" in dialog.heading.text() and "13 Vorlagen" in dialog.heading.text()
    for control in (dialog.notes, dialog.copy_button, dialog.close_button):
        assert control.accessibleName() and control.focusPolicy() & Qt.FocusPolicy.TabFocus
    dialog.copy_button.click()
    assert QApplication.clipboard().text().count("nicht heruntergeladen") == 13
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    gremien.close()
    again = GremienWindow(window)  # a new window (or the app the next day) on the same library
    qtbot.addWidget(again)
    again.show()
    assert again.notes_button.isVisible() and again.notes_button.text() == "13 &Hinweise …"
    assert again.show_notes().notes.count() == 13


def test_a_sync_keeps_its_own_notes_with_the_import(qtbot, fake_engine):
    """A file the sync skipped (over the policy's size) and the import's note about it: both in
    the notes, the sync's first."""
    server = OParlServer(papers=3).start()
    try:
        big = server.corpus.papers[1]
        big["mainFile"]["size"] = 3 * 2**20
        window = make_window(qtbot, fake_engine)
        window.policy = Policy(council_sync_hosts=(f"http://{server.host}",), council_max_file_mb=1)
        gremien = window.show_gremien()
        task = gremien.sync(server.url, confirm=False)
        qtbot.waitUntil(lambda: task.finished_event.is_set() and not gremien.running, timeout=60_000)
        notes = gremien.show_notes().notes
        texts = [notes.item(i).text() for i in range(notes.count())]
        assert len(texts) == 2 and "übersprungen (höchstens 1 MB)" in texts[0], texts
        assert texts[1] == f"{big['reference']}: Datei nicht heruntergeladen."
        assert gremien.notes_button.text() == "2 &Hinweise …"
    finally:
        server.stop()


def test_a_paper_reads_as_german_with_each_file_once_and_named_relatives(qtbot, fake_engine,
                                                                          tmp_path):
    """The specification's example paper: its attachment once (the one with text), no
    "0 Zeichen", a Beratungsfolge without a dangling "–", the date as TT.MM.JJJJ, the related
    paper not in the library in words with its URL as a tooltip; a relative in the library is a
    link by its reference."""
    import re
    from pathlib import Path

    from PySide6.QtGui import QTextDocument

    _, gremien = _open(qtbot, fake_engine, tmp_path)
    task = gremien.import_paths([Path(__file__).resolve().parents[1] / "data" / "oparl" / "examples"])
    qtbot.waitUntil(lambda: gremien.library.count() == 10 and not gremien.running, timeout=30_000)
    assert task is not None
    gremien.show_paper("https://oparl.example.org/paper/749")
    text = gremien.detail.toPlainText()
    assert text.count("Anlage 1 zur Anfrage") == 1 and "Anlage 1 zur Anfrage (44 Zeichen)" in text
    assert not re.search(r"(?<![\d.])0 Zeichen", text)
    assert "Gremium nicht angegeben (Beschlussfassung)" in text
    assert not re.search(r"(^|\s)–(\s|$)", text, re.MULTILINE), text
    assert "Beantwortung einer Anfrage vom 04.04.2014" in text and "2014-04-04" not in text
    assert "Vorlage (nicht in der Bibliothek)" in text and "https://" not in text
    found = gremien.detail.document().find("Vorlage (nicht in der Bibliothek)", 0,
                                           QTextDocument.FindFlag(0))
    found.setPosition(found.selectionStart() + 1)
    assert found.charFormat().toolTip() == "https://oparl.example.org/paper/699"
    housing = gremien.library.search("VO/2022/11008-01")[0]
    gremien.show_paper(housing.paper_id)
    html_text = gremien.detail.toHtml()
    assert re.search(r"<a href=\"paper:[^\"]+\"[^>]*>(<span[^>]*>)?VO/2022/11008<", html_text)
    assert "Verwandte Vorlagen" in gremien.detail.toPlainText()
    meeting = gremien.meeting.itemText(0)
    assert meeting == "04.12.2025 20. Sitzung der Bürgerschaft (4 TOP)"
