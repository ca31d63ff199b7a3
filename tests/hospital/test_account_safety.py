"""Account safety in production: no reset links in logs, lock-outs keyed on the real client."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.hospital.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "hospital.example"}


def start_django(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "ALLOW_CONSOLE_EMAIL")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "hospital.settings", **PRODUCTION, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )


def test_production_refuses_to_start_with_console_email():
    refused = start_django()
    assert refused.returncode != 0
    assert "EMAIL_URL" in refused.stderr
    assert start_django(EMAIL_URL="smtp+tls://ops:secret@mail.hospital.example:587").returncode == 0
    assert start_django(ALLOW_CONSOLE_EMAIL="true").returncode == 0


def test_password_reset_is_off_while_email_stays_on_the_server(client):
    assert settings.PASSWORD_RESET_ENABLED is False  # the tests run with the console backend
    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.post("/accounts/password_reset/", {"email": "nurse@hospital.example"}).status_code == 404


def log_in_through_proxy(client, username, password, client_address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",  # the hospital's proxy
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_behind_a_proxy_wrong_passwords_from_elsewhere_do_not_lock_the_user_out(hospital, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_through_proxy(client, "nurse_icu", "wrong password", "203.0.113.66")
    assert log_in_through_proxy(client, "nurse_icu", TEST_PASSWORD, "203.0.113.66").status_code == 429
    assert log_in_through_proxy(client, "nurse_icu", TEST_PASSWORD, "198.51.100.7").status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_address(hospital, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # the attacker prepends a fresh address each time; the proxy appends the real one
        log_in_through_proxy(client, "nurse_icu", "wrong password", f"192.0.2.{attempt}, 203.0.113.66")
    assert log_in_through_proxy(client, "nurse_icu", TEST_PASSWORD, "192.0.2.99, 203.0.113.66").status_code == 429


def test_language_cookie_follows_the_secure_setting(hospital, client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("login"), {"username": "nurse_icu", "password": TEST_PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"] is True
