"""The API: scoped reads, writes through the services, the run action's totals, 400 for
bad input, 403 for the wrong role, 409 for a closed month, and nothing written on refusal."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from performance import services
from performance.models import AllocationRule, AllocationRun, Budget, CostEntry, DriverKind
from tests.performance.conftest import MONTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cost_centres")]
BASE = "/api/v1/performance"


@pytest.fixture(autouse=True)
def _in_april():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def march(hospital, categories):
    f = hospital.finance
    services.record_cost_entry(
        department=hospital.cardiology, month=MONTH, category=categories["drugs"], amount="700.00", user=f
    )
    services.record_cost_entry(
        department=hospital.icu, month=MONTH, category=categories["drugs"], amount="200.00", user=f
    )
    services.record_cost_entry(
        department=hospital.quality_office, month=MONTH, category=categories["overhead"], amount="100.00", user=f
    )
    for department, value in [(hospital.cardiology, "1"), (hospital.icu, "2")]:
        services.set_driver_value(department=department, month=MONTH, kind=DriverKind.FTE, value=value, user=f)
    AllocationRule.objects.create(order=1, department=hospital.quality_office, driver=DriverKind.FTE)


@pytest.mark.parametrize(
    ("who", "codes"),
    [
        ("finance", {"CARD", "ICU", "QUAL"}),
        ("admin", {"CARD", "ICU", "QUAL"}),
        ("head_medicine", {"CARD"}),
        ("head_surgery", set()),
    ],
)
def test_cost_entries_are_scoped(hospital, march, api_for, who, codes):
    response = api_for(getattr(hospital, who)).get(f"{BASE}/cost-entries/")
    assert response.status_code == 200
    assert {row["department_code"] for row in response.json()["results"]} == codes


@pytest.mark.parametrize("who", ["nurse_cardiology", "pharmacist", "engineer", "quality_manager", "scheduler"])
def test_other_roles_are_refused(hospital, march, api_for, who):
    api = api_for(getattr(hospital, who))
    for url in (
        "cost-entries/",
        "revenue-entries/",
        "budgets/",
        "allocation-runs/",
        "kpis/",
        "driver-values/",
        "scorecards/",
        "reports/costs/",
        "reports/budget/?file=csv",
        "reports/scorecard/",
    ):
        assert api.get(f"{BASE}/{url}").status_code == 403, url


@pytest.mark.parametrize("who", ["finance", "admin", "head_medicine"])
def test_readers_get_scorecards_and_report_downloads_and_only_managers_drivers(hospital, march, api_for, who):
    api = api_for(getattr(hospital, who))
    for url in ("scorecards/", "reports/costs/", "reports/budget/?file=csv", "reports/scorecard/"):
        assert api.get(f"{BASE}/{url}").status_code == 200, url
    assert api.get(f"{BASE}/driver-values/").status_code == (403 if who == "head_medicine" else 200)


def test_finance_creates_an_entry_and_a_head_may_not(hospital, categories, march, api_for):
    body = {"department": hospital.icu.pk, "month": "2026-03", "category": categories["drugs"].pk, "amount": "12.50"}
    assert api_for(hospital.head_medicine).post(f"{BASE}/cost-entries/", body, format="json").status_code == 403
    response = api_for(hospital.finance).post(f"{BASE}/cost-entries/", body, format="json")
    assert response.status_code == 201
    assert response.json()["month"] == "2026-03" and response.json()["source"] == "manual"


@pytest.mark.parametrize(
    "change",
    [{"amount": "abc"}, {"amount": "1.005"}, {"month": "2026-13"}, {"department": 999999}, {"category": "x"}],
)
def test_bad_input_is_a_400_and_nothing_written(hospital, categories, march, api_for, change):
    body = {"department": hospital.icu.pk, "month": "2026-03", "category": categories["drugs"].pk, "amount": "1.00"}
    before = CostEntry.objects.count()
    response = api_for(hospital.finance).post(f"{BASE}/cost-entries/", {**body, **change}, format="json")
    assert response.status_code == 400
    assert CostEntry.objects.count() == before


def test_the_run_action_returns_the_totals_before_and_after(hospital, march, api_for):
    response = api_for(hospital.finance).post(
        f"{BASE}/allocation-runs/run/", {"month": "2026-03", "method": "step_down"}, format="json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["total_before"] == data["total_after"] == "1000.00"
    assert data["is_conserved"] is True
    # Quality Office's 100.00 by FTE 1 : 2 = 33.33… and 66.66…: the cent to ICU's larger remainder
    assert data["matrix"]["steps"][0]["shares"] == {str(hospital.cardiology.pk): "33.33", str(hospital.icu.pk): "66.67"}
    listed = api_for(hospital.finance).get(f"{BASE}/allocation-runs/").json()["results"]
    assert "matrix" not in listed[0]


def test_closed_month_is_a_409_everywhere(hospital, categories, march, api_for):
    api = api_for(hospital.finance)
    run = api.post(f"{BASE}/allocation-runs/run/", {"month": "2026-03", "method": "direct"}, format="json").json()
    assert api.post(f"{BASE}/allocation-runs/{run['id']}/close/").status_code == 201
    entry = CostEntry.objects.filter(department=hospital.icu).first()
    body = {"department": hospital.icu.pk, "month": "2026-03", "category": categories["drugs"].pk, "amount": "1.00"}
    assert api.post(f"{BASE}/cost-entries/", body, format="json").status_code == 409
    assert api.patch(f"{BASE}/cost-entries/{entry.pk}/", {"amount": "5.00"}, format="json").status_code == 409
    assert api.delete(f"{BASE}/cost-entries/{entry.pk}/").status_code == 409
    assert api.post(f"{BASE}/budgets/", body, format="json").status_code == 409
    assert (
        api.post(f"{BASE}/allocation-runs/run/", {"month": "2026-03", "method": "direct"}, format="json").status_code
        == 409
    )
    assert AllocationRun.objects.count() == 1 and not Budget.objects.exists()
    assert CostEntry.objects.get(pk=entry.pk).amount == D("200.00")


def test_a_head_reads_kpis_of_their_departments_but_no_runs(hospital, march, api_for):
    api = api_for(hospital.head_medicine)
    assert api.get(f"{BASE}/allocation-runs/").status_code == 403
    rows = api.get(f"{BASE}/kpis/?first=2026-03&last=2026-03").json()
    assert {r["department_code"] for r in rows} == {"IM", "CARD", "RESP"}
    card = next(r for r in rows if r["department_code"] == "CARD")
    assert card["direct_cost"] == "700.00"
    assert api.get(f"{BASE}/kpis/?first=nonsense").status_code == 400


def test_unknown_ordering_is_a_400(hospital, march, api_for):
    assert api_for(hospital.finance).get(f"{BASE}/cost-entries/?ordering=password").status_code == 400
