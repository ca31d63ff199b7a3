"""Upkeep of the equipment summaries (equipment.models.summaries), and their rebuild.

Kept exact in the same transaction as the raw row, by the service that writes it
(not by a task: every fact they hold follows from a write, none from the clock —
time in a status is kept as flows, see the models' docstring):

- StatusMonth and DeviceReliability's time in service: `status_changed(change, equipment)`,
  called by `record_status` and `register_equipment`, the only writers of StatusChange.
- WorkMonth and DeviceReliability's failures and last repair: `order_snapshot(order)`
  before a work-order step, `order_changed(before, order)` after it (every work-order
  service; a step moves the order's counts from its old keys to its new ones).
- A device moved to another department, or made high-risk or life-support, takes its
  whole history with it: `device_changed(before, equipment)` (`update_equipment`), which
  reads that one device's rows. The summaries count every device under its current
  department, as the raw KPI reads always did.

`rebuild()` recomputes all three from the raw rows (`manage.py rebuild_equipment_summaries`,
and the demo seed after its bulk inserts); tests check it equals the incremental upkeep.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from equipment import reliability
from equipment.models import (
    PLANNED_KINDS,
    DepreciationMonth,
    DeviceReliability,
    Equipment,
    EquipmentStatus,
    Outcome,
    RiskClass,
    StatusChange,
    StatusMonth,
    WorkMonth,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from hospital.periods import add_months, month_start
from hospital.summaries import add_counts

# {(department id, month, kind, high risk): {count name: value}}
OrderCounts = dict[tuple, dict[str, object]]
WORK_FIELDS = (
    "status",
    "kind",
    "reported_at",
    "responded_at",
    "started_at",
    "completed_at",
    "outcome",
    "due_date",
    "parts_cost",
    "vendor_cost",
)
WORK_COUNTS = (
    "opened",
    "completed",
    "pm_due",
    "pm_on_time",
    "responses",
    "response_us",
    "repairs",
    "repair_us",
    "cost",
)
IN_SERVICE = str(EquipmentStatus.IN_SERVICE)


def microseconds(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A local calendar month as aware datetimes: its first midnight and the next month's."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(month, dt.time.min, tzinfo=tz),
        dt.datetime.combine(add_months(month, 1), dt.time.min, tzinfo=tz),
    )


def local_month(at: dt.datetime) -> dt.date:
    return month_start(timezone.localtime(at).date())


def is_high_risk(risk_class: str, is_life_support: bool) -> bool:
    return risk_class == RiskClass.HIGH or bool(is_life_support)


# Status flows


def change_counts(department_id: int, previous: str, to_status: str, at: dt.datetime) -> Iterator[tuple]:
    """((department, month, status), {net, weighted_us}) of one status change: one into the
    new status and, unless it is the first change, one out of the previous change's status.

    The previous change's status, not the change's own `from_status`: a history loaded
    around the services may hold overlapping spells, and the raw KPI reads (like the
    timeline) take each status to last until the device's next change."""
    month = local_month(at)
    weight = microseconds(month_bounds(month)[1] - at)
    yield (department_id, month, to_status), {"net": 1, "weighted_us": weight}
    if previous:
        yield (department_id, month, previous), {"net": -1, "weighted_us": -weight}


def _add_status(key: tuple, counts: dict) -> None:
    department, month, status = key
    add_counts(StatusMonth, {"department": department, "month": month, "status": status}, counts)


def _device_row(equipment_id: int) -> DeviceReliability:
    row, _created = DeviceReliability.objects.select_for_update().get_or_create(equipment_id=equipment_id)
    return row


def _next_spell(row, to_status: str, at: dt.datetime) -> None:
    """The device's status changes at `at`: close the spell in service it was in, if any."""
    if row.last_status == IN_SERVICE and row.status_since is not None:
        row.in_service_us += microseconds(at - row.status_since)
    row.status_since, row.last_status = at, to_status


