"""Reads of the performance app that join several models, for the pages, the API, the
exports and the metrics. Each takes the user (scoped with `visible_to`) or is
documented as hospital-wide; each runs a fixed number of queries whatever the rows.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, QuerySet, Sum, Window

from equipment import selectors as equipment_selectors
from hospital import metric_registry
from hospital.models import Department
from hospital.periods import add_months, month_end, month_start
from hospital.selectors import census_totals_by_department, census_totals_by_period
from inventory import selectors as inventory_selectors
from performance import access
from performance import kpis as formulas
from performance import scorecard as scoring
from performance.models import AllocationRun, Budget, CostCategory, CostEntry, RevenueEntry, ScorecardDimension
from quality import selectors as quality_selectors
from staffing import selectors as staffing_selectors

ZERO = Decimal("0.00")
HOSPITAL = SimpleNamespace(pk=None, path="", code="", name="")  # the whole hospital as a "department"


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from first's to last's, oldest first."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


# Budget against actual, and the entries behind a cell


@dataclass
class VarianceRow:
    department: Department
    category: CostCategory | None  # None: the department's total
    budget: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        return self.actual - self.budget

    @property
    def variance_percent(self) -> Decimal | None:
        return formulas.variance(self.actual, self.budget)[1]

    @property
    def is_over(self) -> bool:
        return self.actual > self.budget


@dataclass
class BudgetReport:
    first: dt.date
    last: dt.date
    categories: list[CostCategory]
    # department -> its rows by category (in category order) and its total row
    departments: list[tuple[Department, list[VarianceRow], VarianceRow]] = field(default_factory=list)
    total: VarianceRow | None = None


def _scoped(model, user, department: Department | None) -> QuerySet:
    qs = model.objects.visible_to(user)
    if department is not None:
        qs = qs.filter(department__path__startswith=department.path)
    return qs


def budget_report(user, *, first: dt.date, last: dt.date, department: Department | None = None) -> BudgetReport:
    """Budget, actual (direct costs entered and collected), variance and variance % by
    department (its own entries) and category over the months first..last. Four queries."""
    months = (month_start(first), month_start(last))
    sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    budgets = _scoped(Budget, user, department).filter(month__range=months)
    for department_id, category_id, total in (
        budgets.values_list("department_id", "category_id").annotate(total=Sum("amount")).order_by()
    ):
        sums[(department_id, category_id)][0] += total
    actuals = _scoped(CostEntry, user, department).filter(month__range=months)
    for department_id, category_id, total in (
        actuals.values_list("department_id", "category_id").annotate(total=Sum("amount")).order_by()
    ):
        sums[(department_id, category_id)][1] += total
    categories = list(CostCategory.objects.all())
    departments = Department.objects.in_bulk({d for d, _c in sums})
    report = BudgetReport(first=months[0], last=months[1], categories=categories)
    grand = VarianceRow(department=None, category=None)
    for dept in sorted(departments.values(), key=lambda d: d.code):
        rows = []
        total = VarianceRow(department=dept, category=None)
        for category in categories:
            budget, actual = sums.get((dept.pk, category.pk), (ZERO, ZERO))
            rows.append(VarianceRow(department=dept, category=category, budget=budget, actual=actual))
            total.budget += budget
            total.actual += actual
        grand.budget += total.budget
        grand.actual += total.actual
        report.departments.append((dept, rows, total))
    report.total = grand
    return report


def cell_entries(
    user, *, department: Department, first: dt.date, last: dt.date, category: CostCategory | None = None
) -> QuerySet:
    """The cost entries behind one cell of the budget report (a department's own entries in
    one category, or all of them), largest first: the answer to "why did it overspend?"."""
    qs = (
        CostEntry.objects.visible_to(user)
        .filter(department=department, month__range=(month_start(first), month_start(last)))
        .select_related("department", "category", "created_by")
        .order_by("-amount", "month", "id")
    )
    if category is not None:
        qs = qs.filter(category=category)
    return qs


# The cost dashboard


@dataclass
class CostOverview:
    months: list[dt.date]
    categories: list[CostCategory]
    by_category: list[tuple[CostCategory, Decimal]]
    by_department: list[tuple[Department, Decimal]]
    trend: list[tuple[dt.date, Decimal]]  # total per month
    total: Decimal


def cost_overview(user, *, first: dt.date, last: dt.date, department: Department | None = None) -> CostOverview:
    """Direct costs by category, by department and per month: one grouped query and two lookups."""
    months = months_between(first, last)
    rows = (
        _scoped(CostEntry, user, department)
        .filter(month__range=(months[0], months[-1]))
        .values_list("department_id", "category_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    by_category: dict[int, Decimal] = defaultdict(Decimal)
    by_department: dict[int, Decimal] = defaultdict(Decimal)
    by_month: dict[dt.date, Decimal] = defaultdict(Decimal)
    for department_id, category_id, month, total in rows:
        by_category[category_id] += total
        by_department[department_id] += total
        by_month[month] += total
    categories = list(CostCategory.objects.all())
    departments = Department.objects.in_bulk(list(by_department))
    return CostOverview(
        months=months,
        categories=categories,
        by_category=[(c, by_category.get(c.pk, ZERO)) for c in categories],
        by_department=sorted(
            ((departments[pk], total) for pk, total in by_department.items()), key=lambda pair: (-pair[1], pair[0].code)
        ),
        trend=[(m, by_month.get(m, ZERO)) for m in months],
        total=sum(by_month.values(), ZERO),
    )


# Full costs (after allocation), revenue and workload: the KPIs and the metrics


def latest_runs(months: Sequence[dt.date]) -> dict[dt.date, AllocationRun]:
    """The newest allocation run of each month that has one: one query."""
    runs: dict[dt.date, AllocationRun] = {}
    for run in AllocationRun.objects.filter(month__in=list(months)).order_by("month", "-run_at", "-id"):
        runs.setdefault(run.month, run)
    return runs


@dataclass
class Figures:
    """One department's (with its sub-departments) money and workload in one period."""

    direct_cost: Decimal = ZERO
    full_cost: Decimal = ZERO  # after allocation where the month has a run, else the direct cost
    budget: Decimal = ZERO
    revenue: Decimal = ZERO
    workload: formulas.Workload = field(default_factory=formulas.Workload)

    @property
    def kpis(self) -> dict:
        return formulas.kpis(self.workload, cost=self.full_cost, revenue=self.revenue)

    @property
    def variance_percent(self) -> Decimal | None:
        return formulas.variance(self.direct_cost, self.budget)[1]


