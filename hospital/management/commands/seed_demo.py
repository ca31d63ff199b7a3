"""Create (or bring up to date) the demo hospital: `manage.py seed_demo [--scale small|large]`.

The core seeds first; then each app listed in settings.PROJECT_APPS that has a
`demo` module with `seed(*, scale, stdout)` adds its own data, in that order.
Running it twice changes nothing the first run made; existing users keep their
passwords (and so their sessions) unless `--reset-passwords` is given. On
PostgreSQL it ends with VACUUM ANALYZE, so the first queries on a fresh data set
are planned with statistics, and index-only scans need not visit the bulk-inserted
rows (the visibility map is set).
"""

import time
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from hospital.demo import DEMO_USERS, SCALES, demo_password


class Command(BaseCommand):
    help = "Create the demo hospital (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="small for trying, large for benchmarks"
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give existing demo users the demo password again (logs out their sessions)",
        )

    def handle(self, *args, scale, reset_passwords=False, **options):
        started = time.monotonic()
        for app_label in settings.PROJECT_APPS:
            module_name = f"{app_label}.demo"
            if find_spec(module_name) is None:
                continue
            # Only the core has users, so only the core takes the password option.
            extra = {"reset_passwords": reset_passwords} if app_label == "hospital" else {}
            import_module(module_name).seed(scale=scale, stdout=self.stdout, **extra)
            self.stdout.write(f"  … {app_label} done at {time.monotonic() - started:.0f} s")
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # VACUUM cannot run inside a transaction (e.g. a test's): ANALYZE alone there.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(f"  … VACUUM ANALYZE done at {time.monotonic() - started:.0f} s")
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo hospital ready. Log in at http://127.0.0.1:8000/ with:"))
        for username, _name, role, _dept, _head in DEMO_USERS:
            self.stdout.write(f"  {username:<20} {role}")
        if reset_passwords:
            self.stdout.write(f"  password: {demo_password()}  (set DEMO_PASSWORD to change it)")
        else:
            self.stdout.write(
                f"  password of new users: {demo_password()}  (existing users keep theirs; --reset-passwords)"
            )
