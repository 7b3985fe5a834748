"""Keyboard only, every task (issue 30, item 3; EN 301 549 11.2.1.1): each task done with key
presses on the focused widget alone, its result checked on what the app made (the form's
values, a .docx read back, the feedback database's row, the record of the KI-Pass)."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from werkstatt.feedback.entry import feedback_path
from werkstatt.feedback.store import FeedbackStore

from .conftest import FakeEngine
from .keyboard import ALT, CTRL, activate, file_dialogs, focused, menu, press, type_text
from .test_main_window import make_window

pytestmark = pytest.mark.clause("11.2.1.1")
K = Qt.Key


@pytest.fixture
def window(qtbot, fake_engine):
    """The main window, active, its model (the fake engine) ready."""
    main = make_window(qtbot, fake_engine)
    activate(qtbot, main)
    yield main
    main.shutdown()


def pick(qtbot, window, words: str) -> None:
    """Strg+F, the words, Enter: the first matching template is chosen."""
    press(qtbot, K.Key_F, CTRL)
    press(qtbot, K.Key_A, CTRL)
    type_text(qtbot, words)
    press(qtbot, K.Key_Return)


def tab_to(qtbot, *targets) -> None:
    """Tab until the focus is on one of ``targets`` (at most 40 presses)."""
    for _ in range(40):
        if focused() in targets:
            return
        press(qtbot, K.Key_Tab)
    raise AssertionError(f"Tab did not reach {targets[0].accessibleName() or targets[0]}")


def to_document(qtbot, window) -> None:
    """Tab from the template list on to the document field."""
    tab_to(qtbot, window.input.document)


def draft(qtbot, window, text: str = "Die Stadt plant drei neue Radwege.") -> None:
    """A Beschlussvorschlag from typed text: Tab to the document, type, Strg+Eingabe."""
    pick(qtbot, window, "beschlussvorschlag")
    to_document(qtbot, window)
    type_text(qtbot, text)
    press(qtbot, K.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.generation is None and window.pane.draft is not None, timeout=8_000)


def test_pick_a_template_by_search(qtbot, window):
    """Strg+F, „protokoll“, Enter: the Ergebnisprotokoll is chosen and the list has the focus;
    the arrow keys move on to the next template."""
    pick(qtbot, window, "protokoll")
    assert window.input.template.id == "protokoll"
    assert focused() is window.picker.tree
    press(qtbot, K.Key_F, CTRL)
    press(qtbot, K.Key_A, CTRL)
    press(qtbot, K.Key_Delete)
    press(qtbot, K.Key_Down)  # from the search box into the list
    assert focused() is window.picker.tree
    press(qtbot, K.Key_End)  # the arrow keys and Pos1/Ende move through the list
    last = window.picker.items()[-1]
    assert window.input.template.title == last.text(0) != "Ergebnisprotokoll"


def test_fill_a_letter_by_tab_and_arrows(qtbot, window):
    """The Bürgerbrief's form: Tab through the fields, the Anrede and the kind of letter by the
    arrow keys, a two-line address typed with Enter, Tab out of it to the next field."""
    pick(qtbot, window, "buergerbrief")
    assert window.input.template.id == "buergerbrief"
    press(qtbot, K.Key_Tab)
    assert focused().accessibleName() == "Anrede"
    press(qtbot, K.Key_Down)  # Frau -> Herr
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "Mustermann")
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "Ihr Antrag vom 3. November")
    press(qtbot, K.Key_Tab)
    press(qtbot, K.Key_Down)  # Eingangsbestätigung -> Bewilligung
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "Musterweg 12")
    press(qtbot, K.Key_Return)
    type_text(qtbot, "23552 Luebeck")
    press(qtbot, K.Key_Tab)  # out of the multi-line field, on to the next
    type_text(qtbot, "66.3-2026/114")
    values = window.input.form.values()
    assert values["anrede"] == "Herr" and values["name"] == "Mustermann"
    assert values["betreff"] == "Ihr Antrag vom 3. November" and values["art"] == "Bewilligung"
    assert values["anschrift"] == "Musterweg 12\n23552 Luebeck" and values["zeichen"] == "66.3-2026/114"


def test_open_a_file_by_ctrl_o(qtbot, window, tmp_path):
    """Strg+O, the path typed into the file dialog, Enter: the document's text is in the field."""
    source = tmp_path / "antrag.txt"
    source.write_text("Antrag auf Sondernutzung der Gehwegflaeche.", encoding="utf-8")
    pick(qtbot, window, "zusammenfassung")
    with file_dialogs(qtbot, str(source)) as seen:
        press(qtbot, K.Key_O, CTRL)
    assert seen == ["Dokumente öffnen"]
    qtbot.waitUntil(lambda: "Sondernutzung" in window.input.document.toPlainText(), timeout=5_000)
    assert window.input.names == ("antrag.txt",)


