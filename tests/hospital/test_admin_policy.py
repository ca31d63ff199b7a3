"""Models written through a service are read-only in the Django admin."""

import pytest
from django.urls import reverse

from hospital.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, hospital):
    hospital.admin.is_staff = hospital.admin.is_superuser = True
    hospital.admin.save()
    client.force_login(hospital.admin)
    return client


def test_department_admin_cannot_move_a_department_under_its_own_subtree(hospital, superuser_client):
    url = reverse("admin:hospital_department_change", args=[hospital.medicine.pk])
    assert superuser_client.get(url).status_code == 200  # viewing stays
    superuser_client.post(
        url, {"code": "MED", "name": "Medicine", "kind": "clinical", "parent": hospital.cardiology.pk}
    )
    assert Department.objects.get(pk=hospital.medicine.pk).parent_id is None


@pytest.mark.parametrize("model", ["department", "user", "dailycensus", "notification"])
def test_core_admin_offers_no_add(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:hospital_{model}_add")).status_code == 403
