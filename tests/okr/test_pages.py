"""The OKR pages: who sees and changes what, the weekly check-in form, reviews and export."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from okr.models import CheckIn, Objective, ObjectiveLevel
from tests.okr.factories import CheckInFactory, KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_cascade_shows_department_objectives_beneath_the_hospital_objective(hospital, okrs, client_for):
    response = client_for(hospital.admin).get(reverse("okr:cascade"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Raise care quality") < html.index("Fewer cardiovascular deaths")
    assert "Safer surgery" in html


def test_cascade_lists_objectives_that_align_to_nothing_apart(hospital, okrs, client_for):
    ObjectiveFactory(cycle=okrs.cycle, level=ObjectiveLevel.DEPARTMENT, department=hospital.icu, title="Lone ICU goal")
    html = client_for(hospital.admin).get(reverse("okr:cascade")).content.decode()
    assert html.index("Objectives that align to nothing") < html.index("Lone ICU goal")


def test_cascade_hides_sibling_departments_from_a_head(hospital, okrs, client_for):
    html = client_for(hospital.head_cardiology).get(reverse("okr:cascade")).content.decode()
    assert "Fewer cardiovascular deaths" in html
    assert "Safer surgery" not in html


def test_cascade_filters_by_department_and_kind(hospital, okrs, client_for):
    client = client_for(hospital.admin)
    html = client.get(reverse("okr:cascade"), {"department": hospital.surgery.pk}).content.decode()
    assert "Safer surgery" in html and "Fewer cardiovascular deaths" not in html
    html = client.get(reverse("okr:cascade"), {"kind": "aspirational"}).content.decode()
    assert "Safer surgery" not in html


def make_objectives(okrs, hospital, count):
    for i in range(count):
        objective = ObjectiveFactory(
            cycle=okrs.cycle,
            level=ObjectiveLevel.DEPARTMENT,
            department=hospital.cardiology if i % 2 else hospital.surgery,
            parent=okrs.quality,
            title=f"Extra {i}",
        )
        KeyResultFactory(objective=objective)
        KeyResultFactory(objective=objective)


@pytest.mark.parametrize("count", [5, 100])
def test_cascade_page_runs_a_fixed_number_of_queries(hospital, okrs, client_for, django_assert_max_num_queries, count):
    make_objectives(okrs, hospital, count)
    client = client_for(hospital.head_medicine)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("okr:cascade"))
    assert response.content.decode().count("objective-node") >= count // 2


def test_my_department_records_all_check_ins_in_one_htmx_post(hospital, okrs, client_for):
    second = KeyResultFactory(objective=okrs.cardiology, title="Door-to-balloon within 90 min", baseline=60, target=90)
    client = client_for(hospital.head_cardiology)
    page = client.get(reverse("okr:my_department"))
    assert "Cardiovascular mortality" in page.content.decode()
    response = client.post(
        reverse("okr:my_department"),
        {
            "department": hospital.cardiology.pk,
            f"value-{okrs.mortality.pk}": "4",
            f"confidence-{okrs.mortality.pk}": "on_track",
            f"value-{second.pk}": "75",
            f"confidence-{second.pk}": "at_risk",
            f"comment-{second.pk}": "Cath lab short-staffed",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a partial, swapped in place
    assert "2 check-ins saved." in html
    assert CheckIn.objects.filter(author=hospital.head_cardiology).count() == 2
    assert "50%" in html  # mortality 5 → 3 at 4


def test_my_department_shows_each_refusal_beside_its_field_and_saves_nothing(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("okr:my_department"),
        {"department": hospital.cardiology.pk, f"value-{okrs.mortality.pk}": "four", "confidence-1": "on_track"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "“four” is not a number" in html
    assert "Nothing was saved" in html
    assert CheckIn.objects.count() == 0


def test_head_cannot_post_check_ins_for_a_sibling_department(hospital, okrs, client_for):
    client = client_for(hospital.head_cardiology)
    client.post(
        reverse("okr:my_department"),
        {"department": hospital.surgery.pk, f"value-{okrs.surgery_success.pk}": "93"},
        HTTP_HX_REQUEST="true",
    )
    response = client.post(
        reverse("okr:check_in", args=[okrs.surgery_success.pk]), {"value": "93", "confidence": "on_track"}
    )
    assert response.status_code == 404  # not even visible
    assert CheckIn.objects.count() == 0


def test_head_cannot_create_an_objective_for_a_sibling_department_through_the_page(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("okr:objective_create"),
        {
            "title": "Take over surgery",
            "cycle": okrs.cycle.pk,
            "level": "department",
            "department": hospital.surgery.pk,
            "kind": "committed",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Objective.objects.filter(title="Take over surgery").exists()


def test_head_creates_an_objective_for_own_department_through_the_page(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("okr:objective_create"),
        {
            "title": "Shorter cardiology stays",
            "cycle": okrs.cycle.pk,
            "level": "department",
            "department": hospital.cardiology.pk,
            "parent": okrs.quality.pk,
            "kind": "committed",
            "status": "active",
            "owner": hospital.head_cardiology.pk,
        },
    )
    objective = Objective.objects.get(title="Shorter cardiology stays")
    assert response.status_code == 302
    assert objective.parent == okrs.quality


def test_objective_detail_draws_the_chart_and_the_target_history(hospital, okrs, client_for):
    CheckInFactory(key_result=okrs.mortality, date=dt.date(2026, 2, 2), value=Decimal("4.6"), comment="Audit begun")
    CheckInFactory(key_result=okrs.mortality, date=dt.date(2026, 3, 2), value=Decimal("4.1"), confidence="at_risk")
    client = client_for(hospital.head_cardiology)
    client.post(reverse("okr:change_target", args=[okrs.mortality.pk]), {"target": "3.5", "reason": "Older patients"})
    html = client.get(reverse("okr:objective_detail", args=[okrs.cardiology.pk])).content.decode()
    assert html.count('class="okr-point"') == 2
    assert 'class="okr-plan"' in html
    assert "Audit begun" in html
    assert "Older patients" in html


def test_nurse_reads_but_cannot_edit_their_departments_objective(hospital, okrs, client_for):
    client = client_for(hospital.nurse_cardiology)
    assert client.get(reverse("okr:objective_detail", args=[okrs.cardiology.pk])).status_code == 200
    assert client.get(reverse("okr:objective_edit", args=[okrs.cardiology.pk])).status_code == 403
    assert client.get(reverse("okr:objective_detail", args=[okrs.surgery.pk])).status_code == 404


def test_monthly_review_lists_stale_and_at_risk_key_results(hospital, okrs, client_for):
    CheckInFactory(key_result=okrs.mortality, date=dt.date(2026, 3, 2), confidence="at_risk")
    okrs.mortality.confidence, okrs.mortality.last_check_in_on = "at_risk", dt.date(2026, 3, 2)
    okrs.mortality.save()
    html = client_for(hospital.admin).get(reverse("okr:monthly_review")).content.decode()
    assert "Cardiology" in html and "Surgery" in html
    assert "never" in html  # surgery success has no check-in


def test_quarterly_review_grades_closes_and_exports(hospital, okrs, client_for):
    client = client_for(hospital.admin)
    url = reverse("okr:quarterly_review", args=[okrs.cycle.pk])
    client.post(url, {"action": "score", "key_result": okrs.mortality.pk, "score": "0.6"})
    client.post(url, {"action": "close", "retrospective": "Mortality audit late."})
    okrs.cycle.refresh_from_db()
    assert okrs.cycle.status == "closed"
    response = client.get(reverse("okr:quarterly_export", args=[okrs.cycle.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].values)
    assert rows[0][4] == "Key result"
    mortality = next(r for r in rows if r[4] == okrs.mortality.title)
    assert mortality[14] == 0.6
    assert workbook.worksheets[1]["A2"].value == "Mortality audit late."


def test_export_is_scoped_like_the_page(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).get(reverse("okr:quarterly_export", args=[okrs.cycle.pk]))
    titles = [row[4] for row in load_workbook(io.BytesIO(response.content)).worksheets[0].values]
    assert okrs.mortality.title in titles
    assert okrs.surgery_success.title not in titles


@pytest.mark.parametrize(
    ("name", "chinese"),
    [("okr:cascade", "目标分解"), ("okr:my_department", "保存本周进度"), ("okr:monthly_review", "月度回顾")],
)
def test_pages_render_in_simplified_chinese(hospital, okrs, client_for, name, chinese):
    client = client_for(hospital.head_cardiology)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse(name))
    translation.activate("en")
    assert response.status_code == 200
    assert chinese in response.content.decode()


def test_objective_detail_and_review_render_in_simplified_chinese(hospital, okrs, client_for):
    client = client_for(hospital.admin)
    client.cookies["django_language"] = "zh-hans"
    detail = client.get(reverse("okr:objective_detail", args=[okrs.cardiology.pk])).content.decode()
    review = client.get(reverse("okr:quarterly_review", args=[okrs.cycle.pk])).content.decode()
    translation.activate("en")
    assert "目标值变更" in detail
    assert "关闭周期" in review


def test_staff_without_a_department_to_manage_are_sent_to_the_cascade(hospital, okrs, client_for):
    response = client_for(hospital.nurse_cardiology).get(reverse("okr:my_department"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("okr:cascade")
    assert "recorded by department heads" in response.content.decode()
