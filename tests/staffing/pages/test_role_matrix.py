"""Who opens which staffing page, as a matrix: schedulers (HR and the department's head)
build rosters; staff see their department's published roster and their own pages;
another department's nurse and finance never learn a roster exists (404)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WHO = ["scheduler", "head_cardiology", "nurse_cardiology", "nurse_icu", "admin", "finance"]

# url name, roster ("draft"/"published"/None), expected status per WHO
MATRIX = [
    ("staffing:roster_list", None, (200, 200, 200, 200, 200, 200)),
    ("staffing:my_roster", None, (200, 200, 200, 200, 200, 200)),
    ("staffing:leave_list", None, (200, 200, 200, 200, 200, 200)),
    ("staffing:shift_requests", None, (200, 200, 200, 200, 200, 200)),
    ("staffing:swap_list", None, (200, 200, 200, 200, 200, 200)),
    ("staffing:certification_list", None, (200, 200, 200, 200, 200, 200)),
    ("staffing:roster_detail", "published", (200, 200, 200, 404, 200, 404)),
    ("staffing:roster_detail", "draft", (200, 200, 404, 404, 200, 404)),
    ("staffing:generate", "draft", (200, 200, 404, 404, 200, 404)),
    ("staffing:generate", "published", (200, 200, 403, 404, 200, 404)),
    ("staffing:generation_status", "draft", (200, 200, 404, 404, 200, 404)),
    ("staffing:roster_coverage", "published", (200, 200, 200, 404, 200, 404)),
    ("staffing:roster_coverage", "draft", (200, 200, 404, 404, 200, 404)),
    ("staffing:roster_hours", "published", (200, 200, 403, 404, 200, 404)),
    ("staffing:export_roster", "published", (200, 200, 200, 404, 200, 404)),
    ("staffing:export_roster", "draft", (200, 200, 404, 404, 200, 404)),
    ("staffing:export_hours", "published", (200, 200, 403, 404, 200, 404)),
    ("staffing:export_hours", "draft", (200, 200, 404, 404, 200, 404)),
]
CASES = [(name, roster, who, statuses[index]) for name, roster, statuses in MATRIX for index, who in enumerate(WHO)]


@pytest.mark.parametrize(("name", "roster", "who", "status"), CASES)
def test_page_by_role(hospital, ward, client_for, name, roster, who, status):
    args = [getattr(ward, roster).pk] if roster else []
    response = client_for(getattr(hospital, who)).get(reverse(name, args=args))
    assert response.status_code == status, (name, roster, who)


def _cell(ward, roster):
    return reverse("staffing:roster_cell", args=[roster.pk, ward.nurses[1].pk, roster.first_day.isoformat()])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("scheduler", 200),
        ("head_cardiology", 200),
        ("nurse_cardiology", 404),
        ("nurse_icu", 404),
        ("admin", 200),
        ("finance", 404),
    ],
)
def test_the_cell_editor_of_a_draft_by_role(hospital, ward, client_for, who, status):
    assert client_for(getattr(hospital, who)).get(_cell(ward, ward.draft)).status_code == status


@pytest.mark.parametrize(("who", "status"), [("scheduler", 403), ("nurse_cardiology", 403), ("nurse_icu", 404)])
def test_a_published_roster_is_not_edited(hospital, ward, client_for, who, status):
    client = client_for(getattr(hospital, who))
    assert client.get(_cell(ward, ward.published)).status_code == status
    response = client.post(_cell(ward, ward.published), {"shift_type": ward.shift_types["N"].pk})
    assert response.status_code == status
    assert not ward.published.assignments.filter(is_manual=True).exists()


@pytest.mark.parametrize(("who", "status"), [("nurse_cardiology", 404), ("nurse_icu", 404), ("finance", 404)])
def test_only_schedulers_publish(hospital, ward, client_for, who, status):
    response = client_for(getattr(hospital, who)).post(reverse("staffing:roster_publish", args=[ward.draft.pk]))
    assert response.status_code == status
    ward.draft.refresh_from_db()
    assert ward.draft.status == "draft"


@pytest.mark.parametrize("who", ["nurse_cardiology", "finance", "nurse_icu"])
def test_only_schedulers_create_rosters(hospital, ward, client_for, who):
    response = client_for(getattr(hospital, who)).post(
        reverse("staffing:roster_create"),
        {"department": hospital.cardiology.pk, "first_day": "2030-01-07", "length_days": 28},
    )
    assert response.status_code == 403


def test_a_head_cannot_create_a_roster_for_another_department(hospital, ward, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("staffing:roster_create"),
        {"department": hospital.icu.pk, "first_day": "2030-01-07", "length_days": 28},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_roster_list_shows_each_role_its_rosters(hospital, ward, client_for):
    def shown(who):
        page = client_for(getattr(hospital, who)).get(reverse("staffing:roster_list"))
        return {roster.pk for roster in page.context["rosters"]}

    assert shown("scheduler") == {ward.published.pk, ward.draft.pk, ward.icu_published.pk}
    assert shown("head_cardiology") == {ward.published.pk, ward.draft.pk}
    assert shown("nurse_cardiology") == {ward.published.pk}
    assert shown("nurse_icu") == {ward.icu_published.pk}
    assert shown("finance") == set()
