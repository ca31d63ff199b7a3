"""Department and user management for administrators; fixed query counts on lists."""

import pytest
from django.urls import reverse

from hospital.models import Department, User
from hospital.roles import Role
from tests.hospital.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def grow(hospital, departments, users):
    for _i in range(departments):
        DepartmentFactory(parent=hospital.medicine)
    for _i in range(users):
        UserFactory(department=hospital.cardiology, roles=[Role.NURSE])


@pytest.mark.parametrize("rows", [10, 200])
def test_department_list_query_count_is_fixed(hospital, client_for, django_assert_max_num_queries, rows):
    grow(hospital, rows, 0)
    client = client_for(hospital.admin)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("department_list"))
    assert page.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_user_list_query_count_is_fixed(hospital, client_for, django_assert_max_num_queries, rows):
    grow(hospital, 0, rows)
    client = client_for(hospital.admin)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("user_list"))
    assert page.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_api_lists_query_count_is_fixed(hospital, api_for, django_assert_max_num_queries, rows):
    grow(hospital, rows, rows)
    api = api_for(hospital.head_medicine)
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/departments/").status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/users/").status_code == 200


def test_department_list_search(hospital, client_for):
    page = client_for(hospital.admin).get(reverse("department_list"), {"q": "cardio"})
    assert [d.code for d in page.context["object_list"]] == ["CARD"]


