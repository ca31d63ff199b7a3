"""The work-order board: htmx moves swap the board in place; the service decides."""

import datetime as dt
import re

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


def test_a_long_column_shows_its_most_urgent_cards_its_count_and_a_link_to_the_rest(hospital, client_for):
    from equipment.views.work_orders import BOARD_CARDS

    device = EquipmentFactory(department=hospital.icu)
    now = timezone.now()
    old_low = WorkOrderFactory(equipment=device, priority="low", reported_at=now - dt.timedelta(days=9))
    normal = [
        WorkOrderFactory(equipment=device, priority="normal", reported_at=now - dt.timedelta(hours=i))
        for i in range(BOARD_CARDS + 5)
    ]
    urgent = WorkOrderFactory(equipment=device, priority="urgent", reported_at=now)
    client = client_for(hospital.engineer)
    html = client.get("/equipment/work-orders/").content.decode()
    column = html.split('data-column="open"')[1].split("data-column=")[0]
    cards = re.findall(r'data-order="(\d+)"', column)
    assert len(cards) == BOARD_CARDS
    # urgent first, then normal ones oldest first; the old low-priority order is not among them
    assert cards[0] == str(urgent.pk) and cards[1] == str(normal[-1].pk)
    assert str(old_low.pk) not in cards
    assert f"{BOARD_CARDS} of {BOARD_CARDS + 7} shown" in column
    assert 'href="/equipment/work-orders/column/open/"' in column

    # The column's own page has every order, in the board's order, paginated.
    rows = []
    for number in (1, 2):
        page = client.get(f"/equipment/work-orders/column/open/?page={number}").content.decode()
        rows += re.findall(r'<tr data-order="(\d+)"', page)
    assert rows[:2] == [str(urgent.pk), str(normal[-1].pk)]
    assert rows[-1] == str(old_low.pk) and len(rows) == BOARD_CARDS + 7
    assert client.get("/equipment/work-orders/column/completed/").status_code == 404
    assert client_for(hospital.nurse_icu).get("/equipment/work-orders/column/open/").status_code == 403


def test_the_board_reads_a_column_from_its_index(hospital):
    """The column's order is the index work_order_board_urgency's: PostgreSQL reads it without a sort."""
    from django.db import connection

    from equipment import selectors

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = selectors.board_column(hospital.engineer, "open")[:20].explain()
    assert "work_order_board_urgency" in plan
    assert "Sort" not in plan
