"""The quarterly review as an XLSX workbook (openpyxl), from the same selector as the page."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def review_workbook(*, cycle, sheet) -> bytes:
    """One row per key result (from selectors.grade_objectives), then the retrospective."""
    workbook = Workbook()
    table = workbook.active
    table.title = _("Key results")[:31]
    headers = [
        _("Objective"),
        _("Level"),
        _("Department"),
        _("Kind"),
        _("Key result"),
        _("Unit"),
        _("Baseline"),
        _("Target"),
        _("Lower bound"),
        _("Upper bound"),
        _("Current value"),
        _("Progress (%)"),
        _("Confidence"),
        _("Suggested score"),
        _("Score"),
        _("Objective score"),
        _("Expected score"),
        _("Meets expectation"),
    ]
    table.append(headers)
    for cell in table[1]:
        cell.font = Font(bold=True)
    for grades in sheet:
        objective = grades.objective
        for graded in grades.key_results:
            kr = graded.key_result
            table.append(
                [
                    objective.title,
                    str(objective.get_level_display()),
                    objective.department.name if objective.department else _("Hospital"),
                    str(objective.get_kind_display()),
                    kr.title,
                    str(kr.get_unit_display()),
                    kr.baseline,
                    kr.target,
                    kr.lower,
                    kr.upper,
                    kr.current_value,
                    kr.progress,
                    str(kr.get_confidence_display()) if kr.confidence else "",
                    graded.suggested,
                    kr.score,
                    grades.score,
                    grades.expected,
                    _("yes") if grades.meets_expectation else _("no"),
                ]
            )
    table.freeze_panes = "A2"
    for column, width in zip("ABCDE", (40, 12, 24, 14, 40), strict=True):
        table.column_dimensions[column].width = width
    retrospective = workbook.create_sheet(_("Retrospective")[:31])
    retrospective.append([cycle.name, f"{cycle.start} – {cycle.end}", str(cycle.get_status_display())])
    retrospective.append([cycle.retrospective])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
