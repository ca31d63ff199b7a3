"""The dashboard: metric cards for managers, shortcuts to common tasks for everyone else."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from hospital import metric_registry
from hospital.access import managed_departments
from hospital.charts import MetricCard
from hospital.forms import DashboardFilterForm
from hospital.navigation import department_pages_for, sections_for, shortcuts_for
from hospital.roles import Role, has_role, is_administrator
from hospital.tasks import refresh_metric_series

logger = logging.getLogger(__name__)


def _card_url(metric, department) -> str:
    """The page behind a card, opened on the card's department."""
    if not metric.url_name:
        return ""
    try:
        url = reverse(metric.url_name)
    except NoReverseMatch:  # an app that is switched off
        return ""
    return f"{url}?department={department.pk}" if department is not None else url


def stored_series_or_queue(department, periods):
    """The stored series; missing or stale ones are queued for a refresh, never computed here.
    (A task run at once, CELERY_TASK_ALWAYS_EAGER, has stored them by the second read.)"""
    stored = metric_registry.stored_series(department, periods)
    if stored is None or stored.is_stale(timezone.now()):
        if metric_registry.claim_refresh(department):  # one queued task per department at a time
            try:
                refresh_metric_series.apply_async(
                    args=[department.pk if department is not None else None],
                    queue=settings.METRIC_SERIES_TASK_QUEUE or None,
                )
            except BrokerUnreachable:
                # The page still answers with what is stored (or "being computed"); the next
                # request tries to queue the refresh again.
                logger.warning("metric series refresh not queued: the Celery broker is unreachable")
                metric_registry.release_refresh(department)
        stored = metric_registry.stored_series(department, periods) or stored
    return stored


def stored_metric_cards(department, periods) -> list[MetricCard]:
    """A card per registered metric from the department's stored series (the department
    cockpit shows the same cards): never computed here, "being computed" when missing."""
    stored = stored_series_or_queue(department, periods)
    cards = []
    for metric in metric_registry.all_metrics():
        values = stored.values.get(metric.key) if stored else None
        url = _card_url(metric, department)
        if values is None:  # not computed yet (or a metric registered since)
            cards.append(MetricCard(metric=metric, values=[], url=url, pending=True))
            continue
        cards.append(
            MetricCard(
                metric=metric, values=values[:-1], month_to_date=values[-1], url=url, computed_at=stored.computed_at
            )
        )
    return cards


@login_required
def dashboard(request):
    """Administrators and department heads: one card per registered metric; others: their shortcuts.

    The picker offers what the user manages (administrators: the whole hospital and
    every department; a head: their own subtree, their own department first) and the
    heading names what the cards show."""
    user = request.user
    if not (is_administrator(user) or has_role(user, Role.DEPARTMENT_HEAD)):
        context = {"shortcuts": shortcuts_for(user), "sections": sections_for(user)[1:]}
        return render(request, "hospital/landing.html", context)

    whole_hospital = is_administrator(user)
    departments = managed_departments(user)
    default = None if whole_hospital else departments.first()
    if default is None and not whole_hospital:
        raise PermissionDenied
    form = DashboardFilterForm(
        request.GET or None, departments=departments, whole_hospital=whole_hospital, initial={"department": default}
    )
    department = form.cleaned_data["department"] if form.is_bound and form.is_valid() else default
    if form.is_bound and not form.is_valid():  # a hand-edited ?department=: the default, shown as chosen
        form = DashboardFilterForm(
            departments=departments, whole_hospital=whole_hospital, initial={"department": default}
        )
    # 12 complete months for the trend and the headline value, plus this month so far
    periods = metric_registry.dashboard_periods(timezone.localdate())
    cards = stored_metric_cards(department, periods)
    pages = department_pages_for(user)  # e.g. each department's cockpit
    linked = list(departments) if pages else []
    department_pages = [
        {
            "page": page,
            "current": page.url(department) if department else "",
            "links": [(d, page.url(d)) for d in linked],
        }
        for page in pages
    ]
    return render(
        request,
        "hospital/dashboard.html",
        {
            "cards": cards,
            "form": form,
            "department": department,
            "last_month": periods[-2][0],
            "shortcuts": shortcuts_for(user),
            "department_pages": department_pages,
        },
    )
