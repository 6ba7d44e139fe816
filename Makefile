# tutorat — make demo | make demo-web | make test | make run | make bench | make evaluate | make variants | make catalogues
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo demo-web demo-readme test lint format run check-config bench clean evaluate variants \
	reliability catalogues locale lrs

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# Real LRS servers for the tests (tests/lrs.py): Ralph in its own venv, Learning Locker's
# xapi-statements from npm into a project-local folder.
RALPH_STAMP := .venv-ralph/.installed
LL_STAMP := .lrs-node/.installed
XAPI_STATEMENTS := xapi-statements@5.0.1

$(RALPH_STAMP): requirements-lrs.txt
	test -x .venv-ralph/bin/python || $(PYTHON) -m venv .venv-ralph
	.venv-ralph/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-lrs.txt
	touch $(RALPH_STAMP)

$(LL_STAMP):
	mkdir -p .lrs-node
	npm install --prefix .lrs-node --no-audit --no-fund --loglevel=error $(XAPI_STATEMENTS)
	touch $(LL_STAMP)

lrs: $(RALPH_STAMP) $(LL_STAMP)

demo: $(STAMP) lrs
	$(PY) -m sandbox.demo

# the demo, then the tutors' web view over its cohort, served until Ctrl-C (links printed)
demo-web: $(STAMP) lrs
	$(PY) -m sandbox.demo --web $(or $(PORT),8765)

demo-readme: $(STAMP) lrs
	$(PY) -m sandbox.demo_readme

# the tests on each core (pytest-xdist): each worker starts its own servers on free ports
test: $(STAMP) lint lrs
	$(PY) -m pytest -q -n auto --maxprocesses=4

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

bench: $(STAMP) lrs
	$(PY) -m bench

reliability: $(STAMP)
	$(PY) -m reliability

clean:
	rm -rf $(VENV) .venv-ralph .lrs-node demo-output .pytest_cache .ruff_cache

evaluate: $(STAMP)
	$(PY) -m tests.traces.evaluate

# the rules on altered copies of each real presentation (a month without platform data, no
# deadlines, many withdrawals, small groups), beside plain baselines
variants: $(STAMP)
	$(PY) -m tests.traces.variants

# the sentences: gettext catalogues, French the source (tutorat/locales/fr/LC_MESSAGES/*.po)
LOCALES := tutorat/locales
PYBABEL := $(VENV)/bin/pybabel
DOMAINS = $(basename $(notdir $(wildcard $(LOCALES)/fr/LC_MESSAGES/*.po)))

catalogues: $(STAMP)
	$(PYBABEL) -q extract -F babel.cfg --no-default-keywords -k text -k Key -k Count -k Refusal -k _:2 --no-location \
		--omit-header -o $(LOCALES)/used-in-code.pot bot.py cogs tutorat sandbox web
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
