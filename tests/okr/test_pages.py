"""The OKR pages: who sees and changes what, the weekly check-in form, reviews and export."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from okr.models import CheckIn, KeyResult, Objective, ObjectiveLevel
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
    response = client.post(
        reverse("okr:my_department"),
        {"department": hospital.surgery.pk, f"value-{okrs.surgery_success.pk}": "93"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404
    assert client.get(reverse("okr:my_department"), {"department": hospital.surgery.pk}).status_code == 404
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
    assert html.count('class="chart-point"') == 2
    assert 'class="chart-plan"' in html
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
    assert workbook.worksheets[1]["E2"].value == "Mortality audit late."  # under its "Retrospective" header


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


def test_a_hand_edited_parent_in_the_new_objective_link_is_ignored(hospital, okrs, client_for):
    client = client_for(hospital.head_cardiology)
    assert client.get(reverse("okr:objective_create"), {"parent": "abc"}).status_code == 200
    assert client.get(reverse("okr:objective_create"), {"parent": okrs.surgery.pk}).status_code == 200


def test_grading_a_key_result_that_is_not_on_the_review_is_refused_clearly(hospital, okrs, client_for):
    client = client_for(hospital.head_cardiology)
    url = reverse("okr:quarterly_review", args=[okrs.cycle.pk])
    for pk in ("abc", okrs.surgery_success.pk):
        response = client.post(url, {"action": "score", "key_result": pk, "score": "0.5"}, follow=True)
        assert response.status_code == 200
        assert "That key result does not exist." in response.content.decode()
    assert not KeyResult.objects.filter(score__isnull=False).exists()


def test_review_reads_each_objective_against_its_expectation(hospital, okrs, client_for):
    okrs.satisfaction.score = Decimal("0.7")
    okrs.satisfaction.save()
    html = client_for(hospital.admin).get(reverse("okr:quarterly_review", args=[okrs.cycle.pk])).content.decode()
    # Raise care quality is committed: 0.7 is below the expected 1.0
    quality = html[html.index(f'data-objective="{okrs.quality.pk}"') :]
    quality = quality[: quality.index("</tbody>")]
    assert "expected 1.0" in quality and "below expectation" in quality


def test_review_lists_hospital_objectives_before_department_ones(hospital, okrs, client_for):
    html = client_for(hospital.admin).get(reverse("okr:quarterly_review", args=[okrs.cycle.pk])).content.decode()
    assert html.index("Raise care quality") < html.index("Fewer cardiovascular deaths")


@pytest.mark.parametrize("count", [5, 100])
def test_quarterly_review_pages_its_objectives_in_a_fixed_number_of_queries(
    hospital, okrs, client_for, django_assert_max_num_queries, count
):
    make_objectives(okrs, hospital, count)
    client = client_for(hospital.admin)
    url = reverse("okr:quarterly_review", args=[okrs.cycle.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("<tbody class=") == min(count + 3, 25)
    assert response.context["page_obj"].paginator.count == count + 3


def test_grading_on_a_later_page_returns_to_that_page(hospital, okrs, client_for):
    make_objectives(okrs, hospital, 30)
    response = client_for(hospital.admin).post(
        reverse("okr:quarterly_review", args=[okrs.cycle.pk]),
        {"action": "score", "key_result": okrs.mortality.pk, "score": "0.4", "page": "2"},
    )
    assert response.url.endswith("?page=2")
    okrs.mortality.refresh_from_db()
    assert okrs.mortality.score == Decimal("0.4")


def test_export_gives_each_objectives_score_and_expectation(hospital, okrs, client_for):
    response = client_for(hospital.admin).get(reverse("okr:quarterly_export", args=[okrs.cycle.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[0][15:18] == ("Objective score", "Expected score", "Meets expectation")
    satisfaction = next(r for r in rows if r[4] == okrs.satisfaction.title)
    assert satisfaction[16] == 1 and satisfaction[17] == "no"


def test_change_target_form_shows_only_the_fields_of_the_key_results_kind(hospital, okrs, client_for, caplog):
    response = client_for(hospital.head_cardiology).get(reverse("okr:change_target", args=[okrs.mortality.pk]))
    html = response.content.decode()
    assert 'name="target"' in html and 'name="lower"' not in html
    assert "Could not resolve form field" not in caplog.text


def test_a_zero_weight_is_refused_with_a_clear_message(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("okr:key_result_create", args=[okrs.cardiology.pk]),
        {"title": "Door-to-balloon", "kind": "increase", "unit": "%", "baseline": "60", "target": "90", "weight": "0"},
    )
    assert response.status_code == 200
    assert "The weight must be above zero." in response.content.decode()
    assert "Constraint" not in response.content.decode()
    assert not KeyResult.objects.filter(title="Door-to-balloon").exists()


def test_a_single_saved_check_in_is_announced_in_the_singular(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("okr:my_department"),
        {
            "department": hospital.cardiology.pk,
            f"value-{okrs.mortality.pk}": "4",
            f"confidence-{okrs.mortality.pk}": "on_track",
        },
        follow=True,
    )
    assert "1 check-in saved." in response.content.decode()


@pytest.mark.parametrize("count", [5, 100])
def test_monthly_review_and_my_department_run_a_fixed_number_of_queries(
    hospital, okrs, client_for, django_assert_max_num_queries, count
):
    make_objectives(okrs, hospital, count)
    client = client_for(hospital.head_medicine)
    for url in (reverse("okr:monthly_review"), reverse("okr:my_department")):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_a_refused_check_in_on_the_objective_page_keeps_what_was_typed(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).post(
        reverse("okr:check_in", args=[okrs.mortality.pk]),
        {"value": "four", "confidence": "at_risk", "comment": "Long note from the morbidity meeting"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“four” is not a number" in html
    assert 'value="four"' in html and 'value="Long note from the morbidity meeting"' in html
    assert '<option value="at_risk" selected>' in html
    assert CheckIn.objects.count() == 0


def test_key_result_form_offers_live_data_only_of_departments_the_head_may_see(hospital, okrs, client_for):
    response = client_for(hospital.head_cardiology).get(reverse("okr:key_result_create", args=[okrs.cardiology.pk]))
    offered = set(response.context["form"].fields["metric_department"].queryset)
    assert hospital.cardiology in offered and hospital.surgery not in offered


def test_cascade_says_which_filter_it_ignored(hospital, okrs, client_for):
    html = client_for(hospital.head_cardiology).get(reverse("okr:cascade"), {"department": hospital.surgery.pk})
    html = html.content.decode()
    assert "These filters were not understood and are ignored: Department:" in html


def test_head_edits_their_objective_through_the_page_changing_only_what_they_changed(hospital, okrs, client_for):
    client = client_for(hospital.head_cardiology)
    url = reverse("okr:objective_edit", args=[okrs.cardiology.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title="Fewer cardiac deaths", contributing_departments=[])
    response = client.post(url, data)
    assert response.status_code == 302
    okrs.cardiology.refresh_from_db()
    assert (okrs.cardiology.title, okrs.cardiology.parent) == ("Fewer cardiac deaths", okrs.quality)
    assert client_for(hospital.head_surgery).get(url).status_code == 404


def test_the_cycle_form_does_not_offer_closing(hospital, okrs, client_for):
    html = client_for(hospital.admin).get(reverse("okr:cycle_edit", args=[okrs.cycle.pk])).content.decode()
    assert 'value="active"' in html and 'value="closed"' not in html
    assert client_for(hospital.head_cardiology).get(reverse("okr:cycle_create")).status_code == 403
