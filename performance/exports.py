"""Finance's files: the cost report, the budget-variance report and the scorecard, as XLSX (several
sheets, number formats, frozen bold header) and CSV, built with pandas from the same
selectors and filters as the pages, and written through the core's formula-safe writer
(hospital.exports) so no cell can run as a formula."""

import datetime as dt

import pandas as pd
from django.utils.translation import gettext as _

from hospital.exports import XlsxExport, csv_bytes
from performance import selectors
from performance.kpis import rounded

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00"  # percentages are written as numbers of percent (12.5, not 0.125)
NUMBER_FORMAT = "#,##0.00"


def _money(value):
    return None if value is None else float(value)


def budget_frame(user, *, first: dt.date, last: dt.date, department=None) -> pd.DataFrame:
    """One row per department and category, as the budget page lists them."""
    report = selectors.budget_report(user, first=first, last=last, department=department)
    records = []
    for dept, rows, _total in report.departments:
        for row in rows:
            records.append(
                {
                    _("Department code"): dept.code,
                    _("Department"): dept.name,
                    _("Category"): row.category.name,
                    _("Budget"): _money(row.budget),
                    _("Actual"): _money(row.actual),
                    _("Variance"): _money(row.variance),
                    _("Variance %"): _money(rounded(row.variance_percent)),
                }
            )
    columns = [
        _("Department code"),
        _("Department"),
        _("Category"),
        _("Budget"),
        _("Actual"),
        _("Variance"),
        _("Variance %"),
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def cost_frames(user, *, first: dt.date, last: dt.date, department=None) -> dict[str, pd.DataFrame]:
    """The cost report: departments × categories (direct costs), costs by month, and the KPIs."""
    budget = budget_frame(user, first=first, last=last, department=department)
    by_category = budget.pivot_table(
        index=[_("Department code"), _("Department")],
        columns=_("Category"),
        values=_("Actual"),
        aggfunc="sum",
        sort=False,
    )
    by_category[_("Total direct cost")] = by_category.sum(axis=1)
    overview = selectors.cost_overview(user, first=first, last=last, department=department)
    trend = pd.DataFrame(
        [(m.strftime("%Y-%m"), float(total)) for m, total in overview.trend], columns=[_("Month"), _("Direct cost")]
    )
    kpi_rows = []
    for dept, figures in selectors.kpi_table(user, first=first, last=last, department=department):
        values = figures.kpis
        kpi_rows.append(
            {
                _("Department code"): dept.code,
                _("Department"): dept.name,
                _("Direct cost"): _money(figures.direct_cost),
                _("Full cost"): _money(figures.full_cost),
                _("Allocated"): _money(figures.full_cost - figures.direct_cost),
                _("Revenue"): _money(figures.revenue),
                _("Patient-days"): figures.workload.patient_days,
                _("Bed occupancy %"): _money(rounded(values["bed_occupancy"])),
                _("ALOS (days)"): _money(rounded(values["alos"])),
                _("Cost per patient-day"): _money(rounded(values["cost_per_patient_day"])),
                _("Cost per discharge"): _money(rounded(values["cost_per_discharge"])),
                _("Margin"): _money(values["margin"]),
                _("Margin %"): _money(rounded(values["margin_percent"])),
            }
        )
    return {
        _("Costs by category"): by_category.reset_index(),
        _("Costs by month"): trend,
        _("KPIs"): pd.DataFrame.from_records(kpi_rows),
    }


def scorecard_frame(user, *, month: dt.date) -> pd.DataFrame:
    """One row per ward as the scorecard page ranks them: each dimension's score (0–100)
    and the metric value behind it, and the total."""
    dimensions, rows = selectors.scorecard(user, month=month)
    columns = [_("Rank"), _("Department code"), _("Department")]
    for d in dimensions:
        columns += [
            _("%(dimension)s: score") % {"dimension": d.name},
            _("%(dimension)s: value") % {"dimension": d.name},
        ]
    columns.append(_("Score"))
    records = []
    for row in rows:
        record = [row.score.rank, row.department.code, row.department.name]
        for d in dimensions:
            record += [_money(row.score.parts.get(d.code)), _money(row.values.get(d.code))]
        record.append(_money(row.score.total))
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype(dict.fromkeys(columns[3:], "float64"))


def _format(column: str, dtype) -> str | None:
    if "%" in column:
        return PERCENT_FORMAT
    return NUMBER_FORMAT if pd.api.types.is_float_dtype(dtype) else None


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def frames_to_xlsx(frames: dict[str, pd.DataFrame]) -> bytes:
    workbook = XlsxExport()
    for title, frame in frames.items():
        headers = [str(c) for c in frame.columns] or [_("No data")]
        formats = [_format(str(c), frame[c].dtype) for c in frame.columns]
        sheet = workbook.sheet(title, headers, widths=[max(12, len(h) + 2) for h in headers], number_formats=formats)
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
    return workbook.to_bytes()


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    return csv_bytes(
        [str(c) for c in frame.columns], ([_cell(v) for v in row] for row in frame.itertuples(index=False))
    )
