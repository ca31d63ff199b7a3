"""The action tracker's visibility rule, written from the action's side with joins
(quality.access.action_scope), is the same set as "actions of the events I may see,
and my own" (event_scope), for every kind of user."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db.models import Q
from django.utils import timezone

from hospital.services import update_department
from quality import services, summaries
from quality.models import AdverseEvent, CorrectiveAction
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db


def _by_event_scope(user):
    return set(
        CorrectiveAction.objects.filter(Q(event__in=AdverseEvent.objects.visible_to(user)) | Q(owner=user)).values_list(
            "pk", flat=True
        )
    )


def test_action_scope_equals_the_event_scope(hospital):
    wards = (hospital.cardiology, hospital.icu, hospital.general_surgery)
    people = (hospital.nurse_cardiology, hospital.nurse_icu, hospital.head_cardiology, hospital.physician_cardiology)
    for i in range(24):
        event = AdverseEventFactory(
            department=wards[i % 3],
            reporter=people[i % 4] if i % 5 else None,
            investigator=people[(i + 1) % 4] if i % 3 == 0 else None,
        )
        CorrectiveActionFactory(event=event, owner=people[(i + 2) % 4])
        if i % 4 == 0:
            CorrectiveActionFactory(event=event, owner=hospital.head_medicine)
    users = [*people, hospital.head_medicine, hospital.quality_manager, hospital.admin, hospital.nurse_icu]
    for user in users:
        assert set(CorrectiveAction.objects.visible_to(user).values_list("pk", flat=True)) == _by_event_scope(user)
    assert CorrectiveAction.objects.visible_to(hospital.quality_manager).count() == CorrectiveAction.objects.count()


def test_the_quality_office_count_has_no_subquery(hospital, django_assert_num_queries):
    sql = str(CorrectiveAction.objects.visible_to(hospital.quality_manager).open().query)
    assert "quality_adverseevent" not in sql


def test_a_heads_scope_is_a_prefix_of_the_actions_own_department_path(hospital):
    sql = str(CorrectiveAction.objects.visible_to(hospital.head_medicine).open().query)
    assert '"quality_correctiveaction"."department_path"::text LIKE' in sql
    assert "hospital_department" not in sql  # no join to the departments for the head's subtree


def test_add_action_copies_the_events_department_path(hospital):
    event = AdverseEventFactory(department=hospital.respiratory, status="investigating")
    event.investigator = hospital.quality_manager
    event.save()
    action = services.add_action(
        event=event,
        user=hospital.quality_manager,
        description="Check the oxygen valves",
        owner=hospital.quality_manager,
        due_date=timezone.localdate() + dt.timedelta(days=5),
    )
    assert action.department_path == hospital.respiratory.path
    assert action in CorrectiveAction.objects.visible_to(hospital.head_medicine)
    assert action not in CorrectiveAction.objects.visible_to(hospital.head_surgery)


def test_moving_a_department_moves_its_actions_with_it(hospital):
    action = CorrectiveActionFactory(event=AdverseEventFactory(department=hospital.cardiology), owner=hospital.admin)
    update_department(user=hospital.admin, department=hospital.cardiology, parent=hospital.surgery)
    hospital.cardiology.refresh_from_db()
    action.refresh_from_db()
    assert action.department_path == hospital.cardiology.path
    assert hospital.cardiology.path.startswith(hospital.surgery.path)
    assert action in CorrectiveAction.objects.visible_to(hospital.head_surgery)
    assert action not in CorrectiveAction.objects.visible_to(hospital.head_medicine)
    assert set(CorrectiveAction.objects.visible_to(hospital.head_surgery)) == set(
        CorrectiveAction.objects.filter(event__department__path__startswith=hospital.surgery.path)
    )


def test_the_migration_copies_every_actions_event_path(hospital):
    copy_event_paths = import_module("quality.migrations.0007_action_department_path").copy_event_paths
    for ward in (hospital.cardiology, hospital.icu, hospital.general_surgery):
        CorrectiveActionFactory(event=AdverseEventFactory(department=ward), owner=hospital.admin)
    CorrectiveAction.objects.update(department_path="")
    copy_event_paths(django_apps, None)
    assert {
        (a.department_path, a.event.department.path)
        for a in CorrectiveAction.objects.select_related("event__department")
    } == {(ward.path, ward.path) for ward in (hospital.cardiology, hospital.icu, hospital.general_surgery)}


def test_the_summaries_rebuild_repairs_paths_written_around_the_service(hospital):
    action = CorrectiveActionFactory(event=AdverseEventFactory(department=hospital.icu), owner=hospital.admin)
    CorrectiveAction.objects.filter(pk=action.pk).update(department_path="")  # a bulk load or a restore
    summaries.rebuild()
    action.refresh_from_db()
    assert action.department_path == hospital.icu.path
