"""Every equipment record is written through a service: the Django admin only shows it."""

import pytest

from equipment.models import EquipmentStatus
from tests.equipment.factories import EquipmentFactory, PlanFactory, WorkOrderFactory
from tests.hospital.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = make_user(None, None, username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("model", ["equipment", "maintenanceplan", "workorder", "statuschange", "acceptancetest"])
def test_the_admin_shows_but_never_adds_or_changes(hospital, client, superuser, model):
    device = EquipmentFactory(department=hospital.icu)
    pks = {
        "equipment": device.pk,
        "maintenanceplan": PlanFactory(equipment=device).pk,
        "workorder": WorkOrderFactory(equipment=device).pk,
        "statuschange": device.status_changes.first().pk,
        "acceptancetest": None,
    }
    assert client.get(f"/admin/equipment/{model}/").status_code == 200
    assert client.get(f"/admin/equipment/{model}/add/").status_code == 403
    if pks[model]:
        url = f"/admin/equipment/{model}/{pks[model]}/change/"
        assert client.get(url).status_code == 200
        assert client.post(url, {"status": EquipmentStatus.RETIRED}).status_code == 403
    device.refresh_from_db()
    assert device.status == EquipmentStatus.IN_SERVICE
