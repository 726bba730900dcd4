# The README's two commands: `make demo` and `make test`. Both set up .venv themselves.
# PYTHON picks the interpreter the environment is made from (3.11+); VENV its folder, e.g.
# `make bench PYTHON=/usr/bin/python3 VENV=.venv-system` to time another Python build.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DATE := 2024-02-02

.PHONY: demo test lint evaluate bench schema readme clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# An editable install leaves eventcode's bytecode to be written on first import, which
# PYTHONDONTWRITEBYTECODE (set on some CI machines) prevents: every start would then compile the
# package again (0.1-0.2 s). compileall writes it once, as a wheel install does.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python -m compileall -q eventcode > /dev/null
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q eventcode > /dev/null
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/eventcode code seeds/ --out output/ --date $(DEMO_DATE)
	$(BIN)/eventcode validate output/

lint: $(VENV)/.installed-test
	$(BIN)/ruff check eventcode tests scripts

# The gold-set figures are printed before pytest so that pytest's summary is the last line.
evaluate: $(VENV)/.installed-test
	$(BIN)/eventcode code tests/gold/events.jsonl --out .eval-output --quiet
	$(BIN)/eventcode evaluate --gold tests/gold/events.jsonl --pred .eval-output
	$(BIN)/eventcode evaluate-places --gold tests/gold/places.jsonl

test: lint evaluate
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py

schema: $(VENV)/.installed
	$(BIN)/eventcode schema --out schemas/
	$(BIN)/eventcode codebook --out docs/

readme: $(VENV)/.installed
	$(BIN)/python scripts/update_readme.py

clean:
	rm -rf $(VENV) .eval-output output/*.csv output/*.parquet output/*.json output/*.dta output/codebook.md
