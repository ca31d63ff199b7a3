"""The sections of the navigation bar, and which roles see each.

Apps add their section from `AppConfig.ready()` with `register_section`; the
base layout shows a user only the sections one of their roles may use.
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

    def is_visible_to(self, names: frozenset[str]) -> bool:
        return EVERYONE in self.roles or bool(names & set(self.roles))

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.key] = section


def sections_for(user) -> list[Section]:
    names = role_names(user)
    return sorted((s for s in _sections.values() if s.is_visible_to(names)), key=lambda s: (s.order, s.key))


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
