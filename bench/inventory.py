"""Inventory pages and API lists for the load harness (see bench/pages.py), and, run on its own
(`python bench/inventory.py`, DATABASE_URL of a seeded PostgreSQL database), the nightly
expiry and low-stock scan and 8 clients issuing in parallel."""

import os
import sys
import threading
import time
from pathlib import Path

PAGES = [
    ("inventory item search (pharmacist)", "/inventory/items/?q=sodium", "pharmacist"),
    ("inventory item list, page 5 (pharmacist)", "/inventory/items/?page=5", "pharmacist"),
    ("inventory balance report (finance)", "/inventory/balances/", "finance"),
    ("inventory balance report, page 20 (finance)", "/inventory/balances/?page=20", "finance"),
    ("inventory expiry report, 90 days (pharmacist)", "/inventory/expiry/?days=90", "pharmacist"),
    ("inventory expiry risk (pharmacist)", "/inventory/expiry-risk/", "pharmacist"),
    ("inventory purchase suggestions (pharmacist)", "/inventory/suggestions/", "pharmacist"),
    ("inventory consumption by department (finance)", "/inventory/consumption/", "finance"),
    ("API inventory balances (finance)", "/api/v1/inventory/balances/", "finance"),
    ("API inventory movements, page 20 (pharmacist)", "/api/v1/inventory/movements/?page=20", "pharmacist"),
]

CLIENTS = 8
ISSUES_PER_CLIENT = 25


def _scan_and_parallel_issues():
    from django.db import connection
    from django.db.models import Sum

    from hospital.models import Department, User
    from inventory import services
    from inventory.models import StockBalance, Store

    started = time.perf_counter()
    expiring = services.send_near_expiry_alerts()
    low = services.send_low_stock_alerts()
    print(f"nightly scan: {time.perf_counter() - started:.2f} s ({expiring} expiry and {low} low-stock notifications)")

    pharmacy = Store.objects.get(code="PH")
    pharmacist = User.objects.get(username="pharmacist")
    icu = Department.objects.get(code="ICU")
    item_id = (
        StockBalance.objects.filter(store=pharmacy, item__is_controlled=False, lot__quarantined=False)
        .values("item_id")
        .annotate(total=Sum("quantity"))
        .order_by("-total")
        .first()["item_id"]
    )
    before = StockBalance.objects.filter(store=pharmacy, item_id=item_id).aggregate(t=Sum("quantity"))["t"]
    done, refused = [], []

    def client():
        from inventory.models import Item

        item = Item.objects.get(pk=item_id)
        for _ in range(ISSUES_PER_CLIENT):
            try:
                services.issue(user=pharmacist, store=pharmacy, item=item, quantity=1, department=icu)
                done.append(1)
            except services.ShortStock:
                refused.append(1)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    after = StockBalance.objects.filter(store=pharmacy, item_id=item_id).aggregate(t=Sum("quantity"))["t"]
    print(
        f"{CLIENTS} clients issuing in parallel: {len(done) / elapsed:.0f} issues/s; "
        f"balance {before} → {after} ({'exact' if before - after == len(done) else 'WRONG'})"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    _scan_and_parallel_issues()
