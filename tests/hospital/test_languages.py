"""English and Simplified Chinese: the interface follows the chosen language."""

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_rendered_in_chinese_shows_chinese_text(hospital, client_for):
    client = client_for(hospital.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("department_list")).content.decode()
    assert "科室" in page and "新建科室" in page
    assert "New department" not in page


def test_the_language_switcher_changes_the_language_and_remembers_it(hospital, client_for):
    client = client_for(hospital.nurse_icu)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "修改密码" in client.get(reverse("dashboard")).content.decode()
    hospital.nurse_icu.refresh_from_db()
    assert hospital.nurse_icu.preferred_language == "zh-hans"


def test_an_unknown_language_changes_nothing(hospital, client_for):
    client_for(hospital.nurse_icu).post(reverse("set_language"), {"language": "xx", "next": "/"})
    hospital.nurse_icu.refresh_from_db()
    assert hospital.nurse_icu.preferred_language == "en"


def test_log_in_applies_the_users_preferred_language(hospital, client):
    from tests.hospital.factories import TEST_PASSWORD

    hospital.nurse_icu.preferred_language = "zh-hans"
    hospital.nurse_icu.save()
    client.post(reverse("login"), {"username": "nurse_icu", "password": TEST_PASSWORD})
    assert "通知" in client.get(reverse("notification_list")).content.decode()


def test_every_catalogue_is_complete():
    catalogues = [p for p in settings.BASE_DIR.rglob("locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts]
    assert catalogues
    for path in catalogues:
        po = polib.pofile(str(path))
        untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
        assert untranslated == [], f"{path}: {untranslated[:5]}"
