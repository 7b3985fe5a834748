# KI-Werkstatt: two commands set up a fresh machine.
#   make run   - venv, project, default model (fetched and verified), then the app
#   make test  - the same set-up plus LibreOffice Writer (export checks), then the whole suite
#   make msi   - the Windows MSIs (app, default model), built on Linux: see README "Für die IT"
#   make test-msi - builds them and installs, upgrades, runs and uninstalls them under Wine
#   make test-a11y - the accessibility checks with the AT-SPI bus and Orca (issue 30)
# Both are idempotent: the second run only checks and starts.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
LOADTEST_ARGS ?=

.PHONY: run test setup system-deps test-deps msi-tools msi-deps model doctor check lint bench loadtest eval msi test-msi test-a11y screenshots clean

run: setup model
	$(BIN)/ki-werkstatt

test: setup test-deps msi-tools model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not wine" $(PYTEST_ARGS)

# Issue 30: the app as a screen reader meets it: a private D-Bus session with the AT-SPI bus,
# Xvfb at 1366 x 768, openbox and Orca (scripts/a11y-session.sh); the tree of every window, what
# is announced, what Orca says (build/a11y/ keeps the evidence); then the accessibility statement
# and docs/barrierefreiheit.md from the results. About 2 minutes on 2 cores.
test-a11y: setup test-deps
	@sh scripts/system-deps.sh a11y
	rm -f build/a11y/results*.json
	QT_QPA_PLATFORM=offscreen A11Y_RESULTS=build/a11y/results-keyboard.json $(BIN)/python -m pytest tests/ui/test_keyboard_tasks.py $(PYTEST_ARGS)
	A11Y_RESULTS=build/a11y/results.json sh scripts/a11y-session.sh $(BIN)/python -m pytest tests/a11y $(PYTEST_ARGS)
	$(BIN)/python -m tests.a11y.statement

# The Wine round trip: the real payload, MSI install/upgrade/downgrade/uninstall, the
# installed copy generating a document. Separate because it builds the Windows engine.
test-msi: setup test-deps msi-deps model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m wine tests/installer $(PYTEST_ARGS)

# The README's pictures at 1366 x 768 from the real window and model (Xvfb, openbox, LibreOffice).
screenshots: setup model
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null && command -v xvfb-run >/dev/null && command -v openbox >/dev/null || \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q xvfb libreoffice-writer poppler-utils openbox)
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python scripts/screenshots.py

msi: setup msi-deps model
	$(BIN)/python -m installer.build --model-msi

setup: system-deps $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

test-deps:
	@sh scripts/system-deps.sh test

msi-tools:
	@sh scripts/system-deps.sh msi-tools

msi-deps:
	@sh scripts/system-deps.sh msi

# The engine (llama-cpp-python) comes from the one build recipe, cached outside the clone,
# before the project: pip then finds it installed and never builds its own.
$(STAMP): pyproject.toml scripts/build_engine.py werkstatt/engine/variants.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python scripts/build_engine.py --install
	$(BIN)/python scripts/build_engine.py --flavour vulkan --install
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[ui,test,dev]'
	@touch $@

model: $(STAMP)
	@$(BIN)/python -m werkstatt.modelfetch

doctor: setup model
	$(BIN)/werkstatt doctor

check: setup test-deps msi-tools model
	$(BIN)/ruff check werkstatt ui tests installer
	$(BIN)/python -m installer.admx --check
	$(BIN)/mypy werkstatt
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not wine" $(PYTEST_ARGS)

# Every figure a user feels, with its goal, in one table (README "Leistung"); about 30 min.
bench: setup model
	$(BIN)/python benchmarks/bench.py

# N simulated users (1, 4, 16) sending template requests to an OpenAI-compatible server: time
# to first token and tokens/s. Without URL it starts llama-cpp-python's server on 127.0.0.1.
loadtest: setup model
	$(BIN)/python benchmarks/loadtest.py $(if $(URL),--url $(URL)) $(LOADTEST_ARGS)

# What a reader sees in every draft (README "Qualität"). The spelling check needs Debian's German
# Hunspell dictionary and spylls (a pure-Python Hunspell); only the evaluation uses them.
eval: setup model
	@sh scripts/system-deps.sh eval
	@$(BIN)/python -c "import spylls" 2>/dev/null || $(BIN)/python -m pip install -q --disable-pip-version-check -e '.[eval]'
	$(BIN)/python benchmarks/eval.py $(EVAL_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
