"""The department's objectives on other apps' department pages (the cockpit), given through
hospital.department_lists so that no app imports okr: the current cycle's open objectives
of the department's subtree that the user may read, least confident first, with progress
and latest confidence, the count of all of them and a link to the department's OKRs."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from hospital.department_lists import DepartmentList, ListItem
from okr import selectors
from okr.models import Confidence


def department_objectives_list(user, department, *, today) -> DepartmentList:
    """One query (the objectives, their key results' figures and their count)."""
    rows, count = selectors.department_objectives(user, department, today=today)
    labels = dict(Confidence.choices)
    items = [
        ListItem(
            row.objective.title,
            _("%(confidence)s · %(progress)s%% progress · %(department)s")
            % {
                "confidence": labels.get(row.confidence, _("No check-in yet")),
                "progress": row.progress,
                "department": row.objective.department.name,
            },
            row.objective.get_absolute_url(),
            warning=row.confidence in (Confidence.OFF_TRACK, Confidence.AT_RISK),
        )
        for row in rows
    ]
    url = f"{reverse('okr:cascade')}?{urlencode({'department': department.pk})}"
    return DepartmentList(_("Objectives this cycle, least confident first"), count, items, url)
