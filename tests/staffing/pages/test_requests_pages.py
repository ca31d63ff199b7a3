"""Leave, shift requests and swaps from the pages: a nurse asks, the department's head
decides, nobody decides their own, and a swap that breaks a rule is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from staffing.models import Assignment, Certification, LeaveRequest, ShiftRequest, ShiftSwap

pytestmark = pytest.mark.django_db


def test_a_nurse_requests_leave_and_her_head_approves_it(hospital, ward, client_for):
    nurse = client_for(hospital.nurse_cardiology)
    start = timezone.localdate() + dt.timedelta(days=30)
    response = nurse.post(
        reverse("staffing:leave_list"), {"kind": "annual", "start": start, "end": start + dt.timedelta(days=4)}
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get(person=hospital.nurse_cardiology)
    assert leave.status == "requested"

    head = client_for(hospital.head_cardiology)
    page = head.get(reverse("staffing:leave_list"))
    assert leave in page.context["to_decide"]
    response = head.post(reverse("staffing:leave_decide", args=[leave.pk, "approve"]), {"note": "Enjoy"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert (leave.status, leave.approver, leave.decision_note) == ("approved", hospital.head_cardiology, "Enjoy")


def test_nobody_decides_their_own_or_another_wards_leave(hospital, ward, client_for):
    start = timezone.localdate() + dt.timedelta(days=30)
    leave = LeaveRequest.objects.create(person=hospital.nurse_cardiology, start=start, end=start)
    own = client_for(hospital.nurse_cardiology).post(reverse("staffing:leave_decide", args=[leave.pk, "approve"]))
    assert own.status_code == 403
    stranger = client_for(hospital.nurse_icu).post(reverse("staffing:leave_decide", args=[leave.pk, "approve"]))
    assert stranger.status_code == 404
    unknown = client_for(hospital.head_cardiology).post(reverse("staffing:leave_decide", args=[leave.pk, "explode"]))
    assert unknown.status_code == 404
    leave.refresh_from_db()
    assert leave.status == "requested"


def test_leave_ending_before_it_starts_is_refused(hospital, ward, client_for):
    start = timezone.localdate() + dt.timedelta(days=30)
    response = client_for(hospital.nurse_cardiology).post(
        reverse("staffing:leave_list"), {"kind": "annual", "start": start, "end": start - dt.timedelta(days=1)}
    )
    assert response.status_code == 400
    assert not LeaveRequest.objects.exists()


def test_a_nurse_asks_for_a_day_off_and_withdraws_it(hospital, ward, client_for):
    client = client_for(hospital.nurse_cardiology)
    day = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(reverse("staffing:shift_requests"), {"date": day, "wants_to_work": "0", "weight": 5})
    assert response.status_code == 302
    request_ = ShiftRequest.objects.get(person=hospital.nurse_cardiology)
    assert (request_.date, request_.wants_to_work, request_.weight) == (day, False, 5)
    team = client_for(hospital.head_cardiology).get(reverse("staffing:shift_requests")).context["team"]
    assert request_ in list(team)
    client = client_for(hospital.nurse_cardiology)  # the one test client, signed in as her again
    assert client.post(reverse("staffing:shift_request_withdraw", args=[request_.pk])).status_code == 302
    assert not ShiftRequest.objects.exists()


def test_a_swap_that_breaks_a_rule_is_refused(hospital, ward, client_for):
    nurse, partner = hospital.nurse_cardiology, ward.nurses[1]
    sunday = ward.published.last_day  # never before today: the published week is this one
    Assignment.objects.filter(roster=ward.published, person__in=[nurse, partner], date=sunday).delete()
    mine = Assignment.objects.create(roster=ward.published, person=nurse, date=sunday, shift_type=ward.shift_types["A"])
    # the partner already works that day: taking a second shift would break "one shift a day"
    Assignment.objects.create(roster=ward.published, person=partner, date=sunday, shift_type=ward.shift_types["N"])
    response = client_for(nurse).post(
        reverse("staffing:swap_list"), {"requester_assignment": mine.pk, "partner": partner.pk}
    )
    assert response.status_code == 409
    assert not ShiftSwap.objects.exists()


def test_certifications_expiring_are_scoped(hospital, ward, client_for):
    today = timezone.localdate()
    soon = Certification.objects.create(
        person=hospital.nurse_cardiology, kind="bls", issued=dt.date(2020, 1, 1), expires=today + dt.timedelta(days=20)
    )
    icu = Certification.objects.create(
        person=hospital.nurse_icu, kind="acls", issued=dt.date(2020, 1, 1), expires=today + dt.timedelta(days=40)
    )
    Certification.objects.create(
        person=hospital.nurse_icu, kind="bls", issued=dt.date(2020, 1, 1), expires=today + dt.timedelta(days=200)
    )

    def shown(user, query=""):
        page = client_for(user).get(reverse("staffing:certification_list") + query)
        return set(page.context["certifications"])

    assert shown(hospital.scheduler) == {soon, icu}
    assert shown(hospital.scheduler, "?within=30") == {soon}
    assert shown(hospital.head_cardiology) == {soon}
    assert shown(hospital.nurse_icu) == {icu}
    assert shown(hospital.finance) == set()


def test_a_swap_asked_by_a_nurse_and_approved_by_her_head_changes_the_roster(hospital, ward, client_for):
    nurse, partner = hospital.nurse_cardiology, ward.nurses[1]
    sunday = ward.published.last_day
    Assignment.objects.filter(roster=ward.published, person__in=[nurse, partner], date=sunday).delete()
    mine = Assignment.objects.create(roster=ward.published, person=nurse, date=sunday, shift_type=ward.shift_types["A"])
    asked = client_for(nurse).post(
        reverse("staffing:swap_list"), {"requester_assignment": mine.pk, "partner": partner.pk}
    )
    assert asked.status_code == 302
    swap = ShiftSwap.objects.get()
    assert swap.status == "requested"
    assert swap in client_for(partner).get(reverse("staffing:swap_list")).context["mine"]

    assert client_for(partner).post(reverse("staffing:swap_decide", args=[swap.pk, "approve"])).status_code == 403
    head = client_for(hospital.head_cardiology)  # the one test client, now signed in as the head
    assert swap in list(head.get(reverse("staffing:swap_list")).context["to_decide"])
    assert head.post(reverse("staffing:swap_decide", args=[swap.pk, "approve"])).status_code == 302
    swap.refresh_from_db()
    assert swap.status == "approved"
    assert list(
        Assignment.objects.filter(roster=ward.published, date=sunday, person__in=[nurse, partner]).values_list(
            "person", flat=True
        )
    ) == [partner.pk]


def test_a_swap_with_a_day_the_partner_does_not_work_is_refused_on_the_form(hospital, ward, client_for):
    nurse, partner = hospital.nurse_cardiology, ward.nurses[1]
    sunday = ward.published.last_day
    Assignment.objects.filter(roster=ward.published, person__in=[nurse, partner], date=sunday).delete()
    mine = Assignment.objects.create(roster=ward.published, person=nurse, date=sunday, shift_type=ward.shift_types["A"])
    response = client_for(nurse).post(
        reverse("staffing:swap_list"), {"requester_assignment": mine.pk, "partner": partner.pk, "partner_date": sunday}
    )
    assert response.status_code == 400
    assert "They have no shift that day on this roster." in response.content.decode()
    assert not ShiftSwap.objects.exists()
