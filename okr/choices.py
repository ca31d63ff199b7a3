"""The OKR tables' choices, apart from the models so that okr.access (which the models'
QuerySets call) can name them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ObjectiveLevel(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    DEPARTMENT = "department", _("Department")
    TEAM = "team", _("Team")
    INDIVIDUAL = "individual", _("Individual")


# The levels that belong to a department (and its sub-departments).
DEPARTMENTAL_LEVELS = (ObjectiveLevel.DEPARTMENT, ObjectiveLevel.TEAM)


class ObjectiveKind(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    ASPIRATIONAL = "aspirational", _("Aspirational")


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class KeyResultKind(models.TextChoices):
    INCREASE = "increase", _("Increase to")
    DECREASE = "decrease", _("Decrease to")
    RANGE = "range", _("Keep within a range")
    MILESTONE = "milestone", _("Milestone")


class Unit(models.TextChoices):
    PERCENT = "%", _("%")
    COUNT = "count", _("count")
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")
    MINUTES = "minutes", _("minutes")
    CNY = "CNY", _("CNY")
    TIMES = "times", _("times")
    SCORE = "points", _("points")


class Confidence(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class CheckInSource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    AUTOMATIC = "automatic", _("Live data")
