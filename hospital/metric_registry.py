"""The metric registry: every app's KPIs under one roof.

Each app's `metrics.py` has a `register_metrics()` that the core calls at start-up
(`discover_app_metrics`):

    register(Metric(
        key="inventory.days_on_hand", label=_("Days on hand"), unit="days",
        direction=Direction.LOWER_IS_BETTER, compute=days_on_hand,
    ))

`compute(department, start, end)` returns a Decimal (or None when there is no
data) for the department and its sub-departments, or for the whole hospital
when department is None, over the days start..end inclusive. The dashboard
draws its cards from the registry and `okr` binds key results to metric keys,
so neither imports the apps that measure.
"""

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.models import Department
from hospital.periods import Period, month_periods

Compute = Callable[[object, dt.date, dt.date], Decimal | None]
# Optional: all periods in one go, for metrics that can group in SQL.
ComputeSeries = Callable[[object, Sequence[Period]], list[Decimal | None]]


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    direction: str
    compute: Compute
    description: str = ""
    compute_series: ComputeSeries | None = field(default=None, compare=False)
    decimals: int = 1
    # The page behind the card (a URL name without arguments); the dashboard adds
    # ?department=<pk> so that the page opens on the card's department.
    url_name: str = ""

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]


class MetricError(KeyError):
    pass


_registry: dict[str, Metric] = {}
SERIES_CACHE_SECONDS = 300  # how long computed values are fresh for the dashboard
# How long stale values may still be shown while one request computes fresh ones:
# when the values go stale, the first request recomputes them and the requests that
# arrive meanwhile get the stale ones, instead of every request computing at once.
SERIES_KEEP_SECONDS = 3600


def register(metric: Metric) -> Metric:
    """Add a metric; registering the same key twice is a programming error."""
    if "." not in metric.key:
        raise ValueError(f"Metric key {metric.key!r} must be '<app>.<name>'.")
    existing = _registry.get(metric.key)
    if existing is not None and existing.compute is not metric.compute:
        raise ValueError(f"Metric {metric.key!r} is already registered.")
    _registry[metric.key] = metric
    return metric


def _cached_rows(rows_for, department, periods: Sequence[Period]) -> list:
    """Rows shared by the several metrics one reader feeds (e.g. every census KPI),
    read once per department and periods every few minutes instead of once per metric."""
    dept_part = department.pk if department is not None else "all"
    periods_part = hashlib.sha1(repr(list(periods)).encode(), usedforsecurity=False).hexdigest()
    cache_key = f"metric-rows:{rows_for.__module__}.{rows_for.__qualname__}:{dept_part}:{periods_part}"
    rows = cache.get(cache_key)
    if rows is None:
        rows = rows_for(department, periods)
        cache.set(cache_key, rows, SERIES_CACHE_SECONDS)
    return rows


def metric_from_rows(
    *,
    key: str,
    label: str,
    unit: str,
    direction: str,
    rows_for: Callable[[object, Sequence[Period]], list],
    value: Callable[[object], Decimal | None],
    description: str = "",
    decimals: int = 1,
    url_name: str = "",
) -> Metric:
    """A metric whose periods are all read in one go by `rows_for(department, periods)`,
    one row per period, and whose value is `value(row)`."""

    def compute_series(department, periods):
        return [value(row) for row in _cached_rows(rows_for, department, periods)]

    def compute(department, start, end):
        # one period, always fresh: services (e.g. OKR live check-ins) read through here
        return value(rows_for(department, [(start, end)])[0])

    return Metric(
        key=key,
        label=label,
        unit=unit,
        direction=direction,
        compute=compute,
        compute_series=compute_series,
        description=description,
        decimals=decimals,
        url_name=url_name,
    )


def discover_app_metrics() -> None:
    """Register every project app's KPIs: each `<app>/metrics.py` has `register_metrics()`.

    Called once from the core's AppConfig.ready(), when every model is loaded, so
    that no app has to remember to register its metrics (and the core imports no
    app by name).
    """
    for app_label in settings.PROJECT_APPS:
        module_name = f"{app_label}.metrics"
        if find_spec(module_name) is not None:
            import_module(module_name).register_metrics()


def unregister(key: str) -> None:
    _registry.pop(key, None)


def get_metric(key: str) -> Metric:
    try:
        return _registry[key]
    except KeyError:
        raise MetricError(key) from None


def all_metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda m: m.key)


def choices() -> list[tuple[str, str]]:
    """(key, label) pairs for forms that bind something to a metric."""
    return [(m.key, f"{m.label} ({m.key})") for m in all_metrics()]


