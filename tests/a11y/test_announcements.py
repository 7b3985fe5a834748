"""What a screen reader hears while work runs (issue 30, item 2): the start, progress in steps,
the end with the length and the Quellenabgleich's verdict, a cancel and an error of a draft,
and an import in the Gremien window, heard by listening on the AT-SPI bus."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

import ui.announce
from werkstatt.errors import EngineFailure

from .atspi import Listener
from .every_window import DATA

pytestmark = pytest.mark.atspi


def both_ways(events: list[dict]) -> tuple[list[str], list[str]]:
    """The texts announced (Qt's announcement event) and shown (Orca 43 hears the notification)."""
    said = [e["data"] for e in events if e["type"] == "object:announcement"]
    shown = [e["name"] for e in events if e["type"] == "object:state-changed:showing"
             and e["role"] == "notification" and e["detail1"]]
    return said, shown


def announced(events: list[dict]) -> list[str]:
    """The texts announced; both ways say the same, in the same order."""
    said, shown = both_ways(events)
    assert said == shown
    return said


def heard(check) -> object:  # noqa: ANN001
    """A condition for ``Listener.wait_for``: ``check`` holds for a text heard both ways (the
    two events of one announcement come a moment apart)."""
    return lambda events: all(any(check(t) for t in way) for way in both_ways(events))


def generate(window, qtbot) -> None:
    window.select_template("beschlussvorschlag")
    window.input.document.setPlainText((DATA / "beschlussvorlage.txt").read_text(encoding="utf-8"))
    qtbot.keyClick(window.controls.generate_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.clause("11.4.1.3")
def test_a_draft_is_announced_from_start_to_end(main_window, qtbot, fake_engine, monkeypatch,
                                                artifacts):
    """Start, „… Wörter bisher“ every step (not every token), and the end with the length and
    the Quellenabgleich's verdict; the events are kept as an artefact."""
    monkeypatch.setattr(ui.announce, "PROGRESS_SECONDS", 0.5)
    fake_engine.words, fake_engine.delay = 60, 0.03  # about two seconds of streaming
    with Listener(artifacts / "announcements-draft.jsonl", main_window.announcer.say) as bus:
        generate(main_window, qtbot)
        bus.wait_for(heard(lambda t: "Entwurf fertig" in t))
    said = announced(bus.events)
    assert said[0] == "Entwurf „Beschlussvorschlag herausarbeiten“ wird geschrieben. Abbrechen mit Escape."
    progress = [t for t in said if t.endswith("bisher.")]
    assert 2 <= len(progress) <= 6, said  # steps, not 60 tokens
    words = len(main_window.pane.result.toPlainText().split())
    assert said[-1].startswith(f"Entwurf fertig: {words} Wörter. Quellenabgleich: ")
    assert said[-1].endswith("Bitte den Entwurf prüfen.")


@pytest.mark.clause("11.4.1.3")
def test_cancel_and_error_are_announced_at_once(main_window, qtbot, fake_engine, monkeypatch,
                                                artifacts):
    """Esc while a draft streams: „Erzeugung abgebrochen; … bleiben im Entwurf.“ (assertive);
    an engine that breaks down: „Fehler: …“."""
    fake_engine.words, fake_engine.delay = 400, 0.02
    with Listener(artifacts / "announcements-cancel.jsonl", main_window.announcer.say) as bus:
        generate(main_window, qtbot)
        qtbot.waitUntil(lambda: bool(main_window.pane.result.toPlainText()), timeout=10_000)
        qtbot.keyClick(main_window.controls.cancel_button, Qt.Key.Key_Escape)
        bus.wait_for(heard(lambda t: "abgebrochen" in t))

        def broken(*_args, **_kwargs):
            raise EngineFailure("Die KI-Engine ist unerwartet beendet worden.")
            yield ""

        monkeypatch.setattr(fake_engine, "stream", broken)
        generate(main_window, qtbot)
        bus.wait_for(heard(lambda t: t.startswith("Fehler:")))
        qtbot.wait(300)  # whatever came after the error is heard too
    said = announced(bus.events)
    cancelled = next(t for t in said if "abgebrochen" in t)
    assert cancelled.startswith("Erzeugung abgebrochen; ") and cancelled.endswith("bleiben im Entwurf.")
    assert "Fehler: Die KI-Engine ist unerwartet beendet worden." in said
    assert not any(t.startswith("Entwurf fertig") for t in said)  # a broken draft is not "fertig"


@pytest.mark.clause("11.4.1.3")
def test_a_council_import_is_announced(main_window, qtbot, tmp_path, artifacts):
    """Importing papers in the Gremien window: „Import läuft …“, then „Import fertig: …“."""
    from tests.werkstatt.gremien import council_data

    council_data.write(tmp_path / "oparl")
    gremien = main_window.show_gremien()
    with Listener(artifacts / "announcements-import.jsonl", main_window.announcer.say) as bus:
        gremien.import_paths([tmp_path / "oparl"])
        bus.wait_for(heard(lambda t: t.startswith("Import fertig")))
    said = announced(bus.events)
    assert said[0] == "Import läuft. Abbrechen mit Alt+R."
    assert said[-1].startswith("Import fertig: ") and "9" in said[-1]


def test_without_the_announcer_the_listener_hears_nothing(main_window, qtbot, monkeypatch,
                                                          artifacts):
    """With announcing switched off the same draft is silent on the bus (the check can fail)."""
    monkeypatch.setattr(ui.announce.Announcer, "say", lambda self, text, urgent=False: None)
    with Listener(artifacts / "announcements-silent.jsonl") as bus:
        generate(main_window, qtbot)
        qtbot.waitUntil(lambda: main_window.generation is None, timeout=20_000)
        qtbot.wait(300)
    assert announced(bus.read()) == []
    (artifacts / "announcements-silent.json").write_text(json.dumps(bus.events), encoding="utf-8")
