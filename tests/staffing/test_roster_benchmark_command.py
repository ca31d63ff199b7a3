"""`manage.py roster_benchmark` solves a file, prints the checked penalty and writes the roster."""

import io

import pytest
from django.core.management import CommandError, call_command

from staffing.solver.benchmark import parse_instance, parse_roster_csv
from staffing.solver.checker import check_benchmark
from tests.staffing.test_benchmark_checker import TINY


@pytest.mark.parametrize("clock", [[], ["--cpu-time"]], ids=["wall-clock", "cpu-time"])
def test_command_prints_the_penalty_and_writes_the_roster(tmp_path, clock):
    instance_file = tmp_path / "tiny.txt"
    instance_file.write_text(TINY)
    solution_file = tmp_path / "roster.csv"
    out = io.StringIO()
    call_command(
        "roster_benchmark",
        str(instance_file),
        "--time-limit",
        "1",
        "--workers",
        "1",
        "--solution",
        str(solution_file),
        *clock,
        stdout=out,
    )
    instance = parse_instance(TINY)
    roster = parse_roster_csv(solution_file.read_text(), instance)
    assignments = [(e, d, s) for e, line in roster.items() for d, s in enumerate(line) if s]
    report = check_benchmark(instance, assignments)
    assert report.violations == []
    assert out.getvalue().split()[0] == str(report.penalty)
    # Only A may work L, and E may not follow L: either the L on day 1 or the second E on
    # day 2 stays uncovered (100); everything else can be met. The optimum is 100.
    assert report.penalty == 100


def test_an_unreadable_file_is_refused_with_its_reason(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("SECTION_HORIZON\n14\n")
    with pytest.raises(CommandError, match="missing sections"):
        call_command("roster_benchmark", str(broken), "--time-limit", "1")
