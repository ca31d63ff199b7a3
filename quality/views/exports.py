"""The events export: the event list's own filters and order, as a de-identified XLSX."""

from django.contrib.auth.decorators import login_required

from hospital.views.exports import export_response
from quality.exports import EVENTS_EXPORT


@login_required
def export_events(request):
    """The events the list shows for the same query string (filters and order, every
    page of it), de-identified: no reporter, no patient, no free text. A large one is
    written in the background and its link sent as a notification."""
    return export_response(request, EVENTS_EXPORT)
