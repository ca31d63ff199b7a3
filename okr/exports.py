"""The quarterly review as an XLSX workbook (openpyxl), from the same selector as the page."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from okr import services


def review_workbook(*, cycle, key_results) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Key results")[:31]
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
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for kr in key_results:
        objective = kr.objective
        sheet.append(
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
                services.suggested_score(kr, [c.value for c in kr.check_ins.all()]),
                kr.score,
                objective.score,
            ]
        )
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", (40, 12, 24, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    retrospective = workbook.create_sheet(_("Retrospective")[:31])
    retrospective.append([cycle.name, f"{cycle.start} – {cycle.end}", str(cycle.get_status_display())])
    retrospective.append([cycle.retrospective])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
