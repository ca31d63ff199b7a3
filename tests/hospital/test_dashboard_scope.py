"""The one rule behind every dashboard's department picker (hospital.access.dashboard_scope),
as the quality dashboards and the equipment KPI page use it."""

import pytest
from django.core.exceptions import PermissionDenied

from equipment.access import kpi_scope
from hospital.access import dashboard_scope
from hospital.roles import Role
from quality.access import dashboard_scope as quality_scope

pytestmark = pytest.mark.django_db
WIDE = (Role.ADMINISTRATOR, Role.FINANCE)
ROLES = (*WIDE, Role.DEPARTMENT_HEAD)


def test_wide_roles_see_the_hospital_and_may_choose_any_department(hospital):
    department, choices = dashboard_scope(hospital.finance, "", roles=ROLES, wide_roles=WIDE)
    assert department is None
    assert hospital.icu in choices and hospital.cardiology in choices
    chosen, _choices = dashboard_scope(hospital.finance, str(hospital.icu.pk), roles=ROLES, wide_roles=WIDE)
    assert chosen == hospital.icu


def test_a_head_gets_their_department_and_never_anothers(hospital):
    department, choices = dashboard_scope(hospital.head_medicine, str(hospital.icu.pk), roles=ROLES, wide_roles=WIDE)
    assert department == hospital.medicine
    assert hospital.cardiology in choices and hospital.icu not in choices


@pytest.mark.parametrize("who", ["nurse_cardiology", "pharmacist"])
def test_others_are_refused(hospital, who):
    with pytest.raises(PermissionDenied):
        dashboard_scope(getattr(hospital, who), "", roles=ROLES, wide_roles=WIDE)


def test_quality_and_equipment_answer_with_the_core_rule(hospital):
    # the quality manager has the quality dashboards, not the equipment KPIs; the engineer the reverse
    assert quality_scope(hospital.quality_manager, "")[0] is None
    assert kpi_scope(hospital.engineer, "")[0] is None
    with pytest.raises(PermissionDenied):
        kpi_scope(hospital.quality_manager, "")
    with pytest.raises(PermissionDenied):
        quality_scope(hospital.engineer, "")
    head = hospital.head_cardiology
    assert quality_scope(head, "") == kpi_scope(head, "") == (hospital.cardiology, [hospital.cardiology])
