"""Recompute the quality summaries from the raw rows: `manage.py rebuild_quality_summaries`.

Safe at any time (one transaction); needed only after rows were written outside
the services (a bulk load, a restore). See quality/summaries.py.
"""

from django.core.management.base import BaseCommand

from quality import summaries


class Command(BaseCommand):
    help = "Rebuild the quality summaries (events, infections, satisfaction per department and month)."

    def handle(self, *args, **options):
        for table, rows in summaries.rebuild().items():
            self.stdout.write(f"{table}: {rows} rows")
