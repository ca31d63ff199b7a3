"""The pages schedulers maintain rules and staff with: shift types (HR schedulers and
administrators), a department's coverage and work rules and its staff's profiles and
certifications (also its head), each with clear refusals (400, database unchanged) and
the same services as the API; and archiving a published roster."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from staffing.models import Certification, CoverageRule, RosterStatus, ShiftType, Skill, StaffProfile, WorkRules

pytestmark = pytest.mark.django_db

WHO = ["scheduler", "head_cardiology", "nurse_cardiology", "nurse_icu", "admin", "finance"]
ONLY_HR = (200, 403, 403, 403, 200, 403)
SCHEDULERS = (200, 200, 403, 403, 200, 403)
PAGES = [
    ("setup", lambda hospital, ward: [], SCHEDULERS),
    ("shift_type_new", lambda hospital, ward: [], ONLY_HR),
    ("shift_type_edit", lambda hospital, ward: [ward.shift_types["A"].pk], ONLY_HR),
    ("default_work_rules", lambda hospital, ward: [], ONLY_HR),
    ("coverage_rules", lambda hospital, ward: [hospital.cardiology.pk], SCHEDULERS),
    ("work_rules", lambda hospital, ward: [hospital.cardiology.pk], SCHEDULERS),
    ("staff_list", lambda hospital, ward: [], SCHEDULERS),
    ("staff_profile", lambda hospital, ward: [ward.nurses[1].pk], SCHEDULERS),
]
CASES = [(name, args, who, statuses[i]) for name, args, statuses in PAGES for i, who in enumerate(WHO)]


@pytest.mark.parametrize(("name", "args", "who", "status"), CASES)
def test_setup_page_by_role(hospital, ward, client_for, name, args, who, status):
    response = client_for(getattr(hospital, who)).get(reverse(f"staffing:{name}", args=args(hospital, ward)))
    assert response.status_code == status, (name, who)


def test_a_head_edits_only_their_own_departments_rules(hospital, ward, client_for):
    client = client_for(hospital.head_cardiology)
    assert client.get(reverse("staffing:coverage_rules", args=[hospital.icu.pk])).status_code == 403
    response = client.post(reverse("staffing:work_rules", args=[hospital.icu.pk]), {"max_consecutive_days": 4})
    assert response.status_code == 403
    assert not WorkRules.objects.filter(department=hospital.icu).exists()


SHIFT = {"code": "L", "name": "Long day", "start": "07:00", "end": "19:00", "colour": "red", "sort_order": 9}


@pytest.mark.parametrize(
    ("paid", "reason"),
    [("12.5", "Paid hours cannot be more than the shift lasts (12 h)."), ("-1", "Paid hours are more than 0")],
)
def test_a_shift_type_with_impossible_paid_hours_is_refused(hospital, ward, client_for, api_for, paid, reason):
    response = client_for(hospital.scheduler).post(reverse("staffing:shift_type_new"), {**SHIFT, "paid_hours": paid})
    assert response.status_code == 400
    assert reason in response.content.decode()
    api = api_for(hospital.scheduler).post("/api/v1/staffing/shift-types/", {**SHIFT, "paid_hours": paid})
    assert api.status_code == 400
    assert not ShiftType.objects.filter(code="L").exists()


def test_a_shift_type_is_created_and_changed(hospital, ward, client_for):
    client = client_for(hospital.scheduler)
    response = client.post(reverse("staffing:shift_type_new"), {**SHIFT, "paid_hours": "11.5", "is_active": "on"})
    assert response.status_code == 302
    long_day = ShiftType.objects.get(code="L")
    assert (long_day.paid_hours, long_day.length_minutes) == (Decimal("11.5"), 720)
    night = ward.shift_types["N"]
    edit = {
        "code": "N",
        "name": "Night",
        "start": "22:00",
        "end": "07:00",
        "paid_hours": "9",
        "is_night": "on",
        "sort_order": 3,
    }
    response = client.post(reverse("staffing:shift_type_edit", args=[night.pk]), {**edit, "colour": "indigo"})
    assert response.status_code == 302
    night.refresh_from_db()
    assert night.crosses_midnight and night.length_minutes == 540 and not night.is_active


def test_coverage_rules_are_added_with_clear_refusals(hospital, ward, client_for):
    client = client_for(hospital.head_cardiology)
    url = reverse("staffing:coverage_rules", args=[hospital.cardiology.pk])
    day = ward.shift_types["A"].pk
    refused = client.post(url, {"scope": "weekday", "weekday": 0, "shift_type": day, "minimum": 3, "preferred": 2})
    assert refused.status_code == 400
    assert "The preferred number of staff cannot be below the minimum." in refused.content.decode()
    negative = client.post(url, {"scope": "weekday", "weekday": 0, "shift_type": day, "minimum": -1})
    assert negative.status_code == 400
    no_day = client.post(url, {"scope": "date", "shift_type": day, "minimum": 1})
    assert no_day.status_code == 400 and "Choose the date." in no_day.content.decode()
    assert not CoverageRule.objects.exists()

    created = client.post(url, {"scope": "weekday", "weekday": 5, "shift_type": day, "minimum": 2, "preferred": 3})
    assert created.status_code == 302
    rule = CoverageRule.objects.get()
    assert (rule.department, rule.weekday, rule.minimum, rule.preferred) == (hospital.cardiology, 5, 2, 3)
    edit = reverse("staffing:coverage_rule_edit", args=[rule.pk])
    form = {"scope": "holiday", "weekday": 5, "shift_type": day, "minimum": 1}
    assert client.post(edit, form).status_code == 302
    rule.refresh_from_db()
    assert (rule.scope, rule.weekday, rule.minimum) == ("holiday", None, 1)
    delete = reverse("staffing:coverage_rule_delete", args=[rule.pk])
    assert client_for(hospital.nurse_cardiology).post(delete).status_code == 403
    assert client_for(hospital.head_cardiology).post(delete).status_code == 302
    assert not CoverageRule.objects.exists()


RULES = {
    "max_consecutive_days": 5,
    "max_consecutive_nights": 3,
    "min_rest_hours": 11,
    "max_hours_percent": 110,
    "min_hours_percent": 0,
    "min_free_weekends": 1,
    "preferred_cover_weight": 10,
    "night_fairness_weight": 5,
    "weekend_fairness_weight": 5,
    "split_weekend_weight": 3,
}


def test_work_rules_are_saved_with_clear_refusals(hospital, ward, client_for):
    client = client_for(hospital.head_cardiology)
    url = reverse("staffing:work_rules", args=[hospital.cardiology.pk])
    unknown = client.post(url, {**RULES, "forbidden_successions": "N A, P X"})
    assert unknown.status_code == 400
    assert "Unknown shift codes in the forbidden successions: X." in unknown.content.decode()
    odd = client.post(url, {**RULES, "forbidden_successions": "N A P"})
    assert odd.status_code == 400
    negative = client.post(url, {**RULES, "min_rest_hours": -2})
    assert negative.status_code == 400
    too_long = client.post(url, {**RULES, "min_rest_hours": 30})
    assert too_long.status_code == 400 and "at most 24 hours" in too_long.content.decode()
    upside_down = client.post(url, {**RULES, "min_hours_percent": 120})
    assert upside_down.status_code == 400
    assert not WorkRules.objects.filter(department=hospital.cardiology).exists()

    assert client.post(url, {**RULES, "forbidden_successions": "N A, P N"}).status_code == 302
    rules = WorkRules.objects.get(department=hospital.cardiology)
    assert rules.forbidden_successions == [["N", "A"], ["P", "N"]] and rules.max_consecutive_days == 5
    page = client.get(url).content.decode()
    assert 'value="N A, P N"' in page


def test_a_staff_profile_and_its_certifications_are_edited(hospital, ward, client_for):
    skill = Skill.objects.create(code="CHARGE", name="Charge nurse")
    person = ward.nurses[1]
    client = client_for(hospital.head_cardiology)
    url = reverse("staffing:staff_profile", args=[person.pk])
    profile = {"job": "nurse", "grade": "N3", "contract_hours_per_week": "32", "fte": "2", "is_rostered": "on"}
    refused = client.post(url, profile)
    assert refused.status_code == 400 and "FTE is from 0 to 1.5." in refused.content.decode()
    negative = client.post(url, {**profile, "fte": "0.8", "contract_hours_per_week": "-4"})
    assert negative.status_code == 400
    assert client.post(url, {**profile, "fte": "0.8", "skills": [skill.pk]}).status_code == 302
    saved = StaffProfile.objects.get(user=person)
    assert (saved.grade, saved.contract_hours_per_week, saved.fte) == ("N3", Decimal(32), Decimal("0.8"))
    assert list(saved.skills.all()) == [skill]

    add = reverse("staffing:certification_add", args=[person.pk])
    backwards = client.post(add, {"kind": "acls", "issued": "2026-05-01", "expires": "2026-04-01"})
    assert backwards.status_code == 400
    assert "A certification cannot expire before it is issued." in backwards.content.decode()
    assert client.post(add, {"kind": "acls", "issued": "2026-05-01", "expires": "2028-05-01"}).status_code == 302
    cert = Certification.objects.get(person=person)
    assert cert.expires == dt.date(2028, 5, 1)
    delete = reverse("staffing:certification_delete", args=[cert.pk])
    assert client_for(hospital.head_surgery).post(delete).status_code == 403
    assert client_for(hospital.head_cardiology).post(delete).status_code == 302
    assert not Certification.objects.filter(person=person).exists()


def test_a_published_roster_is_archived_by_its_schedulers(hospital, ward, client_for):
    url = reverse("staffing:roster_archive", args=[ward.published.pk])
    page = client_for(hospital.head_cardiology).get(reverse("staffing:roster_detail", args=[ward.published.pk]))
    assert 'id="archive-roster"' in page.content.decode()
    nurse_page = client_for(hospital.nurse_cardiology).get(reverse("staffing:roster_detail", args=[ward.published.pk]))
    assert 'id="archive-roster"' not in nurse_page.content.decode()
    assert client_for(hospital.nurse_cardiology).post(url).status_code == 403
    assert client_for(hospital.nurse_icu).post(url).status_code == 404
    assert client_for(hospital.head_cardiology).post(url).status_code == 302
    ward.published.refresh_from_db()
    assert ward.published.status == RosterStatus.ARCHIVED
