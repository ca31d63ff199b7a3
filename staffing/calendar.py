"""A person's published shifts as an iCalendar feed (RFC 5545), for their phone's calendar."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from staffing.models import Assignment

PRODUCT_ID = "-//Hospital Operations//Staffing roster//EN"


def shift_times(assignment: Assignment) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a shift as aware moments in the hospital's zone (a shift whose end is
    not after its start ends the next day)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    shift = assignment.shift_type
    start = dt.datetime.combine(assignment.date, shift.start, tzinfo=zone)
    end = dt.datetime.combine(assignment.date, shift.end, tzinfo=zone)
    if shift.crosses_midnight:
        end += dt.timedelta(days=1)
    return start, end


def shifts_calendar(shifts: Iterable[Assignment], *, name: str, host: str) -> bytes:
    """One VEVENT per shift, with a stable UID so that calendar apps update rather than duplicate."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for assignment in shifts:
        start, end = shift_times(assignment)
        event = Event()
        event.add("uid", f"staffing-assignment-{assignment.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{assignment.shift_type.code} {assignment.shift_type.name}")
        event.add("location", assignment.roster.department.name)
        calendar.add_component(event)
    return calendar.to_ical()
