"""The private iCalendar feed: valid RFC 5545 that a calendar app reads back, holding only
the person's own published shifts, and dead the moment its token is replaced."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from staffing.models import Assignment, StaffProfile

pytestmark = pytest.mark.django_db


def feed_url(user) -> str:
    token = StaffProfile.objects.get(user=user).calendar_token
    return reverse("staffing:calendar_feed", args=[token])


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar.get("version") == "2.0" and calendar.get("prodid")
    return list(calendar.walk("VEVENT"))


def test_the_feed_holds_exactly_the_persons_published_shifts(hospital, ward, client):
    nurse = hospital.nurse_cardiology
    # a draft shift of hers, and another nurse's published shift, must not appear
    Assignment.objects.create(
        roster=ward.draft, person=nurse, date=ward.draft.first_day, shift_type=ward.shift_types["A"]
    )
    own = Assignment.objects.filter(person=nurse, roster=ward.published)
    found = events(client.get(feed_url(nurse)))  # no log-in: calendar apps cannot log in
    assert {str(e["uid"]) for e in found} == {f"staffing-assignment-{a.pk}@testserver" for a in own}
    assert len(found) == own.count() > 0


def test_each_event_has_the_shifts_times_in_the_hospitals_zone(hospital, ward, client):
    nurse = hospital.nurse_cardiology
    zone = ZoneInfo(settings.TIME_ZONE)
    by_uid = {str(e["uid"]): e for e in events(client.get(feed_url(nurse)))}
    for assignment in Assignment.objects.filter(person=nurse, roster=ward.published).select_related("shift_type"):
        event = by_uid[f"staffing-assignment-{assignment.pk}@testserver"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == dt.datetime.combine(assignment.date, assignment.shift_type.start, tzinfo=zone)
        assert end - start == dt.timedelta(hours=8)  # P 16:00–24:00 ends at midnight, the next day
        assert assignment.shift_type.code in str(event["summary"])
        assert str(event["location"]) == "Cardiology"


def test_an_unknown_token_is_not_found(ward, client):
    assert client.get(reverse("staffing:calendar_feed", args=["not-a-token"])).status_code == 404


def test_rotating_the_token_kills_the_old_link(hospital, ward, client_for):
    nurse = hospital.nurse_cardiology
    old = feed_url(nurse)
    client = client_for(nurse)
    assert old in client.get(reverse("staffing:my_roster")).content.decode()
    response = client.post(reverse("staffing:rotate_token"))
    assert response.status_code == 302
    new = feed_url(nurse)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert new in client.get(reverse("staffing:my_roster")).content.decode()


def test_another_persons_feed_shows_nothing_of_mine(hospital, ward, client):
    found = events(client.get(feed_url(hospital.nurse_icu)))
    mine = set(Assignment.objects.filter(person=hospital.nurse_cardiology).values_list("pk", flat=True))
    assert found and not {str(e["uid"]) for e in found} & {f"staffing-assignment-{pk}@testserver" for pk in mine}