def status_changed(change: StatusChange, equipment: Equipment) -> None:
    """A status change was recorded (the caller holds the device's lock; changes come in time order)."""
    row = _device_row(equipment.pk)
    for key, counts in change_counts(equipment.department_id, row.last_status, change.to_status, change.at):
        _add_status(key, counts)
    _next_spell(row, change.to_status, change.at)
    row.save(update_fields=["in_service_us", "status_since", "last_status"])


# Work orders


def order_counts(order, *, department_id: int, high_risk: bool) -> OrderCounts:
    """What one work order adds to WorkMonth; nothing once cancelled."""
    if order.status == WorkOrderStatus.CANCELLED:
        return {}
    result: OrderCounts = {}

    def add(month: dt.date, **counts) -> None:
        row = result.setdefault((department_id, month, order.kind, high_risk), {})
        for name, value in counts.items():
            row[name] = row.get(name, 0) + value

    corrective = order.kind == WorkOrderKind.CORRECTIVE
    reported = local_month(order.reported_at)
    add(reported, opened=1)
    if corrective and order.responded_at is not None:
        add(reported, responses=1, response_us=microseconds(order.responded_at - order.reported_at))
    if order.completed_at is not None:
        add(local_month(order.completed_at), completed=1, cost=order.parts_cost + order.vendor_cost)
        if corrective and order.outcome == Outcome.REPAIRED and order.started_at is not None:
            add(
                local_month(order.completed_at),
                repairs=1,
                repair_us=microseconds(order.completed_at - order.started_at),
            )
    if order.kind in PLANNED_KINDS and order.due_date is not None:
        done_on_time = (
            order.completed_at is not None and timezone.localtime(order.completed_at).date() <= order.due_date
        )
        add(month_start(order.due_date), pm_due=1, pm_on_time=int(done_on_time))
    return result


def _device_facts(order) -> tuple[int, dt.datetime | None]:
    """(failures, repair completed) one order gives its device's reliability row."""
    if order.kind != WorkOrderKind.CORRECTIVE or order.status == WorkOrderStatus.CANCELLED:
        return 0, None
    repaired = order.completed_at if order.outcome == Outcome.REPAIRED else None
    return 1, repaired


def order_snapshot(order: WorkOrder) -> tuple[OrderCounts, int]:
    """The order's counts now (before a step changes it)."""
    device = order.equipment
    counts = order_counts(
        order,
        department_id=device.department_id,
        high_risk=is_high_risk(device.risk_class, device.is_life_support),
    )
    return counts, _device_facts(order)[0]


def _apply_difference(before: OrderCounts, after: OrderCounts) -> None:
    for key in {*before, *after}:
        old, new = before.get(key, {}), after.get(key, {})
        # every count, zeros too: add_counts deletes a row only when all it was given are zero
        difference = {name: new.get(name, 0) - old.get(name, 0) for name in WORK_COUNTS}
        if any(difference.values()):
            department, month, kind, high_risk = key
            add_counts(
                WorkMonth,
                {"department": department, "month": month, "kind": kind, "high_risk": high_risk},
                difference,
            )


def order_changed(before: tuple[OrderCounts, int] | None, order: WorkOrder) -> None:
    """A work order was added (before=None) or took a step: move its counts."""
    old_counts, old_failures = before or ({}, 0)
    new_counts, new_failures = order_snapshot(order)
    _apply_difference(old_counts, new_counts)
    failures, repaired = _device_facts(order)
    if failures != old_failures or repaired is not None:
        row = _device_row(order.equipment_id)
        row.failures += failures - old_failures
        if repaired is not None and (row.last_repair_at is None or repaired > row.last_repair_at):
            row.last_repair_at = repaired
        row.save(update_fields=["failures", "last_repair_at"])


# Depreciation


def depreciation_flows(
    *, department_id: int, cost, salvage, life_years: int, commissioned_on, retired_on
) -> dict[tuple, Decimal]:
    """{(department, month): change} of one device: its monthly charge from its first charged
    month, taken away from the month after its last (equipment.reliability's rule)."""
    months = reliability.depreciation_months(
        commissioned_on=commissioned_on, life_years=life_years, retired_on=retired_on
    )
    if months is None:
        return {}
    charge = reliability.monthly_depreciation(cost=Decimal(cost), salvage=Decimal(salvage), life_years=life_years)
    if not charge:
        return {}
    return {(department_id, months[0]): charge, (department_id, add_months(months[1], 1)): -charge}


