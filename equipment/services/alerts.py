"""The daily maintenance alerts: due soon, overdue, warranty ending.

Set-based: one query per kind of alert, whatever the number of devices, and the
notifications written in bulk (`notify_many`: two statements per thousand alerts).
Each alert has a dedupe key per plan (or device) and due date, so a second run the
same day, or the next day, sends nothing new; a plan whose date moves gets a new alert.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from equipment.models import Equipment, EquipmentStatus, MaintenancePlan, RiskClass
from equipment.selectors import due_soon_days, engineers_on_duty
from hospital.models import NotificationLevel, User
from hospital.roles import Role
from hospital.services import notify_many

WARRANTY_NOTICE_DAYS = 60


def send_maintenance_alerts(*, today: dt.date | None = None, due_within_days: int | None = None) -> int:
    """Plans due within N days → their engineer; overdue → engineer and the department's
    head, and for high-risk or life-support devices the administrators too; warranties
    ending within 60 days → the engineers. Returns how many notifications were new."""
    today = today or timezone.localdate()
    days = due_soon_days() if due_within_days is None else due_within_days
    plans = (
        MaintenancePlan.objects.active()
        .exclude(equipment__status=EquipmentStatus.RETIRED)
        .select_related("equipment", "equipment__department__head", "engineer")
    )
    alerts: list[tuple[User, str, dict]] = []
    for plan in plans.filter(
        next_due__gte=today, next_due__lte=today + dt.timedelta(days=days), engineer__isnull=False
    ):
        alerts.append(
            (
                plan.engineer,
                f"equipment.plan_due:{plan.pk}:{plan.next_due.isoformat()}",
                {
                    "title": _("%(kind)s due %(date)s: %(tag)s")
                    % {
                        "kind": plan.get_kind_display(),
                        "date": plan.next_due.isoformat(),
                        "tag": plan.equipment.asset_tag,
                    },
                    "body": plan.equipment.name,
                    "link": plan.equipment.get_absolute_url(),
                    "level": NotificationLevel.INFO,
                },
            )
        )
    administrators = list(
        User.objects.filter(is_active=True).filter(Q(groups__name=Role.ADMINISTRATOR) | Q(is_superuser=True)).distinct()
    )
    for plan in plans.filter(next_due__lt=today):
        device = plan.equipment
        recipients = [plan.engineer, device.department.head]
        if device.risk_class == RiskClass.HIGH or device.is_life_support:
            recipients += administrators
        content = {
            "title": _("%(kind)s overdue since %(date)s: %(tag)s")
            % {"kind": plan.get_kind_display(), "date": plan.next_due.isoformat(), "tag": device.asset_tag},
            "body": device.name,
            "link": device.get_absolute_url(),
            "level": NotificationLevel.DANGER if device.is_high_risk else NotificationLevel.WARNING,
        }
        key = f"equipment.plan_overdue:{plan.pk}:{plan.next_due.isoformat()}"
        seen = set()
        for recipient in recipients:
            if recipient is not None and recipient.is_active and recipient.pk not in seen:
                seen.add(recipient.pk)
                alerts.append((recipient, key, content))
    engineers = list(engineers_on_duty())
    ending = Equipment.objects.exclude(status=EquipmentStatus.RETIRED).filter(
        warranty_end__gte=today, warranty_end__lte=today + dt.timedelta(days=WARRANTY_NOTICE_DAYS)
    )
    for device in ending:
        for engineer in engineers:
            alerts.append(
                (
                    engineer,
                    f"equipment.warranty:{device.pk}:{device.warranty_end.isoformat()}",
                    {
                        "title": _("Warranty of %(tag)s ends %(date)s")
                        % {"tag": device.asset_tag, "date": device.warranty_end.isoformat()},
                        "body": device.name,
                        "link": device.get_absolute_url(),
                        "level": NotificationLevel.INFO,
                    },
                )
            )
    return _send_new(alerts)


def _send_new(alerts: list[tuple[User, str, dict]]) -> int:
    """Send the alerts not sent before, in bulk (`notify_many`: per thousand alerts, one query
    for the keys already stored and one INSERT … ON CONFLICT DO NOTHING)."""
    return notify_many({"recipient": user, "dedupe_key": key, **content} for user, key, content in alerts)
