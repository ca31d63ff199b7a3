"""Column generation (`staffing/solver/columns.py`): the linear relaxation over people's lines,
its bound, and the rosters read from it, checked on worked examples and on the public
instances whose optimum is proven."""

import time

import pytest

from staffing.solver import Employee, Problem, ShiftRequest, Weights, solve
from staffing.solver.benchmark import read_instance, to_problem
from staffing.solver.checker import check_benchmark
from staffing.solver.columns import ColumnGeneration, applies
from staffing.solver.compiled import OFF, Compiled
from staffing.solver.penalty import line_penalty, score
from staffing.solver.search import _Search
from tests.staffing.benchmarks import require_benchmarks
from tests.staffing.test_solver_model import D, L, weekend_ward


def converged(problem: Problem) -> ColumnGeneration:
    compiled = Compiled(problem)
    relaxation = ColumnGeneration(compiled, workers=2)
    relaxation.add_grid(compiled.empty_grid())
    assert relaxation.converge(time.monotonic() + 60)
    return relaxation


def test_the_relaxation_of_the_weekend_ward_is_its_optimum_and_so_is_its_bound():
    relaxation = converged(weekend_ward(8))
    try:
        assert relaxation.value == pytest.approx(1600)
        assert 1599 < relaxation.bound <= 1600 + 1e-6
    finally:
        relaxation.close()


def test_a_request_costs_a_line_what_the_scorer_charges_it():
    problem = Problem(
        days=7,
        shift_types=(D, L),
        employees=(Employee(id="A"),),
        requests=(
            ShiftRequest("A", 0, "D", 3, on=True),
            ShiftRequest("A", 1, None, 2, on=False),
            ShiftRequest("A", 2, "L", 5, on=False),
        ),
        weights=Weights(split_weekend=4),
    )
    c = Compiled(problem)
    d, late = c.shift_index["D"], c.shift_index["L"]
    line = [late, d, late, OFF, OFF, d, OFF]  # misses the D on day 0, works days 1 and 2, splits the weekend
    assert line_penalty(c, 0, line) == 3 + 2 + 5 + 4
    assert score(c, [line]).by_employee["A"] == 3 + 2 + 5 + 4


def test_a_line_model_priced_again_forgets_the_old_prices():
    # Built once and re-priced every round (`LineModel.price`): a stale price would keep
    # pulling the person onto shifts the master no longer pays for.
    problem = Problem(days=7, shift_types=(D, L), employees=(Employee(id="A", max_shifts=3),))
    c = Compiled(problem)
    d, late = c.shift_index["D"], c.shift_index["L"]
    relaxation = ColumnGeneration(c, workers=1)
    try:
        first = relaxation.price(0, {(day, d): 10.0 for day in (0, 1, 2)}, limit=10)
        assert first.lines[-1] == (d, d, d, OFF, OFF, OFF, OFF)
        assert first.bound == pytest.approx(-30, abs=0.01)
        second = relaxation.price(0, {(day, late): 7.0 for day in (4, 5, 6)}, limit=10)
        assert second.lines[-1] == (OFF, OFF, OFF, OFF, late, late, late)
        assert second.bound == pytest.approx(-21, abs=0.01)
    finally:
        relaxation.close()


def test_the_round_time_is_estimated_from_the_first_people_priced():
    compiled = Compiled(weekend_ward(8))
    relaxation = ColumnGeneration(compiled, workers=2)
    try:
        relaxation.add_grid(compiled.empty_grid())
        assert 0 < relaxation.round_time(people=4) < 60
        assert [model is not None for model in relaxation.line_models] == [True] * 4 + [False] * 4
    finally:
        relaxation.close()


def test_a_relaxation_with_night_or_weekend_fairness_is_not_attempted():
    # The spread of nights spans people: a line alone cannot price it.
    assert applies(Compiled(weekend_ward(2)))
    fair = Problem(days=7, shift_types=(D,), employees=(Employee(id="A"),), weights=Weights(night_fairness=1))
    assert not applies(Compiled(fair))


def test_rounding_chooses_only_the_days_on_which_the_lines_in_use_differ():
    relaxation = converged(weekend_ward(8))
    try:
        rounded, split = relaxation.rounding()
        for e, weighted in enumerate(relaxation.weights()):
            lines = [line for line, _weight in weighted]
            for d in range(28):
                differ = len({line[d] for line in lines}) > 1
                assert differ == (d in split.get(e, ()))
            assert tuple(rounded[e]) in lines
    finally:
        relaxation.close()


def test_a_guided_part_frees_the_days_where_the_roster_parts_from_the_relaxation():
    search = _Search(weekend_ward(4), time_limit=5, workers=1, seed=1, progress=None, full_model=False)
    c = search.compiled
    d = c.shift_index["D"]
    search.grid = c.empty_grid()
    search.grid[0][5] = d  # person 0 works Saturday 5; the relaxation has them off on it
    search.guide = [[{OFF: 1.0} for _ in range(28)] for _ in range(4)]
    search.guide[1][12] = {OFF: 0.5, d: 0.5}  # person 1 split on day 12
    part = search.guided_part(100)
    assert part.cells == {0: [5], 1: [12]}


def test_the_bound_proves_the_weekend_ward_optimal_long_before_the_time_limit():
    began = time.monotonic()
    solution = solve(weekend_ward(8), time_limit=30, workers=2)
    assert solution.penalty == 1600
    assert solution.status == "optimal"
    assert time.monotonic() - began < 20


def test_instance_4_is_proven_optimal_by_the_relaxation():
    # Best known 1716, claimed optimal; the relaxation's bound reaches it, and the roster found
    # is re-scored by the independent checker.
    instance = read_instance(require_benchmarks() / "Instance4.txt")
    solution = solve(to_problem(instance), time_limit=40, workers=2)
    report = check_benchmark(instance, solution.assignments())
    assert report.violations == []
    assert report.penalty == solution.penalty == 1716
    assert solution.status == "optimal"