def test_administrator_creates_a_department_under_a_parent(hospital, client_for):
    response = client_for(hospital.admin).post(
        reverse("department_create"),
        {
            "code": "neph",
            "name": "Nephrology",
            "kind": "clinical",
            "parent": hospital.medicine.pk,
            "staffed_beds": 24,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    nephrology = Department.objects.get(code="NEPH")
    assert nephrology.is_descendant_of(hospital.medicine)


def test_a_department_cannot_move_under_its_own_child(hospital, client_for):
    response = client_for(hospital.admin).post(
        reverse("department_edit", args=[hospital.medicine.pk]),
        {
            "code": "IM",
            "name": "Internal Medicine",
            "kind": "clinical",
            "parent": hospital.cardiology.pk,
            "staffed_beds": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot be placed under itself" in response.content.decode()
    hospital.medicine.refresh_from_db()
    assert hospital.medicine.parent is None


def test_deactivating_a_department_with_active_children_is_refused(hospital, client_for):
    client = client_for(hospital.admin)
    response = client.post(reverse("department_deactivate", args=[hospital.medicine.pk]), follow=True)
    assert "sub-departments first" in response.content.decode()
    hospital.medicine.refresh_from_db()
    assert hospital.medicine.is_active


def test_department_changes_keep_a_history_shown_to_administrators(hospital, client_for):
    client = client_for(hospital.admin)
    client.post(
        reverse("department_edit", args=[hospital.icu.pk]),
        {"code": "ICU", "name": "Intensive Care Unit", "kind": "clinical", "staffed_beds": 20, "is_active": "on"},
    )
    record = hospital.icu.history.first()
    assert record.history_user == hospital.admin
    assert record.staffed_beds == 20
    page = client.get(reverse("department_edit", args=[hospital.icu.pk]))
    assert "staffed_beds" in page.content.decode()


def test_administrator_creates_a_user_with_roles(hospital, client_for):
    response = client_for(hospital.admin).post(
        reverse("user_create"),
        {
            "username": "new_nurse",
            "display_name": "New Nurse",
            "department": hospital.icu.pk,
            "preferred_language": "zh-hans",
            "roles": [hospital.nurse_icu.groups.get().pk],
            "is_active": "on",
            "password": "a-long-enough-passphrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_nurse")
    assert user.check_password("a-long-enough-passphrase-42")
    assert list(user.groups.values_list("name", flat=True)) == ["Nurse"]
    assert user.history.count() == 1
    assert "password" not in {f.name for f in user.history.model._meta.fields}


def test_weak_password_is_refused_with_a_reason(hospital, client_for):
    response = client_for(hospital.admin).post(
        reverse("user_create"), {"username": "weak", "preferred_language": "en", "password": "123"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert "too short" in response.content.decode()


def test_administrator_cannot_deactivate_themselves(hospital, client_for):
    client_for(hospital.admin).post(reverse("user_deactivate", args=[hospital.admin.pk]))
    hospital.admin.refresh_from_db()
    assert hospital.admin.is_active


def test_deactivated_user_cannot_log_in(hospital, client_for, client):
    client_for(hospital.admin).post(reverse("user_deactivate", args=[hospital.nurse_icu.pk]))
    client.logout()
    from tests.hospital.factories import TEST_PASSWORD

    response = client.post(reverse("login"), {"username": "nurse_icu", "password": TEST_PASSWORD})
    assert response.status_code == 200  # the form again, with an error


def test_head_sees_staff_of_own_subtree_only(hospital, client_for):
    page = client_for(hospital.head_medicine).get(reverse("user_list"))
    usernames = {u.username for u in page.context["object_list"]}
    assert "nurse_cardiology" in usernames and "head_respiratory" in usernames
    assert "nurse_icu" not in usernames and "head_surgery" not in usernames


def test_api_write_is_for_administrators_only(hospital, api_for):
    payload = {"code": "X1", "name": "X", "kind": "clinical"}
    assert api_for(hospital.head_medicine).post("/api/v1/departments/", payload, format="json").status_code == 403
    response = api_for(hospital.admin).post("/api/v1/departments/", payload, format="json")
    assert response.status_code == 201
    assert Department.objects.filter(code="X1").exists()


def test_api_refuses_a_cycle_in_the_tree_with_400(hospital, api_for):
    response = api_for(hospital.admin).patch(
        f"/api/v1/departments/{hospital.medicine.pk}/", {"parent": hospital.cardiology.pk}, format="json"
    )
    assert response.status_code == 400
    assert "cannot be placed under itself" in response.json()["detail"]


def test_api_duplicate_code_is_400_not_500(hospital, api_for):
    response = api_for(hospital.admin).post(
        "/api/v1/departments/", {"code": "card", "name": "Again", "kind": "clinical"}, format="json"
    )
    assert response.status_code == 400


def test_api_me(hospital, api_for):
    body = api_for(hospital.nurse_icu).get("/api/v1/me/").json()
    assert body["username"] == "nurse_icu"
    assert body["roles"] == ["Nurse"]


def test_navigation_shows_each_role_its_sections(hospital, client_for, client):
    admin_nav = {s.key for s in client_for(hospital.admin).get(reverse("dashboard")).context["nav_sections"]}
    assert {"departments", "users", "census"} <= admin_nav
    client.logout()
    nurse_nav = {s.key for s in client_for(hospital.nurse_icu).get(reverse("dashboard")).context["nav_sections"]}
    assert "users" not in nurse_nav and "departments" not in nurse_nav


def test_api_value_too_long_for_its_column_is_400_not_500():
    """A DataError from the database (here: a name past its 120 characters on a
    path that skips the serializer's length check) becomes a clear 400."""
    from django.db import DataError
    from rest_framework.test import APIRequestFactory

    from hospital.api_errors import domain_exception_handler

    request = APIRequestFactory().post("/api/v1/departments/")
    error = DataError("value too long for type character varying(120)")
    response = domain_exception_handler(error, {"request": request})
    assert response.status_code == 400
    assert "too long or out of range" in response.data["detail"]


def test_user_edit_page_keeps_the_signed_in_user_in_the_account_menu(hospital, client_for):
    page = client_for(hospital.admin).get(reverse("user_edit", args=[hospital.nurse_icu.pk])).content.decode()
    menu = page.split('id="user-menu">', 1)[1].split("<", 1)[0]
    assert menu == str(hospital.admin)
    assert str(hospital.nurse_icu) in page  # the page is still about the edited account
    assert 'action="{}"'.format(reverse("user_deactivate", args=[hospital.nurse_icu.pk])) in page


def test_user_edit_page_of_oneself_offers_no_deactivation(hospital, client_for):
    page = client_for(hospital.admin).get(reverse("user_edit", args=[hospital.admin.pk])).content.decode()
    assert reverse("user_deactivate", args=[hospital.admin.pk]) not in page
