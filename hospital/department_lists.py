"""Short lists about one department that an app gives other apps' pages (the department
cockpit) without being imported by them: each app registers, from `AppConfig.ready()`, a
function of (user, department, today) returning a `DepartmentList` of what needs attention
first, scoped by the app's own access rules; a page reads them with `department_lists`.

A provider runs a fixed number of queries (ideally one) whatever the department's size.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListItem:
    text: str
    detail: str
    url: str = ""
    warning: bool = False


@dataclass(frozen=True)
class DepartmentList:
    title: str
    count: int
    items: list[ListItem]
    url: str  # the app's page behind the list, filtered as far as it can be to the department


Provider = Callable[..., DepartmentList | None]  # (user, department, *, today) → the list, None to show nothing

_providers: dict[str, Provider] = {}


def register_department_list(app_label: str, provider: Provider) -> None:
    """The app's short list on a department's pages (one per app: registering again replaces it)."""
    _providers[app_label] = provider


def department_lists(user, department, *, today: dt.date) -> dict[str, DepartmentList]:
    """{app label: its list} of every registered app that has one for this user and department."""
    lists = {}
    for app_label, provider in sorted(_providers.items()):
        found = provider(user, department, today=today)
        if found is not None:
            lists[app_label] = found
    return lists
