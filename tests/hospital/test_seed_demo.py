"""The demo hospital: plausible, complete for every role, idempotent."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def test_seed_demo_keeps_existing_passwords_unless_asked(monkeypatch):
    """Seeding again must not log out every open session (the load harness seeds while users are logged in)."""
    monkeypatch.setenv("DEMO_PASSWORD", "first-password")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    nurse = User.objects.get(username="nurse_icu")
    nurse.set_password("the-nurse-chose-this")
    nurse.save()
    monkeypatch.setenv("DEMO_PASSWORD", "second-password")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    nurse.refresh_from_db()
    assert nurse.check_password("the-nurse-chose-this")
    call_command("seed_demo", reset_passwords=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    nurse.refresh_from_db()
    assert nurse.check_password("second-password")


def test_seed_demo_ends_with_analyze():
    """Statistics for the planner as soon as the data set exists (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's")
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert any(query["sql"].endswith("ANALYZE") for query in queries[-3:])
