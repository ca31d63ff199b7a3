"""Create (or bring up to date) the demo hospital: `manage.py seed_demo [--scale small|large]`.

The core seeds first; then each app listed in settings.PROJECT_APPS that has a
`demo` module with `seed(*, scale, stdout)` adds its own data, in that order.
Running it twice changes nothing the first run made.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand

from hospital.demo import DEMO_USERS, SCALES, demo_password


class Command(BaseCommand):
    help = "Create the demo hospital (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="small for trying, large for benchmarks"
        )

    def handle(self, *args, scale, **options):
        for app_label in settings.PROJECT_APPS:
            module_name = f"{app_label}.demo"
            if find_spec(module_name) is None:
                continue
            import_module(module_name).seed(scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo hospital ready. Log in at http://127.0.0.1:8000/ with:"))
        for username, _name, role, _dept, _head in DEMO_USERS:
            self.stdout.write(f"  {username:<20} {role}")
        self.stdout.write(f"  password: {demo_password()}  (set DEMO_PASSWORD to change it)")
