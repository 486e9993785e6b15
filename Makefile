# The two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Every absolute URL and the default Site follow it (README, "Deployment").
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format check serve bench backup restore install install-dev browsers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var:
	mkdir -p var

## make run: install, migrate, load the demo content (idempotent), serve on 127.0.0.1:8000
run: install var
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/python manage.py migrate --noinput
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/python manage.py load_demo_content
	@echo ""
	@echo "  Sitet:  http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (bruger: admin, adgangskode: admin)"
	@echo "  Medlem: medlem@example.org / samskabelse"
	@echo "  Redaktør uden udgivelsesret: redaktoer / redaktoer, godkender: godkender / godkender"
	@echo "  Baggrundsarbejde (e-mails, webhooks): kører ved siden af serveren og stopper med den."
	@echo ""
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/python manage.py task_worker --supervise --with-parent & exec env PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint, Django checks, migrations check, every test
test: install-dev var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=movement.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=movement.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make serve: production settings under gunicorn and the task worker beside it (needs SECRET_KEY)
serve: install var
	DJANGO_SETTINGS_MODULE=movement.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=movement.settings.production PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=movement.settings.production PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/python manage.py task_worker --supervise --with-parent & \
	exec env DJANGO_SETTINGS_MODULE=movement.settings.production PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/gunicorn movement.wsgi:application \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --threads $${GUNICORN_THREADS:-4} \
		--max-requests 2000 --max-requests-jitter 200

## make bench: the benchmark suite (bench/README.md)
bench: install-dev var
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## make backup: database and media into var/backups/samskabelse-<date>.tar.gz
backup: install var
	$(BIN)/python manage.py backup $(if $(OUTPUT),--output $(OUTPUT),)

## make restore ARCHIVE=var/backups/….tar.gz: into an empty installation
restore: install var
	@test -n "$(ARCHIVE)" || (echo "Brug: make restore ARCHIVE=sti/til/arkiv.tar.gz" && exit 2)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py restore "$(ARCHIVE)" $(if $(FORCE),--force,)

clean:
	rm -rf var/staticfiles .pytest_cache .ruff_cache
