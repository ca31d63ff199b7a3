"""The roster grid and the staffing lists run a fixed number of queries: the same for a
ward of 10 people as for one of 60 (four weeks of shifts each)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from staffing.models import Certification, LeaveRequest, Roster, Skill, WorkRules
from tests.staffing.pages.builders import add_nurses, fill, make_shift_types

pytestmark = pytest.mark.django_db

# Measured: the draft grid re-checks every rule (the solver's checker over the whole roster)
# and names the people of violations on other pages (one query), reading the end of the previous
# roster (one query); a published grid does not.
GRID_QUERIES = {"draft": 25, "published": 10}
# the session, user and roles, the departments the user schedules (and whether any), the bell,
# the COUNT, the page of people with their profiles and departments, and their skills
STAFF_LIST_QUERIES = 9


@pytest.fixture
def four_weeks(hospital):
    WorkRules.objects.get_or_create(department=None)  # a browser test's flush may have removed it
    today = timezone.localdate()
    first = today - dt.timedelta(days=today.weekday())
    shift_types = make_shift_types()
    draft = Roster.objects.create(department=hospital.icu, first_day=first, length_days=28)
    published = Roster.objects.create(
        department=hospital.icu, first_day=first - dt.timedelta(days=28), length_days=28, status="published"
    )
    return draft, published, shift_types


def staff_ward(hospital, rosters, size):
    draft, published, shift_types = rosters
    nurses = add_nurses(hospital.icu, size, "icu")
    fill(draft, nurses, shift_types)
    fill(published, nurses, shift_types)
    for nurse in nurses[::5]:
        LeaveRequest.objects.create(person=nurse, start=draft.first_day, end=draft.first_day, status="approved")
        Certification.objects.create(
            person=nurse, kind="acls", issued=dt.date(2020, 1, 1), expires=timezone.localdate() + dt.timedelta(days=20)
        )
    return nurses


@pytest.mark.parametrize("size", [10, 60])
@pytest.mark.parametrize("which", ["draft", "published"])
def test_the_grid_runs_fixed_queries(hospital, four_weeks, client_for, django_assert_max_num_queries, size, which):
    staff_ward(hospital, four_weeks, size)
    roster = four_weeks[0] if which == "draft" else four_weeks[1]
    client = client_for(hospital.scheduler)
    url = reverse("staffing:roster_detail", args=[roster.pk])
    with django_assert_max_num_queries(GRID_QUERIES[which]):
        response = client.get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == min(size, 30)
    assert all(len(row.cells) == 28 for row in rows)


ROSTER_PAGES = [
    ("staffing:roster_coverage", 20),
    ("staffing:roster_hours", 7),
    ("staffing:generate", 6),
    ("staffing:generation_status", 6),
    ("staffing:export_roster", 7),
    ("staffing:export_hours", 6),
]


@pytest.mark.parametrize("size", [10, 60])
@pytest.mark.parametrize(("name", "limit"), ROSTER_PAGES)
def test_roster_pages_run_fixed_queries(
    hospital, four_weeks, client_for, django_assert_max_num_queries, size, name, limit
):
    staff_ward(hospital, four_weeks, size)
    client = client_for(hospital.scheduler)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name, args=[four_weeks[0].pk])).status_code == 200


@pytest.mark.parametrize("size", [10, 60])
def test_the_cell_editor_runs_fixed_queries(hospital, four_weeks, client_for, django_assert_max_num_queries, size):
    nurses = staff_ward(hospital, four_weeks, size)
    url = reverse("staffing:roster_cell", args=[four_weeks[0].pk, nurses[-1].pk, four_weeks[0].last_day.isoformat()])
    client = client_for(hospital.scheduler)
    with django_assert_max_num_queries(9):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


@pytest.mark.parametrize("size", [10, 60])
@pytest.mark.parametrize(
    ("who", "name", "limit"),
    [
        ("scheduler", "staffing:roster_list", 7),
        ("scheduler", "staffing:leave_list", 7),
        ("scheduler", "staffing:shift_requests", 7),
        ("scheduler", "staffing:swap_list", 7),
        ("scheduler", "staffing:certification_list", 6),
        ("nurse", "staffing:my_roster", 6),
        ("nurse", "staffing:leave_list", 7),
        ("nurse", "staffing:swap_list", 7),
    ],
)
def test_lists_run_fixed_queries(
    hospital, four_weeks, client_for, django_assert_max_num_queries, size, who, name, limit
):
    nurses = staff_ward(hospital, four_weeks, size)
    for nurse in nurses:
        LeaveRequest.objects.create(person=nurse, start=four_weeks[0].last_day, end=four_weeks[0].last_day)
    client = client_for(hospital.scheduler if who == "scheduler" else nurses[0])
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("size", [10, 60])
@pytest.mark.parametrize(("who", "query"), [("scheduler", ""), ("scheduler", "?page=3"), ("head_cardiology", "")])
def test_the_staff_list_runs_fixed_queries(hospital, client_for, django_assert_max_num_queries, size, who, query):
    skills = [Skill.objects.create(code=f"skill{i}", name=f"Skill {i}") for i in range(3)]
    for department, prefix in ((hospital.icu, "icu"), (hospital.cardiology, "card")):
        for i, nurse in enumerate(add_nurses(department, size, prefix)):
            nurse.staff_profile.skills.add(*skills[: 1 + i % 3])
    client = client_for(getattr(hospital, who))
    with django_assert_max_num_queries(STAFF_LIST_QUERIES):
        response = client.get(reverse("staffing:staff_list") + query)
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count > size
    if not query:
        assert len(page.object_list) == min(page.paginator.per_page, page.paginator.count)
    assert response.content.decode().count("data-person=") == len(page.object_list)
