"""Frage an die Dokumente: retrieval, checked citations, "not in the documents", the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkstatt.cli import main
from werkstatt.errors import WerkstattError
from werkstatt.governance import Record
from werkstatt.gremien import ask
from werkstatt.gremien.library import Library, Passage
from werkstatt.policy import Policy

from . import council_data

KRIPPEN = "Wie viele zusätzliche Krippenplätze wurden beschlossen?"
UNRELATED = "Wie hoch ist die Hundesteuer für einen Kampfhund?"


@pytest.fixture
def library_file(tmp_path):
    council_data.write(tmp_path / "oparl")
    path = tmp_path / "gremien.sqlite"
    with Library(path) as lib:
        lib.import_paths([tmp_path / "oparl"])
    return path


PASSAGE = Passage(1, "p", "VO/2025/1", "Task Force", "Beschluss",
                  "Die Task Force soll Lösungen erarbeiten. Die Ergebnisse sind bis Juni 2026 "
                  "vorzulegen.")


def test_citations_are_checked_against_the_passages_given():
    answer = ask.finish("Was soll die Task Force tun?",
                        "1. Die Task Force soll Lösungen erarbeiten.\n"
                        "2. Die Ergebnisse sind bis Juni 2026 vorzulegen [VO/9999/9, Anlage].\n"
                        "3. Die Task Force soll Lösungen erarbeiten.", [PASSAGE])
    assert answer.text.splitlines() == [
        "Die Task Force soll Lösungen erarbeiten [VO/2025/1, Beschluss].",  # added
        "Die Ergebnisse sind bis Juni 2026 vorzulegen [VO/2025/1, Beschluss]."]  # invented: replaced
    assert answer.cited() == [PASSAGE]


def test_a_figure_no_passage_has_is_not_passed_off_as_sourced():
    answer = ask.finish("Was kostet die Task Force?", "Die Task Force kostet 5 Millionen Euro.",
                        [PASSAGE])
    assert "5 Millionen" not in answer.text and answer.quoted  # the passages' own sentences
    assert answer.text.startswith("Die Dokumente sagen dazu:")
    partly = ask.finish("Was soll die Task Force tun?", "Die Task Force soll Lösungen "
                        "erarbeiten. Sie bekommt 12 Mitglieder.", [PASSAGE])
    assert partly.text.splitlines()[1] == f"Sie bekommt 12 Mitglieder {ask.UNSUPPORTED}."


def test_the_model_saying_nothing_falls_back_to_the_best_sentences():
    answer = ask.finish("Was soll die Task Force tun?", "Dazu steht nichts in den Dokumenten.",
                        [PASSAGE])
    assert answer.found and "[VO/2025/1, Beschluss]" in answer.text


EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "oparl" / "examples"
PLAN = "Was zeigt der Übersichtsplan?"


@pytest.fixture
def example_library(tmp_path):
    """OParl's example paper 1234/2014, whose file's text ends "alle Ebenen des ..."."""
    with Library(tmp_path / "example.sqlite") as lib:
        lib.import_paths([EXAMPLES])
        yield lib


def test_a_quote_cut_in_its_source_ends_after_a_whole_word_without_a_double_dot(example_library):
    """The source's "des ..." reaches the model, the quoted fallback and the checked answer as
    "des …": the model's "des.." or "des..." (issue 26, item 12) never shows as "des.."."""
    passages = ask.retrieve(example_library, PLAN)
    assert ask.excerpts(PLAN, passages) == \
        "[1234/2014, Abschnitt 1] Der Übersichtsplan zeigt alle Ebenen des …"
    assert ask.extractive(PLAN, passages).text.splitlines()[1] == \
        "„Der Übersichtsplan zeigt alle Ebenen des …“ [1234/2014, Abschnitt 1]."
    for written in ("…alle Ebenen des.. [1234/2014, Abschnitt 1]",
                    "...alle Ebenen des... [1234/2014, Abschnitt 1]",
                    "... alle Ebenen des ..."):
        answer = ask.finish(PLAN, written, passages)
        assert answer.text == "… alle Ebenen des … [1234/2014, Abschnitt 1].", written
    answer = ask.finish(PLAN, "Der Übersichtsplan zeigt alle Ebenen des.. [1234/2014, Abschnitt 1]",
                        passages)
    assert answer.text == "Der Übersichtsplan zeigt alle Ebenen des … [1234/2014, Abschnitt 1]."
    assert answer.cited() == passages[:1]


def test_an_answer_that_ran_out_of_tokens_ends_after_a_whole_word():
    """The model stopped at ``max_tokens`` inside a word: that word goes, " …" marks the cut."""
    from werkstatt.drafting import Draft
    from werkstatt.engine.contract import Stats
    from werkstatt.templates import get_template

    draft = Draft(get_template(ask.TEMPLATE), {}, "test", stats=Stats(finish_reason="length"))
    answer = ask.finish("Was soll die Task Force tun?", "Die Task Force soll Lösungen erarb",
                        [PASSAGE], draft)
    assert answer.text == "Die Task Force soll Lösungen … [VO/2025/1, Beschluss]."
    whole = ask.finish("Was soll die Task Force tun?", "Die Task Force soll Lösungen erarbeiten",
                       [PASSAGE])  # it ended there: nothing is cut
    assert whole.text == "Die Task Force soll Lösungen erarbeiten [VO/2025/1, Beschluss]"


