"""The demo hospital: plausible, complete for every role, idempotent."""

import pytest
from django.core.management import call_command

from hospital.demo import DEMO_USERS
from hospital.models import DailyCensus, Department, DepartmentKind, User
from hospital.roles import Role

pytestmark = pytest.mark.django_db

REQUIRED_LOGINS = {"admin", "head_cardiology", "nurse_icu", "pharmacist", "engineer", "quality", "finance", "scheduler"}


def test_seed_demo_builds_the_hospital_and_is_idempotent(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Department.objects.count(), User.objects.count(), DailyCensus.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Department.objects.count(), User.objects.count(), DailyCensus.objects.count()) == counts

    assert Department.objects.count() >= 30
    assert set(Department.objects.values_list("kind", flat=True)) == set(DepartmentKind.values)
    cardiology = Department.objects.get(code="CARD")
    assert cardiology.is_descendant_of(Department.objects.get(code="IM"))
    assert set(User.objects.values_list("username", flat=True)) >= REQUIRED_LOGINS
    assert {role for _u, _n, role, _d, _h in DEMO_USERS} == set(Role)
    assert User.objects.get(username="nurse_icu").check_password("a-demo-password")
    assert cardiology.head.username == "head_cardiology"
    assert DailyCensus.objects.filter(department=cardiology).count() >= 365
