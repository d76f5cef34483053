# ikm-bot: `make run` and `make test` are the whole set-up on a fresh clone; on a server,
# `make install-prod` installs the bot alone (no test or lint tools) into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME := $(VENV)/.runtime

.PHONY: install install-prod run test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==26.3"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP) $(RUNTIME)

# The bot and what it runs on, pinned by constraints.txt; not editable, no dev extras.
install-prod:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==26.3"
	$(BIN)/pip install --quiet -c constraints.txt .
	touch $(RUNTIME)

$(RUNTIME): pyproject.toml constraints.txt
	$(MAKE) install-prod

run: $(RUNTIME)
	$(BIN)/ikm run

# pytest-xdist, one PostgreSQL database per worker (tests/conftest.py); a module with an
# expensive module fixture keeps its tests on one worker (xdist_group). Two workers a core: the
# end-to-end tests mostly wait on their `ikm run` subprocesses (on 2 cores: 5.3 min with 2
# workers, 4.0 with 4).
TEST_JOBS ?= $(shell echo $$(( $$(nproc) * 2 )))
test: install
	$(BIN)/pytest -n $(TEST_JOBS) --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy ikm bot survey scoring scheduler

bench: install
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
