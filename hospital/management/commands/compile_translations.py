"""Compile every .po file of the project into .mo with polib: no GNU gettext needed.

`make run` and `make test` call it, so a machine with only Python gets the
Chinese interface. (`makemessages`, for developers, still needs gettext.)
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", "staticfiles", ".git"}


class Command(BaseCommand):
    help = "Compile the project's .po files into .mo files (pure Python)."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        count = 0
        for po_path in root.rglob("locale/*/LC_MESSAGES/*.po"):
            if SKIP & set(po_path.relative_to(root).parts):
                continue
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"compiled {count} message catalogues")
