# Two commands set everything up: `make run` (the demo) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
TRANSLATIONS := marketplace/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test venv translations messages lint e2e security-report clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: venv $(MO_FILES)

%.mo: %.po
	$(BIN)/pybabel compile --use-fuzzy -d $(TRANSLATIONS) -D messages -l $(notdir $(patsubst %/LC_MESSAGES/,%,$(dir $<))) >/dev/null

# Refresh the catalogues after changing UI text (then translate the new Persian entries).
messages: venv
	$(BIN)/pybabel extract --no-location -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Each check in ../shared/SECURITY.md with the tests that prove it; fails if one has none.
security-report: venv
	$(BIN)/python tools/security_report.py

lint: venv
	$(BIN)/ruff check marketplace tests bench tools

clean:
	rm -rf $(VENV) instance $(MO_FILES)
