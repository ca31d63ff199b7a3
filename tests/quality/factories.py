"""Factories for quality tests; reports that matter to a rule go through the service."""

import datetime as dt

import factory
from django.utils import timezone

from quality import summaries
from quality.models import (
    AdverseEvent,
    Category,
    CorrectiveAction,
    EventType,
    Harm,
    InfectionCase,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A writer of events keeps the monthly summary, as report_event does.
        event = super()._create(model_class, *args, **kwargs)
        summaries.event_changed(None, event)
        return event


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectiveAction

    event = factory.SubFactory(AdverseEventFactory)
    description = "Non-slip mats in all bathrooms"
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    department_path = factory.LazyAttribute(lambda action: action.event.department.path)  # as add_action copies it


def make_survey(questions: int = 3) -> Survey:
    survey = Survey.objects.create(name=f"In-patient survey {Survey.objects.count() + 1}")
    for number in range(1, questions + 1):
        SurveyQuestion.objects.create(survey=survey, number=number, text=f"Question {number}")
    return survey


def make_infection_case(**fields) -> InfectionCase:
    """An infection case written as record_infection_case writes it (summary kept)."""
    case = InfectionCase.objects.create(**fields)
    summaries.infection_added(case)
    return case


def make_survey_response(*, survey, department, responded_on, scores) -> SurveyResponse:
    """A response with one answer per question in order, written as record_survey_response does."""
    response = SurveyResponse.objects.create(survey=survey, department=department, responded_on=responded_on)
    questions = list(survey.questions.order_by("number"))
    answers = SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=q, score=s) for q, s in zip(questions, scores, strict=False)
    )
    summaries.answers_added(response, answers)
    return response
