"""The failure-risk ranking, stored (FailureRiskRank) so that no request scores every device.

Celery beat runs `refresh` every few minutes (equipment.tasks.refresh_failure_risk,
settings.CELERY_BEAT_SCHEDULE); the list page reads one page of the stored ranking by
position and says when it was computed. Only when nothing has been stored yet (a new
installation before beat's first run) does the page compute it, once, and say so.
"""

from django.db import connection, transaction
from django.utils import timezone

from equipment import selectors
from equipment.models import FailureRiskRank


def refresh() -> int:
    """Score every device in use now and replace the stored ranking (in one transaction:
    readers see the old ranking until the new one is complete). The number of devices ranked."""
    computed_at = timezone.now()
    ranked = selectors.rank_every_device_by_failure_risk()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two refreshes at once (beat and a first visitor) take turns instead of colliding.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {FailureRiskRank._meta.db_table} IN EXCLUSIVE MODE")
        FailureRiskRank.objects.all().delete()
        FailureRiskRank.objects.bulk_create(
            (
                FailureRiskRank(equipment_id=device.pk, position=position, score=device.score, computed_at=computed_at)
                for position, device in enumerate(ranked, start=1)
            ),
            batch_size=5000,
        )
    return len(ranked)


def ensure_stored() -> bool:
    """Compute the ranking now if none is stored; True when it had to be computed."""
    if FailureRiskRank.objects.exists():
        return False
    refresh()
    return True
