"""The staffing API per role: who sees which rosters and shifts, who generates, edits and
publishes, who decides leave; bad input is a 400, never a 500; lists are paginated with a
fixed number of queries."""

import datetime as dt

import pytest

from staffing import services
from staffing.models import Assignment, LeaveRequest, RosterStatus
from tests.staffing.factories import MONDAY, cover, nurse, roster, shift_types

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staffing"


@pytest.fixture
def wards(hospital):
    shifts = shift_types()
    cover(hospital.cardiology, shifts["A"], minimum=1)
    ann = nurse(hospital.cardiology, "ann")
    published = roster(hospital.cardiology, first_day=MONDAY - dt.timedelta(days=7), length_days=7)
    for day in range(7):
        Assignment.objects.create(
            roster=published, person=ann, date=published.first_day + dt.timedelta(days=day), shift_type=shifts["A"]
        )
    published.status = RosterStatus.PUBLISHED
    published.save()
    draft = roster(hospital.cardiology, length_days=7)
    icu_draft = roster(hospital.icu, length_days=7)
    return {"published": published, "draft": draft, "icu": icu_draft, "ann": ann, "shifts": shifts}


# role -> (rosters seen, may generate the cardiology draft)
MATRIX = {
    "admin": ({"published", "draft", "icu"}, True),
    "scheduler": ({"published", "draft", "icu"}, True),
    "head_medicine": ({"published", "draft"}, True),  # Cardiology is under Internal Medicine
    "head_cardiology": ({"published", "draft"}, True),
    "head_surgery": (set(), False),
    "nurse_cardiology": ({"published"}, False),
    "physician_cardiology": ({"published"}, False),
    "nurse_icu": (set(), False),
    "pharmacist": (set(), False),
    "finance": (set(), False),
}


@pytest.mark.parametrize("who", MATRIX)
def test_rosters_by_role(hospital, wards, api_for, who, django_capture_on_commit_callbacks):
    client = api_for(getattr(hospital, who))
    seen, may_generate = MATRIX[who]
    listed = {r["id"] for r in client.get(f"{BASE}/rosters/").json()["results"]}
    assert listed == {wards[name].pk for name in seen}
    draft = wards["draft"]
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"{BASE}/rosters/{draft.pk}/generate/", {"time_limit": 1}, format="json")
    if may_generate:
        assert response.status_code == 202 and response.json()["task_id"]
        assert client.get(f"{BASE}/rosters/{draft.pk}/status/").json()["state"] == "queued"
    else:
        assert response.status_code == (403 if "draft" in seen else 404)
    shown = client.get(f"{BASE}/assignments/").json()["count"]
    assert shown == (7 if "published" in seen else 0)


def test_a_nurse_sees_their_own_shifts_and_requests_leave_that_the_head_decides(hospital, wards, api_for):
    ann = wards["ann"]
    mine = api_for(ann).get(f"{BASE}/assignments/?mine=1").json()
    assert mine["count"] == 7
    response = api_for(ann).post(
        f"{BASE}/leave-requests/",
        {"kind": "annual", "start": "2027-04-01", "end": "2027-04-03"},
        format="json",
    )
    assert response.status_code == 201
    leave_id = response.json()["id"]
    assert api_for(ann).post(f"{BASE}/leave-requests/{leave_id}/approve/").status_code == 403
    assert api_for(hospital.nurse_icu).post(f"{BASE}/leave-requests/{leave_id}/approve/").status_code == 404
    approved = api_for(hospital.head_cardiology).post(f"{BASE}/leave-requests/{leave_id}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = api_for(hospital.head_cardiology).post(f"{BASE}/leave-requests/{leave_id}/approve/")
    assert again.status_code == 409
    bad = api_for(ann).post(f"{BASE}/leave-requests/", {"kind": "annual", "start": "2027-04-05", "end": "2027-04-01"})
    assert bad.status_code == 400
    assert LeaveRequest.objects.count() == 1


def test_publishing_with_a_broken_rule_is_a_409_listing_it(hospital, wards, api_for):
    client = api_for(hospital.head_cardiology)
    draft, ann, shifts = wards["draft"], wards["ann"], wards["shifts"]
    url = f"{BASE}/rosters/{draft.pk}/assignments/"
    # (Wednesday and Thursday: ann's seven days in a row of the week before have ended)
    client.post(url, {"person": ann.pk, "date": "2027-03-03", "shift_type": shifts["P"].pk}, format="json")
    edit = client.post(url, {"person": ann.pk, "date": "2027-03-04", "shift_type": shifts["A"].pk}, format="json")
    assert edit.status_code == 200
    assert [v["rule"] for v in edit.json() if v["is_hard"]] == ["rest"]
    refused = client.post(f"{BASE}/rosters/{draft.pk}/publish/")
    assert refused.status_code == 409
    assert [v["rule"] for v in refused.json()["violations"]] == ["rest"]
    outside = client.post(url, {"person": ann.pk, "date": "2030-01-01", "shift_type": None}, format="json")
    assert outside.status_code == 400
    assert client.get(f"{BASE}/rosters/?ordering=nonsense").status_code == 400


def test_roster_assignments_are_listed_in_a_fixed_number_of_queries(
    hospital, wards, api_for, django_assert_max_num_queries
):
    client = api_for(hospital.scheduler)
    url = f"{BASE}/rosters/{wards['published'].pk}/assignments/"
    with django_assert_max_num_queries(12):
        few = client.get(url)
    shifts = wards["shifts"]
    for i in range(40):
        person = nurse(hospital.cardiology, f"extra{i}")
        Assignment.objects.create(
            roster=wards["published"], person=person, date=MONDAY - dt.timedelta(days=1), shift_type=shifts["A"]
        )
    with django_assert_max_num_queries(12):
        many = client.get(url)
    assert few.json()["count"] == 7 and many.json()["count"] == 47


def test_check_lists_every_violation_of_a_visible_roster(hospital, wards, api_for):
    services.set_assignment(
        user=hospital.scheduler,
        roster=wards["draft"],
        person=wards["ann"],
        date=MONDAY,
        shift_type=wards["shifts"]["N"],
    )
    rows = api_for(hospital.head_cardiology).get(f"{BASE}/rosters/{wards['draft'].pk}/check/").json()
    assert any(v["rule"] == "cover_under_minimum" and not v["is_hard"] for v in rows)
    assert api_for(hospital.nurse_cardiology).get(f"{BASE}/rosters/{wards['draft'].pk}/check/").status_code == 404
