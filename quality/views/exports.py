"""The events export: the event list's own filters and order, as a de-identified XLSX."""

from django.contrib.auth.decorators import login_required

from hospital.exports import xlsx_response
from quality import exports
from quality.forms import EventFilterForm
from quality.models import AdverseEvent
from quality.views.events import EVENT_SORTING


@login_required
def export_events(request):
    """The events the list shows for the same query string (filters and order, every
    page of it), de-identified: no reporter, no patient, no free text."""
    events = EventFilterForm(request.GET).apply(AdverseEvent.objects.visible_to(request.user))
    events = EVENT_SORTING.from_request(request).apply(events)
    return xlsx_response(exports.events_workbook(events), "safety-events")