def test_generate_by_ctrl_return(qtbot, window):
    """Typed text and Strg+Eingabe write a draft; the feedback form asks for a rating."""
    draft(qtbot, window)
    assert "Wort3" in window.pane.result.toPlainText()
    qtbot.waitUntil(window.feedback_panel.isVisible, timeout=2_000)


def test_cancel_by_esc(qtbot, tmp_path):
    """Esc while the draft streams stops it and says so."""
    main = make_window(qtbot, FakeEngine(words=400, delay=0.02))
    activate(qtbot, main)
    pick(qtbot, main, "beschlussvorschlag")
    to_document(qtbot, main)
    type_text(qtbot, "Die Stadt plant drei neue Radwege.")
    press(qtbot, K.Key_Return, CTRL)
    qtbot.waitUntil(lambda: "Wort3" in main.pane.result.toPlainText(), timeout=5_000)
    print("esc now", focused())
    press(qtbot, K.Key_Escape)
    qtbot.waitUntil(lambda: main.generation is None, timeout=3_000)
    assert "abgebrochen" in main.statusBar().currentMessage()
    assert "Wort399" not in main.pane.result.toPlainText()
    main.shutdown()


def test_edit_the_draft_and_save_it_as_docx(qtbot, window, tmp_path):
    """Alt+N into the draft, Strg+Ende, typed words; Strg+S and a typed name write a .docx that
    holds the edit (read back with python-docx)."""
    draft(qtbot, window)
    press(qtbot, K.Key_N, ALT)
    assert focused() is window.pane.result
    press(qtbot, K.Key_End, CTRL)
    type_text(qtbot, " Von Hand ergaenzt.")
    target = tmp_path / "entwurf.docx"
    with file_dialogs(qtbot, str(target)) as seen:
        press(qtbot, K.Key_S, CTRL)
    assert seen == ["Entwurf speichern"]
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Von Hand ergaenzt." in text and "Wort3" in text


def test_rate_the_draft_and_save_the_rating(qtbot, window):
    """Strg+B to the rating, 4, Alt+W for the details, Tab to the minutes, 10, Enter: the row in
    the feedback database has quality 4 and 10 minutes."""
    draft(qtbot, window)
    qtbot.waitUntil(window.feedback_panel.isVisible, timeout=2_000)
    press(qtbot, K.Key_B, CTRL)
    assert focused() in window.feedback_panel.quality_group.buttons()
    press(qtbot, K.Key_4)
    press(qtbot, K.Key_W, ALT)  # a button's Alt key clicks it after a short flash
    qtbot.waitUntil(window.feedback_panel.minutes.isVisible, timeout=2_000)
    tab_to(qtbot, window.feedback_panel.minutes)
    press(qtbot, K.Key_A, CTRL)
    type_text(qtbot, "10")
    press(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: not window.feedback_panel.isVisible(), timeout=5_000)
    with FeedbackStore(feedback_path(window.policy, window.settings)) as store:
        (row,) = store.entries()
    assert row["quality"] == 4 and row["minutes_saved"] == 10


def test_open_an_earlier_draft_from_the_verlauf(qtbot, window):
    """Two drafts, the first edited; Alt+R to the Verlauf and an arrow key bring the first back."""
    draft(qtbot, window)
    press(qtbot, K.Key_N, ALT)
    press(qtbot, K.Key_End, CTRL)
    type_text(qtbot, " Erste Fassung.")
    press(qtbot, K.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.generation is None and "Erste" not in window.pane.result.toPlainText(),
                    timeout=8_000)
    press(qtbot, K.Key_R, ALT)
    assert focused() is window.pane.history and isinstance(focused(), QComboBox)
    index = window.pane.history.currentIndex()
    press(qtbot, K.Key_Down if index == 0 else K.Key_Up)
    assert "Erste Fassung." in window.pane.result.toPlainText()


