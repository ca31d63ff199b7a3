"""Who may look up which accounts: one rule (User.objects.visible_to) for the page and the API."""

import pytest
from django.urls import reverse

from hospital.models import User

pytestmark = pytest.mark.django_db


def page_usernames(client, user):
    page = client(user).get(reverse("user_list"))
    return {u.username for u in page.context["object_list"]} if page.status_code == 200 else None


def api_usernames(api, user):
    return {row["username"] for row in api(user).get("/api/v1/users/?page_size=200").json()["results"]}


def test_head_sees_the_staff_of_their_subtree_on_page_and_api(hospital, client_for, api_for):
    expected = set(
        User.objects.filter(department__path__startswith=hospital.medicine.path).values_list("username", flat=True)
    )
    expected.add(hospital.head_medicine.username)
    assert page_usernames(client_for, hospital.head_medicine) == expected
    assert api_usernames(api_for, hospital.head_medicine) == expected
    assert hospital.nurse_icu.username not in expected


@pytest.mark.parametrize("role", ["pharmacist", "engineer", "finance", "nurse_cardiology"])
def test_other_roles_read_only_their_own_account(hospital, api_for, role):
    user = getattr(hospital, role)
    assert api_usernames(api_for, user) == {user.username}


def test_administrator_sees_everyone(hospital, api_for):
    assert api_usernames(api_for, hospital.admin) == set(User.objects.values_list("username", flat=True))
