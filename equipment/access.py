"""Every "who may" of the equipment app, one function per question.

Services refuse with these; views, templates, the API and exports show, hide and
scope with them, so a rule changed here changes everywhere.

The rules:
- biomedical engineers manage devices, maintenance plans and work orders (and see
  every device); administrators may do everything;
- finance sees every device with its costs and depreciation;
- department heads see their departments' (and sub-departments') devices and KPIs;
- any staff member sees the devices of their own department and may report a fault
  on one of them.
"""

from django.db.models import Q

from hospital.access import dashboard_scope, department_scope, may_view_department
from hospital.roles import Role, has_role

ENGINEERS = (Role.BIOMEDICAL_ENGINEER,)
MANAGERS = (Role.BIOMEDICAL_ENGINEER, Role.ADMINISTRATOR)
# Roles that see every device of the hospital.
HOSPITAL_WIDE = (Role.BIOMEDICAL_ENGINEER, Role.ADMINISTRATOR, Role.FINANCE)
COST_ROLES = (Role.FINANCE, Role.BIOMEDICAL_ENGINEER, Role.ADMINISTRATOR)
KPI_ROLES = (*HOSPITAL_WIDE, Role.DEPARTMENT_HEAD)
WORK_ORDER_ROLES = MANAGERS


def equipment_scope(user, *, field: str = "department") -> Q:
    """The filter behind every `visible_to(user)` of the app (`field`: the Department foreign key)."""
    return department_scope(user, field=field, wide_roles=HOSPITAL_WIDE)


def may_see_whole_hospital(user) -> bool:
    return has_role(user, *HOSPITAL_WIDE)


def may_manage(user) -> bool:
    """Register and change devices, plans and work orders; move devices through their lifecycle."""
    return has_role(user, *MANAGERS)


def may_use_board(user) -> bool:
    """The work-order board, the maintenance calendar and the failure-risk list."""
    return has_role(user, *MANAGERS)


def may_open_work_orders(user) -> bool:
    """The work-order pages (each order's page with its steps, the board): engineers and
    administrators. Others see an order's reference on a device's timeline, not a link."""
    return has_role(user, *WORK_ORDER_ROLES)


def may_report_fault(user, equipment) -> bool:
    """Any staff member on a device of their own department (engineers and administrators on any)."""
    if not user or not user.is_authenticated:
        return False
    return may_view_department(user, equipment.department, wide_roles=MANAGERS)


def may_see_costs(user) -> bool:
    """Purchase cost, salvage value, depreciation and the cost of work orders."""
    return has_role(user, *COST_ROLES)


def may_see_kpis(user) -> bool:
    return has_role(user, *KPI_ROLES)


def kpi_scope(user, requested: str = ""):
    """(the department the KPI page shows, the departments the user may choose): the core's
    rule (hospital.access.dashboard_scope) with the KPI page's roles."""
    return dashboard_scope(user, requested, roles=KPI_ROLES, wide_roles=HOSPITAL_WIDE)
