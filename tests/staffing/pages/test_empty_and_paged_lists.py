"""The staff list and the roster grid when there is nobody to show (they say so), and when
there are many (a page at a time: 25 people on the staff list, 30 lines on the grid, each
person on exactly one page; a cell opened on page 2 comes back to page 2)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from hospital.roles import Role
from staffing.models import Roster, WorkRules
from tests.hospital.factories import DepartmentFactory, make_user
from tests.staffing.pages.builders import add_nurses, fill, make_shift_types

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2027, 3, 1)


def people_on(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-person="(\d+)"', response.content.decode())]


def test_the_staff_list_of_a_new_ward_says_it_has_nobody(hospital, client_for):
    ward = DepartmentFactory(code="NEW", name="New ward")
    head = make_user(Role.DEPARTMENT_HEAD, None, username="head_new")
    ward.head = head
    ward.save()
    response = client_for(head).get(reverse("staffing:staff_list"))
    assert response.status_code == 200
    assert people_on(response) == []
    assert "No staff to show." in response.content.decode()


def test_the_staff_list_shows_25_people_a_page(hospital, client_for):
    add_nurses(hospital.icu, 30, "icu")
    client = client_for(hospital.scheduler)
    first = client.get(reverse("staffing:staff_list"))
    total = first.context["page_obj"].paginator.count
    assert total > 25
    second = client.get(reverse("staffing:staff_list"), {"page": 2})
    assert len(people_on(first)) == 25
    assert len(people_on(second)) == total - 25
    assert not set(people_on(first)) & set(people_on(second))
    assert "Page 1 of 2" in first.content.decode()


def test_a_roster_of_a_ward_without_staff_says_nobody_is_rostered(hospital, client_for):
    WorkRules.objects.get_or_create(department=None)
    make_shift_types()
    roster = Roster.objects.create(department=hospital.respiratory, first_day=MONDAY, length_days=7)
    response = client_for(hospital.scheduler).get(reverse("staffing:roster_detail", args=[roster.pk]))
    assert response.status_code == 200
    assert people_on(response) == []
    assert "Nobody is rostered in this department." in response.content.decode()


def test_the_roster_grid_shows_30_people_a_page_and_a_cell_keeps_its_page(hospital, client_for):
    WorkRules.objects.get_or_create(department=None)
    nurses = add_nurses(hospital.icu, 35, "icu")
    roster = Roster.objects.create(department=hospital.icu, first_day=MONDAY, length_days=7)
    fill(roster, nurses, make_shift_types())
    client = client_for(hospital.scheduler)
    url = reverse("staffing:roster_detail", args=[roster.pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(people_on(first)) == 30
    assert sorted(people_on(first) + people_on(second)) == sorted(n.pk for n in nurses)
    person = people_on(second)[0]
    cell = reverse("staffing:roster_cell", args=[roster.pk, person, MONDAY.isoformat()])
    assert f'href="{cell}?page=2"' in second.content.decode()