def test_the_gremien_window_search_ask_and_hand_over(qtbot, window, tmp_path):
    """Strg+G opens the council library; Alt+C, an Aktenzeichen and Enter find the paper, Alt+G
    and a question with Enter get an answer, Alt+Z hands the paper to the summary template."""
    from tests.werkstatt.gremien import council_data
    from werkstatt.gremien.library import Library, default_path

    council_data.write(tmp_path / "oparl")
    with Library(default_path()) as library:
        library.import_paths([tmp_path / "oparl"])
    press(qtbot, K.Key_G, CTRL)
    gremien = window.gremien
    assert gremien is not None
    activate(qtbot, gremien)
    press(qtbot, K.Key_C, ALT)
    assert focused() is gremien.query
    type_text(qtbot, "VO/2020/09602")
    press(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: gremien.results.rowCount() >= 1, timeout=5_000)
    assert gremien.results.item(0, 0).text() == "VO/2020/09602"
    assert "Beratungsfolge" in gremien.detail.toPlainText()
    press(qtbot, K.Key_G, ALT)
    assert focused() is gremien.question
    type_text(qtbot, "Wie viele Krippenplaetze sollen entstehen?")
    press(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: gremien.answer_task is None and gremien.last_answer is not None,
                    timeout=8_000)
    assert gremien.answer.toPlainText().strip()
    press(qtbot, K.Key_Z, ALT)  # a button's Alt key clicks it after a short flash
    qtbot.waitUntil(lambda: window.input.template.id == "vorlage-zusammenfassen", timeout=2_000)
    assert "Vorlage: VO/2020/09602" in window.input.text()


def test_merge_feedback_and_write_the_report(qtbot, window, tmp_path):
    """Datei → Auswertung by Alt+D, A; Alt+Z merges two typed files into a typed target, Alt+S
    writes the report as .docx (read back with python-docx)."""
    from werkstatt.feedback.demo import write_demo

    write_demo(tmp_path / "a.sqlite", 30, seed=1)
    write_demo(tmp_path / "b.sqlite", 20, seed=2)
    menu(qtbot, window, K.Key_D, K.Key_A)
    evaluation = window.evaluation
    assert evaluation is not None
    activate(qtbot, evaluation)
    with file_dialogs(qtbot, str(tmp_path), '"a.sqlite" "b.sqlite"', str(tmp_path / "pilot.sqlite")):
        press(qtbot, K.Key_Z, ALT)
        qtbot.waitUntil(lambda: evaluation.report is not None, timeout=8_000)
    assert evaluation.template_table.rowCount() > 0
    activate(qtbot, evaluation)  # the window manager's part: back to the window after the dialog
    target = tmp_path / "bericht.docx"
    with file_dialogs(qtbot, str(target)):
        press(qtbot, K.Key_S, ALT)
        qtbot.waitUntil(target.exists, timeout=8_000)
    qtbot.waitUntil(lambda: len(docx.Document(str(target)).paragraphs) > 3, timeout=3_000)


def test_take_the_ki_pass_quiz(qtbot, window):
    """Hilfe → KI-Pass by Alt+H, K; Alt+W through the pages, the quiz answered with Tab and the
    arrow keys, the checklist ticked with Space, „KI-Pass abschließen“: the record has it."""
    from ui.kipass_dialog import KiPassDialog

    menu(qtbot, window, K.Key_H, K.Key_K)
    dialog = next(d for d in window.findChildren(KiPassDialog) if d.isVisible())
    activate(qtbot, dialog)
    for _page in range(20):
        if dialog.stack.currentWidget() is dialog.quiz_area:
            break
        press(qtbot, K.Key_W, ALT)  # "Weiter", the last page's "Zum Test" by Alt+T
        if dialog.next.text() == "Zum &Test":
            press(qtbot, K.Key_T, ALT)
        qtbot.wait(150)
    for number, question in enumerate(dialog.quiz):
        group = dialog.groups[number]
        tab_to(qtbot, *group.buttons())
        press(qtbot, K.Key_Space)  # the first answer ...
        for _ in range(group.buttons().index(focused()), question.correct):
            press(qtbot, K.Key_Down)  # ... then down to the right one
        assert group.checkedId() == question.correct
    press(qtbot, K.Key_A, ALT)  # Auswerten
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.passed, timeout=2_000)
    press(qtbot, K.Key_W, ALT)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 3, timeout=2_000)
    for box in dialog.checks:
        tab_to(qtbot, box)
        press(qtbot, K.Key_Space)
    press(qtbot, K.Key_A, ALT)  # KI-Pass abschließen
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
    assert window.record.data.get("kipass")


