"""The solver's model and search, below `solve`: what the linear relaxation sees, and the parts
the large-neighbourhood search frees."""

from dataclasses import replace

from ortools.sat.python import cp_model

from staffing.solver import Cover, Employee, Problem, ShiftType, Weights
from staffing.solver.compiled import OFF, Compiled
from staffing.solver.model import build
from staffing.solver.search import _Search

D = ShiftType("D", 480)
L = ShiftType("L", 480)


def weekend_ward(people: int) -> Problem:
    """Four weeks, two shift types, two people wanted on each shift of a weekend day and none on
    weekdays; each person may work one weekend: 8 people cover 16 of the 32 weekend places."""
    return Problem(
        days=28,
        shift_types=(D, L),
        employees=tuple(Employee(id=f"E{i}", max_weekends=1) for i in range(people)),
        covers=tuple(Cover(day=d, shift=s, minimum=2 if d % 7 >= 5 else 0) for d in range(28) for s in ("D", "L")),
        weights=Weights(under_minimum=100, under_preferred=0),
    )


def test_the_weekend_limit_bounds_coverage_in_the_linear_relaxation():
    # 16 weekend places cannot be filled: 1600. Before any search (no conflict yet), the bound
    # comes from the linear relaxation; it sees the weekend limit only through the row of
    # weekend days worked (the weekend literals are turned into clauses by the presolve).
    compiled = Compiled(weekend_ward(8))
    part = build(compiled, compiled.empty_grid(), range(8), 0, 28)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_number_of_conflicts = 0
    solver.solve(part.model)
    assert solver.best_objective_bound >= 1600


def test_a_whole_horizon_part_frees_people_who_could_fill_a_missing_shift():
    problem = weekend_ward(8)
    search = _Search(problem, time_limit=5, workers=1, seed=3, progress=None, full_model=False)
    c = search.compiled
    search.grid = c.empty_grid()
    for e in range(4):  # four people work every day shift of weeks 1 and 2; the rest is short
        for d in range(14):
            search.grid[e][d] = c.shift_index["D"]
    for _ in range(20):
        employees, first, last = search.focused(3 * 28, whole=True)
        assert (first, last) == (0, 28)
        assert len(employees) == 3
        # at least one of them is off on some short weekend day, so could fill it
        short_days = [d for d in range(28) if d % 7 >= 5]
        assert any(search.grid[e][d] == OFF for e in employees for d in short_days)


def test_a_part_may_free_chosen_days_only():
    # Everyone free on the weekends only: the weekdays keep what they had, the weekends are
    # filled up to each person's one weekend (8 people x 1 weekend x 2 days x 1 shift).
    problem = weekend_ward(8)
    compiled = Compiled(problem)
    grid = compiled.empty_grid()
    grid[0][1] = compiled.shift_index["L"]  # a Tuesday shift outside the part
    weekend_days = frozenset(d for d in range(28) if d % 7 >= 5)
    part = build(compiled, grid, range(8), 0, 28, only_days=weekend_days)
    assert {d for (_e, d, _s) in part.x} == weekend_days
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(part.model) == cp_model.OPTIMAL
    new = part.read(solver, grid)
    assert new[0][1] == compiled.shift_index["L"]
    assert all(new[e][d] == OFF for e in range(8) for d in range(28) if d not in weekend_days and (e, d) != (0, 1))
    worked = sum(1 for e in range(8) for d in weekend_days if new[e][d] != OFF)
    assert worked == 16


def test_a_weekends_part_frees_the_weekends_of_many_people():
    search = _Search(weekend_ward(8), time_limit=5, workers=1, seed=3, progress=None, full_model=False)
    search.grid = search.compiled.empty_grid()
    weekend_days = {d for d in range(28) if d % 7 >= 5}
    fridays_and_mondays = {d for d in range(28) if d % 7 in (0, 4)}
    widened = 0
    for _ in range(40):
        part = search.neighbourhood("weekends", 6 * 10)
        assert weekend_days <= part.only_days
        assert (part.first, part.last) == (min(part.only_days), max(part.only_days) + 1)
        assert len(part.employees) == max(2, round(60 / len(part.only_days)))
        assert part.lines == ()
        # every weekend is short here: sometimes the days around one of them come too
        widened += not part.only_days <= weekend_days | fridays_and_mondays
    assert 0 < widened < 40
    search.short_rows = list  # nothing short: the weekends and some Fridays and Mondays only
    for _ in range(20):
        part = search.neighbourhood("weekends", 6 * 10)
        assert weekend_days <= part.only_days <= weekend_days | fridays_and_mondays


def test_a_trade_frees_the_whole_lines_of_people_with_a_weekend_or_hours_to_spare():
    # E0 has worked their one weekend, E1 has all their hours (at most 3 shifts): a trade
    # frees E1's line for the weekend to spare, E0's for the hours, or anyone else's.
    people = tuple(Employee(id=f"E{i}", max_weekends=1, max_shifts=3) for i in range(3))
    search = _Search(
        replace(weekend_ward(3), employees=people), time_limit=5, workers=1, seed=3, progress=None, full_model=False
    )
    c = search.compiled
    search.grid = c.empty_grid()
    search.grid[0][5] = search.grid[0][6] = c.shift_index["D"]
    for d in (1, 2, 3):
        search.grid[1][d] = c.shift_index["L"]
    seen = set()
    for _ in range(30):
        part = search.neighbourhood("trades", 100)
        assert 1 <= len(part.lines) <= 2
        seen.update(part.lines)
        assert set(part.lines) <= {0, 1, 2}
    assert seen == {0, 1, 2}
    for _ in range(30):
        assert search.trade_lines() in ((0, 1), (0, 2), (1, 2), (2,))
    # the model frees the whole lines and the weekends of the others
    part = search.neighbourhood("trades", 100)
    model = build(c, search.grid, part.employees, part.first, part.last, only_days=part.only_days, lines=part.lines)
    for e in part.lines:
        assert all(e in model.free_days and d in model.free_days[e] for d in range(28))


def test_around_a_missing_shift_people_with_room_for_it_come_first():
    # Four people may work one weekend; E0-E2 have used theirs, E3 has not. A part around a
    # missing weekend shift takes E3 before the others who are idle that day.
    problem = weekend_ward(4)
    search = _Search(problem, time_limit=5, workers=1, seed=3, progress=None, full_model=False)
    c = search.compiled
    search.grid = c.empty_grid()
    for e in range(3):
        search.grid[e][5] = search.grid[e][6] = c.shift_index["D"]
    assert search.room(0, 12, c.shift_index["D"]) == 0
    search.grid[0][6] = OFF
    assert search.room(0, 6, c.shift_index["L"]) == 2  # the weekend already worked
    search.grid[0][6] = c.shift_index["D"]
    assert search.room(3, 12, c.shift_index["D"]) == 2
    for _ in range(10):
        employees, *_ = search.focused(2 * 7)
        assert 3 in employees


def test_a_part_gets_more_time_after_spells_without_a_better_roster():
    search = _Search(weekend_ward(4), time_limit=60, workers=1, seed=3, progress=None, full_model=False)
    search.improved_at = search.clock()
    assert search.current_part_limit() == search.part_limit
    search.improved_at -= 3.5  # one spell: 5% of the time limit, at least 2 s
    assert search.current_part_limit() == 2 * search.part_limit
    search.improved_at -= 100  # at most four times the start
    assert search.current_part_limit() == 4 * search.part_limit
