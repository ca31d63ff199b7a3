"""The roster solver: plain data in (`Problem`), plain data out (`Solution`). No Django."""

from .construction import RulesCannotBeMet
from .problem import Cover, Employee, Problem, Roster, ShiftRequest, ShiftType, Shortfall, Solution, Weights
from .search import solve

__all__ = [
    "Cover",
    "Employee",
    "Problem",
    "Roster",
    "RulesCannotBeMet",
    "ShiftRequest",
    "ShiftType",
    "Shortfall",
    "Solution",
    "Weights",
    "solve",
]
