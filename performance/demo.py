"""Demo costs: a cost centre for every department, two years of monthly costs (three at
large scale), revenue, budgets and drivers, an allocation run for every month, and every
month closed but the last.

- Utilities and administrative overhead are imported (the hospital's ledger); drugs,
  consumables, maintenance and depreciation are collected from inventory and equipment,
  and the rostered staff's personnel cost from staffing (hours × the demo's cost rates
  per job); the rest of each department's personnel cost is imported from the ledger
  (its payroll less what staffing already counted, so nothing is counted twice); for
  the months (and departments) inventory has no issues of, drugs and consumables are
  imported as from the old ledger, so no month is counted twice.
- Budgets are set from each department's usual costs, a little above or below them.
- Two overspends finance can find in the budget report: a stent consignment settled in
  Cardiology's consumables and winter overtime in the ICU's personnel, last month.

Idempotent: nothing is added once the demo's cost centres exist. History lies in the
past, so entries are written in bulk here; collection, allocation and closing go
through the services.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from equipment.selectors import work_orders_by_department_and_month
from hospital.errors import DomainError
from hospital.models import DailyCensus, Department, DepartmentKind, User
from hospital.periods import add_months, month_end, month_start
from performance import services
from performance.models import (
    AllocationClass,
    AllocationMethod,
    AllocationRule,
    AllocationShare,
    Budget,
    CostCategory,
    CostCentre,
    CostEntry,
    CostRate,
    CostSource,
    DriverKind,
    DriverSource,
    DriverValue,
    RevenueEntry,
    RevenueKind,
)

SCALE_MONTHS = {"small": 24, "large": 36}
K, A = DepartmentKind, AllocationClass
# Departments whose class is not the one their kind suggests.
CLASS_OF = {
    "CSSD": A.MEDICAL_SUPPORT,
    "CATE": A.MEDICAL_SUPPORT,
    "BME": A.MEDICAL_SUPPORT,
    "MREC": A.MEDICAL_SUPPORT,
    "THEA": A.MEDICAL_TECHNICAL,
    "OPNU": A.CLINICAL,
}
CLASS_OF_KIND = {
    K.CLINICAL: A.CLINICAL,
    K.MEDICAL_TECHNICAL: A.MEDICAL_TECHNICAL,
    K.NURSING: A.ADMINISTRATIVE,
    K.LOGISTICS: A.ADMINISTRATIVE,
    K.ADMINISTRATIVE: A.ADMINISTRATIVE,
}
# Step-down order and drivers: administration first by headcount, buildings by floor area,
# then medical support by workload, then medical-technical by revenue or fixed shares.
DRIVER_OF = {
    "GA": DriverKind.FLOOR_AREA,
    "MAIN": DriverKind.FLOOR_AREA,
    "CSSD": DriverKind.PATIENT_DAYS,
    "CATE": DriverKind.PATIENT_DAYS,
    "MREC": DriverKind.PATIENT_DAYS,
    "BME": DriverKind.WORK_ORDERS,
    "PHAR": DriverKind.PATIENT_DAYS,
    "LAB": DriverKind.REVENUE,
    "RAD": DriverKind.REVENUE,
    "PATH": DriverKind.REVENUE,
    "ANES": DriverKind.FIXED_SHARES,
    "THEA": DriverKind.FIXED_SHARES,
}
SURGICAL_SHARES = {"GSUR": 40, "ORTH": 25, "NSUR": 15, "UROL": 10, "CTSU": 10, "OBGY": 10}
STENT_REFERENCE = "Consignment settlement CS-{month}: 38 drug-eluting coronary stents"
OVERTIME_REFERENCE = "Overtime {month}: winter respiratory surge"
# What one rostered hour costs, by job (CNY, wages and social insurance).
HOURLY_RATES = {
    "nurse": "92.00",
    "midwife": "92.00",
    "physician": "165.00",
    "technician": "88.00",
    "assistant": "55.00",
    "other": "60.00",
}


def seed(*, scale: str, stdout) -> None:
    if CostCentre.objects.exists():
        stdout.write("Performance: demo costs already there.")
        return
    rng = random.Random(20261202)
    last = add_months(month_start(timezone.localdate()), -1)
    months = [add_months(last, -back) for back in range(SCALE_MONTHS.get(scale, 24) - 1, -1, -1)]
    departments = [d for d in Department.objects.filter(is_active=True).order_by("code") if not _is_parent(d)]
    with transaction.atomic():
        centres = _cost_centres(rng, departments)
        _rules(departments)
        payroll = _ledger(rng, departments, centres, months)
        if not CostRate.objects.exists():
            CostRate.objects.bulk_create(CostRate(job=job, hourly_rate=Decimal(r)) for job, r in HOURLY_RATES.items())
    finance = User.objects.filter(username="finance").first() or User.objects.filter(is_superuser=True).first()
    for month in months:
        services.collect_month(month=month, user=None)
        _payroll_less_staffing(payroll, month)
        _old_ledger_drugs(rng, departments, month)
        _special_entries(month, last, departments)
    _budgets(rng, departments, months)
    runs = closed = 0
    for month in months:
        try:
            services.run_allocation(month=month, method=AllocationMethod.STEP_DOWN, user=None)
        except DomainError as error:
            stdout.write(f"Performance: {month:%Y-%m} not allocated: {error.message}")
            continue
        runs += 1
        if month < last and finance is not None:
            services.close_month(month=month, user=finance)
            closed += 1
    stdout.write(
        f"Performance: {len(centres)} cost centres, {CostEntry.objects.count()} cost entries, "
        f"{Budget.objects.count()} budgets, {runs} allocation runs, {closed} closed months."
    )


def _is_parent(department: Department) -> bool:
    # Clinical divisions without beds of their own (Internal Medicine, Surgery) carry no costs.
    return department.kind == K.CLINICAL and not department.staffed_beds and department.children.exists()


def _class(department: Department) -> str:
    return CLASS_OF.get(department.code, CLASS_OF_KIND.get(department.kind, A.CLINICAL))


def _cost_centres(rng, departments) -> dict[int, CostCentre]:
    centres = CostCentre.objects.bulk_create(
        CostCentre(
            department=d,
            code=f"CC-{d.code}",
            allocation_class=_class(d),
            floor_area=Decimal(d.staffed_beds * 28 + rng.randrange(120, 600, 10)),
        )
        for d in departments
    )
    return {c.department_id: c for c in centres}


def _rules(departments) -> None:
    order = {A.ADMINISTRATIVE: 100, A.MEDICAL_SUPPORT: 200, A.MEDICAL_TECHNICAL: 300}
    by_code = {d.code: d for d in departments}
    for department in departments:
        cls = _class(department)
        if cls == A.CLINICAL:
            continue
        order[cls] += 1
        driver = DRIVER_OF.get(department.code, DriverKind.FTE)
        rule = AllocationRule.objects.create(order=order[cls], department=department, driver=driver)
        if driver == DriverKind.FIXED_SHARES:
            AllocationShare.objects.bulk_create(
                AllocationShare(rule=rule, department=by_code[code], share=Decimal(share))
                for code, share in SURGICAL_SHARES.items()
                if code in by_code
            )


def _size(department: Department) -> int:
    """A department's headcount: wards by their beds, the others a small team."""
    return max(6, round(department.staffed_beds * 1.1)) if department.staffed_beds else 8 + len(department.code) * 3


