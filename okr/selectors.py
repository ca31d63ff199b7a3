"""OKR reads that join several tables, for pages, the API and exports alike.

Each runs a fixed number of queries whatever the number of objectives: one for
objectives and one for their key results, then the tree is built in Python.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from okr.choices import DEPARTMENTAL_LEVELS
from okr.models import (
    CheckIn,
    Confidence,
    Cycle,
    CycleStatus,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveLevel,
    ObjectiveStatus,
    TargetChange,
)
from okr.scoring import (
    CONFIDENCE_COLOURS,
    expected_score,
    meets_expectation,
    objective_progress,
    objective_score,
    score_colour,
    suggested_score,
    weighted_progress,
    worst_confidence,
)

STALE_AFTER_DAYS = 14
# hospital, department, team, individual: top down, not alphabetical
LEVEL_RANK = Case(*(When(level=level, then=Value(rank)) for rank, level in enumerate(ObjectiveLevel.values)))


def _default_cycle_choices(today: dt.date) -> list:
    """The querysets default_cycle tries in turn (each ordered, best first)."""
    cycles = Cycle.objects.annotate(objective_count=Count("objectives"))
    return [
        cycles.filter(status=CycleStatus.ACTIVE).containing(today).order_by("-objective_count", "-start"),
        cycles.exclude(status=CycleStatus.CLOSED).order_by("-start"),
        cycles.order_by("-start"),
    ]


def default_cycle(user=None, today: dt.date | None = None) -> Cycle | None:
    """The cycle a page opens on: the active one containing today with the most objectives,
    else the latest that is not closed, else the latest."""
    today = today or timezone.localdate()
    for choice in _default_cycle_choices(today):
        found = choice.first()
        if found is not None:
            return found
    return None


def default_cycle_id(today: dt.date):
    """default_cycle's pk as an expression, to filter by it inside another query (no query of its own)."""
    return Coalesce(*(Subquery(choice.values("pk")[:1]) for choice in _default_cycle_choices(today)))


@dataclass
class Node:
    objective: Objective
    key_results: list[KeyResult]
    progress: Decimal
    health: str  # the worst confidence of its key results ('' without check-ins)
    children: list["Node"] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return CONFIDENCE_COLOURS.get(self.health, "secondary")


@dataclass
class Cascade:
    roots: list[Node]  # hospital objectives, and those aligned to objectives outside the view
    unaligned: list[Node]  # department, team and individual objectives that align to nothing

    def __iter__(self):
        yield from self.roots


def cycle_filter(cycle, *, related: bool) -> Q:
    """Objectives of the cycle; with `related`, a year also shows its quarters' objectives
    and a quarter its year's hospital objectives (which quarterly objectives align to)."""
    if not related:
        return Q(cycle=cycle)
    if cycle.year_id:
        return Q(cycle=cycle) | Q(cycle_id=cycle.year_id, level=ObjectiveLevel.HOSPITAL)
    return Q(cycle=cycle) | Q(cycle__year=cycle)


def objectives_for(
    user,
    *,
    cycle=None,
    department=None,
    kind: str = "",
    level: str = "",
    status: str = "",
    related_cycles: bool = True,
):
    """Visible objectives filtered as the cascade page and API filter them.

    With a department, its subtree's objectives and the hospital's (which they align to).
    """
    qs = Objective.objects.visible_to(user)
    if cycle is not None:
        qs = qs.filter(cycle_filter(cycle, related=related_cycles))
    if department is not None:
        qs = qs.filter(Q(department__path__startswith=department.path) | Q(level=ObjectiveLevel.HOSPITAL))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs


def visible_objectives(user):
    """The objectives the user may read, with what an objective's page shows of each."""
    return Objective.objects.visible_to(user).select_related("cycle", "department", "owner")


def objective_key_results(objective) -> list[KeyResult]:
    """An objective's key results with their check-ins (oldest first) and target changes,
    for its page: three queries whatever the number of key results."""
    return list(
        objective.key_results.select_related("owner", "metric_department")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.select_related("author").order_by("date", "id")),
            Prefetch("target_changes", queryset=TargetChange.objects.select_related("changed_by")),
        )
        .order_by("id")
    )