def _sums_by_month(model, months, departments) -> dict[dt.date, list[tuple[str, Decimal]]]:
    """{month: [(department path, sum)]} of the model's amounts: one grouped query."""
    rows = model.objects.filter(month__in=months)
    if all(d.path for d in departments):
        paths = {d.path for d in departments}
        rows = rows.filter(department__path__regex=r"^(" + "|".join(sorted(paths)) + ")")
    by_month: dict[dt.date, list[tuple[str, Decimal]]] = defaultdict(list)
    for path, month, total in rows.values_list("department__path", "month").annotate(total=Sum("amount")).order_by():
        by_month[month].append((path, total))
    return by_month


def _full_costs_by_month(months) -> dict[dt.date, list[tuple[str, Decimal]]]:
    """{month: [(department path, total after allocation)]} for the months with a run: two queries."""
    runs = latest_runs(months)
    run_ids = {int(pk) for run in runs.values() for pk in run.matrix.get("final", {})}
    paths = dict(Department.objects.filter(pk__in=run_ids).values_list("pk", "path")) if run_ids else {}
    return {
        month: [(paths.get(int(pk), "-"), Decimal(v)) for pk, v in run.matrix.get("final", {}).items()]
        for month, run in runs.items()
    }


def _subtree_sum(rows: list[tuple[str, Decimal]], path: str) -> Decimal:
    return sum((v for p, v in rows if p.startswith(path)), ZERO)


def department_figures(departments: Sequence, periods: Sequence[tuple[dt.date, dt.date]]) -> dict:
    """{department pk: [Figures per period]}: each department with its subtree (HOSPITAL: all).

    A period counts the months whose first day falls in it (the census: its exact days).
    Six queries whatever the number of departments and periods. Hospital-wide: callers scope.
    """
    period_months = [months_between(start, end) for start, end in periods]
    months = sorted({m for ms in period_months for m in ms})
    costs = _sums_by_month(CostEntry, months, departments)
    budgets = _sums_by_month(Budget, months, departments)
    revenue = _sums_by_month(RevenueEntry, months, departments)
    full = _full_costs_by_month(months)
    real = [d for d in departments if d.pk is not None]
    census = census_totals_by_department(real, periods) if real else {}
    hospital_census = census_totals_by_period(None, periods) if len(real) < len(departments) else None
    result = {}
    for department in departments:
        figures = []
        for index, (start, end) in enumerate(periods):
            f = Figures()
            for month in period_months[index]:
                direct = _subtree_sum(costs.get(month, []), department.path)
                f.direct_cost += direct
                f.budget += _subtree_sum(budgets.get(month, []), department.path)
                f.revenue += _subtree_sum(revenue.get(month, []), department.path)
                f.full_cost += _subtree_sum(full[month], department.path) if month in full else direct
            totals = (hospital_census if department.pk is None else census.get(department.pk))[index]
            f.workload = formulas.Workload(
                patient_days=totals["patient_days"],
                staffed_bed_days=totals["staffed_beds"],
                separations=totals["separations"],
                outpatient_visits=totals["outpatient_visits"],
                days=(end - start).days + 1,
            )
            figures.append(f)
        result[department.pk] = figures
    return result


