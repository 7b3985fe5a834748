import pytest

from werkstatt.drafting import Draft
from werkstatt.engine import Stats
from werkstatt.templates import get_template


@pytest.fixture
def engine_free_draft():
    """A finished draft as the engine would leave it (no model needed)."""
    draft = Draft(template=get_template("zusammenfassung"), values={"laenge": "kurz"},
                  model_id="qwen2.5-coder-0.5b-instruct-q4km", text="## Worum geht es?\nText.")
    draft.stats = Stats(prompt_tokens=300, completion_tokens=80, prefill_seconds=3.0,
                        generate_seconds=2.5, params={"temperature": 0.2})
    return draft, "Das Dokument mit vertraulichem Inhalt."
