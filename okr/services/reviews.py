"""End-of-cycle writes: grading key results, the retrospective, closing the cycle."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hospital.errors import AccessDenied, DomainError
from okr import access
from okr.models import Cycle, CycleStatus, KeyResult, Objective, ObjectiveStatus
from okr.scoring import objective_score, suggested_score
from okr.services.rules import ensure_cycle_open


def _parse_score(raw) -> Decimal:
    try:
        score = Decimal(str(raw).strip())
    except InvalidOperation:
        raise DomainError(_("A score is a number from 0.0 to 1.0."), field="score") from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(1):
        raise DomainError(_("A score is a number from 0.0 to 1.0."), field="score")
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def score_key_result(*, key_result: KeyResult, user, score) -> KeyResult:
    """Grade a key result on 0.0–1.0 (those who manage its objective)."""
    key_result = (
        KeyResult.objects.select_for_update(of=("self",)).select_related("objective__cycle").get(pk=key_result.pk)
    )
    ensure_cycle_open(key_result.objective.cycle)
    if not access.may_manage_objective(user, key_result.objective):
        raise AccessDenied(_("You may not grade this key result."))
    key_result.score = _parse_score(score)
    key_result.save(update_fields=["score"])
    return key_result


@transaction.atomic
def write_retrospective(*, cycle: Cycle, user, text: str) -> Cycle:
    if not access.may_manage_cycles(user):
        raise AccessDenied(_("Only administrators may write the cycle's retrospective."))
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    ensure_cycle_open(cycle)
    cycle.retrospective = text.strip()
    cycle.save(update_fields=["retrospective"])
    return cycle


@transaction.atomic
def close_cycle(*, cycle: Cycle, user, retrospective: str | None = None) -> Cycle:
    """Close a cycle: grade every key result not yet graded from its numbers, score each
    objective (weighted mean), close the active objectives; the cycle is then read-only."""
    if not access.may_manage_cycles(user):
        raise AccessDenied(_("Only administrators may close a cycle."))
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    ensure_cycle_open(cycle)
    objectives = Objective.objects.filter(cycle=cycle).exclude(status=ObjectiveStatus.CANCELLED)
    key_results = KeyResult.objects.filter(objective__in=objectives).prefetch_related("check_ins")
    by_objective: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for key_result in key_results:
        if key_result.score is None:
            key_result.score = suggested_score(
                kind=key_result.kind,
                progress=key_result.progress,
                lower=key_result.lower,
                upper=key_result.upper,
                range_values=[c.value for c in key_result.check_ins.all()],
            )
            key_result.save(update_fields=["score"])
        by_objective.setdefault(key_result.objective_id, []).append((key_result.score, key_result.weight))
    for objective in objectives:
        objective.score = objective_score(by_objective.get(objective.pk, []))
        if objective.status in (ObjectiveStatus.ACTIVE, ObjectiveStatus.DRAFT):
            objective.status = ObjectiveStatus.CLOSED
        objective.save(update_fields=["score", "status"])
    if retrospective is not None:
        cycle.retrospective = retrospective.strip()
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save()
    return cycle
