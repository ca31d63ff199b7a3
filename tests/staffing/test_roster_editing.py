"""Manual edits are re-checked at once: a cell that breaks the rest time is flagged beside
the cell and blocks publishing (409 with the list); once fixed, publishing notifies each
person. Swaps are checked against every rule: one that breaks a rule is refused with the
reason, one that keeps them is applied on approval."""

import datetime as dt

import pytest

from hospital.errors import AccessDenied, ConflictError, DomainError
from hospital.models import Notification
from staffing import services
from staffing.models import Assignment, RequestStatus, RosterStatus
from staffing.services.errors import RosterHasViolations
from tests.staffing.factories import MONDAY, cover, nurse, roster, shift_types

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def ward(hospital):
    shifts = shift_types()
    cover(hospital.cardiology, shifts["A"], minimum=0, preferred=1)
    people = [nurse(hospital.cardiology, name) for name in ("ann", "bo", "cy")]
    return roster(hospital.cardiology, length_days=7), shifts, people


def test_an_edit_that_breaks_rest_time_is_flagged_and_blocks_publishing(hospital, ward):
    draft, shifts, (ann, bo, _cy) = ward
    head = hospital.head_cardiology
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["P"])
    check = services.set_assignment(user=head, roster=draft, person=ann, date=TUESDAY, shift_type=shifts["A"])

    flagged = check.by_cell[(ann.pk, TUESDAY)]
    assert [v.rule for v in flagged] == ["rest"]
    assert flagged[0].is_hard and "8 h rest before Tue 2 Mar" in flagged[0].message
    with pytest.raises(RosterHasViolations) as refused:
        services.publish_roster(user=head, roster=draft)
    assert refused.value.status_code == 409
    assert [v.rule for v in refused.value.violations] == ["rest"]
    draft.refresh_from_db()
    assert draft.status == RosterStatus.DRAFT

    services.set_assignment(user=head, roster=draft, person=ann, date=TUESDAY, shift_type=None)
    services.set_assignment(user=head, roster=draft, person=bo, date=TUESDAY, shift_type=shifts["A"])
    services.publish_roster(user=head, roster=draft)
    draft.refresh_from_db()
    assert draft.status == RosterStatus.PUBLISHED
    told = Notification.objects.filter(dedupe_key=f"staffing.published:{draft.pk}")
    assert set(told.values_list("recipient__username", flat=True)) == {"ann", "bo", "cy"}


def test_only_schedulers_of_the_department_edit_and_only_drafts(hospital, ward):
    draft, shifts, (ann, _bo, _cy) = ward
    for outsider in (hospital.nurse_cardiology, hospital.head_surgery, hospital.finance):
        with pytest.raises(AccessDenied):
            services.set_assignment(user=outsider, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])
    services.set_assignment(user=hospital.scheduler, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])
    services.set_assignment(user=hospital.head_medicine, roster=draft, person=ann, date=MONDAY, shift_type=None)
    with pytest.raises(DomainError):  # outside the roster
        services.set_assignment(
            user=hospital.scheduler, roster=draft, person=ann, date=MONDAY - dt.timedelta(days=1), shift_type=None
        )
    services.publish_roster(user=hospital.scheduler, roster=draft)
    with pytest.raises(ConflictError):
        services.set_assignment(user=hospital.scheduler, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])


def test_a_swap_that_breaks_a_rule_is_refused_with_the_reason(hospital, ward):
    draft, shifts, (ann, bo, _cy) = ward
    head = hospital.head_cardiology
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["P"])
    services.set_assignment(
        user=head, roster=draft, person=ann, date=MONDAY + dt.timedelta(days=3), shift_type=shifts["N"]
    )
    services.set_assignment(user=head, roster=draft, person=bo, date=TUESDAY, shift_type=shifts["A"])
    services.publish_roster(user=head, roster=draft)
    given = Assignment.objects.get(roster=draft, person=ann, date=MONDAY + dt.timedelta(days=3))
    taken = Assignment.objects.get(roster=draft, person=bo, date=TUESDAY)

    with pytest.raises(RosterHasViolations) as refused:
        services.request_swap(user=ann, requester_assignment=given, partner=bo, partner_assignment=taken)
    assert refused.value.status_code == 409
    assert "rest" in str(refused.value.message) and [v.rule for v in refused.value.violations] == ["rest"]
    assert not Assignment.objects.filter(roster=draft, person=ann, date=TUESDAY).exists()


def test_a_swap_that_keeps_every_rule_is_applied_on_approval(hospital, ward):
    draft, shifts, (ann, bo, _cy) = ward
    head = hospital.head_cardiology
    services.set_assignment(user=head, roster=draft, person=ann, date=MONDAY, shift_type=shifts["A"])
    services.set_assignment(user=head, roster=draft, person=bo, date=MONDAY, shift_type=shifts["P"])
    services.publish_roster(user=head, roster=draft)
    given = Assignment.objects.get(roster=draft, person=ann, date=MONDAY)
    taken = Assignment.objects.get(roster=draft, person=bo, date=MONDAY)
    swap = services.request_swap(user=ann, requester_assignment=given, partner=bo, partner_assignment=taken)
    with pytest.raises(AccessDenied):
        services.approve_swap(user=bo, swap=swap)
    services.approve_swap(user=head, swap=swap)

    swap.refresh_from_db()
    assert swap.status == RequestStatus.APPROVED
    rows = dict(Assignment.objects.filter(roster=draft).values_list("person__username", "shift_type__code"))
    assert rows == {"ann": "P", "bo": "A"}
    with pytest.raises(ConflictError):
        services.approve_swap(user=head, swap=swap)
