"""Who sees which departments: the one rule every app reuses (hospital.access)."""

import pytest
from django.urls import reverse

from hospital.access import department_scope, may_manage_department, may_view_department
from hospital.models import Department

pytestmark = pytest.mark.django_db


def visible_codes(user):
    return set(Department.objects.visible_to(user).values_list("code", flat=True))


def test_department_head_sees_own_department_and_descendants_not_siblings(hospital):
    assert visible_codes(hospital.head_medicine) == {"IM", "CARD", "RESP"}
    assert visible_codes(hospital.head_cardiology) == {"CARD"}


def test_administrator_sees_every_department(hospital):
    assert visible_codes(hospital.admin) == set(Department.objects.values_list("code", flat=True))


def test_nurse_sees_only_own_department(hospital):
    assert visible_codes(hospital.nurse_icu) == {"ICU"}


def test_hospital_wide_role_can_be_narrowed_by_an_app(hospital):
    narrowed = Department.objects.filter(department_scope(hospital.pharmacist, field="", wide_roles=()))
    assert narrowed.count() == 0
    assert visible_codes(hospital.pharmacist) == set(Department.objects.values_list("code", flat=True))


def test_head_manages_own_subtree_only(hospital):
    assert may_manage_department(hospital.head_medicine, hospital.cardiology)
    assert not may_manage_department(hospital.head_cardiology, hospital.respiratory)
    assert not may_manage_department(hospital.head_cardiology, hospital.medicine)
    assert not may_manage_department(hospital.nurse_cardiology, hospital.cardiology)
    assert may_manage_department(hospital.admin, hospital.surgery)


def test_view_question_matches_the_queryset(hospital):
    for user in (hospital.head_cardiology, hospital.head_medicine, hospital.nurse_icu, hospital.admin):
        for department in Department.objects.all():
            assert may_view_department(user, department) == (department.code in visible_codes(user))


def test_descendants_helper_does_not_query_per_level(hospital, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = {d.code for d in hospital.medicine.descendants()}
    assert codes == {"IM", "CARD", "RESP"}


def test_moving_a_department_moves_its_subtree(hospital):
    hospital.medicine.parent = hospital.surgery
    hospital.medicine.save()
    hospital.cardiology.refresh_from_db()
    assert hospital.cardiology.is_descendant_of(hospital.surgery)
    assert {d.code for d in hospital.surgery.descendants()} == {"SURG", "GSUR", "IM", "CARD", "RESP"}


def test_html_list_is_scoped(hospital, client_for):
    page = client_for(hospital.head_medicine).get(reverse("department_list"))
    codes = {d.code for d in page.context["object_list"]}
    assert codes == {"IM", "CARD", "RESP"}
    assert b'data-department="SURG"' not in page.content


def test_html_list_shows_administrator_everything(hospital, client_for):
    page = client_for(hospital.admin).get(reverse("department_list"))
    assert {d.code for d in page.context["object_list"]} >= {"IM", "CARD", "RESP", "SURG", "GSUR", "ICU"}


def test_api_list_is_scoped(hospital, api_for):
    response = api_for(hospital.head_medicine).get("/api/v1/departments/")
    assert response.status_code == 200
    assert {d["code"] for d in response.json()["results"]} == {"IM", "CARD", "RESP"}


def test_api_detail_of_sibling_department_is_not_found(hospital, api_for):
    response = api_for(hospital.head_cardiology).get(f"/api/v1/departments/{hospital.respiratory.pk}/")
    assert response.status_code == 404


def test_api_list_shows_administrator_everything(hospital, api_for):
    response = api_for(hospital.admin).get("/api/v1/departments/")
    assert response.json()["count"] == Department.objects.count()
