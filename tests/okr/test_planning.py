"""Setting objectives and key results: who may, alignment, and targets changed only with a reason."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from hospital.errors import AccessDenied, DomainError
from okr import selectors, services
from okr.models import Confidence, CycleStatus, KeyResult, KeyResultKind, Objective, ObjectiveLevel, TargetChange
from tests.okr.factories import CycleFactory

pytestmark = pytest.mark.django_db


def new_objective(okrs, department, **kwargs):
    values = {"cycle": okrs.cycle, "level": ObjectiveLevel.DEPARTMENT, "department": department, "title": "Faster"}
    values.update(kwargs)
    return values


def test_head_sets_an_objective_for_their_department_aligned_to_a_hospital_one(hospital, okrs):
    objective = services.create_objective(
        user=hospital.head_cardiology, **new_objective(okrs, hospital.cardiology, parent=okrs.quality)
    )
    assert objective.pk and objective.parent == okrs.quality


def test_head_cannot_create_an_objective_for_a_sibling_department(hospital, okrs):
    count = Objective.objects.count()
    with pytest.raises(AccessDenied, match="You may not set objectives for Respiratory"):
        services.create_objective(user=hospital.head_cardiology, **new_objective(okrs, hospital.respiratory))
    assert Objective.objects.count() == count


def test_only_administrators_set_hospital_objectives(hospital, okrs):
    objective = {"cycle": okrs.cycle, "level": ObjectiveLevel.HOSPITAL, "title": "Widen services"}
    with pytest.raises(AccessDenied, match="Only administrators"):
        services.create_objective(user=hospital.head_medicine, **objective)
    assert services.create_objective(user=hospital.admin, **objective).pk


def test_a_department_objective_aligns_to_a_hospital_objective_only(hospital, okrs):
    with pytest.raises(DomainError, match="cannot align to a department objective"):
        services.create_objective(user=hospital.admin, **new_objective(okrs, hospital.cardiology, parent=okrs.surgery))


def test_anyone_may_keep_an_individual_objective(hospital, okrs):
    objective = services.create_objective(
        user=hospital.nurse_cardiology,
        cycle=okrs.cycle,
        level=ObjectiveLevel.INDIVIDUAL,
        title="Learn ECMO",
        parent=okrs.cardiology,
    )
    assert objective.owner == hospital.nurse_cardiology
    assert objective.department == hospital.cardiology
    assert list(Objective.objects.visible_to(hospital.nurse_cardiology).filter(level=ObjectiveLevel.INDIVIDUAL)) == [
        objective
    ]
    assert (
        not Objective.objects.visible_to(hospital.physician_cardiology).filter(level=ObjectiveLevel.INDIVIDUAL).exists()
    )


def test_decrease_to_needs_a_target_below_the_baseline(hospital, okrs):
    with pytest.raises(DomainError, match="below the baseline"):
        services.create_key_result(
            user=hospital.head_cardiology,
            objective=okrs.cardiology,
            title="Mortality",
            kind=KeyResultKind.DECREASE,
            baseline=3,
            target=5,
        )


def test_binding_to_an_unknown_metric_is_refused(hospital, okrs):
    with pytest.raises(DomainError, match="no live metric"):
        services.create_key_result(
            user=hospital.head_cardiology,
            objective=okrs.cardiology,
            title="x",
            baseline=1,
            target=2,
            metric_key="nope.nothing",
        )


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
    with pytest.raises(DomainError, match="Change target"):
        services.update_key_result(user=hospital.head_cardiology, key_result=okrs.mortality, target=Decimal(4))
    assert KeyResult.objects.get(pk=okrs.mortality.pk).target == Decimal(3)


def test_head_sees_own_department_and_hospital_objectives_not_siblings(hospital, okrs):
    visible = set(Objective.objects.visible_to(hospital.head_cardiology))
    assert visible == {okrs.quality, okrs.cardiology}
    assert set(Objective.objects.visible_to(hospital.nurse_icu)) == {okrs.quality}
    assert set(Objective.objects.visible_to(hospital.admin)) == {okrs.quality, okrs.cardiology, okrs.surgery}


def test_contributing_departments_see_a_cross_department_objective(hospital, okrs):
    okrs.surgery.contributing_departments.add(hospital.icu)
    assert okrs.surgery in Objective.objects.visible_to(hospital.nurse_icu)


def test_a_quarters_department_objective_aligns_to_the_years_hospital_objective(hospital, okrs):
    quarter = CycleFactory(name="2026 Q1", start=okrs.cycle.start, end=okrs.cycle.start.replace(month=3, day=31))
    quarter.year = okrs.cycle
    quarter.save()
    objective = services.create_objective(
        user=hospital.head_cardiology,
        cycle=quarter,
        level=ObjectiveLevel.DEPARTMENT,
        department=hospital.cardiology,
        parent=okrs.quality,
        title="Q1: chest-pain pathway live",
    )
    year_tree = selectors.build_cascade(selectors.objectives_for(hospital.admin, cycle=okrs.cycle))
    quality = next(node for node in year_tree.roots if node.objective == okrs.quality)
    assert objective in [child.objective for child in quality.children]
    quarter_tree = selectors.build_cascade(selectors.objectives_for(hospital.admin, cycle=quarter))
    assert [node.objective for node in quarter_tree.roots] == [okrs.quality]
    assert [child.objective for child in quarter_tree.roots[0].children] == [objective]


def test_objectives_of_a_closed_cycle_cannot_be_changed(hospital, okrs):
    okrs.cycle.status = CycleStatus.CLOSED
    okrs.cycle.save()
    with pytest.raises(DomainError, match="is closed"):
        services.update_objective(user=hospital.admin, objective=okrs.cardiology, title="Renamed")
    assert Objective.objects.get(pk=okrs.cardiology.pk).title == "Fewer cardiovascular deaths"


def test_an_objective_cannot_align_to_one_its_author_cannot_see(hospital, okrs):
    # Surgery's objective is hidden from a cardiology nurse; aligning to it would reveal it
    with pytest.raises(DomainError, match="Align to an objective you can see") as error:
        services.create_objective(
            user=hospital.nurse_cardiology,
            cycle=okrs.cycle,
            level=ObjectiveLevel.INDIVIDUAL,
            title="Spy",
            parent=okrs.surgery,
        )
    assert error.value.field == "parent"
    assert not Objective.objects.filter(title="Spy").exists()


def test_a_head_binds_live_data_only_of_departments_they_may_see(hospital, okrs):
    values = {
        "objective": okrs.cardiology,
        "title": "Surgery's progress",
        "baseline": 0,
        "target": 50,
        "metric_key": "okr.progress",
    }
    with pytest.raises(AccessDenied, match="live data of Surgery"):
        services.create_key_result(user=hospital.head_cardiology, metric_department=hospital.surgery, **values)
    assert not KeyResult.objects.filter(title="Surgery's progress").exists()
    assert services.create_key_result(user=hospital.head_cardiology, metric_department=hospital.cardiology, **values).pk


def test_editing_a_key_result_bound_by_an_administrator_keeps_working_for_the_head(hospital, okrs):
    services.update_key_result(
        user=hospital.admin, key_result=okrs.mortality, metric_key="okr.progress", metric_department=hospital.surgery
    )
    services.update_key_result(
        user=hospital.head_cardiology, key_result=okrs.mortality, title="Cardiovascular mortality (30 days)"
    )
    assert KeyResult.objects.get(pk=okrs.mortality.pk).title == "Cardiovascular mortality (30 days)"


def test_update_objective_refuses_a_field_it_does_not_open(hospital, okrs):
    with pytest.raises(DomainError, match="cannot be changed here: score"):
        services.update_objective(user=hospital.admin, objective=okrs.cardiology, score=Decimal(1))
    assert Objective.objects.get(pk=okrs.cardiology.pk).score is None


def test_a_head_cannot_move_their_objective_to_a_sibling_department(hospital, okrs):
    with pytest.raises(AccessDenied, match="You may not set objectives for Surgery"):
        services.update_objective(user=hospital.head_cardiology, objective=okrs.cardiology, department=hospital.surgery)
    assert Objective.objects.get(pk=okrs.cardiology.pk).department == hospital.cardiology


def test_a_new_objective_belongs_to_its_author_unless_given_an_owner(hospital, okrs):
    objective = services.create_objective(
        user=hospital.head_cardiology, **new_objective(okrs, hospital.cardiology, parent=okrs.quality)
    )
    assert objective.owner == hospital.head_cardiology


def test_changing_a_key_results_baseline_recomputes_its_progress(hospital, okrs):
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        services.record_check_in(
            user=hospital.head_cardiology, key_result=okrs.mortality, value="4", confidence=Confidence.AT_RISK
        )
    okrs.mortality.refresh_from_db()
    assert okrs.mortality.progress == Decimal("50.00")  # 5 → 3 at 4
    services.update_key_result(user=hospital.head_cardiology, key_result=okrs.mortality, baseline=Decimal(6))
    okrs.mortality.refresh_from_db()
    assert okrs.mortality.progress == Decimal("66.67")  # 6 → 3 at 4
