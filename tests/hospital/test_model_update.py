"""Services change records from values through one helper."""

import pytest

from hospital.errors import DomainError
from hospital.model_update import model_update
from hospital.models import Department

pytestmark = pytest.mark.django_db


def test_only_changed_fields_are_saved_and_named(hospital):
    changed = model_update(
        instance=hospital.cardiology, fields=("name", "staffed_beds"), data={"name": "Cardiology", "staffed_beds": 44}
    )
    assert changed == ["staffed_beds"]
    assert Department.objects.get(pk=hospital.cardiology.pk).staffed_beds == 44


def test_a_field_the_service_did_not_open_is_refused(hospital):
    with pytest.raises(DomainError):
        model_update(instance=hospital.cardiology, fields=("name",), data={"code": "HACK"})
    assert Department.objects.get(pk=hospital.cardiology.pk).code != "HACK"


def test_foreign_keys_compare_by_key(hospital):
    assert model_update(instance=hospital.cardiology, fields=("parent",), data={"parent": hospital.medicine}) == []
    assert model_update(instance=hospital.cardiology, fields=("parent",), data={"parent": hospital.surgery}) == [
        "parent"
    ]


def test_an_updated_at_stamp_moves_when_something_changed(hospital):
    from okr.models import Objective
    from tests.okr.factories import CycleFactory, ObjectiveFactory

    objective = ObjectiveFactory(cycle=CycleFactory(), title="Before", owner=hospital.admin)
    Objective.objects.filter(pk=objective.pk).update(updated_at=objective.updated_at.replace(year=2000))
    objective.refresh_from_db()
    model_update(instance=objective, fields=("title",), data={"title": "After"})
    objective.refresh_from_db()
    assert objective.updated_at.year != 2000
