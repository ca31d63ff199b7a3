"""Log-in, lock-out after repeated failures, and no data for anonymous visitors."""

import pytest
from django.urls import reverse

from tests.hospital.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PAGES = [
    "dashboard",
    "notification_list",
    "department_list",
    "department_create",
    "user_list",
    "user_create",
    "census_list",
    "census_import",
    "password_change",
]
API_ENDPOINTS = [
    "/api/v1/me/",
    "/api/v1/departments/",
    "/api/v1/users/",
    "/api/v1/notifications/",
    "/api/v1/census/",
]


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_correct_password_logs_in(hospital, client):
    response = log_in(client, "nurse_icu", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_repeated_failures_lock_the_account_even_for_the_right_password(hospital, client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, "nurse_icu", "wrong password")
        assert response.status_code in (200, 429)
    response = log_in(client, "nurse_icu", TEST_PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_failures_of_one_user_do_not_lock_another(hospital, client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "nurse_icu", "wrong password")
    assert log_in(client, "head_cardiology", TEST_PASSWORD).status_code == 302


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", API_ENDPOINTS)
def test_anonymous_api_request_is_refused(api_for, url):
    response = api_for(None).get(url)
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_administrator_pages_are_forbidden_to_a_nurse(hospital, client_for):
    client = client_for(hospital.nurse_icu)
    for name in ("department_create", "user_create", "user_list", "census_import"):
        assert client.get(reverse(name)).status_code == 403


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings as django_settings

    from hospital import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_USER_MODEL == "hospital.User"
