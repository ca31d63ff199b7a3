"""The core's API serializers, and `choice_field` that every app's serializers use."""

import itertools

from django.contrib.auth.models import Group
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hospital.models import ACCOUNT_FIELDS, DailyCensus, Department, Notification, User
from hospital.selectors import CENSUS_FIELDS

_choice_fields = itertools.count(1)


def choice_field(choices, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField for a TextChoices class whose OpenAPI enum has a component of its own.

    Several apps have "kind" and "status" fields with different choices;
    drf-spectacular groups enums by `x-spec-enum-id`, so an id per field keeps
    each enum in one component, named after its serializer and field
    (e.g. CorrectiveActionStatusEnum), instead of a warning and a merged enum.
    """
    values = list(choices.values) + ([""] if kwargs.get("allow_blank") else [])
    schema = {"type": "string", "enum": values, "x-spec-enum-id": f"choice-{next(_choice_fields)}"}
    field_class = extend_schema_field(schema)(type(f"{choices.__name__}Field", (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "kind", "parent", "head", "staffed_beds", "is_active", "depth"]
        read_only_fields = ["depth"]


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SlugRelatedField(
        source="groups", many=True, slug_field="name", queryset=Group.objects.all(), required=False
    )

    class Meta:
        model = User
        fields = ["id", *ACCOUNT_FIELDS, "roles"]


class NotificationSerializer(serializers.ModelSerializer):
    """Title and body in the caller's language (translated when read, hospital.messages)."""

    title = serializers.CharField(source="display_title", read_only=True)
    body = serializers.CharField(source="display_body", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "level", "title", "body", "link", "created_at", "read_at"]


class CensusSerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyCensus
        fields = ["id", "department", "date", *CENSUS_FIELDS]
        validators = []  # one row per department and day: the service replaces it


class CensusImportSerializer(serializers.Serializer):
    file = serializers.FileField()