def _ledger(rng, departments, centres, months) -> dict:
    """Imported utilities and overhead; headcount drivers; revenue from the census. Returns
    each department's and month's payroll {(department id, month): amount}, imported
    after collection (_payroll_less_staffing)."""
    categories = {c.code: c for c in CostCategory.objects.all()}
    entries, drivers, payroll = [], [], {}
    for department in departments:
        fte = _size(department)
        support = _class(department) != A.CLINICAL
        for index, month in enumerate(months):
            growth = Decimal(1 + 0.03 * index / 12)
            noise = Decimal(str(round(rng.uniform(0.97, 1.03), 3)))
            personnel = Decimal(fte * 10_500) * growth * noise
            utilities = centres[department.pk].floor_area * Decimal("11.5") * noise
            payroll[(department.pk, month)] = personnel.quantize(Decimal("0.01"))
            amounts = [("utilities", utilities)]
            if support:
                amounts.append(("overhead", Decimal(fte * 2_100) * noise))
            for code, amount in amounts:
                entries.append(
                    CostEntry(
                        department=department,
                        month=month,
                        category=categories[code],
                        amount=amount.quantize(Decimal("0.01")),
                        source=CostSource.IMPORT,
                        reference=f"GL {month:%Y-%m}",
                    )
                )
            drivers.append(
                DriverValue(
                    month=month, kind=DriverKind.FTE, department=department, value=fte, source=DriverSource.IMPORT
                )
            )
    CostEntry.objects.bulk_create(entries, batch_size=5000)
    DriverValue.objects.bulk_create(drivers, batch_size=5000)
    RevenueEntry.objects.bulk_create(_revenue(rng, departments, months), batch_size=5000)
    return payroll


