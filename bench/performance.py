"""Performance pages for the load harness (see bench/pages.py), and `python -m bench.performance`:
in-process timings of what is not a GET (an allocation run), of the yearly cost XLSX and of
the department cockpits (the page warm, and the metric task that a cold page queues).

    DATABASE_URL=... .venv/bin/python -m bench.performance [--repeat 3] [--only-cockpits]
"""

import argparse
import os
import statistics
import time

PAGES = [
    ("cost dashboard, last 12 months (finance)", "/performance/", "finance"),
    ("budget against actual, last month (finance)", "/performance/budget/", "finance"),
    ("budget against actual, year (finance)", "/performance/budget/?first={year_start}&last={last_month}", "finance"),
    ("department KPIs, last month (finance)", "/performance/kpis/", "finance"),
    ("department KPIs, Cardiology (head)", "/performance/kpis/", "head_cardiology"),
    ("allocation runs (finance)", "/performance/allocation/", "finance"),
    ("yearly cost report XLSX (finance)", "/performance/costs.xlsx?first={year_start}&last={last_month}", "finance"),
    ("scorecard XLSX, last month (finance)", "/performance/scorecard.xlsx", "finance"),
    ("API cost entries (finance)", "/api/v1/performance/cost-entries/", "finance"),
    ("department cockpit, Cardiology (head)", "/performance/cockpit/{cardiology}/", "head_cardiology"),
    ("department cockpit, largest department (admin)", "/performance/cockpit/{largest}/", "admin"),
]


def params() -> dict:
    from django.utils import timezone

    from hospital.periods import add_months, month_start

    last = add_months(month_start(timezone.localdate()), -1)
    return {"last_month": f"{last:%Y-%m}", "year_start": f"{add_months(last, -11):%Y-%m}", **_cockpits()}


def _cockpits() -> dict:
    """The departments whose cockpit is timed: Cardiology (a head's own) and the department
    with the most sub-departments."""
    from django.db.models import Count

    from hospital.models import Department

    cardiology = Department.objects.filter(code="CARD").values_list("pk", flat=True).first()
    largest = (
        Department.objects.filter(is_active=True, parent__isnull=True)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {"cardiology": cardiology, "largest": largest}


def _time(label, function, repeat):
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    print(f"| {label} | {statistics.median(seconds) * 1000:,.0f} ms | {max(seconds) * 1000:,.0f} ms |")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    from django.db import transaction

    from hospital.models import Department, User
    from hospital.periods import add_months, month_start
    from performance import exports, selectors, services

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only-cockpits", action="store_true", help="time the department cockpits only")
    args = parser.parse_args()
    if args.only_cockpits:
        print("| what | median | max |\n|---|---|---|")
        _time_cockpits(args.repeat)
        return
    finance = User.objects.get(username="finance")
    from django.utils import timezone

    last = add_months(month_start(timezone.localdate()), -1)
    first = add_months(last, -11)

    def allocation_run():
        with transaction.atomic():
            services.run_allocation(month=last, method="step_down", user=finance)
            transaction.set_rollback(True)

    def collection():
        # last month is open in the demo; rolled back so every repeat does the same work
        with transaction.atomic():
            services.collect_month(month=last, user=finance)
            transaction.set_rollback(True)

    def yearly_xlsx():
        frames = exports.cost_frames(finance, first=first, last=last)
        return exports.frames_to_xlsx(frames)

    print(
        f"{Department.objects.count()} departments; months {first:%Y-%m}..{last:%Y-%m}; median and max of {args.repeat}"
    )
    print("| what | median | max |\n|---|---|---|")
    _time("allocation run, one month (step-down)", allocation_run, args.repeat)
    _time("monthly collection, one month (inventory, equipment, staffing)", collection, args.repeat)
    _time("budget report, one month", lambda: selectors.budget_report(finance, first=last, last=last), args.repeat)
    _time("cost dashboard, 12 months", lambda: selectors.cost_overview(finance, first=first, last=last), args.repeat)
    _time("KPI table, 12 months", lambda: selectors.kpi_table(finance, first=first, last=last), args.repeat)
    _time("yearly all-department cost XLSX", yearly_xlsx, args.repeat)
    _time_cockpits(args.repeat)


def _time_cockpits(repeat: int) -> None:
    """Each timed cockpit in-process (the test client): the page warm (the stored metric
    series in the cache, as a head finds them), and the metric task that stores them
    (what a cold page queues), with the queries of each."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hospital import metric_registry
    from hospital.models import User

    head = Client(SERVER_NAME="127.0.0.1")
    head.force_login(User.objects.get(username="head_cardiology"))
    for label, url in (("floor: notification bell (head)", "/notifications/bell/"), ("dashboard (head)", "/")):
        head.get(url)
        _time(label, lambda url=url: head.get(url), repeat)
    for (label, url, username), pk in zip(PAGES[-2:], _cockpits().values(), strict=True):
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        with CaptureQueriesContext(connection) as queries:
            _time(f"{label}: metric task", lambda pk=pk: metric_registry.refresh_stored_series(pk), repeat)
        print(f"| … queries per task | {len(queries) // repeat} | |")
        url = url.format(cardiology=pk, largest=pk)

        def page(url=url, client=client):
            assert client.get(url).status_code == 200, url

        page()  # the stored series and the session in place
        with CaptureQueriesContext(connection) as queries:
            _time(f"{label}: page, warm", page, repeat)
        print(f"| … queries per page | {len(queries) // repeat} | |")


if __name__ == "__main__":
    main()
