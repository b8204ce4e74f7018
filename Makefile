# The portal in two commands: `make run` and `make test`.
PORT ?= 8000
VENV ?= .venv
MANAGE = $(VENV)/bin/python manage.py
# Django 6.1 needs Python 3.12 or newer: take the first one found.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)

.PHONY: run test install lint format migrations-check messages demo clean loadtest

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6.1); none was found."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Translations: the .po files are the source, the .mo files are built (and not committed).
# django.po: the portal's strings; djangojs.po: admin script strings Django leaves untranslated.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
messages: $(PO_FILES:.po=.mo)

# Django's compilemessages needs GNU gettext's msgfmt; without it, Babel (pure Python) compiles.
MSGFMT ?= $(shell command -v msgfmt)
locale/%.mo: locale/%.po | $(VENV)/.installed
	@if [ -n "$(MSGFMT)" ]; then \
		$(MANAGE) compilemessages --locale $(word 2,$(subst /, ,$@)) --ignore "$(VENV)" --verbosity 0; \
	else \
		$(VENV)/bin/pybabel -q compile --input-file $< --output-file $@; \
	fi
	@touch $@

run: install messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty --accounts
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# gunicorn (DEBUG off) on the demo database, measured with Debian's wrk (apt-get install wrk).
LOADTEST_PORT ?= 8001
loadtest: install messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty
	$(MANAGE) loadtest --port $(LOADTEST_PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles locale/*/LC_MESSAGES/*.mo
