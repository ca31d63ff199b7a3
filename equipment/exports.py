"""XLSX exports through the core's formula-safe writer: the register and the maintenance
compliance report, each from the page's own filters and the user's visible devices."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from equipment import reliability
from equipment.models import Category, EquipmentStatus, RiskClass, WorkOrderKind, WorkOrderStatus
from hospital.exports import XlsxExport


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def register_workbook(devices, *, with_costs: bool) -> bytes:
    """The register as the page shows it (same filters), one row per device; purchase cost,
    salvage and this month's depreciation only for those who see costs."""
    export = XlsxExport()
    headers = [
        _("Asset tag"),
        _("Name"),
        _("Category"),
        _("Manufacturer"),
        _("Model"),
        _("Serial number"),
        _("Department"),
        _("Location"),
        _("Risk class"),
        _("Life support"),
        _("Status"),
        _("Commissioned"),
        _("Warranty end"),
        _("Next due"),
    ]
    if with_costs:
        headers += [_("Purchase cost"), _("Salvage value"), _("Useful life (years)"), _("Depreciation this month")]
    sheet = export.sheet(_("Register"), headers, widths=(14, 28, 18, 16, 16, 16, 22, 16, 10, 10, 16, 12, 12, 12))
    categories, risks, statuses = _labels(Category), _labels(RiskClass), _labels(EquipmentStatus)
    month = timezone.localdate()
    for device in devices.iterator(chunk_size=2000):
        row = [
            device.asset_tag,
            device.name,
            categories[device.category],
            device.manufacturer,
            device.model_number,
            device.serial_number,
            device.department.name,
            device.location,
            risks[device.risk_class],
            _("yes") if device.is_life_support else _("no"),
            statuses[device.status],
            device.commissioned_on,
            device.warranty_end,
            device.next_due,
        ]
        if with_costs:
            row += [
                device.purchase_cost,
                device.salvage_value,
                device.useful_life_years,
                reliability.depreciation_for_month(
                    cost=device.purchase_cost,
                    salvage=device.salvage_value,
                    life_years=device.useful_life_years,
                    commissioned_on=device.commissioned_on,
                    retired_on=device.retired_on,
                    month=month,
                ),
            ]
        sheet.append(row)
    return export.to_bytes()


def compliance_workbook(orders, *, start: dt.date, end: dt.date) -> bytes:
    """Planned checks due between start and end: due date, completion, on time or not, with
    a summary row of PM completion on time (all and high-risk) as the KPI page counts it."""
    export = XlsxExport()
    sheet = export.sheet(
        _("Maintenance compliance"),
        [
            _("Work order"),
            _("Asset tag"),
            _("Device"),
            _("Department"),
            _("Kind"),
            _("High risk"),
            _("Due"),
            _("Completed"),
            _("Status"),
            _("Outcome"),
            _("On time"),
        ],
        widths=(12, 14, 26, 22, 22, 10, 12, 12, 16, 14, 10),
    )
    kinds, statuses = _labels(WorkOrderKind), _labels(WorkOrderStatus)
    today = timezone.localdate()
    counted, counted_high = [], []
    for order in orders.iterator(chunk_size=2000):
        device = order.equipment
        completed = timezone.localtime(order.completed_at).date() if order.completed_at else None
        on_time = completed is not None and completed <= order.due_date
        high = device.risk_class == RiskClass.HIGH or device.is_life_support
        if completed is not None or order.due_date < today:
            counted.append((order.due_date, completed))
            if high:
                counted_high.append((order.due_date, completed))
        sheet.append(
            [
                order.reference,
                device.asset_tag,
                device.name,
                device.department.name,
                kinds[order.kind],
                _("yes") if high else _("no"),
                order.due_date,
                completed,
                statuses[order.status],
                order.get_outcome_display() if order.outcome else "",
                _("yes") if on_time else _("no"),
            ]
        )
    summary = export.sheet(_("Summary"), [_("Measure"), _("Value")], widths=(40, 14))
    summary.append([_("Period"), f"{start.isoformat()} – {end.isoformat()}"])
    summary.append([_("PM completion on time, %"), reliability.pm_on_time(counted)])
    summary.append([_("PM completion on time, high-risk, %"), reliability.pm_on_time(counted_high)])
    summary.append([_("Planned checks counted"), len(counted)])
    return export.to_bytes()
