"""Factories for OKR tests; build on the core's hospital fixture."""

import datetime as dt
from decimal import Decimal

import factory

from okr.models import CheckIn, Cycle, CycleStatus, KeyResult, KeyResultKind, Objective, ObjectiveLevel

YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    name = factory.Sequence(lambda n: f"Cycle {n}")
    start = YEAR_START
    end = YEAR_END
    status = CycleStatus.ACTIVE


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Objective {n}")
    cycle = factory.SubFactory(CycleFactory)
    level = ObjectiveLevel.HOSPITAL


class KeyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyResult

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Key result {n}")
    kind = KeyResultKind.INCREASE
    unit = "%"
    baseline = Decimal("80")
    target = Decimal("90")


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    key_result = factory.SubFactory(KeyResultFactory)
    date = dt.date(2026, 3, 2)
    week = factory.LazyAttribute(lambda c: c.date - dt.timedelta(days=c.date.weekday()))
    value = Decimal("85")
    confidence = "on_track"
