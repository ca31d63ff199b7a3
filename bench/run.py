"""Benchmarks on the large demo hospital: `make bench` (or `python bench/run.py`).

Seeds `seed_demo --scale large` into the database of DATABASE_URL (use a
database of its own, e.g. postgres://postgres@127.0.0.1:5432/hospital_bench),
then times the busiest pages and API lists through Django's test client and
prints the median and 95th percentile in milliseconds, and the query count.
Apps add their own cases in bench/<app>.py with a `CASES` list of
(name, username, url) tuples.
"""

import os
import statistics
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")


def create_database_if_missing():
    """The bench database is its own: create it on first use."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    create_database_if_missing()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hospital.models import User  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))

CORE_CASES = [
    ("dashboard, whole hospital, cold cache (admin)", "admin", "/"),
    ("dashboard, whole hospital (admin)", "admin", "/"),
    ("dashboard, Cardiology (head)", "head_cardiology", "/"),
    ("department list (admin)", "admin", "/departments/"),
    ("user list, page 40 (admin)", "admin", "/users/?page=40"),
    ("census list (admin)", "admin", "/census/"),
    ("API departments (admin)", "admin", "/api/v1/departments/"),
    ("API users, page 20 (admin)", "admin", "/api/v1/users/?page=20"),
    ("API census (head)", "head_cardiology", "/api/v1/census/"),
]


def app_cases():
    cases = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        if path.stem not in ("run", "__init__"):
            cases += getattr(import_module(f"bench.{path.stem}"), "CASES", [])
    return cases


def measure(client, url, *, cold=False):
    """Median and 95th percentile of RUNS requests, and the query count of one.

    cold=True clears the cache before each request (the dashboard caches metric series).
    """
    from django.core.cache import cache

    timings = []
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    query_count = len(queries)
    for _run in range(RUNS):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], query_count


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database for the benchmarks.")
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale="large", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seed_demo --scale large: {time.perf_counter() - started:.1f} s")
    print(f"{'case':<45} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, username, url in CORE_CASES + app_cases():
        client = Client()
        client.force_login(User.objects.get(username=username))
        median, p95, queries = measure(client, url, cold="cold cache" in name)
        print(f"{name:<45} {median:>10.1f} {p95:>8.1f} {queries:>8}")
        reset_queries()


if __name__ == "__main__":
    main()