def _device_depreciation(key: tuple) -> dict[tuple, Decimal]:
    department_id, _high, cost, salvage, life_years, commissioned_on, retired_on = key
    return depreciation_flows(
        department_id=department_id,
        cost=cost,
        salvage=salvage,
        life_years=life_years,
        commissioned_on=commissioned_on,
        retired_on=retired_on,
    )


# A device that changes department, risk, cost, commissioning or retirement


def device_key(equipment: Equipment) -> tuple:
    """What of a device its summaries depend on (taken before a change, compared after it)."""
    return (
        equipment.department_id,
        is_high_risk(equipment.risk_class, equipment.is_life_support),
        equipment.purchase_cost,
        equipment.salvage_value,
        equipment.useful_life_years,
        equipment.commissioned_on,
        equipment.retired_on,
    )


def device_changed(before: tuple, equipment: Equipment) -> None:
    """The device changed: its depreciation is charged anew, and a move to another department
    (or to or from high risk) takes its whole history with it."""
    after = device_key(equipment)
    if before == after:
        return
    old_flows, new_flows = _device_depreciation(before), _device_depreciation(after)
    for department, month in {*old_flows, *new_flows}:
        change = new_flows.get((department, month), 0) - old_flows.get((department, month), 0)
        add_counts(DepreciationMonth, {"department": department, "month": month}, {"change": change})
    (old_department, old_high), (new_department, new_high) = before[:2], after[:2]
    if (old_department, old_high) == (new_department, new_high):
        return
    if old_department != new_department:
        previous = ""
        for to_status, at in equipment.status_changes.order_by("at", "id").values_list("to_status", "at"):
            for key, counts in change_counts(old_department, previous, to_status, at):
                _add_status(key, {name: -value for name, value in counts.items()})
            for key, counts in change_counts(new_department, previous, to_status, at):
                _add_status(key, counts)
            previous = to_status
    old, new = defaultdict(dict), defaultdict(dict)
    for order in equipment.work_orders.only(*WORK_FIELDS):
        _merge(old, order_counts(order, department_id=old_department, high_risk=old_high))
        _merge(new, order_counts(order, department_id=new_department, high_risk=new_high))
    _apply_difference(old, new)


def _merge(total: dict, counts: OrderCounts) -> None:
    for key, row in counts.items():
        into = total[key]
        for name, value in row.items():
            into[name] = into.get(name, 0) + value


# Rebuild


def _rebuilt_status(m: SimpleNamespace) -> tuple[list[StatusMonth], dict[int, SimpleNamespace]]:
    flows: dict[tuple, dict] = defaultdict(lambda: {"net": 0, "weighted_us": 0})
    devices: dict[int, SimpleNamespace] = {}
    rows = m.StatusChange.objects.order_by("equipment_id", "at", "id").values_list(
        "equipment_id", "equipment__department_id", "to_status", "at"
    )
    for equipment_id, department_id, to_status, at in rows.iterator(chunk_size=10_000):
        device = devices.setdefault(equipment_id, _empty_device())
        for key, counts in change_counts(department_id, device.last_status, to_status, at):
            flows[key]["net"] += counts["net"]
            flows[key]["weighted_us"] += counts["weighted_us"]
        _next_spell(device, to_status, at)
    months = [
        m.StatusMonth(department_id=d, month=month, status=s, **counts)
        for (d, month, s), counts in flows.items()
        if any(counts.values())
    ]
    return months, devices


def _empty_device() -> SimpleNamespace:
    return SimpleNamespace(failures=0, last_repair_at=None, in_service_us=0, status_since=None, last_status="")


