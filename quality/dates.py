"""Working days for due dates and overdue alerts (Monday to Friday; public holidays
are not known to the app, so a due date may fall on one)."""

import datetime as dt


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    full_weeks, extra = divmod((end - start).days, 7)
    count = full_weeks * 5
    for offset in range(1, extra + 1):
        if (start + dt.timedelta(days=full_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    next_month = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)
