# KI-Werkstatt: two commands set up a fresh machine.
#   make run   - venv, project, default model (fetched and verified), then the app
#   make test  - the same set-up plus LibreOffice Writer (export checks), then the whole suite
# Both are idempotent: the second run only checks and starts.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test setup system-deps test-deps model doctor check lint bench eval clean

run: setup model
	$(BIN)/ki-werkstatt

test: setup test-deps model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

setup: system-deps $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

test-deps:
	@sh scripts/system-deps.sh test

# The engine (llama-cpp-python) comes from the one build recipe, cached outside the clone,
# before the project: pip then finds it installed and never builds its own.
$(STAMP): pyproject.toml scripts/build_engine.py werkstatt/engine/variants.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python scripts/build_engine.py --install
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[ui,test,dev]'
	@touch $@

model: $(STAMP)
	@$(BIN)/python -m werkstatt.modelfetch

doctor: setup model
	$(BIN)/werkstatt doctor

check: setup test-deps model
	$(BIN)/ruff check werkstatt ui tests
	$(BIN)/mypy werkstatt
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup model
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_dispatch.py
	$(BIN)/python benchmarks/bench_feedback.py

eval: setup model
	$(BIN)/python benchmarks/eval.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
