"""The equipment pages speak Simplified Chinese to a Chinese reader."""

import pytest
from django.conf import settings
from django.utils import translation

from tests.equipment.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english():
    """The test client's requests leave their language active in this thread: undo it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/equipment/", "设备台账"),
        ("/equipment/report/ICU-VENT-1/", "故障报修"),
        ("/equipment/risk/", "泊松过程"),
        ("/equipment/kpis/", "设备指标"),
    ],
)
def test_pages_in_chinese(hospital, client_for, url, text):
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-VENT-1")
    client = client_for(hospital.engineer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert text in client.get(url).content.decode()


def test_a_refusal_in_chinese(hospital, api_for):
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-VENT-1")
    api = api_for(hospital.nurse_cardiology)
    response = api.post(
        "/api/v1/equipment/fault-reports/",
        {"asset_tag": "ICU-VENT-1", "description": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您只能为本科室的设备报修。"
