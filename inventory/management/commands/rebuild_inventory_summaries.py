"""Recompute the inventory summaries from the ledger: `manage.py rebuild_inventory_summaries`.

Safe at any time (one transaction, the summaries locked while it runs); needed only after
movements were written outside the services (a bulk load, a restore). See inventory/summaries.py.
"""

from django.core.management.base import BaseCommand

from inventory import summaries


class Command(BaseCommand):
    help = "Rebuild the inventory summaries (stock on hand per store and item, consumption per month)."

    def handle(self, *args, **options):
        for table, rows in summaries.rebuild().items():
            self.stdout.write(f"{table}: {rows} rows")
