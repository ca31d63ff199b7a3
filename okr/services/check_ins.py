"""Check-ins: typed by people (one key result, or a department's week at once) or
recorded every week from live data; and the alerts they raise."""

import datetime as dt
import logging
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospital import metric_registry
from hospital.errors import AccessDenied, DomainError
from hospital.models import Department, NotificationLevel
from hospital.services import notify
from okr import access
from okr.choices import DEPARTMENTAL_LEVELS
from okr.models import CheckIn, CheckInSource, Confidence, KeyResult, KeyResultKind
from okr.scoring import automatic_confidence, confidence_from_score, elapsed_share, key_result_progress
from okr.services.rules import ensure_cycle_open, ensure_objective_open

logger = logging.getLogger(__name__)

# A bound key result reads its metric over the four weeks ending on the check-in
# date: long enough for rates to be steady, short enough to show this month's change.
LIVE_WINDOW_DAYS = 28
DONE_WORDS = {"1", "done", "yes", "true", "y", "完成", "是"}
NOT_DONE_WORDS = {"0", "", "no", "false", "n", "not done", "未完成", "否"}


def week_of(day: dt.date) -> dt.date:
    """Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())


THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
VALUE_QUANTUM = Decimal("0.0001")  # CheckIn.value keeps four decimal places


def parse_value(key_result: KeyResult, raw) -> Decimal:
    """The check-in value as a Decimal; a clear DomainError for anything that is not one."""
    if key_result.kind == KeyResultKind.MILESTONE:
        text = str(raw if raw is not None else "").strip().lower()
        if text in DONE_WORDS:
            return Decimal(1)
        if text in NOT_DONE_WORDS:
            return Decimal(0)
        raise DomainError(_("For a milestone, say done (1) or not done (0)."), field="value")
    if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        value = Decimal(raw)
    else:
        text = str(raw if raw is not None else "").strip()
        if not text:
            raise DomainError(_("Enter a value for “%(kr)s”.") % {"kr": key_result.title}, field="value")
        if THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        if not PLAIN_NUMBER.fullmatch(text):
            # "1,5" (a decimal comma), "1e-30" and "½" would be read as another number: refuse them
            raise DomainError(
                _(
                    "“%(value)s” is not a number: enter the value of “%(kr)s” with a point for decimals "
                    "(92.5) and commas only between thousands (1,250)."
                )
                % {"value": text, "kr": key_result.title},
                field="value",
            )
        value = Decimal(text)
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise DomainError(_("Enter a reasonable number for “%(kr)s”.") % {"kr": key_result.title}, field="value")
    if value != value.quantize(VALUE_QUANTUM, rounding=ROUND_DOWN):
        raise DomainError(_("Enter “%(kr)s” with at most 4 decimal places.") % {"kr": key_result.title}, field="value")
    if value < 0 and not _allows_negative(key_result):
        raise DomainError(_("Enter a value of zero or more for “%(kr)s”.") % {"kr": key_result.title}, field="value")
    return value


def _allows_negative(key_result: KeyResult) -> bool:
    """A key result planned entirely on zero or above (rates, counts, days, money) never reads
    below zero, so a minus sign there is a typo; one planned with a negative level (a net
    result, a growth rate, a points score) may go below zero."""
    levels = [key_result.baseline, key_result.target, key_result.lower, key_result.upper]
    return any(level is not None and level < 0 for level in levels)


def _confidence(confidence: str | None, confidence_score: int | None) -> tuple[str, int | None]:
    if confidence_score is not None:
        if not 0 <= int(confidence_score) <= 10:
            raise DomainError(_("Confidence is a number from 0 to 10."), field="confidence")
        return confidence or confidence_from_score(int(confidence_score)), int(confidence_score)
    if confidence not in Confidence.values:
        raise DomainError(_("Say whether the key result is on track, at risk or off track."), field="confidence")
    return confidence, None


@dataclass
class CheckInEntry:
    key_result: KeyResult
    value: object
    confidence: str | None = None
    confidence_score: int | None = None
    comment: str = ""


def _validate(*, user, entry: CheckInEntry, date: dt.date, today: dt.date) -> tuple[Decimal, str, int | None]:
    """Every refusal of a check-in, before anything is written."""
    key_result = entry.key_result
    cycle = key_result.objective.cycle
    if not access.may_check_in(user, key_result):
        raise AccessDenied(_("You may not record check-ins for “%(kr)s”.") % {"kr": key_result.title})
    ensure_cycle_open(cycle)
    ensure_objective_open(key_result.objective)
    if date > today:
        raise DomainError(_("A check-in cannot be dated in the future."), field="date")
    if not cycle.includes(date):
        raise DomainError(
            _("The date %(date)s is outside the cycle “%(cycle)s” (%(start)s to %(end)s).")
            % {"date": date.isoformat(), "cycle": cycle.name, "start": cycle.start, "end": cycle.end},
            field="date",
        )
    value = parse_value(key_result, entry.value)
    confidence, score = _confidence(entry.confidence, entry.confidence_score)
    return value, confidence, score


def _store(
    *, key_result, date, value, confidence, score=None, comment="", author=None, source=CheckInSource.MANUAL
) -> CheckIn:
    if source == CheckInSource.MANUAL:
        check_in, _created = CheckIn.objects.update_or_create(
            key_result=key_result,
            date=date,
            source=source,
            defaults={
                "week": week_of(date),
                "value": value,
                "confidence": confidence,
                "confidence_score": score,
                "comment": comment,
                "author": author,
            },
        )
    else:
        check_in, _created = CheckIn.objects.update_or_create(
            key_result=key_result,
            week=week_of(date),
            source=source,
            defaults={"date": date, "value": value, "confidence": confidence},
        )
    update_latest(key_result=key_result, check_in=check_in)
    return check_in


def update_latest(*, key_result: KeyResult, check_in: CheckIn) -> None:
    """Keep the key result's latest value, confidence and progress; alert on turning off track."""
    if key_result.last_check_in_on and check_in.date < key_result.last_check_in_on:
        return
    was = key_result.confidence
    key_result.current_value = check_in.value
    key_result.confidence = check_in.confidence
    key_result.last_check_in_on = check_in.date
    key_result.progress = key_result_progress(
        kind=key_result.kind,
        value=check_in.value,
        baseline=key_result.baseline,
        target=key_result.target,
        lower=key_result.lower,
        upper=key_result.upper,
    )
    key_result.save(update_fields=["current_value", "confidence", "last_check_in_on", "progress"])
    if check_in.confidence == Confidence.OFF_TRACK and was != Confidence.OFF_TRACK:
        _alert_off_track(key_result, check_in)


