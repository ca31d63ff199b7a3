"""Staffing pages for the load harness (see bench/pages.py), and `python -m bench.staffing`:
in-process timings of what is not a GET: generating a four-week roster for a 60-person
ward (the default time limit), and the staffing part of `seed_demo --scale large`.

    DATABASE_URL=... .venv/bin/python -m bench.staffing [--people 60] [--seconds N] [--seed-large]

Both run in a transaction that is rolled back: the database is left as it was.
"""

import argparse
import datetime as dt
import io
import os
import time

PAGES = [
    ("roster grid, ICU (scheduler)", "/staffing/rosters/{icu_roster}/", "scheduler"),
    ("roster grid, Cardiology (nurse)", "/staffing/rosters/{cardiology_roster}/", "nurse_cardiology"),
    ("roster grid, page 2 (head)", "/staffing/rosters/{cardiology_roster}/?page=2", "head_cardiology"),
    ("roster coverage, ICU (scheduler)", "/staffing/rosters/{icu_roster}/coverage/", "scheduler"),
    ("roster coverage, Cardiology (nurse)", "/staffing/rosters/{cardiology_roster}/coverage/", "nurse_cardiology"),
    ("my roster (nurse)", "/staffing/mine/", "nurse_icu"),
    ("roster list (scheduler)", "/staffing/", "scheduler"),
    ("API roster assignments (scheduler)", "/api/v1/staffing/rosters/{icu_roster}/assignments/", "scheduler"),
]


def params() -> dict:
    """The current (or latest) roster of ICU and of Cardiology: published, else any."""
    from staffing.models import Roster

    found = {}
    for key, code in (("icu_roster", "ICU"), ("cardiology_roster", "CARD")):
        rosters = Roster.objects.filter(department__code=code).order_by("-status", "-first_day")
        roster = rosters.filter(status="published").first() or rosters.first()
        found[key] = roster.pk if roster else 0
    return found


def _ward(people: int):
    """A ward of `people` nurses on the A/P/N shifts, a third of them charge nurses, with
    coverage for 60 (A: 12 to 14, P: 10 to 12, N: 8 to 9, each with charge nurses)."""
    from hospital.models import Department, User
    from staffing import demo, services
    from staffing.models import CoverageRule

    ward = Department.objects.create(code="BENCHW", name="Bench ward", staffed_beds=60)
    shifts, skills = demo._shift_types(), demo._skills()
    for weekday in range(7):
        for code, minimum, preferred, charge in (("A", 12, 14, 2), ("P", 10, 12, 1), ("N", 8, 9, 1)):
            CoverageRule.objects.create(
                department=ward, weekday=weekday, shift_type=shifts[code], minimum=minimum, preferred=preferred
            )
            CoverageRule.objects.create(
                department=ward, weekday=weekday, shift_type=shifts[code], skill=skills["CHARGE"], minimum=charge
            )
    today = dt.date.today()
    for i in range(people):
        user = User.objects.create(username=f"bench_rn_{i:03d}", display_name=f"Bench nurse {i}", department=ward)
        charge = i % 3 == 0
        services.build_staff_profile(
            user,
            skills=[skills["CHARGE"]] if charge else [],
            certifications=[("charge", today - dt.timedelta(days=400), None)] if charge else [],
            contract_hours_per_week=40 if i % 5 else 32,
        )
    return ward


def time_generation(people: int, seconds: float | None) -> None:
    from django.db import transaction
    from django.utils import timezone

    from staffing import services
    from staffing.models import Roster

    with transaction.atomic():
        ward = _ward(people)
        today = timezone.localdate()
        roster = Roster.objects.create(department=ward, first_day=today - dt.timedelta(days=today.weekday()))
        started = time.perf_counter()
        solution = services.generate_roster_now(roster=roster, time_limit=seconds, workers=None)
        elapsed = time.perf_counter() - started
        check = services.check_roster(roster)
        print(
            f"| four-week roster, {people} people, time limit {seconds or 'default'} | {elapsed:.1f} s | "
            f"penalty {solution.penalty if solution else '—'} | hard violations {len(check.hard)} | "
            f"shortfalls {len(solution.shortfalls) if solution else '—'} |"
        )
        transaction.set_rollback(True)


def time_large_seed() -> None:
    """The staffing part of `seed_demo --scale large` from no rosters (people and rules as seeded)."""
    from django.db import transaction

    from staffing import demo
    from staffing.models import Assignment, Roster

    with transaction.atomic():
        Assignment.objects.all().delete()
        Roster.objects.all().delete()
        started = time.perf_counter()
        out = io.StringIO()
        demo.seed(scale="large", stdout=out)
        elapsed = time.perf_counter() - started
        print(f"| staffing part of seed_demo --scale large | {elapsed:.0f} s | {Roster.objects.count()} rosters |")
        transaction.set_rollback(True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=None, help="solver time limit (default: the setting)")
    parser.add_argument("--seed-large", action="store_true", help="also time the large seed's staffing part")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}\n| what | time | | | |\n|---|---|---|---|---|")
    time_generation(args.people, args.seconds)
    if args.seed_large:
        time_large_seed()


if __name__ == "__main__":
    main()
