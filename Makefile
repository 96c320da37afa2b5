# Koinotita — every target documents itself: `make help`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve demo test test-fast lint messages check-messages bench bench-deps browser-deps clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

demo: install ## Migrate and load the demo content (keeps existing content)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) update_index

run: demo ## Serve the portal with demo content at http://127.0.0.1:8000/ (and the publishing scheduler)
	@$(MANAGE) create_admin_account --url http://$(HOST):$(PORT)/admin/
	@# The scheduler publishes pages at their go-live time and unpublishes them at expiry;
	@# it stops with the server.
	@$(MANAGE) run_scheduler --verbosity 0 & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

browser-deps: ## Install Debian's Chromium (browser tests) and nginx (deployment tests), as root, if missing
	@bash .ci/install-chromium.sh
	@bash .ci/install-nginx.sh

test: install browser-deps node-deps ## Install the test dependencies and run the whole suite
	$(BIN)/pytest

test-fast: install ## Run the suite without the browser tests
	$(BIN)/pytest -m "not browser"

.PHONY: screenshots
screenshots: install browser-deps ## Retake the editor guide's screenshots (docs/img/editor-guide/)
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_editor_guide_screenshots.py

lint: install ## ruff, the layer contract (docs/architecture.md), Django's checks and the migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layers.py -o addopts=""
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

messages: install ## Extract UI strings into locale/ and compile them
	$(MANAGE) makemessages -l el -l en --no-location --no-obsolete -i ".venv/*" -i "staticfiles/*" -i "tests/*" -i "node_modules/*"
	$(MANAGE) compilemessages -i ".venv"

check-messages: install ## Fail if a UI string is untranslated or the catalogues are stale
	@bash .ci/check-messages.sh

bench-deps: ## Install the load benchmark's client, Debian's wrk (as root), if missing
	@bash .ci/install-bench-tools.sh

bench: install bench-deps ## Centre page; finder at 100k points; directory and HSDS API/export/import at 100k services; site search (judged set, latency at 10k/100k); load with wrk and page weight (SQLite, PostgreSQL); generated requests over every route → bench/results/
	$(BIN)/python -m bench.centre_page
	$(BIN)/python -m bench.finder
	$(BIN)/python -m bench.directory
	$(BIN)/python -m bench.hsds
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.generated_requests
	$(MAKE) --no-print-directory node-deps
	$(BIN)/python -m bench.lighthouse


# --- Deployment (docs/deployment.md, deploy/) ---
.PHONY: serve-prod
serve-prod: install ## Production settings locally: gunicorn + whitenoise on PostgreSQL (DATABASE_URL, default …/koinotita_prod) at http://localhost:8000/
	@HOST=$(HOST) PORT=$(PORT) bash deploy/serve-prod.sh
# --- end of deployment ---


# --- backups (data safety; docs/deployment.md "Backups and restore") ---------------
.PHONY: backup restore
BACKUP_DIR ?= backups

backup: install ## Back up the database and media into one archive in BACKUP_DIR (default backups/)
	$(MANAGE) backup --output "$(BACKUP_DIR)"

restore: install ## Restore an archive made by make backup: make restore ARCHIVE=backups/koinotita-….tar.gz
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/koinotita-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; }
	$(MANAGE) restore "$(ARCHIVE)"
# --- end of backups ------------------------------------------------------------------------

# --- Front-end quality gates (decision 0014): the Nu HTML checker and Lighthouse from npm ---
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@bash .ci/install-java.sh
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(NODE_STAMP)

.PHONY: node-deps
node-deps: $(NODE_STAMP) ## Install vnu-jar and Lighthouse from package-lock.json (and Java for vnu), if missing or stale
# --- end of the front-end quality gates ---

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles media node_modules