def _payroll_less_staffing(payroll: dict, month: dt.date) -> None:
    """The month's personnel from the ledger: each department's payroll less the rostered
    hours staffing's collection already counted (none below zero)."""
    collected = dict(
        CostEntry.objects.filter(month=month, source=CostSource.STAFFING)
        .values_list("department_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    personnel = CostCategory.objects.get(code="personnel")
    CostEntry.objects.bulk_create(
        (
            CostEntry(
                department_id=department_id,
                month=month,
                category=personnel,
                amount=amount - collected.get(department_id, Decimal(0)),
                source=CostSource.IMPORT,
                reference=f"GL {month:%Y-%m}",
            )
            for (department_id, entry_month), amount in sorted(payroll.items())
            if entry_month == month and amount > collected.get(department_id, Decimal(0))
        ),
        batch_size=5000,
    )


def _estimate(department: Department, month: dt.date) -> dict:
    """A ward's usual month, for the months before the census was kept in the app."""
    days = (month_end(month) - month).days + 1
    return {"days": round(department.staffed_beds * days * 0.84), "visits": department.staffed_beds * 95}


def _old_drivers(departments, months, workload) -> list[DriverValue]:
    """Patient-days and work orders from the old systems for the months the census and the
    equipment app do not cover (an allocation needs them every month)."""
    first_census = min((month for _d, month in workload), default=None)
    orders = {
        row["month"]
        for row in work_orders_by_department_and_month(months[0], month_end(months[-1]))
        if row["department_id"] is not None
    }
    rows = []
    for month in months:
        for department in departments:
            if not department.staffed_beds:
                continue
            if first_census is None or month < first_census:
                rows.append(
                    DriverValue(
                        month=month,
                        kind=DriverKind.PATIENT_DAYS,
                        department=department,
                        value=_estimate(department, month)["days"],
                        source=DriverSource.IMPORT,
                    )
                )
            if month not in orders:
                rows.append(
                    DriverValue(
                        month=month,
                        kind=DriverKind.WORK_ORDERS,
                        department=department,
                        value=max(1, department.staffed_beds // 6),
                        source=DriverSource.IMPORT,
                    )
                )
    return rows


def _revenue(rng, departments, months) -> list[RevenueEntry]:
    """In-patient revenue by patient-day, out-patient by visit, drugs and examinations by both
    (estimated from the beds before the census)."""
    census = (
        DailyCensus.objects.filter(date__gte=months[0], date__lte=month_end(months[-1]))
        .values("department_id", "date__year", "date__month")
        .annotate(days=Sum("inpatients"), visits=Sum("outpatient_visits"))
        .order_by()
    )
    workload = {(r["department_id"], dt.date(r["date__year"], r["date__month"], 1)): r for r in census}
    DriverValue.objects.bulk_create(_old_drivers(departments, months, workload), batch_size=5000)
    rows = []
    for department in departments:
        if _class(department) != A.CLINICAL:
            continue
        for month in months:
            w = workload.get((department.pk, month)) or _estimate(department, month)
            noise = Decimal(str(round(rng.uniform(0.95, 1.05), 3)))
            for kind, amount in (
                (RevenueKind.INPATIENT, w["days"] * 640),
                (RevenueKind.OUTPATIENT, w["visits"] * 60),
                (RevenueKind.DRUGS, w["days"] * 210 + w["visits"] * 25),
                (RevenueKind.EXAMINATIONS, w["days"] * 160 + w["visits"] * 25),
            ):
                if amount:
                    rows.append(
                        RevenueEntry(
                            department=department,
                            month=month,
                            kind=kind,
                            amount=(Decimal(amount) * noise).quantize(Decimal("0.01")),
                            source=CostSource.IMPORT,
                            reference=f"HIS {month:%Y-%m}",
                        )
                    )
    return rows


def _old_ledger_drugs(rng, departments, month) -> None:
    """Drugs and consumables from the old ledger for the wards inventory issued nothing to."""
    collected = set(
        CostEntry.objects.filter(month=month, source=CostSource.INVENTORY).values_list("department_id", flat=True)
    )
    categories = {c.code: c for c in CostCategory.objects.filter(code__in=["drugs", "consumables"])}
    rows = []
    for department in departments:
        if department.pk in collected or not department.staffed_beds:
            continue
        for code, per_bed in (("drugs", 5_200), ("consumables", 3_100)):
            amount = Decimal(department.staffed_beds * per_bed) * Decimal(str(round(rng.uniform(0.92, 1.08), 3)))
            rows.append(
                CostEntry(
                    department=department,
                    month=month,
                    category=categories[code],
                    amount=amount.quantize(Decimal("0.01")),
                    source=CostSource.IMPORT,
                    reference=f"GL {month:%Y-%m}",
                )
            )
    CostEntry.objects.bulk_create(rows)


def _special_entries(month, last, departments) -> None:
    """Last month's two overspends, entered by finance with the reference that explains them."""
    if month != last:
        return
    by_code = {d.code: d for d in departments}
    categories = {c.code: c for c in CostCategory.objects.filter(code__in=["consumables", "personnel"])}
    specials = [
        (
            "CARD",
            "consumables",
            "182400.00",
            STENT_REFERENCE,
            "Stents held on consignment, used and settled this month.",
        ),
        ("ICU", "personnel", "96500.00", OVERTIME_REFERENCE, "Nurses' overtime during the surge."),
    ]
    CostEntry.objects.bulk_create(
        CostEntry(
            department=by_code[code],
            month=month,
            category=categories[category],
            amount=Decimal(amount),
            source=CostSource.MANUAL,
            reference=reference.format(month=f"{month:%Y-%m}"),
            note=note,
        )
        for code, category, amount, reference, note in specials
        if code in by_code
    )


def _budgets(rng, departments, months) -> None:
    """Each department's budget per category and month: its usual cost (the special entries
    aside), a little above or below."""
    usual = defaultdict(Decimal)
    rows = (
        CostEntry.objects.filter(month__in=months)
        .exclude(source=CostSource.MANUAL)
        .values_list("department_id", "category_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for department_id, category_id, month, total in rows:
        usual[(department_id, category_id, month)] += total
    Budget.objects.bulk_create(
        (
            Budget(
                department_id=department_id,
                category_id=category_id,
                month=month,
                amount=max(total * Decimal(str(round(rng.uniform(0.98, 1.06), 3))), Decimal(0)).quantize(Decimal("1")),
            )
            for (department_id, category_id, month), total in sorted(usual.items())
        ),
        batch_size=5000,
    )
