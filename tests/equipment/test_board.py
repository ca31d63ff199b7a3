"""The work-order board: htmx moves swap the board in place; the service decides."""

import pytest
from django.utils import timezone

from equipment.models import EquipmentStatus, WorkOrderStatus
from tests.equipment.factories import EquipmentFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_card_moves_to_in_progress_without_a_full_page(hospital, client_for):
    device = EquipmentFactory(department=hospital.icu)
    order = WorkOrderFactory(equipment=device)
    client = client_for(hospital.engineer)
    board = client.get("/equipment/work-orders/").content.decode()
    assert f'data-order="{order.pk}"' in board
    response = client.post(f"/equipment/work-orders/{order.pk}/move/", {"to": "in_progress"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="board"' in html
    in_progress = html.split('data-column="in_progress"')[1].split("data-column=")[0]
    assert f'data-order="{order.pk}"' in in_progress
    order.refresh_from_db()
    device.refresh_from_db()
    assert order.status == WorkOrderStatus.IN_PROGRESS
    assert order.responded_at is not None and order.started_at is not None
    assert device.status == EquipmentStatus.UNDER_REPAIR


def test_a_refused_move_answers_409_and_changes_nothing(hospital, client_for):
    order = WorkOrderFactory(equipment=EquipmentFactory(department=hospital.icu))
    response = client_for(hospital.engineer).post(
        f"/equipment/work-orders/{order.pk}/move/", {"to": "waiting_parts"}, **HTMX
    )
    assert response.status_code == 409
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.OPEN


def test_without_htmx_the_move_redirects_to_the_board(hospital, client_for):
    order = WorkOrderFactory(equipment=EquipmentFactory(department=hospital.icu))
    response = client_for(hospital.engineer).post(f"/equipment/work-orders/{order.pk}/move/", {"to": "assigned"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED


def test_nurses_may_not_move_cards(hospital, client_for):
    order = WorkOrderFactory(equipment=EquipmentFactory(department=hospital.icu))
    response = client_for(hospital.nurse_icu).post(
        f"/equipment/work-orders/{order.pk}/move/", {"to": "in_progress"}, **HTMX
    )
    assert response.status_code == 403


def test_completing_from_the_order_page_returns_the_device_to_service(hospital, client_for):
    device = EquipmentFactory(department=hospital.icu, status=EquipmentStatus.UNDER_REPAIR)
    order = WorkOrderFactory(equipment=device, status=WorkOrderStatus.IN_PROGRESS, started_at=timezone.now())
    client = client_for(hospital.engineer)
    bad = client.post(f"/equipment/work-orders/{order.pk}/complete/", {"outcome": "repaired", "labour_hours": "-1"})
    assert bad.status_code == 400
    done = client.post(
        f"/equipment/work-orders/{order.pk}/complete/",
        {"outcome": "repaired", "labour_hours": "1.5", "parts_cost": "10", "vendor_cost": "0"},
    )
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.status == EquipmentStatus.IN_SERVICE
