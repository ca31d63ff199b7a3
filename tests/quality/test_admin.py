"""Every quality record is written through a service: the Django admin only shows it."""

import pytest

from quality.models import ActionStatus, AdverseEvent, CorrectiveAction, EventStatus, InfectionThreshold
from tests.hospital.factories import make_user
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = make_user(None, None, username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_an_administrator_cannot_change_an_event_in_the_admin(hospital, client, superuser):
    event = AdverseEventFactory(department=hospital.cardiology)
    url = f"/admin/quality/adverseevent/{event.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200  # viewing stays
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"status": EventStatus.CLOSED}).status_code == 403
    assert client.post(f"/admin/quality/adverseevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AdverseEvent.objects.get(pk=event.pk).status == EventStatus.SUBMITTED


def test_an_administrator_cannot_change_a_corrective_action_in_the_admin(hospital, client, superuser):
    action = CorrectiveActionFactory(event=AdverseEventFactory(department=hospital.cardiology))
    url = f"/admin/quality/correctiveaction/{action.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": ActionStatus.DONE}).status_code == 403
    assert client.get("/admin/quality/correctiveaction/add/").status_code == 403
    assert CorrectiveAction.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_thresholds_are_set_on_the_infection_page_not_in_the_admin(client, superuser):
    assert client.get("/admin/quality/infectionthreshold/add/").status_code == 403
    assert not InfectionThreshold.objects.exists()
