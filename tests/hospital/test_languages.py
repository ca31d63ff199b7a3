"""English and Simplified Chinese: the interface follows the chosen language."""

import os
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

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
    catalogues = shipped_catalogues()
    assert catalogues
    for path in catalogues:
        po = polib.pofile(str(path))
        untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
        assert untranslated == [], f"{path}: {untranslated[:5]}"


def shipped_catalogues():
    return [
        p for p in settings.BASE_DIR.rglob("locale/zh_Hans/LC_MESSAGES/django.po") if SKIPPED_DIRS.isdisjoint(p.parts)
    ]


SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "media"}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_every_catalogue_passes_msgfmt_check():
    """msgfmt refuses what polib accepts: a format flag on a bare %, a placeholder dropped in the translation."""
    for path in shipped_catalogues():
        result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path}: {result.stderr}"


def translated_by_django(entry) -> bool:
    """Django's own catalogues already translate some words (weekday names, "Password")."""
    with translation.override("zh-hans"):
        if entry.msgctxt:
            return translation.pgettext(entry.msgctxt, entry.msgid) != entry.msgid
        return translation.gettext(entry.msgid) != entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext's xgettext is not installed")
def test_every_string_marked_in_the_code_is_in_a_catalogue(tmp_path):
    """Extract the messages from a copy of the source and look each one up in the shipped catalogues.

    Django merges every catalogue of a language, so a string is translated when any catalogue has it.
    """
    copy = tmp_path / "source"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*SKIPPED_DIRS, "*.mo", "__pycache__"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "--no-wrap", "--verbosity", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hospital.settings"},
    )
    shipped = {
        (entry.msgctxt, entry.msgid)
        for path in shipped_catalogues()
        for entry in polib.pofile(str(path))
        if entry.translated()
    }
    missing = [
        f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"
        for path in copy.rglob("locale/zh_Hans/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(path))
        if entry.msgid
        and not entry.obsolete
        and (entry.msgctxt, entry.msgid) not in shipped
        and not translated_by_django(entry)
    ]
    assert missing == [], f"{len(missing)} strings marked for translation are in no catalogue: {missing[:10]}"
