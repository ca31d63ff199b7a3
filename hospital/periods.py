"""Calendar arithmetic every app shares: months, reporting periods, working days.

Pure functions of dates, no database: metrics, alerts, due dates and plans
(monthly maintenance, roster weeks) all count days the same way.
"""

import calendar
import datetime as dt

Period = tuple[dt.date, dt.date]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int, *, anchor_day: int | None = None) -> dt.date:
    """The same day `months` later (or earlier), kept within the month.

    `anchor_day` is the day of the month a recurring date belongs to: Jan 31 +1
    month is Feb 28, and Feb 28 +1 month with anchor 31 is Mar 31 again.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    wanted = anchor_day or day.day
    return dt.date(year, month + 1, min(wanted, calendar.monthrange(year, month + 1)[1]))


def month_periods(today: dt.date, months: int = 12) -> list[Period]:
    """The last `months` calendar months, oldest first; the last one ends today."""
    first = month_start(today)
    periods = []
    for back in range(months - 1, -1, -1):
        start = add_months(first, -back)
        periods.append((start, min(month_end(start), today)))
    return periods


def last_complete_month(today: dt.date) -> Period:
    """The calendar month before the one `today` is in."""
    start = add_months(month_start(today), -1)
    return start, month_end(start)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday to Friday) after `start`.

    Public holidays are not known to the app, so a due date may fall on one.
    """
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
