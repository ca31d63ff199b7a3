"""Factories for quality tests; reports that matter to a rule go through the service."""

import datetime as dt

import factory
from django.utils import timezone

from quality.models import AdverseEvent, Category, CorrectiveAction, EventType, Harm, Survey, SurveyQuestion
from tests.hospital.factories import DepartmentFactory, UserFactory


class AdverseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdverseEvent

    reference = factory.Sequence(lambda n: f"AE-2000-{n:06d}")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    occurred_on = factory.LazyAttribute(lambda e: timezone.localtime(e.occurred_at).date())
    discovered_at = factory.LazyAttribute(lambda e: e.occurred_at)
    department = factory.SubFactory(DepartmentFactory)
    event_type = EventType.INCIDENT
    category = Category.FALL
    harm = Harm.NONE
    description = "Patient slipped in the bathroom."
    reporter = factory.SubFactory(UserFactory)


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectiveAction

    event = factory.SubFactory(AdverseEventFactory)
    description = "Non-slip mats in all bathrooms"
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


def make_survey(questions: int = 3) -> Survey:
    survey = Survey.objects.create(name=f"In-patient survey {Survey.objects.count() + 1}")
    for number in range(1, questions + 1):
        SurveyQuestion.objects.create(survey=survey, number=number, text=f"Question {number}")
    return survey