def with_key_results(objectives):
    return objectives.select_related("department", "owner", "cycle").prefetch_related(
        Prefetch("key_results", queryset=KeyResult.objects.order_by("id"))
    )


def build_cascade(objectives) -> Cascade:
    """The tree of objectives: two queries (objectives, key results)."""
    objectives = list(with_key_results(objectives).order_by("level", "department__path", "title", "id"))
    nodes = {}
    for objective in objectives:
        key_results = list(objective.key_results.all())
        nodes[objective.pk] = Node(
            objective=objective,
            key_results=key_results,
            progress=objective_progress(key_results),
            health=worst_confidence(kr.confidence for kr in key_results),
        )
    roots, unaligned = [], []
    level_order = {level: i for i, level in enumerate(ObjectiveLevel.values)}
    for node in sorted(nodes.values(), key=lambda n: level_order[n.objective.level]):
        objective = node.objective
        if objective.is_hospital_level:
            roots.append(node)
        elif objective.parent_id in nodes:
            nodes[objective.parent_id].children.append(node)
        elif objective.parent_id is None:
            unaligned.append(node)
        else:
            roots.append(node)
    return Cascade(roots=roots, unaligned=unaligned)


def department_key_results(department, cycle) -> list[KeyResult]:
    """Key results of the department's (and its sub-departments') open objectives in the cycle,
    for the weekly check-in form."""
    return list(
        KeyResult.objects.filter(
            objective__cycle=cycle,
            objective__department__path__startswith=department.path,
            objective__level__in=DEPARTMENTAL_LEVELS,
            objective__status=ObjectiveStatus.ACTIVE,
        )
        .select_related("objective__department", "objective__cycle")
        .order_by("objective__department__path", "objective__title", "objective_id", "id")
    )


@dataclass
class DepartmentReview:
    department: object
    progress: Decimal
    key_result_count: int
    at_risk: list[KeyResult]
    stale: list[KeyResult]


def monthly_review(user, cycle, today: dt.date | None = None) -> list[DepartmentReview]:
    """Per department: mean objective progress, key results at risk or off track, and
    those without a check-in for over 14 days. One query."""
    today = today or timezone.localdate()
    stale_before = today - dt.timedelta(days=STALE_AFTER_DAYS)
    key_results = (
        KeyResult.objects.filter(
            objective__in=objectives_for(user, cycle=cycle).filter(
                level__in=DEPARTMENTAL_LEVELS, status=ObjectiveStatus.ACTIVE
            )
        )
        .select_related("objective__department")
        .order_by("objective__department__path", "objective_id", "id")
    )
    by_department: dict[int, dict] = {}
    for kr in key_results:
        department = kr.objective.department
        entry = by_department.setdefault(department.pk, {"department": department, "objectives": {}})
        entry["objectives"].setdefault(kr.objective_id, []).append(kr)
    reviews = []
    for entry in by_department.values():
        krs = [kr for group in entry["objectives"].values() for kr in group]
        progresses = [objective_progress(group) for group in entry["objectives"].values()]
        reviews.append(
            DepartmentReview(
                department=entry["department"],
                progress=(sum(progresses) / len(progresses)).quantize(Decimal("0.01")),
                key_result_count=len(krs),
                at_risk=[kr for kr in krs if kr.confidence in (Confidence.AT_RISK, Confidence.OFF_TRACK)],
                stale=[kr for kr in krs if kr.last_check_in_on is None or kr.last_check_in_on < stale_before],
            )
        )
    return reviews


def review_objectives(user, cycle):
    """Visible, not cancelled objectives of the cycle itself, each with its key results and,
    for keep-within ones only, the check-in values their score needs. A queryset, so that
    the review page paginates it; three queries per page whatever the number of objectives."""
    range_values = CheckIn.objects.filter(key_result__kind=KeyResultKind.RANGE).only("id", "key_result_id", "value")
    key_results = KeyResult.objects.order_by("id").prefetch_related(Prefetch("check_ins", queryset=range_values))
    return (
        objectives_for(user, cycle=cycle, related_cycles=False)
        .exclude(status=ObjectiveStatus.CANCELLED)
        .select_related("department", "owner")
        .prefetch_related(Prefetch("key_results", queryset=key_results))
        .alias(level_rank=LEVEL_RANK)
        .order_by("level_rank", "department__path", "title", "id")
    )


