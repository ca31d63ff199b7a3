"""Scheduled alerts: overdue triage, investigations and actions; infection thresholds.

Each alert carries a dedupe key, so a second run (or a retried task) sends nothing new.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hospital.models import Department, NotificationLevel
from hospital.periods import month_end, month_start, working_days_between
from hospital.services import notify
from quality.models import AdverseEvent, CorrectiveAction, EventStatus, InfectionThreshold
from quality.models.events import OPEN_ACTION_STATUSES
from quality.selectors import hai_rates_against_thresholds
from quality.services.reports import quality_managers

TRIAGE_WORKING_DAYS = 2


def send_overdue_alerts(*, today: dt.date | None = None) -> int:
    """Alert the quality office to untriaged events older than two working days, the
    investigator to an overdue investigation, the owner to an overdue action.
    Returns the number of notifications written (existing ones count as written)."""
    today = today or timezone.localdate()
    managers = list(quality_managers())
    sent = 0
    for event in AdverseEvent.objects.filter(status=EventStatus.SUBMITTED).only("pk", "reference", "reported_at"):
        if working_days_between(timezone.localtime(event.reported_at).date(), today) < TRIAGE_WORKING_DAYS:
            continue
        for manager in managers:
            notify(
                recipient=manager,
                title=gettext_lazy("Triage overdue: %(reference)s"),
                params={"reference": event.reference},
                link=reverse("quality:event_detail", args=[event.pk]),
                level=NotificationLevel.WARNING,
                dedupe_key=f"quality.triage_overdue:{event.pk}",
            )
            sent += 1
    overdue_reviews = AdverseEvent.objects.filter(
        status__in=(EventStatus.TRIAGED, EventStatus.INVESTIGATING), investigation_due__lt=today
    ).select_related("investigator")
    for event in overdue_reviews:
        for recipient in [event.investigator, *managers] if event.investigator else managers:
            notify(
                recipient=recipient,
                title=gettext_lazy("Investigation overdue: %(reference)s"),
                body=gettext_lazy("Due %(date)s."),
                params={"reference": event.reference, "date": event.investigation_due},
                link=reverse("quality:event_detail", args=[event.pk]),
                level=NotificationLevel.WARNING,
                dedupe_key=f"quality.investigation_overdue:{event.pk}:{event.investigation_due.isoformat()}",
            )
            sent += 1
    overdue_actions = CorrectiveAction.objects.filter(
        status__in=OPEN_ACTION_STATUSES, due_date__lt=today, event__status=EventStatus.ACTIONS
    ).select_related("owner", "event")
    for action in overdue_actions:
        notify(
            recipient=action.owner,
            title=gettext_lazy("Action overdue for %(reference)s"),
            params={"reference": action.event.reference},
            body=action.description,
            link=reverse("quality:action_list"),
            level=NotificationLevel.WARNING,
            dedupe_key=f"quality.action_overdue:{action.pk}:{action.due_date.isoformat()}",
        )
        sent += 1
    return sent


def send_infection_alerts(*, month: dt.date | None = None) -> int:
    """Alert the quality office when a ward's rate in the month is above its threshold
    (quality.selectors.hai_rates_against_thresholds, as the infection dashboard flags it).

    Defaults to the previous month (its device-days are complete by then).
    """
    if month is None:
        month = month_start(month_start(timezone.localdate()) - dt.timedelta(days=1))
    period = (month_start(month), month_end(month))
    managers = list(quality_managers())
    wards = Department.objects.filter(pk__in=InfectionThreshold.objects.values("department")).order_by("path")
    sent = 0
    for row in hai_rates_against_thresholds(list(wards), period):
        ward = row["department"]
        for threshold in row["breaches"]:
            rate = row[f"{threshold.kind}_rate"]
            for manager in managers:
                notify(
                    recipient=manager,
                    title=gettext_lazy("%(kind)s rate above threshold in %(ward)s"),
                    body=gettext_lazy("%(month)s: %(rate)s (threshold %(threshold)s)."),
                    params={
                        "kind": threshold.kind.upper(),
                        "ward": ward.name,
                        "month": month.strftime("%Y-%m"),
                        "rate": f"{rate:.2f}",
                        "threshold": threshold.rate,
                    },
                    link=reverse("quality:infection_dashboard") + f"?department={ward.pk}",
                    level=NotificationLevel.WARNING,
                    dedupe_key=f"quality.hai_threshold:{ward.pk}:{threshold.kind}:{month:%Y-%m}",
                )
                sent += 1
    return sent
