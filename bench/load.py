"""The load harness: `make load` (or `python bench/load.py`); see bench/README.md.

Seeds (or reuses) the demo hospital in a PostgreSQL database of its own, starts
gunicorn with production settings on a loopback port, logs in each role the
pages need, and drives every page and API list of bench/pages.py and
bench/<app>.py with wrk at 1 and at 8 connections, a trivial page (the floor)
measured in the same run. It prints a Markdown table and writes it to
bench/results/: page, p50, p95, p99 (ms), requests per second, queries per
request, and the p50 at one client as a multiple of the floor's.

Only loopback traffic; every loop is bounded by a count or a deadline. Without
wrk (Debian: `apt-get install wrk`) it falls back to a small threaded client.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"

# Production settings, the same in this process (sessions, query counts) and in gunicorn.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "load-harness-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "false",
    "ALLOW_CONSOLE_EMAIL": "true",
    "DJANGO_SETTINGS_MODULE": "hospital.settings",
    "LOG_LEVEL": "WARNING",
}

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('RESULT {"p50": %d, "p95": %d, "p99": %d, "requests": %d, "duration": %d, "errors": %d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration, errors))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "large"), default="large")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL"), help="PostgreSQL URL")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "3")))
    parser.add_argument("--connections", default="1,8", help="comma-separated, e.g. 1,8")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "3")))
    parser.add_argument("--only", default="", help="only pages whose name contains this text")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--output", default="", help="file for the table (default: bench/results/<time>-<scale>.md)")
    args = parser.parse_args()
    if not args.database:
        args.database = f"postgres://postgres@127.0.0.1:5432/hospital_bench{'' if args.scale == 'large' else '_small'}"
    if not args.database.startswith("postgres"):
        parser.error("the harness measures PostgreSQL: --database postgres://…")
    args.connections = [int(c) for c in args.connections.split(",") if c.strip()]
    return args


def create_database_if_missing(url: str) -> None:
    """The benchmark database is its own: created on first use."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def all_pages():
    """(floor, pages, params): the core's pages, then each bench/<app>.py's, in file order."""
    from bench import pages as core

    pages, params = list(core.PAGES), core.params()
    for path in sorted((ROOT / "bench").glob("*.py")):
        if path.stem in ("__init__", "load", "pages"):
            continue
        module = import_module(f"bench.{path.stem}")
        pages += getattr(module, "PAGES", [])
        # older per-app files list (name, username, url)
        pages += [(name, url, user) for name, user, url in getattr(module, "CASES", [])]
        if hasattr(module, "params"):
            params.update(module.params())
    return core.FLOOR, [(name, url.format(**params), role) for name, url, role in pages]


def sessions_for(usernames) -> dict[str, str]:
    """A logged-in session cookie per demo user (the same session store gunicorn reads)."""
    from django.conf import settings
    from django.test import Client

    from hospital.models import User

    cookies = {}
    for username in sorted(set(usernames)):
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookies[username] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def query_counts(pages) -> tuple[list, dict[str, int]]:
    """Queries of one warm request per page (after one request that fills the caches), in-process.

    A deep page past the end of a small data set (404) is measured as the last page
    instead (`page=last`); returns the pages as measured and their query counts."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hospital.models import User

    counts, clients, measured = {}, {}, []
    for name, url, role in pages:
        if role not in clients:
            clients[role] = Client(HTTP_HOST=HOST)
            clients[role].force_login(User.objects.get(username=role))
        client = clients[role]
        first = client.get(url)
        if first.status_code == 404 and re.search(r"[?&]page=\d+", url):
            url = re.sub(r"([?&])page=\d+", r"\1page=last", url)
            first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {first.status_code} as {role}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
        measured.append((name, url, role))
    return measured, counts


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        "hospital.wsgi",
        f"--workers={workers}",
        f"--bind={HOST}:{port}",
        "--timeout=120",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not start within 60 s")


def stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn we started (its own process group), and nothing else."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def run_wrk(url: str, cookie: str, connections: int, seconds: float, script: str) -> dict:
    command = [
        "wrk",
        f"--threads={min(connections, 2)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={script}",
        f"--header=Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    if not data["requests"]:
        return {"p50": None, "p95": None, "p99": None, "rps": 0.0, "errors": data["errors"]}
    return {
        "p50": data["p50"] / 1000,
        "p95": data["p95"] / 1000,
        "p99": data["p99"] / 1000,
        "rps": data["requests"] / (data["duration"] / 1e6),
        "errors": data["errors"],
    }


def run_threads(url: str, cookie: str, connections: int, seconds: float, _script: str) -> dict:
    """The fallback load generator: `connections` threads, each one keep-alive connection."""
    path = url.split(HOST, 1)[1].split("/", 1)[1]
    port = int(url.split(f"{HOST}:", 1)[1].split("/", 1)[0])
    deadline = time.monotonic() + seconds
    timings, errors, lock = [], [0], threading.Lock()

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", f"/{path}", headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                failed += response.status >= 400
            except OSError:
                failed += 1
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            timings.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    elapsed = time.monotonic() - started
    timings.sort()

    def percentile(p):
        return timings[min(len(timings) - 1, int(len(timings) * p / 100))] if timings else None

    median = statistics.median(timings) if timings else None
    return {
        "p50": median,
        "p95": percentile(95),
        "p99": percentile(99),
        "rps": len(timings) / elapsed,
        "errors": errors[0],
    }


def drain(port: int, cookie: str) -> None:
    """Wait until the server has finished what the last run queued (a slow page at 8
    connections leaves requests behind that would slow the next page): one request
    to the floor, which waits its turn behind them."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", "/notifications/bell/", headers={"Cookie": cookie})
        connection.getresponse().read()
    except OSError:
        pass
    finally:
        connection.close()


def ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def table(rows, connections, floor_name) -> str:
    high = max(connections)
    low = min(connections)
    header = (
        f"| page | p50 ms ({low}) | p50 ms ({high}) | p95 ms ({high}) | p99 ms ({high}) "
        f"| req/s ({high}) | queries | p50 ({low}) ÷ floor |"
    )
    lines = [header, "|" + "---|" * 8]
    floor = rows[floor_name][low]["p50"]
    for name, result in rows.items():
        one, many = result[low], result[high]
        slow = many["p95"] is None or many["p95"] > 150 or one["p50"] is None or one["p50"] > 10 * floor
        errors = many["errors"] + one["errors"]
        note = (" ⚠" if slow else "") + (f" ({errors} errors or timeouts)" if errors else "")
        multiple = "—" if one["p50"] is None else f"{one['p50'] / floor:.1f}×"
        lines.append(
            f"| {name}{note} | {ms(one['p50'])} | {ms(many['p50'])} | {ms(many['p95'])} | {ms(many['p99'])} "
            f"| {many['rps']:.0f} | {result['queries']} | {multiple} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    env = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": args.database}
    os.environ.update(env)
    create_database_if_missing(args.database)

    import django

    django.setup()
    from django.core.management import call_command

    print(f"database {args.database}, scale {args.scale}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_seed:
        started = time.monotonic()
        call_command("seed_demo", scale=args.scale, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seed_demo --scale {args.scale}: {time.monotonic() - started:.0f} s", flush=True)

    floor, pages = all_pages()
    if args.only:
        pages = [page for page in pages if args.only in page[0]]
    cookies = sessions_for([floor[2]] + [role for _name, _url, role in pages])
    (floor, *pages), counts = query_counts([floor, *pages])
    from django.db import connections

    connections.close_all()

    generator = run_wrk if shutil.which("wrk") else run_threads
    if generator is run_threads:
        print("wrk not found (Debian: apt-get install wrk): using the threaded Python client", flush=True)
    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    rows: dict[str, dict] = {}
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for connections_count in args.connections:
            for name, url, role in [floor, *pages]:
                result = generator(
                    f"http://{HOST}:{port}{url}", cookies[role], connections_count, args.seconds, script.name
                )
                rows.setdefault(name, {"queries": counts[name]})[connections_count] = result
                drain(port, cookies[floor[2]])
                print(f"  {connections_count} × {name}: p50 {ms(result['p50'])} ms", flush=True)
    finally:
        stop(server)
        Path(script.name).unlink(missing_ok=True)

    machine = f"{os.cpu_count()} CPUs, {args.workers} gunicorn sync workers, {args.seconds:g} s per page and load"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"# Load harness, {args.scale} data set, {stamp}\n\n{machine}; "
        f"generator: {'wrk' if generator is run_wrk else 'threaded Python client'}. "
        f"⚠: p95 at {max(args.connections)} connections above 150 ms, "
        f"or p50 at {min(args.connections)} above 10× the floor.\n\n{table(rows, args.connections, floor[0])}\n"
    )
    RESULTS.mkdir(exist_ok=True)
    output = Path(args.output) if args.output else RESULTS / f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}-{args.scale}.md"
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {output}")


if __name__ == "__main__":
    main()
