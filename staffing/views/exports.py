"""The roster and hours exports: the same rows as their pages, for the same people."""

from django.contrib.auth.decorators import login_required

from hospital.exports import xlsx_response
from staffing import exports, selectors
from staffing.views.common import scheduled_roster, visible_roster


@login_required
def export_roster(request, pk):
    """The whole grid (every person, not one page) of a roster the user may see."""
    roster = visible_roster(request, pk)
    rows = selectors.roster_grid(roster, selectors.roster_people(roster))
    return xlsx_response(exports.roster_workbook(roster, rows), f"roster-{roster.department.code}-{roster.first_day}")


@login_required
def export_hours(request, pk):
    roster = scheduled_roster(request, pk)
    lines = selectors.hours_worked(roster)
    return xlsx_response(exports.hours_workbook(roster, lines), f"hours-{roster.department.code}-{roster.first_day}")
