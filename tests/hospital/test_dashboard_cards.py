"""The dashboard for a head: a picker of only what they may choose, as a tree, matching the
heading; cards that link to their page, colour by direction and say when there is no data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from hospital import charts
from hospital.metric_registry import Direction, Metric, get_metric
from tests.hospital.factories import DailyCensusFactory

pytestmark = pytest.mark.django_db


def picker_options(html: str) -> list[tuple[str, str, bool]]:
    select = html.split('name="department"', 1)[1].split("</select>", 1)[0]
    return [
        (value, label, " selected" in attrs)
        for value, attrs, label in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)
    ]


def heading(html: str) -> str:
    return html.split('id="dashboard-heading">', 1)[1].split("</h1>", 1)[0].strip()


def test_the_picker_shows_a_head_only_what_they_may_choose_as_a_tree(hospital, client_for):
    html = client_for(hospital.head_medicine).get(reverse("dashboard")).content.decode()
    options = picker_options(html)
    assert [(value, label) for value, label, _selected in options] == [
        (str(hospital.medicine.pk), "Internal Medicine"),
        (str(hospital.cardiology.pk), "\u2003Cardiology"),
        (str(hospital.respiratory.pk), "\u2003Respiratory"),
    ]  # no "Whole hospital", no sibling department; children indented under their parent
    assert [label for _value, label, selected in options if selected] == ["Internal Medicine"]
    assert heading(html) == "Internal Medicine"


def test_a_head_of_a_sub_department_starts_at_the_margin(hospital, client_for):
    options = picker_options(client_for(hospital.head_cardiology).get(reverse("dashboard")).content.decode())
    assert [label for _value, label, _selected in options] == ["Cardiology"]


def test_the_heading_follows_the_chosen_department(hospital, client_for):
    html = client_for(hospital.head_medicine).get(reverse("dashboard"), {"department": hospital.cardiology.pk})
    html = html.content.decode()
    assert heading(html) == "Cardiology"
    assert [label.strip() for _v, label, selected in picker_options(html) if selected] == ["Cardiology"]


def test_a_department_the_head_may_not_choose_shows_their_own(hospital, client_for):
    html = client_for(hospital.head_medicine).get(reverse("dashboard"), {"department": hospital.surgery.pk})
    html = html.content.decode()
    assert heading(html) == "Internal Medicine" and "Surgery" not in html.split('id="dashboard-filter"')[1][:2000]


def test_an_administrator_may_choose_the_whole_hospital(hospital, client_for):
    html = client_for(hospital.admin).get(reverse("dashboard")).content.decode()
    options = picker_options(html)
    assert options[0][:2] == ("", "Whole hospital")
    assert heading(html) == "Whole hospital"
    assert len(options) == 1 + 7


def test_the_picker_applies_on_change_from_a_static_script(hospital, client_for, settings):
    html = client_for(hospital.head_medicine).get(reverse("dashboard")).content.decode()
    assert "data-auto-submit" in html.split('name="department"', 1)[1].split(">", 1)[0]
    assert "js/app.js" in html and "onchange" not in html.split("<main", 1)[1]
    assert "requestSubmit" in (settings.BASE_DIR / "static" / "js" / "app.js").read_text()


def test_cards_link_to_their_page_on_the_chosen_department(hospital, client_for):
    page = client_for(hospital.head_medicine).get(reverse("dashboard"), {"department": hospital.cardiology.pk})
    cards = {card.metric.key: card for card in page.context["cards"]}
    assert cards["hospital.admissions"].url == f"{reverse('census_list')}?department={hospital.cardiology.pk}"
    html = page.content.decode()
    assert (
        f'class="stretched-link link-body-emphasis link-underline-opacity-0" href="{reverse("census_list")}?department='
        in html
    )


def test_surgical_events_are_per_100_surgeries_not_percent():
    assert str(get_metric("quality.surgical_events_per_100_surgeries").unit) == "per 100 surgeries"


def test_a_card_without_data_for_the_department_says_so(hospital, client_for):
    html = client_for(hospital.head_cardiology).get(reverse("dashboard")).content.decode()
    card = html.split('data-metric="hospital.admissions"', 1)[1].split('class="card-footer', 1)[0]
    assert "No data for Cardiology in the last 12 months." in card
    assert "—" not in card


def test_a_card_with_data_is_coloured_by_the_metrics_direction(hospital, client_for):
    today = dt.date.today()
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    before = (last - dt.timedelta(days=1)).replace(day=1)
    DailyCensusFactory(department=hospital.cardiology, date=before, admissions=5, inpatients=10)
    DailyCensusFactory(department=hospital.cardiology, date=last, admissions=9, inpatients=10)
    page = client_for(hospital.head_cardiology).get(reverse("dashboard"))
    card = {c.metric.key: c for c in page.context["cards"]}["hospital.admissions"]
    assert (card.value, card.previous, card.trend, card.tone_class) == (9, 5, "better", "text-success")
    html = page.content.decode().split('data-metric="hospital.admissions"', 1)[1].split("card-footer", 1)[0]
    assert 'data-trend="better"' in html and "better than the month before (+4)" in html


@pytest.mark.parametrize(
    ("direction", "current", "previous", "expected"),
    [
        (Direction.HIGHER_IS_BETTER, 5, 4, "better"),
        (Direction.HIGHER_IS_BETTER, 3, 4, "worse"),
        (Direction.LOWER_IS_BETTER, 3, 4, "better"),
        (Direction.LOWER_IS_BETTER, 5, 4, "worse"),
        (Direction.LOWER_IS_BETTER, 4, 4, "steady"),
        (Direction.LOWER_IS_BETTER, None, 4, None),
    ],
)
def test_good_and_bad_follow_the_direction(direction, current, previous, expected):
    assert charts.judgement(direction, current, previous) == expected


def test_a_card_with_only_this_month_has_data_but_no_trend():
    metric = Metric(key="x.y", label="Y", unit="", direction="higher", compute=lambda *a: None)
    card = charts.MetricCard(metric=metric, values=[None] * 12, month_to_date=Decimal(3))
    assert card.has_data and card.trend is None and card.tone_class == ""


def test_a_change_too_small_to_show_is_no_change():
    metric = Metric(key="x.y", label="Y", unit="", direction="lower", compute=lambda *a: None, decimals=2)
    card = charts.MetricCard(metric=metric, values=[Decimal("0.131"), Decimal("0.128")])
    assert card.trend == "steady" and card.change == 0
