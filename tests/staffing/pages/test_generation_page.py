"""The generation page: starting the solver from the page, the progress panel that htmx
polls while it runs (elapsed time, best penalty so far), and the result broken down by
rule and by person once it is done."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from staffing import services
from staffing.models import CoverageRule, Roster

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_solver(settings):
    settings.STAFFING_SOLVER_TIME_LIMIT = 2
    settings.STAFFING_SOLVER_WORKERS = 1


def status_url(roster):
    return reverse("staffing:generation_status", args=[roster.pk])


def test_the_panel_polls_while_the_solver_runs(hospital, ward, client_for):
    started = timezone.now() - dt.timedelta(seconds=3.5)
    Roster.objects.filter(pk=ward.draft.pk).update(generation_state="running", generation_started_at=started)
    cache.set(services.progress_key(ward.draft), {"best_penalty": 120})  # what the running task writes
    page = client_for(hospital.scheduler).get(status_url(ward.draft))
    html = page.content.decode()
    assert 'hx-trigger="every 1s"' in html and status_url(ward.draft) in html
    assert 3.5 <= page.context["status"]["elapsed_seconds"] < 60
    assert 'id="generation-elapsed"' in html
    assert "Best penalty so far" in html and ">120<" in html


def test_the_panel_stops_polling_and_breaks_the_penalty_down_when_done(hospital, ward, client_for):
    nurse = ward.nurses[1]
    Roster.objects.filter(pk=ward.draft.pk).update(
        generation_state="done",
        elapsed_seconds=9.0,
        best_penalty=35,
        penalty_by_rule={"cover_under_preferred": 20, "night_fairness": 15},
        penalty_by_person={str(nurse.pk): 15},
        shortfalls=["Cardiology, Tue 14 Jan, night: 2 of 3"],
    )
    page = client_for(hospital.scheduler).get(status_url(ward.draft))
    html = page.content.decode()
    assert "hx-trigger" not in html
    assert page.context["by_rule"][0][1] == 20
    assert page.context["by_person"] == [(str(nurse), 15)]
    assert "Cardiology, Tue 14 Jan, night: 2 of 3" in html


def test_a_scheduler_generates_a_roster_from_the_page(
    hospital, ward, client_for, quick_solver, django_capture_on_commit_callbacks
):
    for weekday in range(7):
        for code in "APN":
            CoverageRule.objects.create(
                department=hospital.cardiology, weekday=weekday, shift_type=ward.shift_types[code], minimum=1
            )
    client = client_for(hospital.head_cardiology)
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued once committed
        response = client.post(reverse("staffing:generate", args=[ward.draft.pk]), {"time_limit": "2"})
    assert response.status_code == 302  # tests run tasks at once: the roster is generated here
    page = client.get(response["Location"])
    assert page.context["status"]["state"] == "done"
    assert 'id="penalty-by-rule"' in page.content.decode()
    assert ward.draft.assignments.count() > 0
    grid = client.get(reverse("staffing:roster_detail", args=[ward.draft.pk]))
    assert grid.context["hard_count"] == 0


def test_a_published_roster_is_not_generated_again(hospital, ward, client_for):
    response = client_for(hospital.scheduler).post(reverse("staffing:generate", args=[ward.published.pk]))
    assert response.status_code == 403
    assert ward.published.assignments.filter(is_manual=False).count() > 0


def test_a_bad_time_limit_is_refused(hospital, ward, client_for):
    response = client_for(hospital.scheduler).post(
        reverse("staffing:generate", args=[ward.draft.pk]), {"time_limit": "-5"}
    )
    assert response.status_code == 400
    ward.draft.refresh_from_db()
    assert ward.draft.generation_state == "idle"
