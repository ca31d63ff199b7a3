"""The solver on small hospital wards built by hand: every hard rule holds (checked by the
independent checker), leave and expired certifications are respected, a request that costs
nothing is honoured, and impossible coverage comes back as shortfalls in words."""

import datetime

import pytest

from staffing.solver import Cover, Employee, Problem, RulesCannotBeMet, ShiftRequest, ShiftType, Weights, solve
from staffing.solver.checker import check_problem

A = ShiftType("A", 480, name="Day", start_minute=8 * 60)
P = ShiftType("P", 480, name="Evening", start_minute=16 * 60)
N = ShiftType("N", 480, name="Night", start_minute=24 * 60, is_night=True)  # 00:00-08:00 of the next day


def nurse(name: str, **rules) -> Employee:
    defaults = {"max_consecutive_days": 5, "max_consecutive_nights": 3, "max_minutes": 12 * 480, "min_free_weekends": 1}
    return Employee(id=name, **{**defaults, **rules})


def ward(employees, *, covers=None, requests=(), days=14, weights=Weights(night_fairness=5, split_weekend=3)):
    if covers is None:
        covers = tuple(Cover(day=d, shift=s, minimum=1, preferred=2) for d in range(days) for s in "APN")
    return Problem(
        days=days,
        shift_types=(A, P, N),
        employees=tuple(employees),
        covers=tuple(covers),
        requests=tuple(requests),
        weights=weights,
        min_rest_minutes=11 * 60,
        start_date=datetime.date(2025, 1, 13),  # a Monday
        name="ICU",
    )


def solved(problem, seconds=1.5):
    solution = solve(problem, time_limit=seconds, workers=2, seed=1)
    report = check_problem(problem, solution.assignments())
    assert report.violations == []
    assert report.penalty == solution.penalty
    return solution


def test_every_hard_rule_holds_on_a_generated_roster():
    people = [nurse(f"N{i}") for i in range(7)]
    people[0] = nurse("N0", unavailable_days=frozenset({2, 3, 4}))
    people[1] = nurse("N1", max_shifts_per_type={"N": 0})
    solution = solved(ward(people))
    assert all(solution.roster["N0"][d] is None for d in (2, 3, 4))
    assert "N" not in solution.roster["N1"]
    assert solution.shortfalls == []
    assert sum(solution.by_rule.values()) == solution.penalty


def test_the_previous_rosters_last_days_forbid_only_what_the_rules_forbid():
    # Nia ended the previous roster with three nights (at most three): a fourth is refused, a
    # day shift is not. Lee's last shift leaves too little rest for a day shift, not for a
    # night. Ted has worked five days in a row (at most five): the first day must be off.
    people = [
        nurse("Nia", worked_before=3, nights_before=3, shift_before="N"),
        nurse("Lee", worked_before=1, shift_before="P", forbidden_shifts={0: frozenset({"A"})}),
        nurse("Ted", worked_before=5, shift_before="A"),
    ]
    covers = [Cover(day=0, shift="A", minimum=1), Cover(day=0, shift="N", minimum=1)]
    solution = solved(ward(people, covers=covers, days=7))
    assert solution.penalty == 0
    assert [solution.roster[name][0] for name in ("Nia", "Lee", "Ted")] == ["A", "N", None]


def test_rest_time_forbids_an_evening_before_a_day_shift():
    # P ends at 24:00, A starts at 08:00: 8 hours of rest, below 11. N (00:00) after A is fine.
    problem = ward([nurse("X")], covers=[])
    assert ("P", "A") in problem.forbidden_successions()
    assert ("N", "A") in problem.forbidden_successions()
    assert ("A", "N") not in problem.forbidden_successions()
    report = check_problem(problem, [("X", 0, "P"), ("X", 1, "A")])
    assert report.violations == ["X: 8 h rest before day 1"]


def test_an_expired_certification_never_fills_a_skill_slot():
    # Only Li holds ICU, and her certification expires on day 3: from then on, the ICU night
    # is short, whoever works it.
    people = [
        nurse("Li", skills={"ICU": 3}),
        nurse("Wang", skills={"ICU": None}, unavailable_days=frozenset(range(3, 7))),
        nurse("Zhao"),
    ]
    covers = [Cover(day=d, shift="N", minimum=1, skill="ICU") for d in range(7)]
    solution = solved(ward(people, covers=covers, days=7, weights=Weights()), seconds=1.0)
    short_days = sorted(s.day for s in solution.shortfalls)
    assert short_days == [3, 4, 5, 6]
    assert solution.shortfalls[0].message == "ICU, Thu 16 Jan, Night: 0 of 1 with skill ICU"
    assert solution.by_rule["cover_under_minimum"] == 4 * Weights().under_minimum


def test_impossible_coverage_returns_the_best_roster_and_shortfalls_in_words():
    people = [nurse("Chen"), nurse("Liu")]
    covers = [Cover(day=1, shift="N", minimum=3)]
    solution = solved(ward(people, covers=covers, days=7, weights=Weights()), seconds=1.0)
    assert [s.message for s in solution.shortfalls] == ["ICU, Tue 14 Jan, Night: 2 of 3"]
    assert solution.roster["Chen"][1] == "N" and solution.roster["Liu"][1] == "N"


def test_a_request_is_honoured_when_it_costs_nothing():
    people = [nurse(name, min_free_weekends=0) for name in ("Chen", "Liu", "Sun")]
    covers = [Cover(day=d, shift="A", minimum=1) for d in range(7)]
    requests = [
        ShiftRequest("Chen", 2, "A", 2, on=True),
        ShiftRequest("Liu", 4, None, 2, on=False),
        ShiftRequest("Sun", 5, "A", 1, on=False),
    ]
    solution = solved(ward(people, covers=covers, requests=requests, days=7, weights=Weights()), seconds=1.0)
    assert solution.roster["Chen"][2] == "A"
    assert solution.roster["Liu"][4] is None
    assert solution.roster["Sun"][5] != "A"
    assert solution.penalty == 0


def test_nights_are_spread_fairly():
    people = [nurse(f"N{i}") for i in range(4)]
    covers = [Cover(day=d, shift="N", minimum=1) for d in range(8)]
    solution = solved(ward(people, covers=covers, days=8, weights=Weights(night_fairness=10)), seconds=1.0)
    nights = [solution.roster[p.id].count("N") for p in people]
    assert max(nights) - min(nights) == 0


def test_rules_that_admit_no_roster_are_named():
    # 3 days of leave out of 7 leave 4 days: 5 shifts are impossible.
    people = [nurse("Zhou", unavailable_days=frozenset({0, 1, 2}), min_shifts=5)]
    with pytest.raises(RulesCannotBeMet, match="Zhou"):
        solve(ward(people, covers=[], days=7), time_limit=1.0)


def test_progress_reports_each_better_roster():
    people = [nurse(f"N{i}") for i in range(5)]
    seen = []
    solution = solve(ward(people), time_limit=1.0, workers=1, progress=lambda elapsed, penalty: seen.append(penalty))
    assert seen, "at least the first roster is reported"
    assert seen == sorted(seen, reverse=True)
    assert seen[-1] >= solution.penalty
