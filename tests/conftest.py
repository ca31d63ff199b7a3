"""Fixtures every app's tests share: a small hospital with one user per role."""

from dataclasses import dataclass

import pytest

from hospital.models import Department, DepartmentKind, User
from hospital.roles import Role
from tests.hospital.factories import DepartmentFactory, make_user


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    """Quick password hashing and a per-process cache, so tests never share cached values."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Tasks queued by services run at once in tests; the Celery worker test turns this off."""
    from hospital.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Chinese leaves that language active in the thread: reset it, so a later
    test in the same worker does not render in Chinese by accident."""
    yield
    from django.utils import translation

    translation.deactivate()


@dataclass
class Hospital:
    """Internal Medicine → Cardiology, Respiratory; Surgery → General Surgery; ICU; Quality Office."""

    medicine: Department
    cardiology: Department
    respiratory: Department
    surgery: Department
    general_surgery: Department
    icu: Department
    quality_office: Department
    admin: User
    head_medicine: User
    head_cardiology: User
    head_respiratory: User
    head_surgery: User
    nurse_cardiology: User
    nurse_icu: User
    physician_cardiology: User
    pharmacist: User
    engineer: User
    quality_manager: User
    finance: User
    scheduler: User


@pytest.fixture
def hospital(db) -> Hospital:
    clinical = DepartmentKind.CLINICAL
    medicine = DepartmentFactory(code="IM", name="Internal Medicine", kind=clinical)
    cardiology = DepartmentFactory(code="CARD", name="Cardiology", kind=clinical, parent=medicine, staffed_beds=40)
    respiratory = DepartmentFactory(code="RESP", name="Respiratory", kind=clinical, parent=medicine, staffed_beds=30)
    surgery = DepartmentFactory(code="SURG", name="Surgery", kind=clinical)
    general_surgery = DepartmentFactory(
        code="GSUR", name="General Surgery", kind=clinical, parent=surgery, staffed_beds=45
    )
    icu = DepartmentFactory(code="ICU", name="Intensive Care", kind=clinical, staffed_beds=16)
    quality_office = DepartmentFactory(code="QUAL", name="Quality Office", kind=DepartmentKind.ADMINISTRATIVE)
    return Hospital(
        medicine=medicine,
        cardiology=cardiology,
        respiratory=respiratory,
        surgery=surgery,
        general_surgery=general_surgery,
        icu=icu,
        quality_office=quality_office,
        admin=make_user(Role.ADMINISTRATOR, None, username="admin"),
        head_medicine=make_user(Role.DEPARTMENT_HEAD, medicine, heads=True, username="head_medicine"),
        head_cardiology=make_user(Role.DEPARTMENT_HEAD, cardiology, heads=True, username="head_cardiology"),
        head_respiratory=make_user(Role.DEPARTMENT_HEAD, respiratory, heads=True, username="head_respiratory"),
        head_surgery=make_user(Role.DEPARTMENT_HEAD, surgery, heads=True, username="head_surgery"),
        nurse_cardiology=make_user(Role.NURSE, cardiology, username="nurse_cardiology"),
        nurse_icu=make_user(Role.NURSE, icu, username="nurse_icu"),
        physician_cardiology=make_user(Role.PHYSICIAN, cardiology, username="physician_cardiology"),
        pharmacist=make_user(Role.PHARMACIST, None, username="pharmacist"),
        engineer=make_user(Role.BIOMEDICAL_ENGINEER, None, username="engineer"),
        quality_manager=make_user(Role.QUALITY_MANAGER, quality_office, username="quality"),
        finance=make_user(Role.FINANCE, None, username="finance"),
        scheduler=make_user(Role.HR_SCHEDULER, None, username="scheduler"),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api_for():
    """`api_for(user)`: a DRF API client authenticated as that user."""
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return api

    return make
