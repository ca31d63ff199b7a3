"""Factories for the core's models; other apps' tests build on these."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from hospital.models import DailyCensus, Department, DepartmentKind, Notification, User

TEST_PASSWORD = "correct-horse-battery-staple"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:04d}")
    name = factory.Sequence(lambda n: f"Department {n}")
    kind = DepartmentKind.CLINICAL
    staffed_beds = 0


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@hospital.test")
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups that migration 0002 made
            self.groups.set([Group.objects.get_or_create(name=str(role))[0] for role in extracted])


def make_user(role=None, department=None, *, heads=False, **kwargs) -> User:
    """A user with one role in a department; `heads=True` makes them its head."""
    user = UserFactory(roles=[role] if role else [], department=department, **kwargs)
    if heads and department is not None:
        department.head = user
        department.save()
    return user


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Alert {n}")


class DailyCensusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyCensus

    department = factory.SubFactory(DepartmentFactory, staffed_beds=20)
    date = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))
    inpatients = 15
    admissions = 2
    discharges = 2
    staffed_beds = 20
