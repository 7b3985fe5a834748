"""Long documents: split at headings/paragraphs, summarise in parts, combine; cancel works."""

from __future__ import annotations

import threading
import time

import pytest

from werkstatt import catalog, pipeline
from werkstatt.engine import Engine
from werkstatt.errors import WerkstattError
from werkstatt.longdoc import split_text
from werkstatt.pipeline import Request
from werkstatt.progress import CancelToken
from werkstatt.templates import get_template


def words(text: str) -> int:
    return len(text.split())


def test_split_respects_limit_headings_and_overlap():
    """Parts stay under the limit, prefer to start at headings, and overlap a little."""
    sections = [f"## Abschnitt {i}\n\n" + " ".join(f"Wort{i}-{j}." for j in range(60))
                for i in range(6)]
    parts = split_text("\n\n".join(sections), 130, words)
    assert len(parts) >= 3 and all(words(p) <= 130 for p in parts)
    assert sum(p.lstrip("[…] ").startswith("## Abschnitt") or "\n\n## Abschnitt" in p
               for p in parts) >= 3
    assert any(p.startswith("[…]") for p in parts[1:])


def test_split_cuts_an_overlong_paragraph_between_sentences():
    """A single paragraph longer than a part is cut at sentence ends."""
    paragraph = " ".join(f"Satz Nummer {i} endet hier." for i in range(100))
    parts = split_text(paragraph, 60, words)
    assert len(parts) > 5 and all(words(p) <= 60 for p in parts)
    assert all(p.rstrip().endswith(".") for p in parts)


@pytest.fixture(scope="module")
def small_engine():
    """The default model with a small context window, to force several parts."""
    engine = Engine(catalog.default_model(), context_tokens=1536)
    engine.load()
    yield engine
    engine.close()


@pytest.mark.model
def test_long_document_in_parts_names_first_and_last_part(small_engine, data):
    """A document three times the context completes, with facts from the first and last part."""
    document = (data / "langer-bericht.txt").read_text(encoding="utf-8")
    assert small_engine.count_tokens(document) > small_engine.n_ctx
    template = get_template("zusammenfassung")
    messages: list[str] = []
    response = pipeline.run(small_engine, Request.build(template, {"laenge": "mittel"}, document),
                            progress=lambda f, m: messages.append(m), seed=1)
    for _ in response:
        pass
    draft = response.draft
    parts = [m for m in messages if m.startswith("Teil ")]
    assert parts[0] == "Teil 1 von 6" and "noch etwa" in parts[1]
    assert "Marli" in draft.text, draft.text
    assert "Hafenbrücke" in draft.text or "Klappbrücke" in draft.text, draft.text


@pytest.mark.model
def test_cancel_during_parts_within_a_second(small_engine, data):
    """Cancelling while parts are summarised stops within a second, without an answer."""
    document = (data / "langer-bericht.txt").read_text(encoding="utf-8")
    template = get_template("zusammenfassung")
    cancel = CancelToken()
    chunks: list[str] = []
    finished: list[float] = []

    def run():
        chunks.extend(pipeline.run(small_engine, Request.build(template, {}, document), cancel))
        finished.append(time.monotonic())

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(4)
    cancelled_at = time.monotonic()
    cancel.cancel()
    worker.join(10)
    assert finished and finished[0] - cancelled_at < 1.0 and chunks == []


@pytest.mark.model
def test_templates_without_long_support_refuse_long_input(small_engine, data):
    """A letter template does not split: notes as long as a report are a clear German error
    before the model is asked (the letter way counts its notes)."""
    document = (data / "langer-bericht.txt").read_text(encoding="utf-8")
    template = get_template("buergerbrief")
    values = {"anrede": "Frau", "name": "Muster", "betreff": "X"}
    with pytest.raises(WerkstattError, match="höchstens .* Stichpunkte|zu lang für einen Brief"):
        list(pipeline.run(small_engine, Request.build(template, values, document)))
