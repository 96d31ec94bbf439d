# Two commands set everything up: `make run` (the demo) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
TRANSLATIONS := marketplace/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test venv translations messages lint e2e security-report audit clean

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
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# localstripe (GPL, dev only) runs beside the app on 127.0.0.1, its state in instance/, its
# webhooks signed with the demo secret and sent to the app; the job runner (`flask jobs run`:
# hold expiry, reconciliation, mail, search drain) runs beside it. Both stop when the app stops.
STRIPE_PORT ?= 8420
PORT ?= 5000
export STRIPE_API_BASE ?= http://127.0.0.1:$(STRIPE_PORT)
export STRIPE_JS_URL ?= http://127.0.0.1:$(STRIPE_PORT)/js.stripe.com/v3/

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@mkdir -p instance
	$(BIN)/python tests/localstripe_local.py --port $(STRIPE_PORT) \
	  --state instance/localstripe.pickle >instance/localstripe.log 2>&1 & \
	  stripe_pid=$$!; \
	  $(BIN)/flask jobs run >instance/jobs.log 2>&1 & \
	  jobs_pid=$$!; trap 'kill $$stripe_pid $$jobs_pid 2>/dev/null' EXIT INT TERM; \
	  for i in $$(seq 50); do curl -fs -o /dev/null $(STRIPE_API_BASE)/js.stripe.com/v3/ && break; sleep 0.2; done; \
	  curl -fs -o /dev/null -d url=http://127.0.0.1:$(PORT)/checkout/webhooks/stripe \
	    -d secret=$${STRIPE_WEBHOOK_SECRET:-whsec_bazaar_local} $(STRIPE_API_BASE)/_config/webhooks/bazaar; \
	  $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The stories in real Chromium (tests/e2e; pyproject keeps them out of `make test`): Debian's
# chromium, never a browser downloaded by `playwright install`. Screenshots of every step go
# to test-results/e2e/ (with the app's and localstripe's logs) for CI to keep.
CHROMIUM ?= /usr/bin/chromium
e2e: translations
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium"; \
	  apt-get update -q >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	fi
	BAZAAR_E2E_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# Each check in docs/security.md with the tests that prove it; fails if one has none.
security-report: venv
	$(BIN)/python tests/security_report.py

# Known-vulnerable pinned dependencies (S34); needs PyPI's per-release JSON (fails closed).
audit: venv
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

lint: venv
	$(BIN)/ruff check marketplace tests bench

clean:
	rm -rf $(VENV) instance $(MO_FILES)
