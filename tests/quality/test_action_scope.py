"""The action tracker's visibility rule, written from the action's side with joins
(quality.access.action_scope), is the same set as "actions of the events I may see,
and my own" (event_scope), for every kind of user."""

import pytest
from django.db.models import Q

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
