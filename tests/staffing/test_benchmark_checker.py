"""The independent checker scores a tiny hand-written instance as computed by hand, and finds
every kind of hard violation."""

from staffing.solver.benchmark import parse_instance, parse_roster_csv, roster_csv
from staffing.solver.checker import check_benchmark

# 2 weeks, 2 shift types (L cannot be followed by E), 2 people.
TINY = """\
# comment\r
SECTION_HORIZON\r
14\r
\r
SECTION_SHIFTS\r
E,480,\r
L,600,E\r
\r
SECTION_STAFF\r
A,E=14|L=14,6000,2880,4,2,2,1\r
B,E=14|L=0,6000,0,5,1,1,2\r
\r
SECTION_DAYS_OFF\r
A,6,7\r
\r
SECTION_SHIFT_ON_REQUESTS\r
A,0,E,2\r
B,3,E,3\r
\r
SECTION_SHIFT_OFF_REQUESTS\r
A,1,L,1\r
B,0,E,2\r
\r
SECTION_COVER\r
0,E,1,100,1\r
1,L,1,100,1\r
2,E,2,100,1\r
"""


def tiny():
    return parse_instance(TINY, name="tiny")


def test_reader_keeps_every_field_and_strips_carriage_returns():
    instance = tiny()
    assert instance.horizon == 14
    assert [(s.id, s.minutes, s.cannot_follow) for s in instance.shifts] == [("E", 480, ()), ("L", 600, ("E",))]
    a = instance.staff[0]
    assert (
        a.max_shifts,
        a.max_minutes,
        a.min_minutes,
        a.max_consecutive,
        a.min_consecutive,
        a.min_consecutive_off,
        a.max_weekends,
    ) == ({"E": 14, "L": 14}, 6000, 2880, 4, 2, 2, 1)
    assert instance.days_off == {"A": {6, 7}}
    assert len(instance.on_requests) == 2 and len(instance.off_requests) == 2 and len(instance.cover) == 3


def test_objective_as_computed_by_hand():
    # A works E on days 0-3 and L on days 8-9 (6 shifts, 3120 minutes); B works E on day 0.
    assignments = [("A", d, "E") for d in range(4)] + [("A", 8, "L"), ("A", 9, "L"), ("B", 0, "E")]
    report = check_benchmark(tiny(), assignments)
    assert report.violations == []
    # on-requests: A,0,E met; B,3,E unmet -> 3.  off-requests: A,1,L not hit; B,0,E hit -> 2.
    # cover: day 0 E has 2 of 1 -> over 1; day 1 L has 0 of 1 -> under 100; day 2 E 1 of 2 -> under 100.
    # every other (day, shift) has no row, so costs nothing.
    assert report.by_rule == {"shift_on_request": 3, "shift_off_request": 2, "cover_under": 200, "cover_over": 1}
    assert report.penalty == 206


def test_each_hard_rule_is_checked():
    instance = tiny()
    assignments = [
        ("A", 0, "L"),
        ("A", 1, "E"),  # E after L
        ("A", 2, "E"),
        ("A", 3, "E"),
        ("A", 4, "E"),  # 5 in a row, at most 4
        ("A", 6, "E"),  # on a day off; a run of 1 inside the horizon (min 2); a 1-day break (min 2)
        ("B", 2, "L"),  # L is forbidden for B (max 0)
        ("B", 5, "E"),
        ("B", 12, "E"),
        ("B", 13, "E"),
        ("B", 19, "E"),  # 2 weekends is fine; day 19 is outside
        ("A", 12, "E"),
        ("A", 12, "L"),  # two shifts a day, second weekend for A (max 1)
    ]
    text = " | ".join(check_benchmark(instance, assignments).violations)
    for expected in (
        "E after L",
        "5 working days in a row",
        "works on day off 6",
        "only 1 working days",
        "only 1 days off",
        "shifts L, at most 0",
        "outside the horizon",
        "two shifts on day 12",
        "weekends worked, at most 1",
    ):
        assert expected in text, expected
    assert check_benchmark(instance, []).violations == ["A: 0 minutes outside [2880, 6000]"]


def test_short_runs_at_the_edges_are_allowed():
    # B: min 1 run; A: min 2 working, min 2 off; single days at day 0 and day 13 are exempt.
    instance = tiny()
    assignments = [("A", 0, "E")] + [("A", d, "E") for d in range(2, 5)] + [("A", d, "E") for d in range(10, 14)]
    violations = check_benchmark(instance, assignments).violations
    # day 0 alone is a run touching the edge; day 1 off alone is a 1-day break inside: refused.
    assert violations == ["A: only 1 days off in a row from day 1"]


def test_solution_file_round_trip():
    instance = tiny()
    roster = {"A": ["E", None] + [None] * 12, "B": [None] * 13 + ["E"]}
    text = roster_csv(roster)
    assert text == "A,0,E\nB,13,E\n"
    assert parse_roster_csv(text, instance) == roster
