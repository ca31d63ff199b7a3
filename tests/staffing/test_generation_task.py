"""Generating a roster is a Celery task: `start_generation` returns its id, the page polls
`generation_status` for elapsed time and the best penalty so far, and the result's penalty
by rule and by person lands on the roster."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from hospital.errors import AccessDenied, ConflictError
from staffing import services
from staffing.models import Assignment, GenerationState
from staffing.services.rosters import _Progress
from tests.staffing.factories import cover, nurse, roster, shift_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(hospital):
    shifts = shift_types()
    for code in "AP":
        cover(hospital.icu, shifts[code], minimum=1, preferred=2)
    for name in ("ann", "bo", "cy", "di"):
        nurse(hospital.icu, name)
    return roster(hospital.icu, length_days=7)


def test_the_task_generates_the_roster_and_records_its_penalty(hospital, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task_id = services.start_generation(user=hospital.scheduler, roster=draft, time_limit=2, workers=1)
    draft.refresh_from_db()
    assert draft.task_id == task_id
    status = services.generation_status(draft)
    assert status["state"] == GenerationState.DONE
    assert status["best_penalty"] == draft.best_penalty is not None
    assert status["elapsed_seconds"] is not None and status["elapsed_seconds"] >= 0
    assert sum(status["penalty_by_rule"].values()) == draft.best_penalty
    assert Assignment.objects.filter(roster=draft).count() >= 14  # one A and one P a day at least
    assert cache.get(services.progress_key(draft))["best_penalty"] == draft.best_penalty


def test_progress_is_polled_while_the_solver_runs(hospital, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.start_generation(user=hospital.admin, roster=draft)
    assert services.generation_status(draft)["state"] == GenerationState.QUEUED
    with pytest.raises(ConflictError):
        services.start_generation(user=hospital.scheduler, roster=draft)

    started = timezone.now()
    type(draft).objects.filter(pk=draft.pk).update(
        generation_state=GenerationState.RUNNING, generation_started_at=started
    )
    progress = _Progress(draft)
    progress(0.4, 50_000)
    progress(0.5, 40_000)  # better: written at once
    progress(0.6, 45_000)  # worse and too soon: ignored
    with time_machine.travel(started + dt.timedelta(seconds=3), tick=False):
        status = services.generation_status(draft)
    assert status["state"] == GenerationState.RUNNING
    assert status["best_penalty"] == 40_000
    assert status["elapsed_seconds"] == 3.0


def test_only_a_scheduler_of_the_department_generates(hospital, draft):
    for user in (hospital.nurse_icu, hospital.head_cardiology, hospital.finance):
        with pytest.raises(AccessDenied):
            services.start_generation(user=user, roster=draft)
