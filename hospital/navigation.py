"""The sections of the navigation bar and the shortcuts to common tasks on the landing page,
and which roles see each.

Apps add theirs from `AppConfig.ready()` with `register_section` and
`register_shortcut`; a user is shown only those one of their roles may use.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hospital.roles import Role, role_names

EVERYONE = "*"


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    roles: tuple[str, ...]  # (EVERYONE,) for every signed-in user
    order: int = 50
    description: str = ""

    def is_visible_to(self, names: frozenset[str]) -> bool:
        return EVERYONE in self.roles or bool(names & set(self.roles))

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


_sections: dict[str, Section] = {}
_shortcuts: dict[str, Section] = {}


def _visible(entries: dict[str, Section], user) -> list[Section]:
    names = role_names(user)
    return sorted((e for e in entries.values() if e.is_visible_to(names)), key=lambda e: (e.order, e.key))


def register_section(section: Section) -> None:
    """A section of the navigation bar."""
    _sections[section.key] = section


def register_shortcut(shortcut: Section) -> None:
    """A common task (e.g. "Report a safety event"), shown as a button on the landing page."""
    _shortcuts[shortcut.key] = shortcut


def sections_for(user) -> list[Section]:
    return _visible(_sections, user)


def shortcuts_for(user) -> list[Section]:
    return _visible(_shortcuts, user)


def register_core_sections() -> None:
    register_section(Section("dashboard", _("Dashboard"), "dashboard", (EVERYONE,), order=0))
    register_section(
        Section(
            "census",
            _("Census"),
            "census_list",
            (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD, Role.NURSE, Role.QUALITY_MANAGER, Role.FINANCE),
            order=80,
        )
    )
    managers = (Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
    register_section(Section("departments", _("Departments"), "department_list", managers, order=90))
    register_section(Section("users", _("Users"), "user_list", managers, order=91))
    register_shortcut(
        Section(
            "census.import",
            _("Import the daily census"),
            "census_import",
            managers,
            order=80,
            description=_("Upload midnight counts, admissions and discharges as CSV."),
        )
    )


# --- Pages about one department (the department cockpit) ------------------------


@dataclass(frozen=True)
class DepartmentPage:
    """A page an app keeps for each department, reached from the dashboard; `url_name`
    takes the department's pk."""

    key: str
    label: str
    url_name: str
    roles: tuple[str, ...]

    def url(self, department) -> str:
        try:
            return reverse(self.url_name, args=[department.pk])
        except NoReverseMatch:
            return ""


_department_pages: dict[str, DepartmentPage] = {}


def register_department_page(page: DepartmentPage) -> None:
    _department_pages[page.key] = page


def department_pages_for(user) -> list[DepartmentPage]:
    names = role_names(user)
    return sorted(
        (p for p in _department_pages.values() if EVERYONE in p.roles or names & set(p.roles)), key=lambda p: p.key
    )