@pytest.mark.model
def test_the_model_quoting_a_cut_source_writes_no_double_dot(example_library, engine):
    """The real model answers from "alle Ebenen des ...": no ".." and every "…" after a whole
    word or at the start."""
    passages = ask.retrieve(example_library, PLAN)
    request = ask.request(Policy(), Record(), PLAN, passages)
    *_, answer = list(ask.stream(engine, request, passages, seed=1))
    assert isinstance(answer, ask.Answer) and answer.found
    assert ".." not in answer.text, answer.text
    assert all(i == 0 or answer.text[i - 1] in " „(\n" for i, c in enumerate(answer.text)
               if c == "…"), answer.text


def test_a_question_the_documents_do_not_answer_needs_no_model(library_file, capsys):
    with Library(library_file) as lib:
        assert ask.retrieve(lib, UNRELATED) == []
    code = main(["gremien", "ask", UNRELATED, "--library", str(library_file)])
    out, _ = capsys.readouterr()
    assert code == 0 and out.strip() == ask.NOT_FOUND
    with Library(library_file) as lib, pytest.raises(WerkstattError, match="Suchwörtern"):
        ask.retrieve(lib, "Was ist das?")


def test_the_question_template_obeys_the_policy(library_file):
    with Library(library_file) as lib:
        passages = ask.retrieve(lib, KRIPPEN)
    with pytest.raises(WerkstattError, match="nicht freigegeben"):
        ask.request(Policy(enabled_templates=("zusammenfassung",)), Record(), KRIPPEN, passages)


@pytest.mark.model
def test_a_question_is_answered_with_a_citation_of_the_right_paper(library_file, engine):
    with Library(library_file) as lib:
        passages = ask.retrieve(lib, KRIPPEN)
    assert passages[0].reference == "VO/2020/09602"
    request = ask.request(Policy(), Record(), KRIPPEN, passages)
    *chunks, answer = list(ask.stream(engine, request, passages, seed=1))
    assert isinstance(answer, ask.Answer) and answer.found
    assert "250" in answer.text
    assert "[VO/2020/09602, " in answer.text
    assert {p.reference for p in answer.cited()} == {"VO/2020/09602"}


def test_cli_import_search_show_and_meetings(tmp_path, capsys):
    council_data.write(tmp_path / "oparl")
    library = str(tmp_path / "lib.sqlite")
    assert main(["gremien", "import", str(tmp_path / "oparl"), "--library", library]) == 0
    assert "9 Vorlagen" in capsys.readouterr().out
    assert main(["gremien", "search", "Krippenplätze", "--library", library]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.split("\t") == ["VO/2020/09602", "2025-06-15", first.split("\t")[2]]
    assert first.split("\t")[2].startswith("Antwort auf die Anfrage")
    assert main(["gremien", "search", "Hundesteuer", "--library", library]) == 1
    assert main(["gremien", "show", "VO/2022/11008-01", "--library", library]) == 0
    out = capsys.readouterr().out
    assert "Verwandt: VO/2022/11008" in out and "Bürgerschaft der Hansestadt Lübeck" in out
    assert main(["gremien", "meetings", "--library", library]) == 0
    assert "20. Sitzung der Bürgerschaft\t4 TOP" in capsys.readouterr().out
    assert main(["gremien", "show", "VO/1900/1", "--library", library]) == 2
    assert "nicht in der Bibliothek" in capsys.readouterr().err


def test_cli_sync_is_refused_without_policy(tmp_path, capsys):
    code = main(["gremien", "sync", "http://127.0.0.1:9/oparl", "--yes",
                 "--library", str(tmp_path / "lib.sqlite")])
    assert code == 2 and "nicht freigegeben" in capsys.readouterr().err


@pytest.mark.model
def test_cli_meeting_briefing_with_the_real_model_writes_a_docx(library_file, tmp_path, capsys):
    """`werkstatt gremien run sitzungsvorbereitung`: one paragraph under each of the four
    agenda items, saved as .docx with the AI label."""
    import docx

    out = tmp_path / "briefing.docx"
    code = main(["gremien", "run", "sitzungsvorbereitung", "20. Sitzung", "--seed", "1",
                 "-o", str(out), "--library", str(library_file)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    headings = [line for line in printed.splitlines() if line.startswith("TOP ")]
    assert [h.split(":")[0] for h in headings] == ["TOP 1", "TOP 2", "TOP 3", "TOP 4"]
    paragraphs = [p for p in printed.split("\n\n") if p.startswith("TOP ")]
    assert all(len(p.split("\n", 1)[1]) > 40 for p in paragraphs), printed
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "TOP 4" in text and "KI" in text
