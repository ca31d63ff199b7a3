"""Who opens which cockpit (performance.access): administrators and finance (who manage the
app) any department's; a head their own department and its sub-departments only (another
department: 404, as if it did not exist); everybody else nothing (403). The dashboard of an
administrator links to every department's cockpit, a head's to their own."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

DEPARTMENTS = ("medicine", "cardiology", "respiratory", "surgery", "general_surgery", "icu", "quality_office")
OPENS = {
    "admin": set(DEPARTMENTS),
    "finance": set(DEPARTMENTS),
    "head_medicine": {"medicine", "cardiology", "respiratory"},
    "head_cardiology": {"cardiology"},
    "head_surgery": {"surgery", "general_surgery"},
}
REFUSED = ("nurse_cardiology", "physician_cardiology", "pharmacist", "engineer", "quality_manager", "scheduler")


@pytest.mark.parametrize("who", [*OPENS, *REFUSED])
def test_the_role_matrix(hospital, client_for, who):
    client = client_for(getattr(hospital, who))
    for name in DEPARTMENTS:
        status = client.get(f"/performance/cockpit/{getattr(hospital, name).pk}/").status_code
        expected = (200 if name in OPENS[who] else 404) if who in OPENS else 403
        assert status == expected, (who, name)


def test_signed_out_is_sent_to_sign_in_and_unknown_or_closed_departments_are_404(hospital, client, client_for):
    response = client.get(f"/performance/cockpit/{hospital.icu.pk}/")
    assert response.status_code == 302 and "login" in response.url
    admin = client_for(hospital.admin)
    assert admin.get("/performance/cockpit/999999/").status_code == 404
    hospital.icu.is_active = False
    hospital.icu.save()
    assert admin.get(f"/performance/cockpit/{hospital.icu.pk}/").status_code == 404


def _cockpit_links(html: str) -> set[str]:
    return set(re.findall(r'href="/performance/cockpit/(\d+)/"', html))


def test_the_administrators_dashboard_links_to_every_departments_cockpit(hospital, client_for):
    html = client_for(hospital.admin).get("/").content.decode()
    assert _cockpit_links(html) == {str(getattr(hospital, name).pk) for name in DEPARTMENTS}
    # the department picked on the dashboard has its cockpit as a button
    html = client_for(hospital.admin).get(f"/?department={hospital.icu.pk}").content.decode()
    assert f'class="btn btn-sm btn-primary" href="/performance/cockpit/{hospital.icu.pk}/"' in html


def test_a_heads_dashboard_links_to_their_own_cockpits_only(hospital, client_for):
    html = client_for(hospital.head_cardiology).get("/").content.decode()
    assert _cockpit_links(html) == {str(hospital.cardiology.pk)}
    html = client_for(hospital.head_medicine).get("/").content.decode()
    assert _cockpit_links(html) == {str(getattr(hospital, n).pk) for n in ("medicine", "cardiology", "respiratory")}


def test_others_see_no_cockpit_links(hospital, client_for):
    html = client_for(hospital.nurse_cardiology).get("/").content.decode()
    assert not _cockpit_links(html) and 'data-department-page="performance.cockpit"' not in html


def test_the_cockpit_and_its_links_in_chinese(hospital, client_for):
    client = client_for(hospital.head_cardiology)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(f"/performance/cockpit/{hospital.cardiology.pk}/").content.decode()
    headings = ("90 天内到期的批次", "未完成的工单", "60 天内到期或近 30 天内已过期的资质证书", "未完成的整改措施")
    for text in (*headings, "暂无内容。"):
        assert text in html, text
    assert "Open work orders" not in html
    dashboard = client.get("/").content.decode()
    assert f"驾驶舱：{hospital.cardiology.name}" in dashboard
