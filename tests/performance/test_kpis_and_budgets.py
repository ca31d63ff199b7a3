"""The KPIs on a hand-computed month, budget against actual with its drill-down, and the
metrics the OKR demo binds to."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from hospital import metric_registry
from hospital.models import DailyCensus
from performance import kpis, selectors, services
from performance.models import AllocationRule, DriverKind
from tests.performance.conftest import MONTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cost_centres")]
MARCH = (MONTH, dt.date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cardiology_march(hospital, categories):
    """Cardiology in March (31 days): 40 staffed beds, 30 in-patients at each midnight,
    2 discharges and 5 out-patient visits a day; costs 186,000.00, revenue 200,000.00."""
    DailyCensus.objects.bulk_create(
        DailyCensus(
            department=hospital.cardiology,
            date=MONTH + dt.timedelta(days=i),
            inpatients=30,
            discharges=2,
            outpatient_visits=5,
            staffed_beds=40,
        )
        for i in range(31)
    )
    for code, amount in [("personnel", "120000.00"), ("drugs", "26000.00"), ("consumables", "40000.00")]:
        services.record_cost_entry(
            department=hospital.cardiology, month=MONTH, category=categories[code], amount=amount, user=hospital.finance
        )
    services.record_revenue_entry(
        department=hospital.cardiology, month=MONTH, kind="inpatient", amount="200000.00", user=hospital.finance
    )


def test_each_kpi_on_a_hand_computed_month(hospital, cardiology_march):
    figures = selectors.department_figures([hospital.cardiology], [MARCH])[hospital.cardiology.pk][0]
    values = figures.kpis
    assert values["bed_occupancy"] == D(75)  # 930 patient-days ÷ 1,240 staffed bed-days × 100
    assert values["alos"] == D(15)  # 930 ÷ 62 discharges
    assert values["bed_turnover"] == D("1.55")  # 62 ÷ (1,240 ÷ 31 = 40 beds)
    assert values["turnover_interval"] == D(5)  # (1,240 − 930) ÷ 62
    assert values["cost_per_patient_day"] == D(200)  # 186,000 ÷ 930
    assert values["cost_per_discharge"] == D(3000)  # 186,000 ÷ 62
    assert values["cost_per_outpatient_visit"] == D(1200)  # 186,000 ÷ 155
    assert values["margin"] == D("14000.00")  # 200,000 − 186,000
    assert values["margin_percent"] == D(7)  # 14,000 ÷ 200,000 × 100


def test_a_parent_department_counts_its_sub_departments(hospital, cardiology_march):
    figures = selectors.department_figures([hospital.medicine], [MARCH])[hospital.medicine.pk][0]
    assert figures.direct_cost == D("186000.00")
    assert figures.kpis["cost_per_patient_day"] == D(200)


def test_kpis_without_beds_or_discharges_are_empty_not_errors():
    values = kpis.kpis(kpis.Workload(days=31), cost=D(10), revenue=D(0))
    assert values["bed_occupancy"] is None and values["alos"] is None and values["margin_percent"] is None


def test_cost_per_patient_day_metric_uses_the_cost_after_allocation(hospital, categories, cardiology_march):
    assert metric_registry.compute("performance.cost_per_patient_day", hospital.cardiology, *MARCH) == D(200)
    # the Quality Office's 9,300.00 goes to Cardiology, the only ward with patient-days: +10 a day
    services.record_cost_entry(
        department=hospital.quality_office,
        month=MONTH,
        category=categories["overhead"],
        amount="9300.00",
        user=hospital.finance,
    )
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.PATIENT_DAYS)
    services.run_allocation(month=MONTH, method="step_down", user=hospital.finance)
    assert metric_registry.compute("performance.cost_per_patient_day", hospital.cardiology, *MARCH) == D(210)
    assert metric_registry.compute("performance.cost_per_discharge", hospital.cardiology, *MARCH) == D(3150)
    hospital_wide = metric_registry.compute("performance.cost_per_patient_day", None, *MARCH)
    assert hospital_wide == D(210)  # 195,300 ÷ 930: allocation moves cost, the hospital's total stays


def test_budget_variance_and_margin_metrics(hospital, categories, cardiology_march):
    services.set_budget(
        department=hospital.cardiology,
        category=categories["consumables"],
        month=MONTH,
        amount="150000.00",
        user=hospital.finance,
    )
    services.set_budget(
        department=hospital.cardiology,
        category=categories["personnel"],
        month=MONTH,
        amount="30000.00",
        user=hospital.finance,
    )
    # (186,000 − 180,000) ÷ 180,000 × 100 = 3.33…%
    variance = metric_registry.compute("performance.budget_variance_percent", hospital.cardiology, *MARCH)
    assert kpis.rounded(variance) == D("3.33")
    assert metric_registry.compute("performance.margin_percent", hospital.cardiology, *MARCH) == D(7)


def test_budget_report_shows_variance_and_drills_down_to_the_entries(hospital, categories, cardiology_march):
    services.set_budget(
        department=hospital.cardiology,
        category=categories["consumables"],
        month=MONTH,
        amount="25000.00",
        user=hospital.finance,
    )
    services.record_cost_entry(
        department=hospital.cardiology,
        month=MONTH,
        category=categories["consumables"],
        amount="15000.00",
        user=hospital.finance,
        reference="Stent consignment C-031",
    )
    report = selectors.budget_report(hospital.finance, first=MONTH, last=MONTH)
    ((department, rows, total),) = report.departments
    consumables = next(r for r in rows if r.category.code == "consumables")
    assert (consumables.budget, consumables.actual, consumables.variance) == (
        D("25000.00"),
        D("55000.00"),
        D("30000.00"),
    )
    assert consumables.variance_percent == D(120)  # 30,000 ÷ 25,000 × 100
    drugs = next(r for r in rows if r.category.code == "drugs")
    assert drugs.variance_percent is None  # no budget: no percentage
    assert total.actual == D("201000.00")
    entries = selectors.cell_entries(
        hospital.finance, department=hospital.cardiology, category=categories["consumables"], first=MONTH, last=MONTH
    )
    assert [(e.amount, e.reference) for e in entries] == [
        (D("40000.00"), ""),
        (D("15000.00"), "Stent consignment C-031"),
    ]


def test_a_head_sees_only_their_departments_in_the_report(hospital, categories, cardiology_march):
    services.record_cost_entry(
        department=hospital.icu, month=MONTH, category=categories["drugs"], amount="10.00", user=hospital.finance
    )
    codes = lambda user: [d.code for d, _r, _t in selectors.budget_report(user, first=MONTH, last=MONTH).departments]  # noqa: E731
    assert codes(hospital.finance) == ["CARD", "ICU"]
    assert codes(hospital.head_medicine) == ["CARD"]
    assert codes(hospital.head_surgery) == []
    assert codes(hospital.nurse_cardiology) == []
    assert not selectors.cell_entries(
        hospital.head_surgery, department=hospital.cardiology, first=MONTH, last=MONTH
    ).exists()