def kpi_table(user, *, first: dt.date, last: dt.date, department: Department | None = None) -> list:
    """[(department, Figures)] over months first..last for each department the user may see
    (each with its sub-departments), in tree order: seven queries whatever the departments."""
    departments = access.reporting_departments(user)
    if department is not None:
        departments = departments.filter(path__startswith=department.path)
    departments = list(departments)
    if not departments:
        return []
    figures = department_figures(departments, [(month_start(first), month_end(last))])
    return [(d, figures[d.pk][0]) for d in departments]


# The scorecard


@dataclass
class ScorecardRow:
    department: Department
    values: dict[str, Decimal | None]
    score: object  # performance.scorecard.Score


def scorecard(user, *, month: dt.date) -> tuple[list, list[ScorecardRow]]:
    """(dimensions, rows): every ward (a department with staffed beds) scored against the
    others on the month's metric values, ranked; the user is shown the rows they may see.
    Reads each ward's metrics through the registry's cached series: a few queries per ward
    and metric when cold, none when warm."""
    dimensions = [
        d for d in ScorecardDimension.objects.all() if d.metric_key in {m.key for m in metric_registry.all_metrics()}
    ]
    wards = list(Department.objects.filter(is_active=True, staffed_beds__gt=0).order_by("code"))
    period = [(month_start(month), month_end(month))]
    values = {
        ward.pk: {d.code: metric_registry.series(d.metric_key, ward, period)[0] for d in dimensions} for ward in wards
    }
    rules = [
        scoring.Dimension(
            code=d.code,
            weight=d.weight,
            higher_is_better=metric_registry.get_metric(d.metric_key).direction == "higher",
        )
        for d in dimensions
    ]
    scores = scoring.score(values, rules)
    visible = set(access.reporting_departments(user).values_list("pk", flat=True))
    by_pk = {w.pk: w for w in wards}
    rows = [ScorecardRow(by_pk[s.department], values[s.department], s) for s in scores if s.department in visible]
    return dimensions, rows


# --- The department cockpit --------------------------------------------------------
#
# Each app's section shows its first few rows (lots at expiry risk, open work orders,
# expiring certifications, open actions) read through that app's selector, scoped to
# what the user may see and to the department's subtree, each with the count of all its
# rows in the same query; the cost against budget takes two grouped queries.

COCKPIT_LIST_LENGTH = 5


@dataclass(frozen=True)
class CockpitList:
    rows: list
    count: int


def first_rows_and_count(rows: QuerySet, limit: int = COCKPIT_LIST_LENGTH) -> CockpitList:
    """The first `limit` rows and how many there are in all: one query (a window count)."""
    first = list(rows.annotate(cockpit_total=Window(Count("pk")))[:limit])
    return CockpitList(rows=first, count=first[0].cockpit_total if first else 0)


def cockpit_lists(user, department: Department, *, today: dt.date) -> dict[str, CockpitList]:
    """{app label: its short list} for the department's cockpit: four queries."""
    return {
        "inventory": first_rows_and_count(inventory_selectors.department_expiring_lots(user, department, today=today)),
        "equipment": first_rows_and_count(equipment_selectors.department_open_work_orders(user, department)),
        "staffing": first_rows_and_count(
            staffing_selectors.department_expiring_certifications(user, department, today=today)
        ),
        "quality": first_rows_and_count(quality_selectors.department_open_actions(user, department)),
    }


def cockpit_costs(department: Department, periods: Sequence[tuple[dt.date, dt.date]]) -> list[dict]:
    """Direct cost against budget of the department and its subtree for each month: two queries."""
    months = [start for start, _end in periods]

    def by_month(model) -> dict[dt.date, Decimal]:
        rows = model.objects.filter(month__in=months, department__path__startswith=department.path)
        return dict(rows.values_list("month").annotate(total=Sum("amount")).order_by())

    costs, budgets = by_month(CostEntry), by_month(Budget)
    rows = []
    for month in months:
        figures = Figures(direct_cost=costs.get(month, ZERO), budget=budgets.get(month, ZERO))
        rows.append(
            {
                "month": month,
                "budget": figures.budget,
                "actual": figures.direct_cost,
                "variance_percent": figures.variance_percent,
            }
        )
    return rows
