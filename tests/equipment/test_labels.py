"""Printable labels: each QR code encodes its device's fault-report address.

Each symbol on the page is decoded (tests/equipment/qr_decode.py: a small decoder of the
symbols segno draws, since no decoder library is installed) and read back as the
device's report address; it is also compared module for module with segno's own
encoding of that address.
"""

import re

import pytest
import segno

from tests.equipment.factories import EquipmentFactory
from tests.equipment.qr_decode import decode, modules_of_svg

pytestmark = pytest.mark.django_db


def _svg_of(page: str, tag: str) -> str:
    block = re.search(rf'data-tag="{re.escape(tag)}">\s*<div class="device-label-qr">(<svg.*?</svg>)', page, re.S)
    assert block, f"no label for {tag}"
    return block.group(1)


def _matrix_rows(svg: str) -> str:
    """The dark modules as segno draws them: the path data of the symbol."""
    return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)


def test_each_label_encodes_its_devices_report_url(hospital, client_for):
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-VENT-7")
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-MON-2")
    page = client_for(hospital.engineer).get("/equipment/labels/").content.decode()
    for tag in ("ICU-VENT-7", "ICU-MON-2"):
        expected = segno.make(f"http://testserver/equipment/report/{tag}/", error="m")
        on_page = _svg_of(page, tag)
        assert _matrix_rows(on_page) == _matrix_rows(expected.svg_inline(scale=3, border=2))
        assert decode(modules_of_svg(on_page, border=2)) == f"http://testserver/equipment/report/{tag}/"
    assert _matrix_rows(_svg_of(page, "ICU-VENT-7")) != _matrix_rows(_svg_of(page, "ICU-MON-2"))


def test_the_label_address_opens_the_report_form_with_the_device_chosen(hospital, client_for):
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-VENT-7", name="Evita ventilator")
    response = client_for(hospital.nurse_icu).get("/equipment/report/ICU-VENT-7/")
    assert response.status_code == 200
    assert "Evita ventilator" in response.content.decode()
    assert 'id="fault-form"' in response.content.decode()


def test_labels_have_no_inline_script_or_style(hospital, client_for):
    EquipmentFactory(department=hospital.icu)
    page = client_for(hospital.engineer).get("/equipment/labels/").content.decode()
    assert "<script>" not in page
    assert " style=" not in page


def test_labels_follow_the_register_filters_and_the_users_scope(hospital, client_for):
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-1")
    EquipmentFactory(department=hospital.cardiology, asset_tag="CARD-1")
    page = client_for(hospital.nurse_cardiology).get("/equipment/labels/").content.decode()
    assert 'data-tag="CARD-1"' in page and 'data-tag="ICU-1"' not in page
    page = client_for(hospital.engineer).get(f"/equipment/labels/?department={hospital.icu.pk}").content.decode()
    assert 'data-tag="ICU-1"' in page and 'data-tag="CARD-1"' not in page


def test_typing_the_tag_leads_to_the_form(hospital, client_for):
    EquipmentFactory(department=hospital.icu, asset_tag="ICU-VENT-7")
    client = client_for(hospital.nurse_icu)
    response = client.get("/equipment/report/?asset_tag=icu-vent-7")
    assert response.status_code == 302
    assert response["Location"] == "/equipment/report/ICU-VENT-7/"
    assert "No device has this asset tag." in client.get("/equipment/report/?asset_tag=NOPE").content.decode()