def _alert_off_track(key_result: KeyResult, check_in: CheckIn) -> None:
    objective = key_result.objective
    recipient = objective.owner or key_result.owner
    if recipient is None:
        return
    notify(
        recipient=recipient,
        title=gettext_lazy("Key result off track: %(kr)s"),
        body=gettext_lazy("“%(kr)s” of the objective “%(objective)s” was reported off track on %(date)s."),
        params={"kr": key_result.title, "objective": objective.title, "date": check_in.date},
        link=reverse("okr:objective_detail", args=[objective.pk]),
        level=NotificationLevel.WARNING,
        dedupe_key=f"okr.off_track:kr={key_result.pk}:week={week_of(check_in.date)}",
    )


@transaction.atomic
def record_check_in(
    *,
    user,
    key_result: KeyResult,
    value,
    date: dt.date | None = None,
    confidence: str | None = None,
    confidence_score: int | None = None,
    comment: str = "",
) -> CheckIn:
    """Record (or replace the same day's) check-in of one key result.

    Refused with a clear message, writing nothing, for a date outside the cycle
    or in the future, a non-numeric value for a numeric key result, a closed
    cycle, or a user who may not check in for it.
    """
    today = timezone.localdate()
    date = date or today
    entry = CheckInEntry(key_result, value, confidence, confidence_score, comment)
    value, confidence, score = _validate(user=user, entry=entry, date=date, today=today)
    key_result = (
        KeyResult.objects.select_for_update(of=("self",)).select_related("objective__cycle").get(pk=key_result.pk)
    )
    return _store(
        key_result=key_result,
        date=date,
        value=value,
        confidence=confidence,
        score=score,
        comment=comment.strip(),
        author=user,
    )


class CheckInBatchError(DomainError):
    """Some entries of a week's check-ins were refused; `errors` maps key result id to the message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(_("Nothing was saved: correct the highlighted key results."))
        self.errors = errors


@transaction.atomic
def record_check_ins(*, user, entries: list[CheckInEntry], date: dt.date | None = None) -> list[CheckIn]:
    """A department's week at once: all entries or none (CheckInBatchError lists each refusal)."""
    today = timezone.localdate()
    date = date or today
    validated, errors = [], {}
    for entry in entries:
        try:
            validated.append((entry, _validate(user=user, entry=entry, date=date, today=today)))
        except DomainError as error:
            errors[entry.key_result.pk] = error.message
    if errors:
        raise CheckInBatchError(errors)
    if not validated:
        raise DomainError(_("Enter at least one value."))
    locked = KeyResult.objects.select_for_update(of=("self",)).select_related("objective__cycle", "objective__owner")
    locked = locked.in_bulk([entry.key_result.pk for entry, _v in validated])
    return [
        _store(
            key_result=locked[entry.key_result.pk],
            date=date,
            value=value,
            confidence=confidence,
            score=score,
            comment=entry.comment.strip(),
            author=user,
        )
        for entry, (value, confidence, score) in validated
    ]


