"""The OKR API: scoped like the pages, the same refusals, a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from okr.models import CheckIn, KeyResult, Objective, ObjectiveLevel
from tests.okr.factories import ObjectiveFactory
from tests.okr.test_pages import make_objectives

pytestmark = pytest.mark.django_db

API = "/api/v1/okr"


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_objectives_come_with_their_key_results_and_are_scoped(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).get(f"{API}/objectives/")
    titles = {o["title"]: o for o in response.json()["results"]}
    assert set(titles) == {"Raise care quality", "Fewer cardiovascular deaths"}
    assert titles["Fewer cardiovascular deaths"]["key_results"][0]["title"] == okrs.mortality.title


def test_objectives_filter_by_cycle_level_department_status(hospital, okrs, api_for):
    api = api_for(hospital.admin)
    result = api.get(f"{API}/objectives/", {"level": "department", "department": hospital.surgery.pk}).json()
    assert [o["title"] for o in result["results"]] == ["Safer surgery"]
    assert api.get(f"{API}/objectives/", {"cycle": okrs.cycle.pk, "status": "draft"}).json()["count"] == 0


def test_head_checks_in_through_the_api(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).post(
        f"{API}/check-ins/", {"key_result": okrs.mortality.pk, "value": "4", "confidence": "on_track"}
    )
    assert response.status_code == 201, response.json()
    okrs.mortality.refresh_from_db()
    assert str(okrs.mortality.progress) == "50.00"


def test_head_cannot_check_in_for_a_sibling_department_through_the_api(hospital, okrs, api_for):
    response = api_for(hospital.head_respiratory).post(
        f"{API}/check-ins/", {"key_result": okrs.mortality.pk, "value": "4", "confidence": "on_track"}
    )
    assert response.status_code == 404  # the sibling's key result is not even visible
    assert CheckIn.objects.count() == 0


def test_head_of_parent_sees_but_sibling_head_cannot_check_in_on_a_visible_cross_department_result(
    hospital, okrs, api_for
):
    okrs.cardiology.contributing_departments.add(hospital.respiratory)  # now visible to Respiratory
    response = api_for(hospital.head_respiratory).post(
        f"{API}/check-ins/", {"key_result": okrs.mortality.pk, "value": "4", "confidence": "on_track"}
    )
    assert response.status_code == 403
    assert "You may not record check-ins" in response.json()["detail"]
    assert CheckIn.objects.count() == 0


def test_head_cannot_create_an_objective_for_a_sibling_department_through_the_api(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).post(
        f"{API}/objectives/",
        {
            "title": "Run respiratory",
            "cycle": okrs.cycle.pk,
            "level": "department",
            "department": hospital.respiratory.pk,
        },
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not set objectives for Respiratory."
    assert not Objective.objects.filter(title="Run respiratory").exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"value": "lots"}, "is not a number"),
        ({"date": "2026-03-05"}, "cannot be dated in the future"),
        ({"date": "2025-12-01"}, "outside the cycle"),
    ],
)
def test_api_refusals_are_clear_and_change_nothing(hospital, okrs, api_for, payload, message):
    data = {"key_result": okrs.mortality.pk, "value": "4", "confidence": "on_track", **payload}
    response = api_for(hospital.head_cardiology).post(f"{API}/check-ins/", data)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert CheckIn.objects.count() == 0


def test_closed_cycle_refuses_check_ins_with_409(hospital, okrs, api_for):
    okrs.cycle.status = "closed"
    okrs.cycle.save()
    response = api_for(hospital.head_cardiology).post(
        f"{API}/check-ins/", {"key_result": okrs.mortality.pk, "value": "4", "confidence": "on_track"}
    )
    assert response.status_code == 409
    assert "is closed" in response.json()["detail"]


def test_target_change_through_the_api_needs_a_reason(hospital, okrs, api_for):
    api = api_for(hospital.head_cardiology)
    url = f"{API}/key-results/{okrs.mortality.pk}/change-target/"
    assert api.post(url, {"target": "3.5", "reason": ""}).status_code == 400
    assert api.post(url, {"target": "3.5", "reason": "Older case mix"}).status_code == 200
    assert KeyResult.objects.get(pk=okrs.mortality.pk).target == 3.5


def test_only_administrators_create_cycles(hospital, api_for):
    data = {"name": "2027", "start": "2027-01-01", "end": "2027-12-31", "status": "planning"}
    assert api_for(hospital.head_cardiology).post(f"{API}/cycles/", data).status_code == 403
    assert api_for(hospital.admin).post(f"{API}/cycles/", data).status_code == 201


def test_cascade_endpoint_returns_the_tree(hospital, okrs, api_for):
    ObjectiveFactory(cycle=okrs.cycle, level=ObjectiveLevel.DEPARTMENT, department=hospital.icu, title="Lone")
    data = api_for(hospital.admin).get(f"{API}/cascade/", {"cycle": okrs.cycle.pk}).json()
    [root] = data["objectives"]
    assert root["title"] == "Raise care quality"
    assert {c["title"] for c in root["children"]} == {"Fewer cardiovascular deaths", "Safer surgery"}
    assert [o["title"] for o in data["unaligned"]] == ["Lone"]


@pytest.mark.parametrize("count", [5, 100])
def test_cascade_and_list_endpoints_run_a_fixed_number_of_queries(
    hospital, okrs, api_for, django_assert_max_num_queries, count
):
    make_objectives(okrs, hospital, count)
    api = api_for(hospital.head_medicine)
    with django_assert_max_num_queries(8):
        assert api.get(f"{API}/cascade/").status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get(f"{API}/objectives/").status_code == 200


def test_aligning_to_a_sibling_departments_objective_through_the_api_is_refused(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).post(
        f"{API}/objectives/",
        {"title": "Mine", "cycle": okrs.cycle.pk, "level": "individual", "parent": okrs.surgery.pk},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Align to an objective you can see."
    assert not Objective.objects.filter(title="Mine").exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [({"cycle": "abc"}, "cycle"), ({"cycle": 99999}, "cycle"), ({"level": "ward"}, "level"), ({"kind": "x"}, "kind")],
)
def test_cascade_endpoint_refuses_a_wrong_filter_instead_of_widening_the_tree(hospital, okrs, api_for, query, field):
    response = api_for(hospital.admin).get(f"{API}/cascade/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_cascade_endpoint_refuses_a_department_the_caller_cannot_see(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).get(f"{API}/cascade/", {"department": hospital.surgery.pk})
    assert response.status_code == 400
    assert "department" in response.json()


@pytest.mark.parametrize("count", [5, 100])
def test_key_result_and_check_in_lists_run_a_fixed_number_of_queries(
    hospital, okrs, api_for, django_assert_max_num_queries, count
):
    make_objectives(okrs, hospital, count)
    for key_result in KeyResult.objects.all():
        CheckIn.objects.create(key_result=key_result, date=dt.date(2026, 3, 2), week=dt.date(2026, 3, 2), value=85)
    api = api_for(hospital.head_medicine)
    for url in (f"{API}/key-results/", f"{API}/check-ins/", f"{API}/cycles/"):
        with django_assert_max_num_queries(8):
            assert api.get(url).status_code == 200


def test_binding_to_a_sibling_departments_live_data_through_the_api_is_refused(hospital, okrs, api_for):
    response = api_for(hospital.head_cardiology).post(
        f"{API}/key-results/",
        {
            "objective": okrs.cardiology.pk,
            "title": "Peek",
            "kind": "increase",
            "baseline": "0",
            "target": "50",
            "metric_key": "okr.progress",
            "metric_department": hospital.surgery.pk,
        },
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not bind a key result to the live data of Surgery."
    assert not KeyResult.objects.filter(title="Peek").exists()


def test_an_individual_objective_under_another_department_is_refused_on_api_and_page(
    hospital, okrs, api_for, client_for
):
    payload = {
        "title": "Mine in ICU",
        "cycle": okrs.cycle.pk,
        "level": "individual",
        "department": hospital.icu.pk,
        "kind": "committed",
        "status": "active",
    }
    response = api_for(hospital.nurse_cardiology).post(f"{API}/objectives/", payload, format="json")
    assert response.status_code in (400, 403)
    page = client_for(hospital.nurse_cardiology).post(reverse("okr:objective_create"), payload)
    assert page.status_code == 200  # the form again, with the reason
    assert not Objective.objects.filter(title="Mine in ICU").exists()
    response = api_for(hospital.nurse_cardiology).post(
        f"{API}/objectives/", {**payload, "department": hospital.cardiology.pk}, format="json"
    )
    assert response.status_code == 201  # one's own department is fine
