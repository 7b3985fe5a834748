"""One German number formatter: numbers change, the sentence around them does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkstatt.engine.local import LocalEngine
from werkstatt.errors import ContextOverflow
from werkstatt.numbers import de, gb, percent


def test_numbers_the_german_way():
    assert de(1234567) == "1.234.567" and de(2.5, 1) == "2,5" and de(1234.56, 2) == "1.234,56"
    assert gb(8 * 1024**3) == "8,0 GB" and percent(0.917) == "92 %"


def test_the_sentence_keeps_its_commas():
    """The overflow message used to read "… Token. Platz ist …"."""
    with pytest.raises(ContextOverflow) as info:
        LocalEngine(Path("nicht-geladen.gguf"), 2048).fit_max_tokens(12345, 512)
    assert "12.345 Token, Platz ist für höchstens 1.792 (Kontextfenster)" in str(info.value)
