"""The heavy inventory pages timed in-process (Django's test client, no web server): a
quick before/after check of one change on a seeded database.

    DATABASE_URL=… python bench/inventory_inprocess.py [repeats]

Each page is fetched once to warm the caches, then `repeats` times (default 3); prints
the median and the fastest time and the number of queries of the last request."""

import os
import statistics
import sys
import time
from pathlib import Path

TIMED_PAGES = [
    ("floor: notification bell (nurse)", "/notifications/bell/", "nurse_icu"),
    ("item search 'sodium' (pharmacist)", "/inventory/items/?q=sodium", "pharmacist"),
    ("balance report (finance)", "/inventory/balances/", "finance"),
    ("balance report, pharmacy (finance)", "/inventory/balances/?store={pharmacy}", "finance"),
    ("balance report, page 20 (finance)", "/inventory/balances/?page=20", "finance"),
    ("expiry report, 90 days (pharmacist)", "/inventory/expiry/?days=90", "pharmacist"),
    ("expiry risk (pharmacist)", "/inventory/expiry-risk/", "pharmacist"),
    ("purchase suggestions (pharmacist)", "/inventory/suggestions/", "pharmacist"),
    ("consumption by department (finance)", "/inventory/consumption/", "finance"),
    ("API balances (finance)", "/api/v1/inventory/balances/", "finance"),
]


def main(repeats: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hospital.models import User
    from inventory.models import Store

    params = {"pharmacy": Store.objects.get(code="PH").pk}
    clients = {}
    print("| page | median ms | best ms | queries |\n|---|---:|---:|---:|")
    for name, url, role in TIMED_PAGES:
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(User.objects.get(username=role))
        client, url = clients[role], url.format(**params)
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"| {name} | {statistics.median(times):.0f} | {min(times):.0f} | {len(queries)} |", flush=True)


STOCKTAKE_LINES = 5_000


def post_a_stocktake(lines: int = STOCKTAKE_LINES) -> None:
    """Count `lines` lots of the central warehouse (every tenth one off by one) and post the
    sheet: the seconds to record the counts and to post them. Writes adjustments: run it
    on a copy of the benchmark database."""
    from hospital.models import User
    from inventory import services
    from inventory.models import Lot, StockBalance, Store

    store = Store.objects.get(code="CW")
    user = User.objects.get(username="pharmacist")
    stocktake = services.start_stocktake(user=user, store=store)
    held = list(
        StockBalance.objects.filter(store=store, quantity__gt=1)
        .order_by("lot_id")
        .values_list("lot_id", "quantity")[:lines]
    )
    lots = Lot.objects.in_bulk([lot_id for lot_id, _ in held])
    counts = {lots[lot_id]: quantity - (n % 10 == 0) for n, (lot_id, quantity) in enumerate(held)}
    started = time.perf_counter()
    services.record_counts(user=user, stocktake=stocktake, counts=counts)
    recorded = time.perf_counter() - started
    started = time.perf_counter()
    written = services.post_stocktake(user=user, stocktake=stocktake, reason="benchmark count")
    print(
        f"stocktake of {len(counts)} lines: counts recorded in {recorded:.2f} s, posted in "
        f"{time.perf_counter() - started:.2f} s ({written} adjustments)",
        flush=True,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
    if "--stocktake" in sys.argv:
        post_a_stocktake()