# --- Live data ------------------------------------------------------------------------------------


def live_value(key_result: KeyResult, on: dt.date) -> Decimal | None:
    """The bound metric's value for the key result's department over the window ending `on`."""
    if not key_result.metric_key:
        return None
    start = on - dt.timedelta(days=LIVE_WINDOW_DAYS - 1)
    try:
        # a savepoint: another app's failing metric must neither abort the weekly run's
        # transaction nor keep every other key result from its check-in
        with transaction.atomic():
            value = metric_registry.compute(key_result.metric_key, key_result.metric_department, start, on)
    except metric_registry.MetricError:
        return None
    except Exception:
        logger.exception("OKR live value: metric %s failed for key result %s", key_result.metric_key, key_result.pk)
        return None
    return None if value is None else Decimal(value).quantize(Decimal("0.0001"))


def record_live_check_in(*, key_result: KeyResult, today: dt.date) -> CheckIn | None:
    """This week's live-data check-in of one bound key result, replacing the week's earlier one
    (a key result bound again mid-week shows its new metric at once). None when the metric
    has no value yet. The caller decides that the key result is live today."""
    value = live_value(key_result, today)
    if value is None:
        return None
    progress = key_result_progress(
        kind=key_result.kind,
        value=value,
        baseline=key_result.baseline,
        target=key_result.target,
        lower=key_result.lower,
        upper=key_result.upper,
    )
    cycle = key_result.objective.cycle
    confidence = automatic_confidence(
        kind=key_result.kind, progress=progress, elapsed=elapsed_share(cycle.start, cycle.end, today)
    )
    return _store(key_result=key_result, date=today, value=value, confidence=confidence, source=CheckInSource.AUTOMATIC)


@transaction.atomic
def record_live_check_ins(*, today: dt.date | None = None) -> int:
    """One live-data check-in per bound key result per week (running twice adds nothing).

    Only key results of active objectives in active cycles that include `today`.
    Returns how many check-ins were created.
    """
    today = today or timezone.localdate()
    week = week_of(today)
    done = set(
        CheckIn.objects.filter(source=CheckInSource.AUTOMATIC, week=week).values_list("key_result_id", flat=True)
    )
    key_results = (
        KeyResult.objects.live()
        .bound()
        .filter(objective__cycle__start__lte=today, objective__cycle__end__gte=today)
        .exclude(pk__in=done)
        .select_related("objective__cycle", "objective__owner", "metric_department")
        .select_for_update(of=("self",))
    )
    created = 0
    for key_result in key_results:
        if record_live_check_in(key_result=key_result, today=today) is None:
            continue
        created += 1
    return created


# --- Reminders ------------------------------------------------------------------------------------

REMINDER_AFTER_DAYS = 7


def send_check_in_reminders(*, today: dt.date | None = None) -> int:
    """Remind each department head whose department has live key results without a
    check-in for 7 days; at most one reminder per head and department per week."""
    today = today or timezone.localdate()
    stale_since = today - dt.timedelta(days=REMINDER_AFTER_DAYS)
    stale = (
        KeyResult.objects.live()
        .filter(objective__department__isnull=False, objective__level__in=DEPARTMENTAL_LEVELS)
        .exclude(last_check_in_on__gt=stale_since)
        .values_list("objective__department_id", flat=True)
        .distinct()
    )
    departments = Department.objects.filter(pk__in=stale, head__isnull=False, head__is_active=True)
    sent = 0
    for department in departments.select_related("head"):
        notify(
            recipient=department.head,
            title=gettext_lazy("OKR check-ins due for %(department)s"),
            body=gettext_lazy("Some key results of %(department)s have had no check-in for %(days)d days."),
            params={"department": department.name, "days": REMINDER_AFTER_DAYS},
            link=reverse("okr:my_department") + f"?department={department.pk}",
            dedupe_key=f"okr.check_in_reminder:department={department.pk}:week={week_of(today)}",
        )
        sent += 1
    return sent
