PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev bench clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e ".[all]"

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"

demo: install
	$(BIN)/rolematch score samples/data_scientist.txt
	$(BIN)/rolematch score samples/data_scientist.txt --format html -o demo-report.html
	@echo "HTML gap report: $(CURDIR)/demo-report.html"

test: install-dev
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

screenshots: install-dev  # docs/report.png and docs/cohort.png, as the browser tests render them
	ROLEMATCH_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_browser.py -k screenshots

DEV_SET ?= ../shared/data/dataturks-dev.jsonl

bench: install-dev
	$(BIN)/python benchmarks/bench_extract.py $(DEV_SET)
	$(BIN)/python benchmarks/bench_documents.py
	$(BIN)/python benchmarks/bench_batch.py $(DEV_SET)
	$(BIN)/python benchmarks/bench_service.py $(DEV_SET)

clean:
	rm -rf $(VENV) build dist .pytest_cache demo-report.html
