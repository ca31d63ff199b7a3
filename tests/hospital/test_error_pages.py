"""403, 404 and 500 are pages of the base layout, in the reader's language, with a way back;
the favicon and the admin's header are the hospital's own."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hospital.views.errors import server_error

pytestmark = pytest.mark.django_db

ENGLISH = {
    403: "You may not open this page",
    404: "This page does not exist",
    500: "Something went wrong on our side",
}
CHINESE = {
    403: "您无权打开此页面",
    404: "此页面不存在",
    500: "我们这边出了问题",
}


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(("language", "texts"), [("en", ENGLISH), ("zh-hans", CHINESE)])
def test_forbidden_page_is_translated_with_a_way_back(hospital, client_for, language, texts):
    response = in_language(client_for(hospital.nurse_icu), language).get(reverse("user_list"))
    page = response.content.decode()
    assert response.status_code == 403
    assert texts[403] in page and 'id="error-home"' in page
    assert 'id="user-menu"' in page  # the base layout, with the account menu


@pytest.mark.parametrize(("language", "texts"), [("en", ENGLISH), ("zh-hans", CHINESE)])
def test_not_found_page_is_translated_with_a_way_back(hospital, client_for, language, texts):
    response = in_language(client_for(hospital.admin), language).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert texts[404] in page and f'href="{reverse("dashboard")}"' in page


@pytest.mark.parametrize(("language", "texts"), [("en", ENGLISH), ("zh-hans", CHINESE)])
def test_not_found_page_renders_for_anonymous_visitors(client, language, texts):
    response = in_language(client, language).get("/static-nothing/")
    assert response.status_code == 404 and texts[404] in response.content.decode()


@pytest.mark.parametrize(("language", "texts"), [("en", ENGLISH), ("zh-hans", CHINESE)])
def test_server_error_page_renders_without_a_request_context(rf, language, texts):
    from django.utils import translation

    with translation.override(language):
        response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert texts[500] in page and settings.HOSPITAL_NAME in page and 'id="error-home"' in page


@pytest.mark.urls("tests.hospital.failing_urls")
def test_an_unhandled_exception_shows_the_server_error_page(hospital):
    client = Client(raise_request_exception=False)
    client.force_login(hospital.admin)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert ENGLISH[500] in response.content.decode()


def test_every_page_links_the_favicon_and_it_is_served(hospital, client_for):
    page = client_for(hospital.admin).get(reverse("dashboard")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert (settings.BASE_DIR / "static" / "favicon.svg").read_text().startswith("<svg")
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("favicon.svg")


def test_admin_header_is_the_hospitals_name(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert settings.HOSPITAL_NAME in page
    assert "Django administration" not in page
