"""The first roster: the greedy's lines and the CP-SAT fallback keep every hard rule, as the
independent checker sees it, on a ward with tight contracts."""

import random
import time

from staffing.solver import Cover, Employee, Problem, ShiftType, Weights
from staffing.solver.checker import check_problem
from staffing.solver.compiled import OFF, Compiled
from staffing.solver.greedy import LineBuilder, line_is_valid
from staffing.solver.moves import improve_by_moves
from staffing.solver.penalty import score
from staffing.solver.search import _Search

SHIFTS = (
    ShiftType("E", 480, cannot_be_followed_by=frozenset()),
    ShiftType("L", 600, cannot_be_followed_by=frozenset({"E"})),
    ShiftType("N", 720, is_night=True, cannot_be_followed_by=frozenset({"E", "L"})),
)


def tight_ward(days=56, people=6) -> Problem:
    employees = tuple(
        Employee(
            id=f"P{i}",
            unavailable_days=frozenset({(5 * i + k) % days for k in range(3)}),
            max_shifts_per_type={"N": 6 + i},
            min_minutes=30 * 480,
            max_minutes=30 * 480 + 720,
            max_consecutive_days=5,
            min_consecutive_days=2,
            min_consecutive_days_off=2,
            max_consecutive_nights=3,
            max_weekends=days // 14,
        )
        for i in range(people)
    )
    covers = tuple(Cover(day=d, shift=s, minimum=1) for d in range(days) for s in "ELN")
    return Problem(days=days, shift_types=SHIFTS, employees=employees, covers=covers, weights=Weights())


def test_greedy_lines_keep_every_hard_rule():
    problem = tight_ward()
    compiled = Compiled(problem)
    builder = LineBuilder(compiled, random.Random(0))
    value = [[1.0] * 3 for _ in range(problem.days)]
    built = 0
    for e in range(len(problem.employees)):
        line = builder.build(e, value, 0.5)
        if line is None:
            continue
        built += 1
        assert line_is_valid(compiled, e, line)
        assignments = [(problem.employees[e].id, d, compiled.codes[s]) for d, s in enumerate(line) if s != OFF]
        others = [emp.id for i, emp in enumerate(problem.employees) if i != e]
        violations = check_problem(problem, assignments).violations
        # Only the other (empty) people's contracts are broken.
        assert all(v.split(":")[0] in others for v in violations), violations
    assert built >= 4


def test_the_first_roster_keeps_every_hard_rule():
    problem = tight_ward()
    search = _Search(problem, 2.0, 1, 0, None, False)
    grid = search.construct(search.compiled.empty_grid())
    roster = search.compiled.to_roster(grid)
    assignments = [(e, d, s) for e, line in roster.items() for d, s in enumerate(line) if s]
    assert check_problem(problem, assignments).violations == []


def test_quick_moves_lower_the_penalty_and_keep_every_hard_rule():
    problem = tight_ward()
    search = _Search(problem, 2.0, 1, 0, None, False)
    grid = search.construct(search.compiled.empty_grid())
    before = score(search.compiled, grid).total
    moved = improve_by_moves(search.compiled, grid, time.monotonic() + 5)
    after = score(search.compiled, moved).total
    assert after <= before
    roster = search.compiled.to_roster(moved)
    report = check_problem(problem, [(e, d, s) for e, line in roster.items() for d, s in enumerate(line) if s])
    assert report.violations == []
    assert report.penalty == after
