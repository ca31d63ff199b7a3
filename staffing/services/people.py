"""Staff profiles, certifications, the private calendar link, and the reference data
(shift types, coverage and work rules) schedulers maintain."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
        if not 0 <= Decimal(contract_hours_per_week) <= 80:
            raise DomainError(_("Contract hours per week are from 0 to 80."), field="contract_hours_per_week")
        if not 0 <= Decimal(fte) <= Decimal("1.5"):
            raise DomainError(_("FTE is from 0 to 1.5."), field="fte")
        _validated(profile, exclude=["user", "calendar_token"])
        profile._history_user = user
        profile.save()
        profile.skills.set(skills)
    return profile


def build_staff_profile(person: User, *, skills=(), certifications=(), **fields) -> StaffProfile:
    """A new staff profile for `person` with its skills and its certifications, given as
    (kind, issued, expires) tuples: how the demo and the tests make their staff (seeding, so
    no permission check; the pages and the API use `save_staff_profile`)."""
    profile = StaffProfile.objects.create(user=person, **fields)
    if skills:
        profile.skills.set(skills)
    Certification.objects.bulk_create(
        Certification(person=person, kind=kind, issued=issued, expires=expires)
        for kind, issued, expires in certifications
    )
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
    if shift_type.paid_hours is not None and not 0 < shift_type.paid_hours <= 24:
        raise DomainError(_("Paid hours are more than 0 and at most 24."), field="paid_hours")
    _validated(shift_type)
    if shift_type.paid_hours * 60 > shift_type.length_minutes:
        raise DomainError(
            _("Paid hours cannot be more than the shift lasts (%s h).") % f"{shift_type.length_minutes / 60:g}",
            field="paid_hours",
        )
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
    if rule.preferred is not None and rule.minimum is not None and rule.preferred < rule.minimum:
        raise DomainError(_("The preferred number of staff cannot be below the minimum."), field="preferred")
    if rule.patients_per_staff is not None and rule.patients_per_staff <= 0:
        raise DomainError(_("Patients per staff member must be more than 0."), field="patients_per_staff")
    _validated(rule)
    rule._history_user = user
    rule.save()
    return rule


def delete_certification(*, user: User, certification: Certification) -> None:
    if not access.may_manage_certifications(user, certification.person):
        raise AccessDenied(_("Only the department's head, HR schedulers and administrators may do this."))
    certification.delete()


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
    known = set(ShiftType.objects.values_list("code", flat=True))
    unknown = sorted({code for pair in successions for code in pair} - known)
    if unknown:
        raise DomainError(
            _("Unknown shift codes in the forbidden successions: %s.") % ", ".join(unknown),
            field="forbidden_successions",
        )
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.forbidden_successions = [list(pair) for pair in successions]
    if rules.max_consecutive_days is not None and rules.max_consecutive_days < 1:
        raise DomainError(_("At least one working day in a row must be allowed."), field="max_consecutive_days")
    if rules.min_rest_hours is not None and rules.min_rest_hours > 24:
        raise DomainError(_("The least rest between shifts is at most 24 hours."), field="min_rest_hours")
    if (rules.min_hours_percent or 0) > (rules.max_hours_percent or 0):
        raise DomainError(_("The least hours cannot be more than the most hours."), field="min_hours_percent")
    _validated(rules, exclude=["department"])
    rules._history_user = user
    rules.save()
    return rules
