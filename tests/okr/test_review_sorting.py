"""The cycle review sorts its objectives by a whitelisted key; its export follows the page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from okr.views.reviews import REVIEW_SORTING
from tests.hospital.sorting_checks import assert_sorted_by_each_key

pytestmark = pytest.mark.django_db


def test_each_allowed_key_sorts_the_review(hospital, okrs, client_for):
    url = reverse("okr:quarterly_review", args=[okrs.cycle.pk])
    assert_sorted_by_each_key(client_for(hospital.admin), url, REVIEW_SORTING)


def test_an_unknown_key_is_refused(hospital, okrs, client_for):
    url = reverse("okr:quarterly_review", args=[okrs.cycle.pk])
    response = client_for(hospital.admin).get(url, {"sort": "owner__password"})
    assert response.status_code == 200 and response.context["sort"].param == "level"
    assert "cannot be sorted that way" in response.content.decode()


def test_the_export_follows_the_pages_order(hospital, okrs, client_for):
    client = client_for(hospital.admin)
    url = reverse("okr:quarterly_review", args=[okrs.cycle.pk])
    page = client.get(url, {"sort": "-objective"})
    on_screen = [objective.title for objective in page.context["page_obj"]]
    link = page.content.decode().split('id="export-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    sheet = load_workbook(io.BytesIO(client.get(link).content)).worksheets[0]
    in_file = list(dict.fromkeys(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)))
    assert in_file == on_screen == sorted(on_screen, reverse=True)
