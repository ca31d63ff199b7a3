"""The department cockpit: one page with the whole of a department's operations for its
head (administrators and finance open any department's). Every app's KPIs are the
dashboard's stored metric series (hospital.metric_registry: never computed in the
request), grouped by app, each with its trend and a link to the page behind it; each
app's section adds its first few rows that need attention (lots expiring, open work
orders, expiring certifications, open actions) with their count and a link to the app's
list, read through that app's selectors (okr's objectives, least confident first, through
the core's hospital.department_lists, since performance never imports okr); the cost
against budget comes from this app.
The number of queries does not depend on the department's size."""

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from equipment import access as equipment_access
from hospital import metric_registry
from hospital.department_lists import DepartmentList, ListItem, department_lists
from hospital.models import Department
from hospital.views.dashboard import stored_metric_cards
from performance import access, selectors

# The cockpit's sections, in the order a head reads them: the app label of the metrics shown.
SECTIONS = [
    ("okr", gettext_lazy("Goals (OKR)")),
    ("performance", gettext_lazy("Cost")),
    ("hospital", gettext_lazy("Activity")),
    ("inventory", gettext_lazy("Drugs and consumables")),
    ("equipment", gettext_lazy("Equipment")),
    ("staffing", gettext_lazy("Staffing")),
    ("quality", gettext_lazy("Safety and quality")),
]


# The page behind a section whose metrics name none (the app's page a head may open), and
# whether it takes ?department=: each of the section's cards without a page links there.
SECTION_PAGES = {
    "inventory": ("inventory:balance_report", False),
    "equipment": ("equipment:kpis", True),
    "staffing": ("staffing:roster_list", False),
}


def _section_url(app: str, department) -> str:
    if app not in SECTION_PAGES:
        return ""
    name, by_department = SECTION_PAGES[app]
    return _url(name, department=department.pk) if by_department else reverse(name)


# A section's short list: hospital.department_lists' shape, which apps performance may not
# import (okr) give theirs in.
ShortList = DepartmentList


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v != ""})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _day(value) -> str:
    return date_format(value, "Y-m-d")


def _short_lists(user, department, today) -> dict[str, ShortList]:
    lists = selectors.cockpit_lists(user, department, today=today)
    lots, orders, certifications, actions = (lists[k] for k in ("inventory", "equipment", "staffing", "quality"))
    # The work-order board is for engineers and administrators; others see the department's devices.
    orders_url = (
        reverse("equipment:board")
        if equipment_access.may_use_board(user)
        else _url("equipment:device_list", department=department.pk)
    )
    return {
        "inventory": ShortList(
            _("Lots expiring within 90 days"),
            lots.count,
            [
                ListItem(
                    f"{row.item.name} · {row.lot.number}",
                    _("%(store)s · %(quantity)s on hand · expires %(expiry)s")
                    % {"store": row.store.name, "quantity": row.quantity, "expiry": _day(row.lot.expiry)},
                    warning=(row.lot.expiry - today).days <= 30,
                )
                for row in lots.rows
            ],
            _url("inventory:expiry_report", days=90),
        ),
        "equipment": ShortList(
            _("Open work orders"),
            orders.count,
            [
                ListItem(
                    f"{order.equipment.name} · {order.equipment.asset_tag}",
                    _("%(status)s · %(priority)s · reported %(reported)s")
                    % {
                        "status": order.get_status_display(),
                        "priority": order.get_priority_display(),
                        "reported": _day(timezone.localtime(order.reported_at)),
                    },
                    reverse("equipment:device_detail", args=[order.equipment.asset_tag]),
                    warning=order.due_date is not None and order.due_date < today,
                )
                for order in orders.rows
            ],
            orders_url,
        ),
        "staffing": ShortList(
            _("Certifications expiring within 60 days or expired in the last 30"),
            certifications.count,
            [
                ListItem(
                    f"{certification.person} · {certification.get_kind_display()}",
                    (_("expired %(date)s") if certification.expires < today else _("expires %(date)s"))
                    % {"date": _day(certification.expires)},
                    warning=certification.expires < today,
                )
                for certification in certifications.rows
            ],
            _url("staffing:certification_list", within=60),
        ),
        "quality": ShortList(
            _("Open actions"),
            actions.count,
            [
                ListItem(
                    f"{action.event.reference} · {action.description[:80]}",
                    _("%(owner)s · due %(due)s") % {"owner": action.owner, "due": _day(action.due_date)},
                    warning=action.due_date < today,
                )
                for action in actions.rows
            ],
            _url("quality:action_list", department=department.pk),
        ),
    }


@login_required
def cockpit_index(request):
    """The departments whose cockpit the user may open; a head with one goes straight to it."""
    access.require_read(request.user)
    departments = list(access.reporting_departments(request.user))
    if len(departments) == 1:
        return redirect("performance:cockpit", pk=departments[0].pk)
    return render(request, "performance/cockpit_index.html", {"departments": departments})


@login_required
def cockpit(request, pk):
    access.require_read(request.user)
    department = Department.objects.filter(pk=pk, is_active=True).first()
    if department is None or not access.may_view_department(request.user, department):
        raise Http404
    today = timezone.localdate()
    periods = metric_registry.dashboard_periods(today)
    by_app: dict[str, list] = {}
    for card in stored_metric_cards(department, periods):
        app = card.metric.app_label
        by_app.setdefault(app, []).append(card if card.url else replace(card, url=_section_url(app, department)))
    # apps that performance may not import (okr) give theirs through the core's registry
    lists = {**department_lists(request.user, department, today=today), **_short_lists(request.user, department, today)}
    labels = dict(SECTIONS)
    keys = [app for app, _label in SECTIONS] + sorted(app for app in by_app if app not in labels)
    sections = [
        {"key": app, "label": labels.get(app, app), "cards": by_app.get(app, []), "list": lists.get(app)}
        for app in keys
        if by_app.get(app) or app in lists
    ]
    context = {
        "department": department,
        "sections": sections,
        "cost_rows": selectors.cockpit_costs(department, periods[:-1]),
        "last_month": periods[-2][0],
    }
    return render(request, "performance/cockpit.html", context)
