#!/usr/bin/env bash
# What the test suite needs besides Python packages: PostgreSQL, Redis and
# Debian's Chromium (for the browser tests). Starts or installs what is missing
# when it can (as root on Debian), and says clearly what is missing otherwise.
set -uo pipefail

pg_ready() { python3 - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(2)
sys.exit(s.connect_ex(("127.0.0.1", 5432)))
PY
}
redis_ready() { python3 - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(2)
sys.exit(s.connect_ex(("127.0.0.1", 6379)))
PY
}

if ! pg_ready && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! redis_ready && command -v redis-server >/dev/null; then
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
for _ in $(seq 1 30); do pg_ready && redis_ready && break; sleep 1; done
pg_ready || { echo "PostgreSQL is not reachable on 127.0.0.1:5432 (set DATABASE_URL)"; exit 1; }
redis_ready || { echo "Redis is not reachable on 127.0.0.1:6379 (set REDIS_URL)"; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'."; exit 1
  fi
fi
exit 0
