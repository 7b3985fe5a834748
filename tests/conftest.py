"""Shared fixtures: a private user directory per test, the real default model once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

# Prompt lookup drafts by a cost ratio it learns from timing; on a busy CI machine that made
# the drafts, and at a near-tie the text, differ from run to run. Tests fix the ratio (the
# engine processes inherit it); ``make bench`` learns it as the app does.
os.environ.setdefault("WERKSTATT_LOOKUP_RATIO", "0.7")

# Qt windows open on one 1366 × 768 screen, the most common office laptop's (Qt's offscreen
# platform would give 800 × 600); a test of another screen starts its own process.
SCREEN = DATA / "screen-1366x768.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"


@pytest.fixture(autouse=True)
def werkstatt_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data directory (settings, caches)."""
    home = tmp_path / "home"
    monkeypatch.setenv("WERKSTATT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def engine():
    """The real default model, verified and loaded once for the whole session."""
    from werkstatt import catalog
    from werkstatt.engine import Engine

    entry = catalog.default_model()
    if not entry.path.exists():
        pytest.fail(f"default model missing at {entry.path}: run `make test`, which fetches it")
    eng = Engine(entry, context_tokens=4096)
    eng.load()
    yield eng
    eng.close()


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def no_machine_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never see the machine's real policy (file or registry); a test writes this
    file to set one (through the development override, which holds on a PC without one)."""
    from werkstatt import policy as policy_module

    monkeypatch.setattr(policy_module, "machine_file", lambda: tmp_path / "no-machine-policy.toml")
    monkeypatch.setattr(policy_module, "registry_values", lambda: {})
    policy = tmp_path / "policy.toml"
    monkeypatch.setenv("WERKSTATT_POLICY", str(policy))
    return policy


@pytest.fixture(autouse=True)
def rules_accepted(werkstatt_home: Path) -> None:
    """Most tests act as a participant who has acknowledged the usage rules."""
    from werkstatt.governance import Record, load_rules

    Record().acknowledge(load_rules())


# The accessibility statement's results (issue 30): every test marked ``clause(...)`` adds its
# outcome to the EN 301 549 clauses it decides, wherever it lives (tests/a11y under the AT-SPI
# bus, the keyboard tasks in tests/ui offscreen). With ``A11Y_RESULTS`` set (make test-a11y),
# the outcomes are written there for tests/a11y/statement.py.
OUTCOMES: dict[str, list[str]] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("clause")
        if marker is not None:
            item.user_properties.append(("clauses", marker.args))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A test's outcome for each clause it decides (a failed set-up counts as failed)."""
    clauses = dict(report.user_properties).get("clauses", ())
    if report.when == "call" or (report.when == "setup" and not report.passed):
        for clause in clauses:
            OUTCOMES.setdefault(clause, []).append(report.outcome)


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("A11Y_RESULTS")
    if target and OUTCOMES:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(json.dumps(OUTCOMES, indent=1), encoding="utf-8")
