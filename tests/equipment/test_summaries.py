"""The equipment summaries stay equal to a rebuild from the raw rows whatever the services
are asked to do, and the KPIs read from them equal the KPIs read from the raw history.

Hypothesis draws a sequence of lifecycle steps, work-order steps, device moves and the
clock moving on (across month ends); refused steps must leave the summaries as they
were. Real PostgreSQL, real services; only the clock is travelled."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equipment import selectors, summaries
from equipment.models import Equipment, MaintenancePlan, StatusMonth, WorkOrder
from equipment.services import (
    assign_work_order,
    cancel_work_order,
    complete_work_order,
    move_equipment,
    raise_planned_order,
    record_acceptance_test,
    register_equipment,
    report_fault,
    respond_to_work_order,
    start_work_order,
    update_equipment,
    wait_for_parts,
)
from equipment.services.lifecycle import TRANSITIONS
from hospital.errors import DomainError
from hospital.periods import month_periods
from tests.equipment.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2026, 1, 20, 9))
WARDS = ["cardiology", "respiratory", "icu"]

ward = st.sampled_from(WARDS)
index = st.integers(0, 30)
ORDER_STEPS = ["assign", "respond", "start", "wait", "repaired", "not_repairable", "passed", "failed", "cancel"]
order_step = st.tuples(st.just("order"), index, st.sampled_from(ORDER_STEPS))
# work-order steps drawn three times as often: most of them are refused by the order's state
step = st.one_of(
    st.tuples(st.just("register"), ward, st.sampled_from(["high", "medium", "low"]), st.booleans()),
    st.tuples(st.just("move"), index, st.sampled_from(sorted(TRANSITIONS))),
    st.tuples(st.just("report"), index),
    st.tuples(st.just("report"), index),
    st.tuples(st.just("plan"), index),
    order_step,
    order_step,
    order_step,
    st.tuples(st.just("update"), index, ward, st.sampled_from(["high", "medium"]), st.integers(0, 500_000)),
    st.tuples(st.just("clock"), st.integers(1, 24 * 40)),
)


def _pick(queryset, i):
    rows = list(queryset.order_by("pk"))
    return rows[i % len(rows)] if rows else None


def _apply(hospital, write) -> None:
    engineer = hospital.engineer
    kind, *args = write
    if kind == "register":
        department, risk, life = args
        device = register_equipment(
            user=engineer,
            asset_tag=f"T-{Equipment.objects.count() + 1}",
            name="Monitor",
            category="patient_monitor",
            department=getattr(hospital, department),
            risk_class=risk,
            is_life_support=life,
        )
        for name in ("receive", "start_acceptance"):
            move_equipment(equipment=device, user=engineer, step=name)
        record_acceptance_test(
            equipment=device,
            user=engineer,
            checklist_results=[{"step": "Self-test", "passed": True}],
            electrical_safety_passed=True,
        )
        move_equipment(equipment=device, user=engineer, step="commission")
        return
    if kind == "clock":
        return
    if kind == "move":
        device = _pick(Equipment.objects.all(), args[0])
        if device:
            move_equipment(equipment=device, user=engineer, step=args[1], reason="Drawn by the test.")
    elif kind == "report":
        device = _pick(Equipment.objects.all(), args[0])
        if device:
            report_fault(user=engineer, equipment=device, description="Alarm does not sound.")
    elif kind == "plan":
        plan = _pick(MaintenancePlan.objects.all(), args[0])
        if plan:
            raise_planned_order(user=engineer, plan=plan)
    elif kind == "update":
        device = _pick(Equipment.objects.all(), args[0])
        if device:
            update_equipment(user=engineer, equipment=device, department=getattr(hospital, args[1]), risk_class=args[2])
    elif kind == "order":
        order = _pick(WorkOrder.objects.all(), args[0])
        if order:
            _order_step(order, args[1], engineer)


def _order_step(order, name, engineer) -> None:
    if name == "assign":
        assign_work_order(order=order, user=engineer, engineer=engineer)
    elif name == "respond":
        respond_to_work_order(order=order, user=engineer)
    elif name == "start":
        start_work_order(order=order, user=engineer)
    elif name == "wait":
        wait_for_parts(order=order, user=engineer)
    elif name == "cancel":
        cancel_work_order(order=order, user=engineer, reason="Duplicate.")
    else:
        complete_work_order(order=order, user=engineer, outcome=name, parts_cost="12.50", vendor_cost=3)


def _kpis_agree() -> None:
    periods = month_periods(timezone.localdate(), 4)
    assert selectors.status_rows_by_period(None, periods) == selectors.status_rows_from_history(None, periods)
    assert selectors.work_rows_by_period(None, periods) == selectors.work_rows_from_orders(None, periods)
    assert selectors.depreciation_by_period(None, periods) == selectors.depreciation_from_devices(None, periods)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(step, min_size=1, max_size=18))
def test_incremental_summaries_equal_a_rebuild_after_any_steps(hospital, writes):
    with time_machine.travel(START, tick=False) as clock, transaction.atomic():
        _apply(hospital, ("register", "icu", "high", True))
        for write in writes:
            if write[0] == "clock":
                clock.shift(dt.timedelta(hours=write[1]))
            try:
                with transaction.atomic():
                    _apply(hospital, write)
            except DomainError:  # refusals (AccessDenied, ConflictError) are part of the game
                pass
            clock.shift(dt.timedelta(minutes=7))
        assert summaries.summary_rows() == summaries.rebuilt_rows()
        _kpis_agree()
        transaction.set_rollback(True)


SCRIPT = [
    ("register", "cardiology", "medium", False),
    ("report", 1),
    ("order", 0, "respond"),
    ("clock", 30),
    ("order", 0, "start"),
    ("order", 0, "wait"),
    ("clock", 24 * 20),
    ("order", 0, "start"),
    ("order", 0, "repaired"),
    ("report", 1),
    ("order", 1, "cancel"),
    ("plan", 0),
    ("order", 2, "assign"),
    ("order", 2, "start"),
    ("clock", 24 * 12),
    ("order", 2, "failed"),
    ("order", 3, "start"),
    ("order", 3, "not_repairable"),
    ("update", 1, "icu", "high", 90_000),
    ("move", 1, "retire"),
]


def test_every_kind_of_step_keeps_the_summaries_exact(hospital):
    """Each service once, in an order that succeeds (the random test may miss one)."""
    with time_machine.travel(START, tick=False) as clock:
        _apply(hospital, ("register", "icu", "high", True))
        for write in SCRIPT:
            if write[0] == "clock":
                clock.shift(dt.timedelta(hours=write[1]))
            _apply(hospital, write)
            clock.shift(dt.timedelta(minutes=7))
            assert summaries.summary_rows() == summaries.rebuilt_rows(), write
        assert WorkOrder.objects.filter(status="cancelled").exists()
        assert WorkOrder.objects.filter(outcome="failed").exists()
        assert Equipment.objects.filter(status="retired").exists()
        _kpis_agree()


def test_a_device_moved_to_another_department_takes_its_history_along(hospital):
    with time_machine.travel(START, tick=False) as clock:
        _apply(hospital, ("register", "cardiology", "medium", False))
        device = Equipment.objects.get()
        clock.shift(dt.timedelta(days=20))
        report_fault(user=hospital.engineer, equipment=device, description="No display.")
        start_work_order(order=WorkOrder.objects.get(), user=hospital.engineer)
        clock.shift(dt.timedelta(days=20))
        update_equipment(user=hospital.engineer, equipment=device, department=hospital.icu)
        assert not StatusMonth.objects.filter(department=hospital.cardiology).exists()
        assert summaries.summary_rows() == summaries.rebuilt_rows()
        _kpis_agree()


def test_the_command_rebuilds_what_was_written_around_the_services(hospital):
    """Rows bulk-loaded past the services (a restore, the demo) are summarised by the command."""
    EquipmentFactory(department=hospital.icu)
    assert not StatusMonth.objects.exists()
    call_command("rebuild_equipment_summaries", stdout=io.StringIO())
    assert StatusMonth.objects.get().net == 1
    assert summaries.summary_rows() == summaries.rebuilt_rows()
    _kpis_agree()
