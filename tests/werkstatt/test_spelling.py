"""Unknown words per 100 words with the German Hunspell dictionary; names, numbers and the
sources' words excepted; without a dictionary nothing is counted."""

from __future__ import annotations

import pytest

from werkstatt import spelling


@pytest.fixture
def no_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKSTATT_HUNSPELL_DIR", str(tmp_path))
    spelling.dictionary.cache_clear()
    yield
    spelling.dictionary.cache_clear()


def test_without_a_dictionary_nothing_is_counted(no_dictionary):
    """No de_DE files: not available, no unknown words, no figure (never an error)."""
    assert not spelling.available()
    assert spelling.unknown_words("Hiermit anliebe ich Sie.") == []
    assert spelling.per_100_words("Hiermit anliebe ich Sie.") is None


needs_dictionary = pytest.mark.skipif(
    not spelling.available(), reason="hunspell-de-de and spylls not installed (make eval installs them)")


@needs_dictionary
def test_misspellings_are_unknown_and_good_german_is_not():
    """Misspelled and invented words count; compounds, names and numbers do not."""
    text = ("Hiermit anliebe ich Ihnen die Gebuhr von 60 Euro. Ihre Sperrmüllabholung ist am 14. Januar. "
            "Frau Öztürk aus Travemünde hat den Bewohnerparkausweis und die Verwaltungsgebühr geprüft.")
    assert spelling.unknown_words(text) == ["anliebe", "Gebuhr"]


@needs_dictionary
def test_words_of_the_sources_are_excepted():
    """A word the notes hold (a street, the user's own spelling) is not the model's mistake."""
    assert spelling.unknown_words("Die Wakenitzmauer wird gesperrt.") == ["Wakenitzmauer"]
    assert spelling.unknown_words("Die Wakenitzmauer wird gesperrt.", ["- Wakenitzmauer sperren"]) == []


@needs_dictionary
def test_per_100_words_and_the_dictionary_is_loaded_once():
    """The rate counts words without digits; the dictionary object is cached."""
    assert spelling.per_100_words("Das ist eine Gebuhr.") == pytest.approx(25.0)
    assert spelling.dictionary() is spelling.dictionary()