def compute(key: str, department, start: dt.date, end: dt.date) -> Decimal | None:
    """The value of metric `key` for the department (None: hospital) over start..end."""
    value = get_metric(key).compute(department, start, end)
    return None if value is None else Decimal(value)


def series(key: str, department, periods: Sequence[Period]) -> list[Decimal | None]:
    """Values of `key` for each period, cached for a few minutes.

    The dashboard asks for 12 months of every metric on each visit; the cache
    keeps that to one computation per metric and department every few minutes,
    made by one request while the others are served the previous values
    (SERIES_KEEP_SECONDS).
    """
    metric = get_metric(key)
    dept_part = department.pk if department is not None else "all"
    cache_key = f"metric-series:{key}:{dept_part}:{periods[0][0]}:{periods[-1][1]}:{len(periods)}"
    cached = cache.get(cache_key)
    if isinstance(cached, tuple):
        values, fresh_until = cached
        # Fresh, or stale while another request is already computing the fresh values.
        if time.time() < fresh_until or not cache.add(f"{cache_key}:refreshing", 1, 60):
            return values
    values = _computed_series(metric, department, periods)
    cache.set(cache_key, (values, time.time() + SERIES_CACHE_SECONDS), SERIES_KEEP_SECONDS)
    cache.delete(f"{cache_key}:refreshing")
    return values


def _computed_series(metric: Metric, department, periods: Sequence[Period]) -> list[Decimal | None]:
    if metric.compute_series is not None:
        values = metric.compute_series(department, periods)
    else:
        values = [metric.compute(department, start, end) for start, end in periods]
    return [None if v is None else Decimal(v) for v in values]


# --- Stored series: what the dashboard reads -------------------------------------
#
# The dashboard never computes: it reads every metric's 12-month series for a
# department from one cache entry kept without expiry, with the time it was
# computed. Values missing or older than settings.METRIC_SERIES_FRESH_SECONDS
# queue the task `hospital.tasks.refresh_metric_series` for that department (one
# at a time: `cache.add` on a marker), and the page shows "being computed" or the
# stored values with their age. A beat entry keeps the whole hospital's current.

DASHBOARD_MONTHS = 13  # 12 complete months for the trend and the headline value, plus this month so far


@dataclass(frozen=True)
class StoredSeries:
    month_starts: tuple[dt.date, ...]
    values: dict[str, list[Decimal | None]]  # metric key -> one value per period
    computed_at: dt.datetime

    def is_stale(self, now: dt.datetime) -> bool:
        return (now - self.computed_at).total_seconds() > settings.METRIC_SERIES_FRESH_SECONDS


def _store_key(department_id) -> str:
    return f"metric-series-store:{department_id if department_id is not None else 'all'}"


def dashboard_periods(today: dt.date) -> list[Period]:
    return month_periods(today, DASHBOARD_MONTHS)


def stored_series(department, periods: Sequence[Period]) -> StoredSeries | None:
    """The stored series of the department (None: hospital) for these months, or None
    when nothing is stored for them (never computed, or computed before the month turned)."""
    stored = cache.get(_store_key(department.pk if department is not None else None))
    if not isinstance(stored, StoredSeries) or stored.month_starts != tuple(start for start, _end in periods):
        return None
    return stored


def claim_refresh(department) -> bool:
    """True once until the department's refresh has run: the caller queues the task.
    The marker lives as long as a task may run, so a lost task is queued again after that."""
    department_id = department.pk if department is not None else None
    return cache.add(f"{_store_key(department_id)}:queued", 1, settings.CELERY_TASK_TIME_LIMIT)


def release_refresh(department) -> None:
    """Forget a claim whose task could not be queued, so the next request claims it again."""
    department_id = department.pk if department is not None else None
    cache.delete(f"{_store_key(department_id)}:queued")


def refresh_stored_series(department_id=None, *, today: dt.date | None = None) -> StoredSeries | None:
    """Compute every registered metric's series for the department (None: hospital) and
    store them without expiry. A department deleted meanwhile is skipped."""
    department = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            cache.delete(f"{_store_key(department_id)}:queued")
            return None
    periods = dashboard_periods(today or timezone.localdate())
    stored = StoredSeries(
        month_starts=tuple(start for start, _end in periods),
        values={metric.key: _computed_series(metric, department, periods) for metric in all_metrics()},
        computed_at=timezone.now(),
    )
    cache.set(_store_key(department_id), stored, None)
    cache.delete(f"{_store_key(department_id)}:queued")
    return stored
