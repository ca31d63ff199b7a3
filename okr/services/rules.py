"""The state rules every OKR write checks first: a closed cycle, or a closed objective, is final."""

from django.utils.translation import gettext as _

from hospital.errors import ConflictError
from okr.models import Cycle, Objective, ObjectiveStatus


def ensure_cycle_open(cycle: Cycle) -> None:
    """Closed cycles are read-only."""
    if cycle.is_closed:
        raise ConflictError(
            _("The cycle “%(cycle)s” is closed; its OKRs can no longer be changed.") % {"cycle": cycle.name}
        )


def ensure_objective_open(objective: Objective) -> None:
    """A closed or cancelled objective takes no more check-ins: its numbers are final."""
    if objective.status in (ObjectiveStatus.CLOSED, ObjectiveStatus.CANCELLED):
        raise ConflictError(
            _("The objective “%(objective)s” is %(status)s; its key results take no more check-ins.")
            % {"objective": objective.title, "status": objective.get_status_display().lower()}
        )
