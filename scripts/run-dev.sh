#!/usr/bin/env bash
# Start the Celery worker (with the beat scheduler) in the background and the
# web server in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .local/celery-queue .local/celery-processed
.venv/bin/celery -A hospital worker --beat --loglevel=warning --concurrency=1 \
  --schedule=.local/celerybeat-schedule &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Web: http://127.0.0.1:8000/   (tasks: Celery worker pid $worker)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
