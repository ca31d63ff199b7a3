"""The load harness runs end to end on the small demo hospital (a smoke run: it must
produce the table, not meet the goal). It starts its own gunicorn and keeps both
cores busy, so it runs in the browser tests' xdist group, never beside them."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.load_harness, pytest.mark.xdist_group("browser")]


def _smoke_database() -> str:
    config = environ.Env.db_url_config(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hospital"))
    if config["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the load harness measures PostgreSQL")
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    port = config["PORT"] or 5432
    return f"postgres://{config['USER']}{password}@{config['HOST']}:{port}/{config['NAME']}_load_smoke"


def _drop(url: str) -> None:
    """The smoke database starts empty, so a migration history left by another branch cannot break it."""
    config = environ.Env.db_url_config(url)
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


def test_the_harness_prints_and_writes_the_table(tmp_path):
    _drop(_smoke_database())
    output = tmp_path / "table.md"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    command = [
        sys.executable,
        str(ROOT / "bench" / "load.py"),
        "--scale=small",
        f"--database={_smoke_database()}",
        "--seconds=1",
        "--connections=1,2",
        "--workers=2",
        f"--output={output}",
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    table = output.read_text(encoding="utf-8")
    header = "| page | p50 ms (1) | p50 ms (2) | p95 ms (2) | p99 ms (2) | req/s (2) | queries | p50 (1) ÷ floor |"
    assert header in table
    for name in ("floor: notification bell", "quality dashboard (quality)", "OKR cascade (admin)", "API census"):
        row = next(line for line in table.splitlines() if line.startswith(f"| {name}"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1] != "—" and int(cells[6]) > 0, row  # measured, with its query count
    assert table in result.stdout
