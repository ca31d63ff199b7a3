"""The roster and hours exports: the same people and numbers as their pages, scoped as
the pages are."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_the_roster_export_is_the_grid(hospital, ward, client_for):
    client = client_for(hospital.nurse_cardiology)
    grid = client.get(reverse("staffing:roster_detail", args=[ward.published.pk])).context["rows"]
    rows = sheet_rows(client.get(reverse("staffing:export_roster", args=[ward.published.pk])))
    assert rows[0][0] == "Person" and len(rows[0]) == 1 + 7 + 2
    expected = [
        [str(r.person), *((c.assignment.shift_type.code if c.assignment else None) for c in r.cells), r.shifts, r.hours]
        for r in grid
    ]
    assert [row[:-1] for row in rows[1:]] == [row[:-1] for row in expected]
    assert [row[-1] for row in rows[1:]] == [float(row[-1]) for row in expected]


def test_the_hours_export_is_the_hours_page(hospital, ward, client_for):
    client = client_for(hospital.head_cardiology)
    lines = client.get(reverse("staffing:roster_hours", args=[ward.published.pk])).context["lines"]
    rows = sheet_rows(client.get(reverse("staffing:export_hours", args=[ward.published.pk])))
    assert [row[0] for row in rows[1:]] == [str(line.person) for line in lines]
    assert [float(row[4]) for row in rows[1:]] == [float(line.hours) for line in lines]
    assert sum(float(row[4]) for row in rows[1:]) == 8 * ward.published.assignments.count()
