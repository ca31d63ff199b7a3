"""The Django admin shows OKR records but never changes them: they are written through the
services, which keep closed cycles closed and each key result's latest check-in."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from okr.models import CheckIn, Cycle, CycleStatus
from tests.okr.factories import CheckInFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site_user(hospital):
    """The administrator as the demo seeds them: staff and superuser, so every admin page opens."""
    hospital.admin.is_staff = hospital.admin.is_superuser = True
    hospital.admin.save()
    return hospital.admin


def test_an_administrator_cannot_reopen_a_closed_cycle_through_the_admin(admin_site_user, okrs, client_for):
    okrs.cycle.status = CycleStatus.CLOSED
    okrs.cycle.save()
    client = client_for(admin_site_user)
    url = reverse("admin:okr_cycle_change", args=[okrs.cycle.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False  # the read-only view
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {"name": "2026", "start": "2026-01-01", "end": "2026-12-31", "status": "active"})
    assert response.status_code == 403
    assert Cycle.objects.get(pk=okrs.cycle.pk).status == CycleStatus.CLOSED


def test_an_administrator_cannot_change_a_check_in_through_the_admin(admin_site_user, okrs, client_for):
    check_in = CheckInFactory(key_result=okrs.mortality, date=dt.date(2026, 3, 2), value=Decimal("4.5"))
    client = client_for(admin_site_user)
    url = reverse("admin:okr_checkin_change", args=[check_in.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(url, {"key_result": okrs.mortality.pk, "date": "2026-03-02", "value": "1"})
    assert response.status_code == 403
    assert CheckIn.objects.get(pk=check_in.pk).value == Decimal("4.5")
    assert client.get(reverse("admin:okr_checkin_add")).status_code == 403
