"""Every write of the equipment app with a rule, by behaviour: the lifecycle, plans,
work orders, alerts. Views, the API, tasks and the demo call these."""

from equipment.services.alerts import send_maintenance_alerts
from equipment.services.lifecycle import (
    TRANSITIONS,
    allowed_steps,
    awaits_repair,
    create_default_plans,
    move_equipment,
    record_acceptance_test,
    register_equipment,
    update_equipment,
)
from equipment.services.plans import create_plan, update_plan
from equipment.services.work_orders import (
    STEPS,
    allowed_work_order_steps,
    assign_work_order,
    cancel_work_order,
    complete_work_order,
    create_work_order,
    move_on_board,
    raise_planned_order,
    report_fault,
    respond_to_work_order,
    start_work_order,
    wait_for_parts,
)

__all__ = [
    "STEPS",
    "TRANSITIONS",
    "allowed_steps",
    "allowed_work_order_steps",
    "assign_work_order",
    "awaits_repair",
    "cancel_work_order",
    "complete_work_order",
    "create_default_plans",
    "create_plan",
    "create_work_order",
    "move_equipment",
    "move_on_board",
    "raise_planned_order",
    "record_acceptance_test",
    "register_equipment",
    "report_fault",
    "respond_to_work_order",
    "send_maintenance_alerts",
    "start_work_order",
    "update_equipment",
    "update_plan",
    "wait_for_parts",
]