def test_accept_the_usage_rules(qtbot, fake_engine):
    """At the first start the rules come up by themselves; Alt+G ticks „gelesen“, Alt+B
    confirms: the record holds this version of the rules."""
    from ui.rules_dialog import RulesDialog
    from werkstatt.governance import Record, load_rules

    record = Record()
    record.data.pop("rules", None)
    record._save()  # as before the first start
    assert not Record().has_acknowledged(load_rules())
    main = make_window(qtbot, fake_engine)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main.findChildren(RulesDialog)), timeout=3_000)
    dialog = next(d for d in main.findChildren(RulesDialog) if d.isVisible())
    activate(qtbot, dialog)
    press(qtbot, K.Key_G, ALT)  # a check box's Alt key ticks it after a short flash
    qtbot.waitUntil(dialog.confirm.isChecked, timeout=2_000)
    press(qtbot, K.Key_B, ALT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
    assert main.record.has_acknowledged(main.rules)
    main.shutdown()


WINDOWS = {  # what tests/a11y/every_window.py opens, each on its own (the concept window aside)
    "main": lambda window, path: window,
    "gremien": lambda window, path: window.show_gremien(),
    "auswertung": lambda window, path: window.show_evaluation(),
    "meine-daten": lambda window, path: window.show_my_data(),
    "ki-pass": lambda window, path: window.show_kipass(),
    "regeln": lambda window, path: window.show_rules(),
    "einstellungen": lambda window, path: window.show_settings(),
    "modelle": lambda window, path: window.show_models(),
    "systempruefung": lambda window, path: window.show_system_check(),
    "erklaerung": lambda window, path: window.show_accessibility_statement(),
    "briefkopf": lambda window, path: __import__("ui.settings_dialog", fromlist=["x"]).LetterheadDialog(
        window.settings, window.policy, window),
}


LINKS = 12  # Tab stops a read-only text may hold (its links) before Tab must leave it


def tab_walk(qtbot, top) -> tuple[list, list[str]]:
    """Tab from the window's first stop until the focus comes back: the stops, and each stop
    the Tab key did not leave (a trap) or that shows no focus ring."""
    from tests.a11y.test_seeing import ring_shown

    press(qtbot, K.Key_Tab)
    first, stops, faults = focused(), [], []
    for _ in range(80):
        widget = focused()
        stops.append(widget)
        whole = widget.visibleRegion().boundingRect() == widget.rect()  # not scrolled half away
        if whole and widget.width() > 12 and not ring_shown(top, widget):
            faults.append(f"kein Fokusrahmen: {widget.accessibleName() or type(widget).__name__}")
        for _link in range(LINKS):  # a text's links are Tab stops inside it, then Tab leaves
            press(qtbot, K.Key_Tab)
            if focused() is not widget:
                break
        else:
            faults.append(f"Tab bleibt hängen: {widget.accessibleName() or type(widget).__name__}")
            break
        if focused() is first:
            return stops, faults
    return stops, [*faults, "Tab kommt nicht zum Anfang zurück"]


@pytest.mark.clause("11.2.1.2", "11.2.4.7")
@pytest.mark.parametrize("name", sorted(WINDOWS))
def test_no_keyboard_trap_and_a_visible_focus(qtbot, window, tmp_path, name):
    """Tab goes round every window and dialog and leaves each control (multi-line editors pass
    Tab on), each stop shows the focus ring, and Esc closes a dialog."""
    from PySide6.QtWidgets import QDialog, QTextEdit

    if name == "main":
        draft(qtbot, window)
    top = WINDOWS[name](window, tmp_path)
    top.show()
    qtbot.waitExposed(top)
    activate(qtbot, top)
    editors = [e for e in [*top.findChildren(QPlainTextEdit), *top.findChildren(QTextEdit)]
               if e.isVisible() and not e.isReadOnly()]  # read-only: Tab walks the links
    assert [e.accessibleName() for e in editors if not e.tabChangesFocus()] == []
    stops, faults = tab_walk(qtbot, top)
    assert faults == []
    assert len(set(stops)) >= 2
    if isinstance(top, QDialog):
        press(qtbot, K.Key_Escape)
        qtbot.waitUntil(lambda: not top.isVisible(), timeout=2_000)
