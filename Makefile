# Union Desk: `make run` opens the demo district, `make test` runs the whole suite offscreen.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Vietnamese for Qt's own texts, compiled from the .ts in the repository (the .qm is build output).
QT_VI := resources/translations/qtbase_vi

# docs: the user guide's pictures.
.PHONY: docs run test test-slow bench lint format dist build test-dist clean translations screens

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(QT_VI).qm: $(QT_VI).ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(QT_VI).ts -qm $@

translations: $(QT_VI).qm

run: $(STAMP) translations
	$(BIN)/uniondesk --demo

# On every core: about 10 minutes on 2 cores where one process took 17. Each worker starts its
# own throwaway PostgreSQL cluster; `-n 0` runs the suite in one process.
test: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto

# The kill -9 suites at 100 kills per operation instead of 10 (about a quarter of an hour on
# 2 cores); prints the figures docs/reliability.md quotes. UNIONDESK_CRASH_SEED=N replays a run.
test-slow: $(STAMP)
	UNIONDESK_CRASH_KILLS=100 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s tests/crash

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# mypy reads its files and the strict layers (models, services, sync, store) from pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The user guide's pictures (docs/huong-dan/*.png), redrawn on the demo district and a province;
# look at each after (they are committed).
docs: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/tools/guide_pictures.py

# The screenshots in docs/, redrawn at an office screen's size on the demo district.
screens: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/tools/screens.py

# The one-folder app in dist/uniondesk/ (its version in dist/uniondesk/VERSION), from build.spec;
# `build` is its older name. Windows releases are built on Windows (README: the Windows release).
dist: $(STAMP) translations
	$(BIN)/pyinstaller --noconfirm build.spec

build: dist

# The frozen app's smoke test alone (make test runs it too); it reuses dist/uniondesk/ when that is
# newer than every source, else builds into a temporary folder.
test-dist: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/frozen

clean:
	rm -rf build dist .pytest_cache .ruff_cache $(QT_VI).qm
