"""Cycles: administrators set them up; a cycle is closed only from its review."""

import datetime as dt

import pytest

from hospital.errors import AccessDenied, ConflictError, DomainError
from okr import services
from okr.models import Cycle, CycleStatus

pytestmark = pytest.mark.django_db


def year(**values):
    return {"name": "2027", "start": dt.date(2027, 1, 1), "end": dt.date(2027, 12, 31), **values}


def test_only_administrators_create_cycles(hospital):
    with pytest.raises(AccessDenied):
        services.create_cycle(user=hospital.head_cardiology, **year())
    assert services.create_cycle(user=hospital.admin, **year()).status == CycleStatus.PLANNING


def test_a_quarter_lies_inside_its_year(hospital):
    cycle = services.create_cycle(user=hospital.admin, **year())
    with pytest.raises(DomainError, match="inside its year") as error:
        services.create_cycle(
            user=hospital.admin, name="2027 Q4", start=dt.date(2027, 10, 1), end=dt.date(2028, 1, 31), year=cycle
        )
    assert error.value.field == "year"


def test_a_cycle_is_closed_only_from_its_review_where_its_key_results_are_graded(hospital, okrs):
    with pytest.raises(DomainError, match="Close a cycle from its review"):
        services.create_cycle(user=hospital.admin, **year(status=CycleStatus.CLOSED))
    with pytest.raises(DomainError, match="Close a cycle from its review"):
        services.update_cycle(user=hospital.admin, cycle=okrs.cycle, status=CycleStatus.CLOSED)
    okrs.cycle.refresh_from_db()
    assert okrs.cycle.status == CycleStatus.ACTIVE


def test_update_cycle_changes_only_the_given_values_and_a_closed_cycle_not_at_all(hospital, okrs):
    services.update_cycle(user=hospital.admin, cycle=okrs.cycle, name="Year 2026")
    okrs.cycle.refresh_from_db()
    assert (okrs.cycle.name, okrs.cycle.start) == ("Year 2026", dt.date(2026, 1, 1))
    services.close_cycle(cycle=okrs.cycle, user=hospital.admin)
    with pytest.raises(ConflictError, match="is closed"):
        services.update_cycle(user=hospital.admin, cycle=okrs.cycle, name="Reopened")
    assert Cycle.objects.get(pk=okrs.cycle.pk).name == "Year 2026"
