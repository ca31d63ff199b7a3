"""What every staffing page shares: finding a roster the user may see, and the labels of
the solver's penalty rules."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from staffing import access, services
from staffing.models import Roster

# The soft rules' names that the checks (services.RULE_LABELS) do not already give.
SOFT_RULE_LABELS = {
    "cover_under_preferred": _("Below preferred coverage"),
    "cover_over": _("Above needed coverage"),
    "split_weekend": _("Half-worked weekends"),
    "night_fairness": _("Uneven spread of nights"),
    "weekend_fairness": _("Uneven spread of weekends"),
}


def rule_label(key: str) -> str:
    """A rule of the solver's penalty in words."""
    label = services.RULE_LABELS.get(key) or SOFT_RULE_LABELS.get(key)
    return str(label) if label else key.replace("_", " ")


def visible_roster(request, pk) -> Roster:
    """The roster if the user may see it, else 404 (never a hint that it exists)."""
    return get_object_or_404(Roster.objects.visible_to(request.user).select_related("department"), pk=pk)


def scheduled_roster(request, pk) -> Roster:
    """A roster whose department the user schedules: 404 if unseen, 403 if only seen."""
    roster = visible_roster(request, pk)
    if not access.may_schedule(request.user, roster.department):
        raise PermissionDenied
    return roster


def editable_roster(request, pk) -> Roster:
    """A draft roster the user schedules: 404 if unseen, 403 otherwise."""
    roster = visible_roster(request, pk)
    if not access.may_edit_roster(request.user, roster):
        raise PermissionDenied
    return roster
