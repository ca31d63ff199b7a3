"""The events export: the page's date filters, as a de-identified XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date

from quality import exports
from quality.models import AdverseEvent


def _date_param(request, name):
    try:
        return parse_date(request.GET.get(name, ""))
    except ValueError:
        return None


@login_required
def export_events(request):
    """The events the user may see as a de-identified XLSX (no reporter, no patient, no free text)."""
    events = AdverseEvent.objects.visible_to(request.user)
    start, end = _date_param(request, "start"), _date_param(request, "end")
    if start:
        events = events.filter(occurred_on__gte=start)
    if end:
        events = events.filter(occurred_on__lte=end)
    content = exports.events_workbook(events)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"safety-events-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
