"""Recompute the equipment summaries from the raw rows: `manage.py rebuild_equipment_summaries`.

Safe at any time (one transaction); needed only after rows were written outside
the services (a bulk load, a restore). See equipment/summaries.py.
"""

from django.core.management.base import BaseCommand

from equipment import summaries


class Command(BaseCommand):
    help = "Rebuild the equipment summaries (per department and month; each device's reliability)."

    def handle(self, *args, **options):
        for table, rows in summaries.rebuild().items():
            self.stdout.write(f"{table}: {rows} rows")
