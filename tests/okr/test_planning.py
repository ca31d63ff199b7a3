"""Setting objectives and key results: who may, alignment, and targets changed only with a reason."""

from decimal import Decimal

import pytest

from hospital.errors import AccessDenied, DomainError
from okr import services
from okr.models import KeyResult, KeyResultKind, Objective, ObjectiveLevel, TargetChange

pytestmark = pytest.mark.django_db


def new_objective(okrs, department, **kwargs):
    values = {"cycle": okrs.cycle, "level": ObjectiveLevel.DEPARTMENT, "department": department, "title": "Faster"}
    values.update(kwargs)
    return Objective(**values)


def test_head_sets_an_objective_for_their_department_aligned_to_a_hospital_one(hospital, okrs):
    objective = services.save_objective(
        objective=new_objective(okrs, hospital.cardiology, parent=okrs.quality), user=hospital.head_cardiology
    )
    assert objective.pk and objective.parent == okrs.quality


def test_head_cannot_create_an_objective_for_a_sibling_department(hospital, okrs):
    count = Objective.objects.count()
    with pytest.raises(AccessDenied, match="You may not set objectives for Respiratory"):
        services.save_objective(objective=new_objective(okrs, hospital.respiratory), user=hospital.head_cardiology)
    assert Objective.objects.count() == count


def test_only_administrators_set_hospital_objectives(hospital, okrs):
    objective = Objective(cycle=okrs.cycle, level=ObjectiveLevel.HOSPITAL, title="Widen services")
    with pytest.raises(AccessDenied, match="Only administrators"):
        services.save_objective(objective=objective, user=hospital.head_medicine)
    services.save_objective(objective=objective, user=hospital.admin)
    assert objective.pk


def test_a_department_objective_aligns_to_a_hospital_objective_only(hospital, okrs):
    with pytest.raises(DomainError, match="cannot align to a department objective"):
        services.save_objective(
            objective=new_objective(okrs, hospital.cardiology, parent=okrs.surgery), user=hospital.admin
        )


def test_anyone_may_keep_an_individual_objective(hospital, okrs):
    objective = Objective(cycle=okrs.cycle, level=ObjectiveLevel.INDIVIDUAL, title="Learn ECMO", parent=okrs.cardiology)
    services.save_objective(objective=objective, user=hospital.nurse_cardiology)
    assert objective.owner == hospital.nurse_cardiology
    assert objective.department == hospital.cardiology
    assert list(Objective.objects.visible_to(hospital.nurse_cardiology).filter(level="individual")) == [objective]
    assert not Objective.objects.visible_to(hospital.physician_cardiology).filter(level="individual").exists()


def test_decrease_to_needs_a_target_below_the_baseline(hospital, okrs):
    key_result = KeyResult(
        objective=okrs.cardiology, title="Mortality", kind=KeyResultKind.DECREASE, baseline=3, target=5
    )
    with pytest.raises(DomainError, match="below the baseline"):
        services.save_key_result(key_result=key_result, user=hospital.head_cardiology)


def test_binding_to_an_unknown_metric_is_refused(hospital, okrs):
    key_result = KeyResult(objective=okrs.cardiology, title="x", baseline=1, target=2, metric_key="nope.nothing")
    with pytest.raises(DomainError, match="no live metric"):
        services.save_key_result(key_result=key_result, user=hospital.head_cardiology)


def test_target_changes_only_with_a_reason_and_keeps_history(hospital, okrs):
    key_result = okrs.mortality
    with pytest.raises(DomainError, match="Say why"):
        services.change_target(key_result=key_result, user=hospital.head_cardiology, target=Decimal(4), reason=" ")
    assert TargetChange.objects.count() == 0
    change = services.change_target(
        key_result=key_result, user=hospital.head_cardiology, target=Decimal("3.5"), reason="Case mix older"
    )
    key_result.refresh_from_db()
    assert key_result.target == Decimal("3.5")
    assert (change.old_target, change.new_target, change.changed_by) == (
        Decimal("3"),
        Decimal("3.5"),
        hospital.head_cardiology,
    )


def test_editing_a_key_result_cannot_slip_a_target_change_through(hospital, okrs):
    key_result = okrs.mortality
    key_result.target = Decimal(4)
    with pytest.raises(DomainError, match="Change target"):
        services.save_key_result(key_result=key_result, user=hospital.head_cardiology)


