"""Solve one instance of the public shift-scheduling benchmark (Curtois & Qu format).

    python manage.py roster_benchmark Instance1.txt --time-limit 60 --workers 2 --solution out.csv

Prints the penalty of the roster found (re-scored by the independent checker) and writes the
roster as CSV lines `employee,day,shift` (days off absent).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from staffing.solver import RulesCannotBeMet, solve
from staffing.solver.benchmark import BenchmarkFormatError, read_instance, roster_csv, to_problem
from staffing.solver.checker import check_benchmark


class Command(BaseCommand):
    help = "Solve one shift-scheduling benchmark instance and write its roster as CSV."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds, model building included")
        parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (threads)")
        parser.add_argument("--solution", type=Path, help="where to write employee,day,shift lines")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--cpu-time",
            action="store_true",
            help="count the time limit in CPU seconds per worker, not wall-clock (for a busy machine)",
        )

    def handle(self, *args, **options):
        try:
            instance = read_instance(options["path"])
        except (OSError, BenchmarkFormatError) as error:
            raise CommandError(f"cannot read {options['path']}: {error}") from error
        if options["time_limit"] <= 0 or options["workers"] < 1:
            raise CommandError("--time-limit must be positive and --workers at least 1")
        try:
            solution = solve(
                to_problem(instance),
                time_limit=options["time_limit"],
                workers=options["workers"],
                seed=options["seed"],
                cpu_time=options["cpu_time"],
            )
        except RulesCannotBeMet as error:
            raise CommandError(str(error)) from error
        report = check_benchmark(instance, solution.assignments())
        if report.violations:
            raise CommandError("the roster breaks hard rules: " + "; ".join(report.violations[:5]))
        if options["solution"]:
            options["solution"].write_text(roster_csv(solution.roster))
        self.stdout.write(str(report.penalty))
        if options["verbosity"] > 1:
            for line in solution.log:
                self.stdout.write(line)
            for rule, amount in solution.by_rule.items():
                if amount:
                    self.stdout.write(f"{rule}: {amount}")