@dataclass
class GradedKeyResult:
    key_result: KeyResult
    suggested: Decimal  # what the numbers give
    score: Decimal  # the grade given, else the suggested one


@dataclass
class ObjectiveGrades:
    """An objective's grades read the usual way: committed expected at 1.0, aspirational at 0.7."""

    objective: Objective
    key_results: list[GradedKeyResult]
    score: Decimal
    expected: Decimal
    may_grade: bool = False  # set by the page for the user who reads it

    @property
    def meets_expectation(self) -> bool:
        return meets_expectation(self.score, self.objective.kind)

    @property
    def colour(self) -> str:
        return score_colour(self.score)


def grade_objectives(objectives) -> list[ObjectiveGrades]:
    """Each objective's key results with their suggested and given scores, and the objective's
    score: the stored one once the cycle is closed, else the weighted mean of its key results'."""
    sheet = []
    for objective in objectives:
        graded = []
        for kr in objective.key_results.all():
            suggested = suggested_score(
                kind=kr.kind,
                progress=kr.progress,
                lower=kr.lower,
                upper=kr.upper,
                range_values=[c.value for c in kr.check_ins.all()],
            )
            graded.append(GradedKeyResult(kr, suggested, kr.score if kr.score is not None else suggested))
        score = objective.score
        if score is None:
            score = objective_score((g.score, g.key_result.weight) for g in graded)
        sheet.append(ObjectiveGrades(objective, graded, score, expected_score(objective.kind)))
    return sheet


# --- A department's objectives on its cockpit (hospital.department_lists) -------------

# How little confidence an objective's key results give, least confident first: its worst
# key result's latest confidence (as worst_confidence), not yet checked in before on track.
CONFIDENCE_RANK = {Confidence.OFF_TRACK: 3, Confidence.AT_RISK: 2, "": 1, Confidence.ON_TRACK: 0}
_BY_RANK = {rank: confidence for confidence, rank in CONFIDENCE_RANK.items()}


@dataclass(frozen=True)
class DepartmentObjective:
    objective: Objective
    progress: Decimal
    confidence: str  # the worst latest confidence of its key results ('' without check-ins)

    @property
    def colour(self) -> str:
        return CONFIDENCE_COLOURS.get(self.confidence, "secondary")


def department_objectives(user, department, *, today: dt.date, limit: int = 5):
    """The user's visible open objectives of the department's subtree in the default cycle,
    least confident first, with their progress (weighted like objective_progress) and the
    number of all of them: ([DepartmentObjective], count) in one query."""
    worst = Coalesce(
        Max(
            Case(
                *(When(key_results__confidence=c, then=Value(r)) for c, r in CONFIDENCE_RANK.items() if c),
                output_field=IntegerField(),
            )
        ),
        Value(CONFIDENCE_RANK[""]),
    )
    weighted = ExpressionWrapper(
        F("key_results__progress") * F("key_results__weight"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    rows = (
        Objective.objects.visible_to(user)
        .open()
        .filter(
            cycle_id=default_cycle_id(today),
            level__in=DEPARTMENTAL_LEVELS,
            department__path__startswith=department.path,
        )
        .annotate(
            worst=worst,
            weighted_total=Sum(weighted),
            weight_total=Sum("key_results__weight"),
            total=Window(Count("pk")),
        )
        .select_related("department")
        .order_by("-worst", "department__path", "title", "pk")[:limit]
    )
    found, count = [], 0
    for objective in rows:
        count = objective.total
        progress = weighted_progress(
            [(objective.weighted_total / objective.weight_total, 1)] if objective.weight_total else []
        )
        found.append(DepartmentObjective(objective, progress, _BY_RANK[objective.worst]))
    return found, count