def test_head_sees_own_department_and_hospital_objectives_not_siblings(hospital, okrs):
    visible = set(Objective.objects.visible_to(hospital.head_cardiology))
    assert visible == {okrs.quality, okrs.cardiology}
    assert set(Objective.objects.visible_to(hospital.nurse_icu)) == {okrs.quality}
    assert set(Objective.objects.visible_to(hospital.admin)) == {okrs.quality, okrs.cardiology, okrs.surgery}


def test_contributing_departments_see_a_cross_department_objective(hospital, okrs):
    okrs.surgery.contributing_departments.add(hospital.icu)
    assert okrs.surgery in Objective.objects.visible_to(hospital.nurse_icu)


def test_a_quarters_department_objective_aligns_to_the_years_hospital_objective(hospital, okrs):
    from okr import selectors
    from tests.okr.factories import CycleFactory

    quarter = CycleFactory(name="2026 Q1", start=okrs.cycle.start, end=okrs.cycle.start.replace(month=3, day=31))
    quarter.year = okrs.cycle
    quarter.save()
    objective = services.save_objective(
        objective=Objective(
            cycle=quarter,
            level=ObjectiveLevel.DEPARTMENT,
            department=hospital.cardiology,
            parent=okrs.quality,
            title="Q1: chest-pain pathway live",
        ),
        user=hospital.head_cardiology,
    )
    year_tree = selectors.build_cascade(selectors.objectives_for(hospital.admin, cycle=okrs.cycle))
    quality = next(node for node in year_tree.roots if node.objective == okrs.quality)
    assert objective in [child.objective for child in quality.children]
    quarter_tree = selectors.build_cascade(selectors.objectives_for(hospital.admin, cycle=quarter))
    assert [node.objective for node in quarter_tree.roots] == [okrs.quality]
    assert [child.objective for child in quarter_tree.roots[0].children] == [objective]


def test_objectives_of_a_closed_cycle_cannot_be_changed(hospital, okrs):
    okrs.cycle.status = "closed"
    okrs.cycle.save()
    okrs.cardiology.title = "Renamed"
    with pytest.raises(DomainError, match="is closed"):
        services.save_objective(objective=okrs.cardiology, user=hospital.admin)
    assert Objective.objects.get(pk=okrs.cardiology.pk).title == "Fewer cardiovascular deaths"


def test_an_objective_cannot_align_to_one_its_author_cannot_see(hospital, okrs):
    # Surgery's objective is hidden from a cardiology nurse; aligning to it would reveal it
    objective = Objective(cycle=okrs.cycle, level=ObjectiveLevel.INDIVIDUAL, title="Spy", parent=okrs.surgery)
    with pytest.raises(DomainError, match="Align to an objective you can see") as error:
        services.save_objective(objective=objective, user=hospital.nurse_cardiology)
    assert error.value.field == "parent"
    assert not Objective.objects.filter(title="Spy").exists()


def test_a_head_binds_live_data_only_of_departments_they_may_see(hospital, okrs):
    key_result = KeyResult(
        objective=okrs.cardiology,
        title="Surgery's progress",
        baseline=0,
        target=50,
        metric_key="okr.progress",
        metric_department=hospital.surgery,
    )
    with pytest.raises(AccessDenied, match="live data of Surgery"):
        services.save_key_result(key_result=key_result, user=hospital.head_cardiology)
    assert not KeyResult.objects.filter(title="Surgery's progress").exists()
    key_result.metric_department = hospital.cardiology
    services.save_key_result(key_result=key_result, user=hospital.head_cardiology)
    assert key_result.pk


def test_editing_a_key_result_bound_by_an_administrator_keeps_working_for_the_head(hospital, okrs):
    okrs.mortality.metric_key, okrs.mortality.metric_department = "okr.progress", hospital.surgery
    services.save_key_result(key_result=okrs.mortality, user=hospital.admin)
    okrs.mortality.title = "Cardiovascular mortality (30 days)"
    services.save_key_result(key_result=okrs.mortality, user=hospital.head_cardiology)
    assert KeyResult.objects.get(pk=okrs.mortality.pk).title == "Cardiovascular mortality (30 days)"
