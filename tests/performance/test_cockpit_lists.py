"""The cockpit's per-app short lists: the first five rows of the department's subtree with
the count of all of them, nothing of other departments, and a link to the app's list that
opens for the head and shows the same rows."""

import re

import pytest

from tests.performance.cockpit_data import add_ward, fill

pytestmark = pytest.mark.django_db


def _list(html: str, key: str) -> str:
    return html.split(f'data-list="{key}"', 1)[1].split("</ul>", 1)[0]


def _all_link(block: str) -> str:
    return re.search(r'class="small cockpit-all" href="([^"]+)"', block).group(1).replace("&amp;", "&")


@pytest.fixture
def filled(hospital):
    inside = fill(add_ward(hospital.cardiology, 1), receiver=hospital.admin, n=7, tag="a")
    outside = fill(hospital.icu, receiver=hospital.admin, n=2, tag="b")
    return inside, outside


def test_each_section_lists_the_first_five_of_the_subtree_with_their_count(hospital, client_for, filled):
    inside, outside = filled
    html = client_for(hospital.head_medicine).get(f"/performance/cockpit/{hospital.medicine.pk}/").content.decode()
    for key, names in (("inventory", "lots"), ("equipment", "devices"), ("quality", "events")):
        block = _list(html, key)
        assert block.count('class="list-group-item') == 5, key
        assert inside[names][0] in block, key  # soonest first
        assert inside[names][-1] not in block, key  # the sixth and seventh are only counted
        assert not any(name in block for name in outside[names]), key
    for key in ("inventory", "equipment", "quality"):
        assert re.search(rf'data-list="{key}" data-count="7"', html), key


def test_the_list_links_open_for_the_head_and_show_the_rows(hospital, client_for, filled):
    inside, _outside = filled
    client = client_for(hospital.head_medicine)
    html = client.get(f"/performance/cockpit/{hospital.medicine.pk}/").content.decode()
    for key, names in (("inventory", "lots"), ("equipment", "devices"), ("quality", "events")):
        url = _all_link(_list(html, key))
        response = client.get(url)
        assert response.status_code == 200, url
        assert inside[names][0] in response.content.decode(), url
    # the head schedules the department's people: their expiring certifications, and the page
    block = _list(html, "staffing")
    assert re.search(r'data-list="staffing" data-count="7"', html)
    assert "Nurse a0" in block and "Nurse a5" not in block and "Nurse b0" not in block
    assert "Nurse a0" in client.get(_all_link(block)).content.decode()
    # a device of an open work order opens its page
    device = re.search(r'href="(/equipment/devices/[^"]+/)"', _list(html, "equipment")).group(1)
    assert client.get(device).status_code == 200


def test_expiring_certifications_are_listed_for_whoever_may_see_them(hospital, client_for, filled):
    """The list is scoped like the certification page: a scheduler sees the people's, the
    administrator everyone's; the page behind the link shows the same people."""
    inside, outside = filled
    client = client_for(hospital.admin)
    html = client.get(f"/performance/cockpit/{hospital.medicine.pk}/").content.decode()
    block = _list(html, "staffing")
    assert re.search(r'data-list="staffing" data-count="7"', html)
    assert "Nurse a0" in block and "Nurse a6" not in block and "Nurse b0" not in block
    page = client.get(_all_link(block))
    assert page.status_code == 200 and "Nurse a0" in page.content.decode()


def test_an_empty_department_says_there_is_nothing(hospital, client_for, filled):
    html = client_for(hospital.admin).get(f"/performance/cockpit/{hospital.surgery.pk}/").content.decode()
    for key in ("inventory", "equipment", "staffing", "quality", "okr"):
        assert re.search(rf'data-list="{key}" data-count="0"', html), key
    assert html.count("Nothing to show.") == 5


def test_a_work_order_link_goes_to_the_board_for_those_who_use_it(hospital, client_for, filled):
    admin_html = client_for(hospital.admin).get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    assert _all_link(_list(admin_html, "equipment")) == "/equipment/work-orders/"
    head_html = (
        client_for(hospital.head_cardiology).get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    )
    assert _all_link(_list(head_html, "equipment")) == f"/equipment/?department={hospital.cardiology.pk}"


def test_every_card_links_to_a_page_the_head_may_open(hospital, client_for):
    client = client_for(hospital.head_cardiology)
    html = client.get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    cards = html.count('class="card metric-card')
    links = set(re.findall(r'class="stretched-link[^"]*" href="([^"]+)"', html))
    assert cards > 30 and html.count('class="stretched-link') == cards
    for url in links:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url
