"""Editing a draft in the grid: a cell changed in place (htmx) re-checks every rule at once,
a broken rest time is flagged beside the cell and blocks publishing (409), and fixing it
lets the scheduler publish."""

import datetime as dt

import pytest
from django.urls import reverse

from staffing.models import Assignment

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def cell_url(roster, person, day):
    return reverse("staffing:roster_cell", args=[roster.pk, person.pk, day.isoformat()])


def set_cell(client, roster, person, day, shift_type):
    data = {"shift_type": shift_type.pk if shift_type else ""}
    return client.post(cell_url(roster, person, day), data, **HTMX)


def test_the_grid_colours_cells_by_shift_type_without_inline_style(hospital, ward, client_for):
    page = client_for(hospital.nurse_cardiology).get(reverse("staffing:roster_detail", args=[ward.published.pk]))
    html = page.content.decode()
    assert 'data-shift="A"' in html and "shift-blue" in html and "shift-indigo" in html
    assert " style=" not in html
    assert "cell-link" not in html  # a published roster is not edited
    row = next(r for r in page.context["rows"] if r.person == hospital.nurse_cardiology)
    assert row.shifts == ward.published.assignments.filter(person=hospital.nurse_cardiology).count()


def test_the_cell_editor_offers_the_shift_types_and_off(hospital, ward, client_for):
    nurse = ward.nurses[1]
    response = client_for(hospital.head_cardiology).get(cell_url(ward.draft, nurse, ward.draft.first_day), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="shift_type"' in html and "Off" in html and "Night (N)" in html
    assert "<html" not in html  # a fragment for htmx


def test_an_edit_that_breaks_rest_is_flagged_and_blocks_publishing_until_fixed(hospital, ward, client_for):
    client = client_for(hospital.head_cardiology)
    roster, nurse, types = ward.draft, ward.nurses[1], ward.shift_types
    monday, tuesday = roster.days[0], roster.days[1]
    assert set_cell(client, roster, nurse, monday, types["P"]).status_code == 200
    # P ends at midnight, A starts at 08:00: eight hours of rest, fewer than the rules' eleven
    response = set_cell(client, roster, nurse, tuesday, types["A"])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="roster-board"' in html and "<html" not in html
    assert "cell-hard" in html and 'id="publish-blocked"' in html
    flagged = {(v.person_id, v.date) for v in response.context["check"].hard}
    assert (nurse.pk, tuesday) in flagged or (nurse.pk, monday) in flagged
    assert 'id="publish" disabled' in html

    refused = client.post(reverse("staffing:roster_publish", args=[roster.pk]))
    assert refused.status_code == 409
    assert "cell-hard" in refused.content.decode()
    roster.refresh_from_db()
    assert roster.status == "draft"

    fixed = set_cell(client, roster, nurse, tuesday, None)
    assert "cell-hard" not in fixed.content.decode()
    assert 'id="publish-ready"' in fixed.content.decode()
    assert client.post(reverse("staffing:roster_publish", args=[roster.pk])).status_code == 302
    roster.refresh_from_db()
    assert roster.status == "published"
    assert list(roster.assignments.values_list("person", "date", "shift_type__code", "is_manual")) == [
        (nurse.pk, monday, "P", True)
    ]


def test_an_edit_outside_the_roster_or_for_a_stranger_is_not_found(hospital, ward, client_for):
    client = client_for(hospital.scheduler)
    day_after = ward.draft.last_day + dt.timedelta(days=1)
    a_shift = ward.shift_types["A"]
    assert set_cell(client, ward.draft, ward.nurses[1], day_after, a_shift).status_code == 404
    assert set_cell(client, ward.draft, hospital.nurse_icu, ward.draft.first_day, a_shift).status_code == 404
    bad_date = reverse("staffing:roster_cell", args=[ward.draft.pk, ward.nurses[1].pk, "2026-02-31"])
    assert client.post(bad_date, {"shift_type": ""}, **HTMX).status_code == 404
    assert not Assignment.objects.filter(roster=ward.draft).exists()


def test_an_unknown_shift_type_is_refused_with_400_and_changes_nothing(hospital, ward, client_for):
    client = client_for(hospital.scheduler)
    url = cell_url(ward.draft, ward.nurses[1], ward.draft.first_day)
    response = client.post(url, {"shift_type": "999999"}, **HTMX)
    assert response.status_code == 400
    assert 'id="board-error"' in response.content.decode()
    assert not Assignment.objects.filter(roster=ward.draft).exists()


def test_without_htmx_an_edit_returns_to_the_grid(hospital, ward, client_for):
    client = client_for(hospital.scheduler)
    url = cell_url(ward.draft, ward.nurses[1], ward.draft.first_day)
    assert client.get(url).status_code == 200  # a page of its own
    response = client.post(url, {"shift_type": ward.shift_types["A"].pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staffing:roster_detail", args=[ward.draft.pk]))
    assert Assignment.objects.filter(roster=ward.draft, person=ward.nurses[1]).count() == 1


def test_coverage_shows_required_against_assigned(hospital, ward, client_for):
    from staffing.models import CoverageRule

    for weekday in range(7):
        CoverageRule.objects.create(
            department=hospital.cardiology, weekday=weekday, shift_type=ward.shift_types["N"], minimum=2
        )
    page = client_for(hospital.nurse_cardiology).get(reverse("staffing:roster_coverage", args=[ward.published.pk]))
    lines = page.context["lines"]
    nights = [line for line in lines if line.shift_type.code == "N"]
    assert len(nights) == 7
    for line in nights:
        assigned = ward.published.assignments.filter(date=line.date, shift_type__code="N").count()
        assert (line.minimum, line.assigned, line.is_short) == (2, assigned, assigned < 2)
    assert 'id="coverage-short"' in page.content.decode()


def test_the_grid_speaks_chinese(hospital, ward, client_for, settings):
    client = client_for(hospital.head_cardiology)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("staffing:roster_detail", args=[ward.draft.pk])).content.decode()
    assert ">发布</button>" in html and "点击单元格更改班次" in html
    assert "Tap a cell" not in html


def test_a_flagged_cell_shows_a_name_with_markup_as_text(hospital, ward, client_for):
    client = client_for(hospital.head_cardiology)
    roster, nurse, types = ward.draft, ward.nurses[1], ward.shift_types
    nurse.display_name = '<b onclick="x()">Ann</b>'
    nurse.save()
    set_cell(client, roster, nurse, roster.days[0], types["P"])
    html = set_cell(client, roster, nurse, roster.days[1], types["A"]).content.decode()
    assert "cell-hard" in html
    assert '<b onclick="x()">' not in html
    assert 'title="&lt;b onclick=&quot;x()&quot;&gt;Ann&lt;/b&gt;: ' in html
