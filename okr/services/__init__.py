"""Every OKR write with a rule, by behaviour: planning, check-ins, reviews."""

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
from okr.services.planning import change_target, ensure_cycle_open, save_cycle, save_key_result, save_objective
from okr.services.reviews import close_cycle, score_key_result, suggested_score, write_retrospective

__all__ = [
    "CheckInBatchError",
    "CheckInEntry",
    "change_target",
    "close_cycle",
    "ensure_cycle_open",
    "live_value",
    "parse_value",
    "record_check_in",
    "record_check_ins",
    "record_live_check_ins",
    "save_cycle",
    "save_key_result",
    "save_objective",
    "score_key_result",
    "send_check_in_reminders",
    "suggested_score",
    "week_of",
    "write_retrospective",
]
