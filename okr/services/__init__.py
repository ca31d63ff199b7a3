"""Every OKR write with a rule, by behaviour: cycles, objectives, key results, check-ins, reviews."""

from okr.services.check_ins import (
    CheckInBatchError,
    CheckInEntry,
    live_value,
    parse_value,
    record_check_in,
    record_check_ins,
    record_live_check_ins,
    send_check_in_reminders,
    week_of,
)
from okr.services.cycles import create_cycle, update_cycle
from okr.services.key_results import change_target, create_key_result, update_key_result
from okr.services.objectives import create_objective, update_objective
from okr.services.reviews import close_cycle, score_key_result, write_retrospective

__all__ = [
    "CheckInBatchError",
    "CheckInEntry",
    "change_target",
    "close_cycle",
    "create_cycle",
    "create_key_result",
    "create_objective",
    "live_value",
    "parse_value",
    "record_check_in",
    "record_check_ins",
    "record_live_check_ins",
    "score_key_result",
    "send_check_in_reminders",
    "update_cycle",
    "update_key_result",
    "update_objective",
    "week_of",
    "write_retrospective",
]
