# tutorat — make demo | make test | make run | make bench | make evaluate | make catalogues
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo demo-readme test lint format run check-config bench clean evaluate reliability \
	catalogues locale

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

# the sentences: gettext catalogues, French the source (tutorat/locales/fr/LC_MESSAGES/*.po)
LOCALES := tutorat/locales
PYBABEL := $(VENV)/bin/pybabel
DOMAINS = $(basename $(notdir $(wildcard $(LOCALES)/fr/LC_MESSAGES/*.po)))

catalogues: $(STAMP)
	$(PYBABEL) -q extract -F babel.cfg --no-default-keywords -k text -k Key -k Count -k Refusal -k _:2 --no-location \
		--omit-header -o $(LOCALES)/used-in-code.pot bot.py cogs tutorat sandbox
	$(PY) -m tutorat.catalogues template
	for d in $(DOMAINS); do \
		$(PYBABEL) -q update -i $(LOCALES)/$$d.pot -d $(LOCALES) -D $$d -w 100 --no-fuzzy-matching || exit 1; \
	done
	for d in $(DOMAINS); do $(PYBABEL) -q compile -d $(LOCALES) -D $$d || exit 1; done
	$(PY) -m tutorat.catalogues check

# a new language for a programme: make locale NEW=es, translate tutorat/locales/es, make catalogues
locale: $(STAMP)
	@test -n "$(NEW)" || (echo "NEW=xx manquant / missing (make locale NEW=es)" >&2; exit 2)
	$(PY) -m tutorat.catalogues template
	for d in $(DOMAINS); do $(PYBABEL) init -i $(LOCALES)/$$d.pot -d $(LOCALES) -D $$d -l $(NEW) -w 100 || exit 1; done
