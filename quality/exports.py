"""De-identified exports: structured fields only.

No reporter, no patient identifier, and no free text (a description may name
people): what the office needs for counts and trends, safe to pass on.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital.background_exports import ExportKind
from hospital.exports import XlsxExport
from hospital.models import User
from quality.forms import EventFilterForm
from quality.models import (
    ActionKind,
    ActionStatus,
    AdverseEvent,
    Category,
    ChineseLevel,
    CorrectiveAction,
    EventStatus,
    EventType,
    Harm,
    RootCause,
    RootCauseKind,
)
from quality.views.events import EVENT_SORTING

CHUNK = 2000  # events per read; their root causes and actions come in two more queries per chunk


def events_workbook(events) -> bytes:
    """The events, in the queryset's order, as an XLSX workbook with one row each.

    Dates are dates, moments are date-times in the hospital's time, and root causes
    and actions are written out as their kinds and statuses (text a person reads),
    never their free text. Three queries per 2,000 events.
    """
    export = XlsxExport()
    sheet = export.sheet(
        _("Safety events"),
        [
            _("Reference"),
            _("Date"),
            _("Department"),
            _("Event type"),
            _("Category"),
            _("Harm"),
            _("Level"),
            _("NCC MERP category"),
            _("Status"),
            _("Reported"),
            _("Triaged"),
            _("Investigation due"),
            _("Closed"),
            _("Root causes"),
            _("Actions"),
        ],
        widths=(16, 12, 24, 16, 26, 14, 18, 10, 16, 17, 17, 12, 17, 30, 40),
    )
    rows = events.select_related("department").prefetch_related(
        Prefetch("root_causes", queryset=RootCause.objects.only("event_id", "kind")),
        Prefetch("actions", queryset=CorrectiveAction.objects.only("event_id", "kind", "status", "due_date")),
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
            ("root_cause", RootCauseKind),
            ("action_kind", ActionKind),
            ("action_status", ActionStatus),
        )
    }
    for event in rows.iterator(chunk_size=CHUNK):
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
                event.reported_at,
                event.triaged_at,
                event.investigation_due,
                event.closed_at,
                "; ".join(labels["root_cause"][cause.kind] for cause in event.root_causes.all()),
                "; ".join(
                    f"{labels['action_kind'][action.kind]} ({labels['action_status'][action.status]}, "
                    f"{action.due_date:%Y-%m-%d})"
                    for action in event.actions.all()
                ),
            ]
        )
    return export.to_bytes()


def exported_events(user: User, params) -> QuerySet:
    """The events the list shows `user` for the query string `params` (its filters and
    order, every page): the same read for the immediate and the background export."""
    events = EventFilterForm(params).apply(AdverseEvent.objects.visible_to(user))
    sort = EVENT_SORTING.choice(params.get("sort")) or EVENT_SORTING.choice(EVENT_SORTING.default)
    return sort.apply(events)


EVENTS_EXPORT = ExportKind(
    key="quality.events",
    filename="safety-events",
    title=gettext_lazy("Safety events"),
    rows=exported_events,
    write=events_workbook,
    page="quality:event_list",
)
