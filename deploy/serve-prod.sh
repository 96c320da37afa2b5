#!/usr/bin/env bash
# `make serve-prod`: the production settings on this machine, served as on a web machine
# (gunicorn with deploy/gunicorn.conf.py, static files by whitenoise) against PostgreSQL,
# with the publishing scheduler beside it. There is no TLS here, so the HTTPS redirect is off;
# cookies stay Secure, which browsers accept from http://localhost. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

export DJANGO_SETTINGS_MODULE=portal.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/koinotita_prod}
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "make serve-prod runs on PostgreSQL; DATABASE_URL is $DATABASE_URL" >&2; exit 2 ;;
esac
# A secret of this checkout's own, made once and never committed (.gitignore).
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s .secret-key ]; then
    (umask 077 && $PY -c "import secrets; print(secrets.token_urlsafe(50))" >.secret-key)
  fi
  SECRET_KEY=$(cat .secret-key)
fi
export SECRET_KEY
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://localhost:$PORT}

$PY deploy/create_database.py
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0
if ! $PY manage.py shell --verbosity 0 -c "import sys
from home.models import HomePage
sys.exit(0 if HomePage.objects.exists() else 1)"; then
  $PY manage.py load_demo_content
  $PY manage.py update_index
fi
$PY manage.py create_admin_account --url "http://localhost:$PORT/admin/"

$PY manage.py run_scheduler --verbosity 0 &
scheduler=$!
trap 'kill $scheduler 2>/dev/null' EXIT INT TERM
echo "Production settings at http://localhost:$PORT/ (gunicorn, PostgreSQL ${DATABASE_URL##*/})"
GUNICORN_BIND="$HOST:$PORT" .venv/bin/gunicorn --config deploy/gunicorn.conf.py portal.wsgi
