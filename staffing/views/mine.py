"""My roster: each person's own published shifts, on a phone, with the private calendar
feed (an .ics URL holding a secret token) and a button to replace the token."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from staffing import calendar, selectors, services
from staffing.models import StaffProfile

WEEKS_AHEAD = 6


def _profile(user) -> StaffProfile | None:
    return StaffProfile.objects.filter(user=user.pk).first()


@login_required
def my_roster(request):
    """The next six weeks of the user's published shifts (and the past week), day by day."""
    today = timezone.localdate()
    first, last = today - dt.timedelta(days=7), today + dt.timedelta(weeks=WEEKS_AHEAD)
    shifts = list(selectors.my_shifts(request.user, first=first, last=last))
    profile = _profile(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("staffing:calendar_feed", args=[profile.calendar_token])) if profile else ""
    )
    context = {
        "shifts": shifts,
        "today": today,
        "hours": sum((a.shift_type.paid_hours for a in shifts if a.date >= today), 0),
        "profile": profile,
        "feed_url": feed_url,
    }
    return render(request, "staffing/my_roster.html", context)


@login_required
@require_POST
def rotate_token(request):
    """A new secret for the calendar feed: every old link stops working at once."""
    try:
        services.rotate_calendar_token(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("staffing:my_roster")
    messages.success(request, _("New calendar link made: the old one no longer works."))
    return redirect("staffing:my_roster")


@never_cache
def calendar_feed(request, token):
    """The .ics feed: no log-in (calendar apps cannot log in); the token is the key."""
    person = services.person_for_calendar_token(token)
    if person is None:
        raise Http404
    shifts = selectors.calendar_shifts(person, today=timezone.localdate())
    content = calendar.shifts_calendar(
        shifts, name=_("Shifts of %(name)s") % {"name": person}, host=request.get_host().split(":")[0]
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="roster.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
