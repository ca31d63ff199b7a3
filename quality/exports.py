"""De-identified exports: structured fields only.

No reporter, no patient identifier, and no free text (a description may name
people): what the office needs for counts and trends, safe to pass on.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.exports import XlsxExport
from quality.models import Category, ChineseLevel, CorrectiveAction, EventStatus, EventType, Harm, RootCause


def _count_of(model):
    """A correlated count per event (cheaper than joining both child tables at once)."""
    return model.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(n=Count("id")).values("n")


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def events_workbook(events) -> bytes:
    """The events as an XLSX workbook, one row each; one query whatever the number of rows."""
    export = XlsxExport()
    sheet = export.sheet(
        _("Safety events"),
        [
            _("Reference"),
            _("Date it happened"),
            _("Department"),
            _("Event type"),
            _("Category"),
            _("Harm"),
            _("Chinese level"),
            _("NCC MERP category"),
            _("Status"),
            _("Reported"),
            _("Triaged"),
            _("Investigation due"),
            _("Closed"),
            _("Root causes"),
            _("Actions"),
        ],
        widths=(16, 12, 24, 16, 22, 14, 12, 10, 16, 12, 12, 12, 12, 10, 10),
    )
    rows = (
        events.select_related("department")
        .annotate(
            root_cause_count=Coalesce(Subquery(_count_of(RootCause)), 0),
            action_count=Coalesce(Subquery(_count_of(CorrectiveAction)), 0),
        )
        .order_by("occurred_on", "id")
    )
    # Labels translated once, not once per row: a year of events is tens of thousands of rows.
    labels = {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (
            ("event_type", EventType),
            ("category", Category),
            ("harm", Harm),
            ("status", EventStatus),
            ("level", ChineseLevel),
        )
    }
    for event in rows.iterator(chunk_size=2000):
        level = event.chinese_level
        sheet.append(
            [
                event.reference,
                event.occurred_on,
                event.department.name,
                labels["event_type"][event.event_type],
                labels["category"][event.category],
                labels["harm"][event.harm],
                labels["level"][level] if level else "",
                event.medication_category,
                labels["status"][event.status],
                _local_date(event.reported_at),
                _local_date(event.triaged_at),
                event.investigation_due,
                _local_date(event.closed_at),
                event.root_cause_count,
                event.action_count,
            ]
        )
    return export.to_bytes()
