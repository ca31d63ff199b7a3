"""Every "who may" of the quality app, one function per question.

Services refuse with these, views and templates show or hide with them, the
QuerySets' `visible_to` and the serializers scope and de-identify with them:
a rule changed here changes everywhere.

The rules:
- the quality office (quality managers) triages, reviews and closes events,
  enters surveillance data and survey responses, and alone sees reporters of
  other people's reports and patient identifiers;
- administrators see every event and ward, without identities;
- department heads see their departments' (and sub-departments') events and
  dashboards; everybody sees their own named reports and the events they
  investigate or own an action of.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from hospital.access import dashboard_scope as core_dashboard_scope
from hospital.access import department_scope, managed_path_scope, managed_scope
from hospital.roles import Role, has_role

QUALITY_OFFICE = (Role.QUALITY_MANAGER,)
# Roles that see every event and every ward (the whole-hospital view of the dashboards).
HOSPITAL_WIDE = (Role.QUALITY_MANAGER, Role.ADMINISTRATOR)
DASHBOARD_ROLES = (Role.QUALITY_MANAGER, Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD)
# Who may lead an investigation: an investigator reads the whole event.
INVESTIGATOR_ROLES = (Role.QUALITY_MANAGER, Role.DEPARTMENT_HEAD)


def _is_quality_office(user) -> bool:
    return has_role(user, *QUALITY_OFFICE)


# Reading


def may_see_whole_hospital(user) -> bool:
    """Every event, ward and department's dashboard (others: their departments only)."""
    return has_role(user, *HOSPITAL_WIDE)


def event_scope(user) -> Q:
    """The filter of events the user may see: the one rule behind `AdverseEvent.objects.visible_to`."""
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    if may_see_whole_hospital(user):
        return Q()
    # Looked up by name: quality.models imports this module.
    corrective_action = apps.get_model("quality", "CorrectiveAction")
    owns_action = corrective_action.objects.filter(event=OuterRef("pk"), owner=user)
    return Q(reporter=user) | Q(investigator=user) | Exists(owns_action) | managed_scope(user, field="department")


def action_scope(user) -> Q:
    """The filter of corrective actions the user may see: those of the events of
    event_scope, and the user's own. The same rule as event_scope, written from the
    action's side so that no branch joins the events: the department head's subtree
    is a prefix of the action's own copy of its event's department path, and the
    events the user reported or investigates are a small set read by their indexes.
    So the tracker reads the open actions only, whatever the size of the event table."""
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    if may_see_whole_hospital(user):
        return Q()
    corrective_action = apps.get_model("quality", "CorrectiveAction")
    adverse_event = apps.get_model("quality", "AdverseEvent")
    events_with_own_action = corrective_action.objects.filter(owner=user).values("event_id")
    own_events = adverse_event.objects.filter(Q(reporter=user) | Q(investigator=user)).values("pk")
    return (
        Q(owner=user)
        | Q(event_id__in=own_events)
        | Q(event_id__in=events_with_own_action)
        | managed_path_scope(user, path_field="department_path")
    )


def surveillance_scope(user) -> Q:
    """The filter of ward records (device-days, infections, thresholds, surveys) the user may see."""
    return department_scope(user, field="department", wide_roles=HOSPITAL_WIDE)


def may_see_reporter(user, event) -> bool:
    """The reporter's identity: the quality office, and a named reporter themself."""
    return _is_quality_office(user) or (event.reporter_id is not None and event.reporter_id == user.pk)


def may_see_patient(user) -> bool:
    """Patient identifiers (of events and infection cases) never leave the quality office."""
    return _is_quality_office(user)


def may_use_dashboards(user) -> bool:
    """The safety, infection and satisfaction dashboards and the investigation tracker."""
    return has_role(user, *DASHBOARD_ROLES)


def dashboard_scope(user, requested: str = ""):
    """(the department a dashboard shows, the departments the user may choose): the core's
    rule (hospital.access.dashboard_scope) with the quality dashboards' roles."""
    return core_dashboard_scope(user, requested, roles=DASHBOARD_ROLES, wide_roles=HOSPITAL_WIDE)


# The review of an event


def may_triage(user) -> bool:
    """Triage new reports (and see the triage queue)."""
    return _is_quality_office(user)


def may_investigate(user, event) -> bool:
    """Start the investigation, record findings and root causes, add actions."""
    return _is_quality_office(user) or (event.investigator_id is not None and event.investigator_id == user.pk)


def may_close(user) -> bool:
    """Close an event, and reopen a closed one."""
    return _is_quality_office(user)


def may_update_action(user, action) -> bool:
    """Report progress on a corrective action: its owner or the quality office."""
    return _is_quality_office(user) or action.owner_id == user.pk


def may_judge_effectiveness(user) -> bool:
    """Say whether a finished action worked."""
    return _is_quality_office(user)


# Surveillance and surveys


def may_enter_surveillance_data(user) -> bool:
    """Device-days, infection cases, thresholds, survey responses (typed or imported)."""
    return _is_quality_office(user)


def action_owners(user, event) -> QuerySet:
    """Who may be given a corrective action on `event` by `user`: anyone active when the
    user serves the whole hospital (the quality office), otherwise the active staff of
    the event's department and of the departments the user manages."""
    users = apps.get_model("hospital", "User").objects.filter(is_active=True)
    if may_see_whole_hospital(user):
        return users.order_by("display_name", "username")
    in_scope = Q(department__path__startswith=event.department.path) | managed_scope(user, field="department")
    return users.filter(in_scope).order_by("display_name", "username")