def _rebuilt_work(m: SimpleNamespace, devices: dict[int, SimpleNamespace]) -> list[WorkMonth]:
    totals: dict[tuple, dict] = defaultdict(dict)
    rows = m.WorkOrder.objects.values_list(
        "equipment_id", "equipment__department_id", "equipment__risk_class", "equipment__is_life_support", *WORK_FIELDS
    ).order_by()
    for equipment_id, department_id, risk_class, life_support, *values in rows.iterator(chunk_size=10_000):
        order = SimpleNamespace(**dict(zip(WORK_FIELDS, values, strict=True)))
        _merge(
            totals, order_counts(order, department_id=department_id, high_risk=is_high_risk(risk_class, life_support))
        )
        failures, repaired = _device_facts(order)
        if failures:
            device = devices.setdefault(equipment_id, _empty_device())
            device.failures += failures
            if repaired is not None and (device.last_repair_at is None or repaired > device.last_repair_at):
                device.last_repair_at = repaired
    return [
        m.WorkMonth(department_id=d, month=month, kind=k, high_risk=h, **counts)
        for (d, month, k, h), counts in totals.items()
        if any(counts.values())
    ]


def _rebuilt_depreciation(m: SimpleNamespace) -> list[DepreciationMonth]:
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    rows = m.Equipment.objects.filter(commissioned_on__isnull=False).values_list(
        "department_id", "purchase_cost", "salvage_value", "useful_life_years", "commissioned_on", "retired_on"
    )
    for department_id, cost, salvage, life_years, commissioned_on, retired_on in rows.iterator(chunk_size=10_000):
        flows = depreciation_flows(
            department_id=department_id,
            cost=cost,
            salvage=salvage,
            life_years=life_years,
            commissioned_on=commissioned_on,
            retired_on=retired_on,
        )
        for key, change in flows.items():
            totals[key] += change
    return [m.DepreciationMonth(department_id=d, month=month, change=c) for (d, month), c in totals.items() if c]


SUMMARY_MODELS = (StatusMonth, WorkMonth, DeviceReliability, DepreciationMonth)


RAW_MODELS = (Equipment, StatusChange, WorkOrder)


def _models(apps=None) -> SimpleNamespace:
    """The models the rebuild reads and writes: the app's own, or a migration's historical
    ones (`apps`), which have the same fields and plain managers."""
    models = (*RAW_MODELS, *SUMMARY_MODELS)
    if apps is None:
        return SimpleNamespace(**{model.__name__: model for model in models})
    return SimpleNamespace(**{model.__name__: apps.get_model("equipment", model.__name__) for model in models})


def rebuilt(apps=None) -> dict[type, list]:
    """Every summary row as the raw rows say it should be (unsaved)."""
    m = _models(apps)
    months, devices = _rebuilt_status(m)
    work = _rebuilt_work(m, devices)
    reliability_rows = [m.DeviceReliability(equipment_id=pk, **vars(facts)) for pk, facts in devices.items()]
    return {
        m.StatusMonth: months,
        m.WorkMonth: work,
        m.DeviceReliability: reliability_rows,
        m.DepreciationMonth: _rebuilt_depreciation(m),
    }


@transaction.atomic
def rebuild(apps=None) -> dict[str, int]:
    """Replace every equipment summary with one recomputed from the raw rows; {table: rows}.
    With `apps` (a migration's), through its historical models (migration 0007)."""
    counts = {}
    for model, rows in rebuilt(apps).items():
        model.objects.all().delete()
        model.objects.bulk_create(rows, batch_size=5000)
        counts[model._meta.db_table] = len(rows)
    return counts


def summary_rows() -> dict[type, set[tuple]]:
    """Every summary row as comparable values (what the tests compare with `rebuilt()`)."""
    return {model: {_values(row) for row in model.objects.all()} for model in SUMMARY_MODELS}


def rebuilt_rows() -> dict[type, set[tuple]]:
    return {model: {_values(row) for row in rows} for model, rows in rebuilt().items()}


def _values(row) -> tuple:
    fields = [f.attname for f in row._meta.concrete_fields if f.attname != "id"]
    return tuple((name, _plain(getattr(row, name))) for name in fields)


def _plain(value):
    return Decimal(value).normalize() if isinstance(value, Decimal | int) and not isinstance(value, bool) else value
