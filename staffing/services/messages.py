"""The roster rules' findings in the reader's language.

The solver's checker (staffing.solver.checker) knows no Django: each finding it returns is a
rule code with its numbers and codes (`Flag.rule`, `Flag.params`). Here they become
sentences through gettext, with people's names, shift and skill names and localised dates;
the solver's coverage shortfalls are kept on the roster as plain data and said here too, at
the moment a page or the API shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


def day_label(date: dt.date) -> str:
    """A short day in the active language: "Fri 5 Mar", "3月5日 周五"."""
    return dateformat.format(date, pgettext("short day in a roster message", "D j M"))


def shortfall_text(*, department: str, date: dt.date, shift: str, assigned: int, required: int, skill: str = "") -> str:
    values = {
        "department": department,
        "day": day_label(date),
        "shift": shift,
        "assigned": assigned,
        "required": required,
        "skill": skill,
    }
    if skill:
        return _("%(department)s, %(day)s, %(shift)s: %(assigned)s of %(required)s with skill %(skill)s") % values
    return _("%(department)s, %(day)s, %(shift)s: %(assigned)s of %(required)s") % values


def _hours(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes / 60:g}"


def _bounds(minimum, maximum, unit: Callable = str) -> str:
    if maximum is None:
        return _("at least %s") % unit(minimum)
    if not minimum:
        return _("at most %s") % unit(maximum)
    return _("%(minimum)s to %(maximum)s") % {"minimum": unit(minimum), "maximum": unit(maximum)}


def _rule_text(rule: str, v: Mapping) -> str | None:  # noqa: C901 - one sentence per rule
    count = v.get("count") or 0
    if rule == "one_shift_a_day":
        return _("two shifts on %(day)s") % v
    if rule == "unknown_shift":
        return _("shift %(shift)s is not used by this department") % v
    if rule == "unknown_employee":
        return _("someone not on this roster is assigned (%(employee)s)") % v
    if rule == "outside_horizon":
        return _("a shift outside the roster's days")
    if rule == "leave":
        return _("works on %(day)s during approved leave") % v
    if rule == "after_previous_roster":
        return _("%(shift)s on %(day)s is too soon after %(previous)s on the last day of the previous roster") % v
    if rule == "succession":
        return _("%(second)s on %(day)s may not follow %(first)s") % v
    if rule == "rest":
        return _("%(hours)s h rest before %(day)s, at least %(limit)s h") % v
    if rule == "shifts_of_type":
        return (
            ngettext(
                "%(count)s shift %(shift)s, at most %(limit)s", "%(count)s shifts %(shift)s, at most %(limit)s", count
            )
            % v
        )
    if rule == "contract_hours":
        return _("%(hours)s hours, the contract allows %(bounds)s") % {
            "hours": _hours(v["minutes"]),
            "bounds": _bounds(v["minimum"], v["maximum"], lambda m: _hours(m)),
        }
    if rule == "contract_shifts":
        return ngettext(
            "%(count)s shift, the contract allows %(bounds)s", "%(count)s shifts, the contract allows %(bounds)s", count
        ) % {"count": count, "bounds": _bounds(v["minimum"], v["maximum"])}
    if rule == "max_consecutive_days":
        return _("%(count)s working days in a row from %(start)s, at most %(limit)s") % v
    if rule == "min_consecutive_days":
        return (
            ngettext(
                "only %(count)s working day in a row from %(start)s, at least %(limit)s",
                "only %(count)s working days in a row from %(start)s, at least %(limit)s",
                count,
            )
            % v
        )
    if rule == "min_consecutive_days_off":
        return (
            ngettext(
                "only %(count)s day off in a row from %(start)s, at least %(limit)s",
                "only %(count)s days off in a row from %(start)s, at least %(limit)s",
                count,
            )
            % v
        )
    if rule == "max_consecutive_nights":
        return _("%(count)s nights in a row from %(start)s, at most %(limit)s") % v
    if rule == "max_weekends":
        return (
            ngettext(
                "%(count)s weekend worked, at most %(limit)s", "%(count)s weekends worked, at most %(limit)s", count
            )
            % v
        )
    if rule == "min_free_weekends":
        return (
            ngettext("%(count)s free weekend, at least %(limit)s", "%(count)s free weekends, at least %(limit)s", count)
            % v
        )
    if rule == "shift_on_request":
        if v.get("shift"):
            return _("asked to work %(shift)s on %(day)s") % v
        return _("asked to work on %(day)s") % v
    if rule == "shift_off_request":
        if v.get("shift"):
            return _("asked not to work %(shift)s on %(day)s") % v
        return _("asked for %(day)s off") % v
    return None


class Wording:
    """Says the findings of one roster's check: `bundle` is its RosterProblem."""

    def __init__(self, bundle) -> None:
        self.bundle = bundle

    def shift(self, code: str | None) -> str:
        return self.bundle.shift_names.get(code, code) if code else ""

    def day(self, day: int | None) -> str:
        return "" if day is None else day_label(self.bundle.date_of(day))

    def person(self, employee: str | None) -> str:
        person = self.bundle.people.get(employee) if employee else None
        return str(person) if person else (employee or "")

    def __call__(self, flag) -> str:
        """The finding as a sentence; a finding about one person starts with their name."""
        p = dict(flag.params)
        if flag.rule == "cover_under_minimum":
            return shortfall_text(
                department=self.bundle.roster.department.name,
                date=self.bundle.date_of(flag.day),
                shift=self.shift(p["shift"]),
                assigned=p["assigned"],
                required=p["required"],
                skill=self.bundle.skill_names.get(p["skill"], p["skill"]) if p.get("skill") else "",
            )
        values = {**p, "day": self.day(flag.day), "start": self.day(p.get("start"))}
        for key in ("shift", "first", "second", "previous"):
            if key in p:
                values[key] = self.shift(p[key])
        text = _rule_text(flag.rule, values)
        if text is None:
            return flag.message
        if flag.employee is None or flag.rule == "unknown_employee":
            return text
        return _("%(person)s: %(finding)s") % {"person": self.person(flag.employee), "finding": text}


def shortfall_record(bundle, shortfall) -> dict:
    """A solver's shortfall as kept on the roster (staffing.models.Roster.shortfalls): plain
    data with the names as they were, said in the reader's language by `shortfall_texts`."""
    wording = Wording(bundle)
    return {
        "date": bundle.date_of(shortfall.day).isoformat(),
        "shift": wording.shift(shortfall.shift),
        "skill": bundle.skill_names.get(shortfall.skill, shortfall.skill) if shortfall.skill else "",
        "assigned": shortfall.assigned,
        "required": shortfall.required,
    }


def shortfall_texts(roster) -> list[str]:
    """The roster's recorded shortfalls in the active language (no query beyond the roster's
    department; a sentence recorded before they were kept as data is shown as written)."""
    texts = []
    for record in roster.shortfalls:
        if not isinstance(record, dict):
            texts.append(str(record))
            continue
        texts.append(
            shortfall_text(
                department=roster.department.name,
                date=dt.date.fromisoformat(record["date"]),
                shift=record["shift"],
                assigned=record["assigned"],
                required=record["required"],
                skill=record.get("skill", ""),
            )
        )
    return texts
