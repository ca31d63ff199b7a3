"""Staff profiles, certifications, the private calendar link, and the reference data
(shift types, coverage and work rules) schedulers maintain."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from hospital.models import Department, User
from staffing import access
from staffing.models import (
    Certification,
    CertificationKind,
    CoverageRule,
    ShiftType,
    Skill,
    StaffProfile,
    WorkRules,
    new_calendar_token,
)


def _validated(instance, *, exclude=()) -> None:
    """Run the model's own validation; its first error becomes a DomainError (400)."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from error


def _require_scheduler(user: User, department: Department | None) -> None:
    if not access.may_schedule(user, department):
        raise AccessDenied(_("Only the department's head, HR schedulers and administrators may do this."))


def save_staff_profile(
    *,
    user: User,
    person: User,
    job: str,
    contract_hours_per_week,
    fte,
    grade: str = "",
    skills: list[Skill] | tuple = (),
    is_rostered: bool = True,
    may_work_nights: bool = True,
) -> StaffProfile:
    """Create or change `person`'s staff profile (schedulers of their department)."""
    _require_scheduler(user, person.department)
    with transaction.atomic():
        profile = StaffProfile.objects.filter(user=person).first() or StaffProfile(user=person)
        profile.job = job
        profile.grade = grade
        profile.contract_hours_per_week = contract_hours_per_week
        profile.fte = fte
        profile.is_rostered = is_rostered
        profile.may_work_nights = may_work_nights
        _validated(profile, exclude=["user", "calendar_token"])
        profile._history_user = user
        profile.save()
        profile.skills.set(skills)
    return profile


def add_certification(
    *, user: User, person: User, kind: str, issued: dt.date, expires: dt.date | None = None, reference: str = ""
) -> Certification:
    if not access.may_manage_certifications(user, person):
        raise AccessDenied(_("Only the department's head, HR schedulers and administrators may do this."))
    if kind not in CertificationKind.values:
        raise DomainError(_("Unknown kind of certification."), field="kind")
    if expires is not None and expires < issued:
        raise DomainError(_("A certification cannot expire before it is issued."), field="expires")
    certification = Certification(person=person, kind=kind, issued=issued, expires=expires, reference=reference)
    certification._history_user = user
    certification.save()
    return certification


def rotate_calendar_token(*, user: User, person: User | None = None) -> str:
    """A new private calendar link for `person` (oneself, or a scheduler of their department);
    the old link stops working at once."""
    person = person or user
    if not access.may_request_for(user, person):
        raise AccessDenied(_("You may only change your own calendar link."))
    profile, _created = StaffProfile.objects.get_or_create(user=person, defaults={"is_rostered": False})
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    return profile.calendar_token


def person_for_calendar_token(token: str) -> User | None:
    """The active person whose private calendar link carries `token`, else None."""
    if not token or len(token) > 64:
        return None
    profile = StaffProfile.objects.select_related("user").filter(calendar_token=token, user__is_active=True).first()
    return profile.user if profile else None


# --- Reference data -----------------------------------------------------------------------


def save_shift_type(*, user: User, shift_type: ShiftType | None = None, **fields) -> ShiftType:
    """Create or change a shift type (hospital-wide: HR schedulers and administrators)."""
    if not access.may_manage_shift_types(user):
        raise AccessDenied(_("Only HR schedulers and administrators may change shift types."))
    shift_type = shift_type or ShiftType()
    for name, value in fields.items():
        setattr(shift_type, name, value)
    _validated(shift_type)
    shift_type._history_user = user
    shift_type.save()
    return shift_type


def save_coverage_rule(*, user: User, rule: CoverageRule | None = None, **fields) -> CoverageRule:
    rule = rule or CoverageRule()
    if rule.pk:
        _require_scheduler(user, rule.department)
    for name, value in fields.items():
        setattr(rule, name, value)
    _require_scheduler(user, getattr(rule, "department", None) if rule.department_id else None)
    if rule.scope == "weekday" and rule.weekday is None:
        raise DomainError(_("Choose the weekday."), field="weekday")
    if rule.scope == "date" and rule.date is None:
        raise DomainError(_("Choose the date."), field="date")
    if rule.scope != "weekday":
        rule.weekday = None
    if rule.scope != "date":
        rule.date = None
    _validated(rule)
    rule._history_user = user
    rule.save()
    return rule


def delete_coverage_rule(*, user: User, rule: CoverageRule) -> None:
    _require_scheduler(user, rule.department)
    rule.delete()


def save_work_rules(*, user: User, department: Department | None = None, **fields) -> WorkRules:
    """Change a department's work rules (created from the hospital default when it has none),
    or, for administrators and HR schedulers, the hospital default (`department=None`)."""
    if department is None:
        if not access.may_manage_shift_types(user):
            raise AccessDenied(_("Only HR schedulers and administrators may change the hospital's default rules."))
        rules = WorkRules.objects.get(department__isnull=True)
    else:
        _require_scheduler(user, department)
        rules = WorkRules.objects.filter(department=department).first()
        if rules is None:
            rules = WorkRules.objects.get(department__isnull=True)
            rules.pk = None
            rules.department = department
    successions = fields.get("forbidden_successions", rules.forbidden_successions)
    if not isinstance(successions, list) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(c, str) for c in pair)
        for pair in successions
    ):
        raise DomainError(_("Forbidden successions are pairs of shift codes."), field="forbidden_successions")
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.forbidden_successions = [list(pair) for pair in successions]
    _validated(rules, exclude=["department"])
    rules._history_user = user
    rules.save()
    return rules
