"""The quarterly review as an XLSX workbook (the core's formula-safe writer), from the same
selector as the page."""

from django.utils.translation import gettext as _

from hospital.exports import XlsxExport


def review_workbook(*, cycle, sheet) -> bytes:
    """One row per key result (from selectors.grade_objectives), then the retrospective."""
    export = XlsxExport()
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
    table = export.sheet(_("Key results"), headers, widths=(40, 12, 24, 14, 40, 10))
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
    retrospective = export.sheet(
        _("Retrospective"),
        [_("Cycle"), _("Start"), _("End"), _("Status"), _("Retrospective")],
        widths=(16, 12, 12, 12, 80),
    )
    retrospective.append([cycle.name, cycle.start, cycle.end, str(cycle.get_status_display()), cycle.retrospective])
    return export.to_bytes()
