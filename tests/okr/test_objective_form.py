"""The new-objective form: the head's own department comes prefilled, and a missing
department is a field error a person can act on, in either language (never a constraint's name)."""

import pytest
from django.conf import settings
from django.urls import reverse

from okr.models import Objective

pytestmark = pytest.mark.django_db


def test_new_objective_form_prefills_the_heads_own_department(hospital, okrs, client_for):
    form = client_for(hospital.head_cardiology).get(reverse("okr:objective_create")).context["form"]
    assert form["department"].value() == hospital.cardiology.pk


def test_new_objective_form_prefills_nothing_for_an_administrator_without_department(hospital, okrs, client_for):
    form = client_for(hospital.admin).get(reverse("okr:objective_create")).context["form"]
    assert form["department"].value() is None


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Choose the department this objective belongs to."), ("zh-hans", "请选择此目标所属的科室。")],
)
def test_a_missing_department_is_a_field_error_in_the_readers_language(hospital, okrs, client_for, language, message):
    client = client_for(hospital.head_cardiology)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        reverse("okr:objective_create"),
        {"title": "No home", "cycle": okrs.cycle.pk, "level": "department", "kind": "committed", "status": "active"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["department"] == [message]
    page = response.content.decode()
    assert "okr_objective" not in page and "Constraint" not in page
    assert not Objective.objects.filter(title="No home").exists()


def test_a_hospital_objective_with_a_department_is_stored_without_one(hospital, okrs, client_for):
    response = client_for(hospital.admin).post(
        reverse("okr:objective_create"),
        {
            "title": "Whole-hospital aim",
            "cycle": okrs.cycle.pk,
            "level": "hospital",
            "department": hospital.cardiology.pk,
            "kind": "committed",
            "status": "active",
            "owner": hospital.admin.pk,
        },
    )
    assert response.status_code == 302
    assert Objective.objects.get(title="Whole-hospital aim").department is None
