# tutorat — make demo | make test | make run | make bench | make evaluate
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo demo-readme test lint format run check-config bench clean evaluate reliability

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m sandbox.demo

demo-readme: $(STAMP)
	$(PY) -m sandbox.demo_readme

test: $(STAMP) lint
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

run: $(STAMP)
	@test -n "$$DISCORD_TOKEN" || (echo "DISCORD_TOKEN manquant / missing" >&2; exit 2)
	$(PY) bot.py

check-config: $(STAMP)
	$(PY) bot.py check-config

bench: $(STAMP)
	$(PY) -m bench

reliability: $(STAMP)
	$(PY) -m reliability

clean:
	rm -rf $(VENV) demo-output .pytest_cache .ruff_cache

evaluate: $(STAMP)
	$(PY) -m tests.traces.evaluate
