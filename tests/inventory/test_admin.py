"""The admin keeps the catalogue; what the stock services write is read-only there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, hospital):
    hospital.admin.is_staff = hospital.admin.is_superuser = True
    hospital.admin.save()
    client.force_login(hospital.admin)
    return client


@pytest.mark.parametrize(
    "model", ["lot", "stockmovement", "stockbalance", "purchaseorder", "receipt", "requisition", "stocktake"]
)
def test_service_written_tables_are_read_only(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:inventory_{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:inventory_{model}_add")).status_code == 403


@pytest.mark.parametrize("model", ["item", "store", "supplier"])
def test_the_catalogue_is_kept_in_the_admin(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:inventory_{model}_add")).status_code == 200
