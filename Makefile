# Lika's loops. `make help` lists them. Needs only Python 3.11, make and git: the first target
# that needs them installs uv into .tools/ and the locked dependencies into .venv/.

PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
LIKA := $(BIN)/lika
DEMO_PERSONS ?= 10000
DEMO_SEED ?= 2026

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install demo serve test lint types templates migrations-check pytest bench messages clean

help: ## List the loops
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

# uv compiles the installed packages' bytecode ([tool.uv] compile-bytecode); Lika itself is installed editable, so
# its own modules are compiled here, or every `lika` process would compile them again (PYTHONDONTWRITEBYTECODE).
install: $(VENV)/.installed ## Install the locked dependencies, compile Lika's bytecode and the translations
	@$(BIN)/python -m compileall -q -j 0 lika config
	@$(LIKA) compile-translations

# The demo's own address goes into every link it sends or prints (permit messages, letters' QR codes). It is
# served as its users meet it, without debug: an unknown address is Lika's "not found" page, not Django's URL list.
DEMO_ENV = env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.local LIKA_BASE_URL=http://127.0.0.1:$(PORT)

demo: install ## Migrate, load demo persons into SQLite, run the jobs, serve on 127.0.0.1 (PORT=8000)
	@mkdir -p var
	$(DEMO_ENV) $(LIKA) migrate --noinput
	$(DEMO_ENV) $(LIKA) demo-setup --persons $(DEMO_PERSONS) --seed $(DEMO_SEED) --port $(PORT)
	@# The worker does the jobs pages start (a month's decisions, a payment run); it stops with the server.
	$(DEMO_ENV) DEBUG=0 $(LIKA) db_worker --backend jobs --interval 1 --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEMO_ENV) DEBUG=0 $(LIKA) runserver 127.0.0.1:$(PORT)

test: install lint types templates migrations-check pytest ## Lint, types, templates, migrations and the whole test suite

lint: install ## ruff (lint and format) and the import contracts in .importlinter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

types: install ## mypy, strict, with django-stubs
	$(BIN)/mypy lika config benchmarks

templates: install ## djLint on every template
	$(BIN)/djlint lika --lint

migrations-check: install ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=config.settings.test $(LIKA) makemigrations --check --dry-run

pytest: install ## The pytest suite (DATABASE_URL picks PostgreSQL; SQLite otherwise)
	$(BIN)/pytest

bench: install ## The benchmarks in benchmarks/ (minutes; not part of make test)
	$(BIN)/python benchmarks/demo_load.py

messages: install ## Extract translatable strings into locale/*/LC_MESSAGES/django.po (needs gettext)
	DJANGO_SETTINGS_MODULE=config.settings.local $(LIKA) makemessages --no-obsolete --no-location $(foreach l,sv en ar fa prs ti so,-l $(l)) -i '.venv/*' -i '.tools/*' -i 'var/*' -i '*/tests/*'
	@$(LIKA) compile-translations

clean: ## Remove the environments and local data
	rm -rf .tools $(VENV) var
