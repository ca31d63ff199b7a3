"""Cycles: create and change them (administrators). Closing is `close_cycle` (reviews)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.model_update import model_update
from okr import access
from okr.models import Cycle, CycleStatus
from okr.services.rules import ensure_cycle_open

CYCLE_FIELDS = ("name", "start", "end", "status", "year", "retrospective")


def _require_cycle_manager(user) -> None:
    if not access.may_manage_cycles(user):
        raise AccessDenied(_("Only administrators may manage OKR cycles."))


def _validate_cycle(*, cycle_pk: int | None, start: dt.date, end: dt.date, status: str, year: Cycle | None) -> None:
    if end < start:
        raise DomainError(_("The cycle must end on or after its start."), field="end")
    if status == CycleStatus.CLOSED:
        # closing grades every key result and scores the objectives: only close_cycle does that
        raise DomainError(_("Close a cycle from its review, where its key results are graded."), field="status")
    if year is not None:
        if year.pk == cycle_pk or year.year_id:
            raise DomainError(_("A quarter belongs to a year cycle, not to another quarter."), field="year")
        if start < year.start or end > year.end:
            raise DomainError(_("A quarter must lie inside its year."), field="year")


@transaction.atomic
def create_cycle(
    *,
    user,
    name: str,
    start: dt.date,
    end: dt.date,
    status: str = CycleStatus.PLANNING,
    year: Cycle | None = None,
    retrospective: str = "",
) -> Cycle:
    """Add a cycle (administrators only): it ends on or after its start, a quarter lies
    inside its year, and it is never created closed."""
    _require_cycle_manager(user)
    _validate_cycle(cycle_pk=None, start=start, end=end, status=status, year=year)
    return Cycle.objects.create(name=name, start=start, end=end, status=status, year=year, retrospective=retrospective)


@transaction.atomic
def update_cycle(*, user, cycle: Cycle, **changes) -> Cycle:
    """Change an open cycle (administrators only), keeping the rules of `create_cycle`."""
    _require_cycle_manager(user)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    ensure_cycle_open(cycle)
    values = {name: changes.get(name, getattr(cycle, name)) for name in ("start", "end", "status", "year")}
    _validate_cycle(cycle_pk=cycle.pk, **values)
    model_update(instance=cycle, fields=CYCLE_FIELDS, data=changes)
    return cycle
