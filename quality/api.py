"""The quality API, mounted at /api/v1/quality/. Thin: scoping from the QuerySets'
visible_to, writes through quality.services, identities only for those who may see them."""

import io
import itertools

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from hospital.errors import DomainError
from hospital.models import Department, User
from quality import services
from quality.models import (
    ActionKind,
    ActionStatus,
    AdverseEvent,
    Category,
    CorrectiveAction,
    DeviceDays,
    Effectiveness,
    EventStatus,
    EventStep,
    EventType,
    Harm,
    InfectionCase,
    InfectionKind,
    MedicationErrorCategory,
    RootCauseKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from quality.models.events import is_quality_office

IDENTITY_FIELDS = ("reporter", "is_anonymous")


_choice_fields = itertools.count(1)


def choice_field(choices, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField whose OpenAPI enum is named after its serializer and field
    (e.g. CorrectiveActionStatusEnum).

    Our "kind" and "status" choice sets share field names with each other and with
    other apps'; drf-spectacular groups enums by `x-spec-enum-id`, so an id of
    their own per field keeps each enum in one component and its name unambiguous.
    """
    values = list(choices.values) + ([""] if kwargs.get("allow_blank") else [])
    schema = {"type": "string", "enum": values, "x-spec-enum-id": f"quality-{next(_choice_fields)}"}
    field_class = extend_schema_field(schema)(type(f"{choices.__name__}Field", (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


class RootCauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = choice_field(RootCauseKind)
    description = serializers.CharField()


class CorrectiveActionSerializer(serializers.ModelSerializer):
    event_reference = serializers.CharField(source="event.reference", read_only=True)
    kind = choice_field(ActionKind, read_only=True)
    status = choice_field(ActionStatus, read_only=True)
    effectiveness = choice_field(Effectiveness, read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "event",
            "event_reference",
            "kind",
            "description",
            "owner",
            "due_date",
            "status",
            "completed_on",
            "effectiveness",
            "effectiveness_note",
        ]


class EventListSerializer(serializers.ModelSerializer):
    """An event; reporter and patient identifier are removed for those who may not see them."""

    chinese_level = serializers.CharField(read_only=True)
    event_type = choice_field(EventType, read_only=True)
    category = choice_field(Category, read_only=True)
    harm = choice_field(Harm, read_only=True)
    medication_category = choice_field(MedicationErrorCategory, read_only=True, allow_blank=True)
    status = choice_field(EventStatus, read_only=True)

    class Meta:
        model = AdverseEvent
        fields = [
            "id",
            "reference",
            "occurred_at",
            "discovered_at",
            "department",
            "location",
            "event_type",
            "category",
            "harm",
            "chinese_level",
            "medication_category",
            "status",
            "reported_at",
            "investigator",
            "investigation_due",
            "requires_rca",
            "closed_at",
            "reporter",
            "is_anonymous",
            "patient_identifier",
        ]

    def to_representation(self, event):
        data = super().to_representation(event)
        user = self.context["request"].user
        if not event.reporter_visible_to(user):
            for name in IDENTITY_FIELDS:
                data.pop(name, None)
        if not event.patient_visible_to(user):
            data.pop("patient_identifier", None)
        return data


class EventStepSerializer(serializers.Serializer):
    """A timeline step; `actor` is null on the report step for those who may not see the reporter."""

    kind = serializers.CharField()
    at = serializers.DateTimeField()
    status = serializers.CharField()
    note = serializers.CharField()
    actor = serializers.IntegerField(allow_null=True)


class EventDetailSerializer(EventListSerializer):
    # Declared again so that their OpenAPI enums belong to this component alone.
    event_type = choice_field(EventType, read_only=True)
    category = choice_field(Category, read_only=True)
    harm = choice_field(Harm, read_only=True)
    medication_category = choice_field(MedicationErrorCategory, read_only=True, allow_blank=True)
    status = choice_field(EventStatus, read_only=True)
    steps = serializers.SerializerMethodField()
    root_causes = RootCauseSerializer(many=True, read_only=True)
    actions = CorrectiveActionSerializer(many=True, read_only=True)

    class Meta(EventListSerializer.Meta):
        fields = [
            *EventListSerializer.Meta.fields,
            "description",
            "immediate_actions",
            "contributing_factors",
            "device_asset_tag",
            "findings",
            "summary",
            "triaged_at",
            "steps",
            "root_causes",
            "actions",
        ]

    @extend_schema_field(EventStepSerializer(many=True))
    def get_steps(self, event) -> list[dict]:
        show_reporter = event.reporter_visible_to(self.context["request"].user)
        return [
            {
                "kind": step.kind,
                "at": step.at,
                "status": step.status,
                "note": step.note,
                # the report step's actor is the reporter
                "actor": step.actor_id if (show_reporter or step.kind != "reported") else None,
            }
            for step in event.steps.all()
        ]


class EventReportSerializer(serializers.Serializer):
    anonymous = serializers.BooleanField(default=False)
    occurred_at = serializers.DateTimeField()
    discovered_at = serializers.DateTimeField(required=False, allow_null=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.active())
    location = serializers.CharField(required=False, allow_blank=True, default="")
    event_type = choice_field(EventType)
    category = choice_field(Category)
    harm = choice_field(Harm, default=Harm.UNKNOWN)
    medication_category = choice_field(MedicationErrorCategory, required=False, allow_blank=True, default="")
    patient_identifier = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField()
    immediate_actions = serializers.CharField(required=False, allow_blank=True, default="")
    contributing_factors = serializers.CharField(required=False, allow_blank=True, default="")
    device_asset_tag = serializers.CharField(required=False, allow_blank=True, default="")


class TriageSerializer(serializers.Serializer):
    event_type = choice_field(EventType)
    category = choice_field(Category)
    harm = choice_field(Harm)
    medication_category = choice_field(MedicationErrorCategory, required=False, allow_blank=True, default="")
    investigator = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingsSerializer(serializers.Serializer):
    findings = serializers.CharField()


class ActionCreateSerializer(serializers.Serializer):
    kind = choice_field(ActionKind, default=ActionKind.CORRECTIVE)
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_date = serializers.DateField()


class SummarySerializer(serializers.Serializer):
    summary = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ActionProgressSerializer(serializers.Serializer):
    status = choice_field(ActionStatus)
    effectiveness = choice_field(Effectiveness, default=Effectiveness.PENDING)
    effectiveness_note = serializers.CharField(required=False, allow_blank=True, default="")


def _data(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class AdverseEventViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Safety events. POST files a report (any signed-in user; `anonymous: true` stores no
    reporter). Reads are scoped: the quality office and administrators see all, department
    heads their departments', everyone their own named reports."""

    filterset_fields = ["status", "category", "harm", "event_type", "department"]
    search_fields = ["reference"]
    ordering_fields = ["reported_at", "occurred_at", "reference"]

    def get_queryset(self):
        qs = AdverseEvent.objects.visible_to(self.request.user).select_related("department")
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=EventStep.objects.all()),
                "root_causes",
                Prefetch("actions", queryset=CorrectiveAction.objects.select_related("event")),
            )
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return EventReportSerializer
        return EventListSerializer if self.action == "list" else EventDetailSerializer

    def create(self, request, *args, **kwargs):
        data = _data(EventReportSerializer, request)
        event = services.report_event(user=request.user, **data)
        # The reporter learns the reference; an anonymous reporter cannot read the event back.
        return Response({"id": event.pk, "reference": event.reference}, status=status.HTTP_201_CREATED)

    def _respond(self, event):
        event = self.get_queryset().get(pk=event.pk)
        return Response(EventDetailSerializer(event, context=self.get_serializer_context()).data)

    @extend_schema(request=TriageSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self._respond(
            services.triage_event(event=self.get_object(), user=request.user, **_data(TriageSerializer, request))
        )

    @extend_schema(request=None, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="start-investigation")
    def start_investigation(self, request, pk=None):
        return self._respond(services.start_investigation(event=self.get_object(), user=request.user))

    @extend_schema(request=FindingsSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        data = _data(FindingsSerializer, request)
        return self._respond(services.record_findings(event=self.get_object(), user=request.user, **data))

    @extend_schema(request=RootCauseSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="root-causes")
    def root_causes(self, request, pk=None):
        event = self.get_object()
        services.add_root_cause(event=event, user=request.user, **_data(RootCauseSerializer, request))
        return self._respond(event)

    @extend_schema(request=ActionCreateSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        event = self.get_object()
        services.add_action(event=event, user=request.user, **_data(ActionCreateSerializer, request))
        return self._respond(event)

    @extend_schema(request=SummarySerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        data = _data(SummarySerializer, request)
        return self._respond(services.close_event(event=self.get_object(), user=request.user, **data))

    @extend_schema(request=ReasonSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = _data(ReasonSerializer, request)
        return self._respond(services.reopen_event(event=self.get_object(), user=request.user, **data))


class CorrectiveActionViewSet(viewsets.ReadOnlyModelViewSet):
    """Corrective and preventive actions of visible events (and the caller's own)."""

    serializer_class = CorrectiveActionSerializer
    filterset_fields = ["status", "owner", "event"]

    def get_queryset(self):
        return CorrectiveAction.objects.visible_to(self.request.user).select_related("event").order_by("due_date", "id")

    @extend_schema(request=ActionProgressSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        data = _data(ActionProgressSerializer, request)
        updated = services.update_action(action=self.get_object(), user=request.user, **data)
        return Response(CorrectiveActionSerializer(updated).data)


class DeviceDaysSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeviceDays
        fields = ["id", "department", "month", "central_line_days", "urinary_catheter_days", "ventilator_days"]
        validators = []  # one row per ward and month: the service replaces it


class DeviceDaysViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Device-days per ward and month; the quality office records them (POST replaces)."""

    serializer_class = DeviceDaysSerializer
    filterset_fields = {"department": ["exact"], "month": ["exact", "gte", "lte"]}

    def get_queryset(self):
        return DeviceDays.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = _data(DeviceDaysSerializer, request)
        row = services.record_device_days(
            user=request.user, department=data.pop("department"), month=data.pop("month"), **data
        )
        return Response(DeviceDaysSerializer(row).data, status=status.HTTP_201_CREATED)


class InfectionCaseSerializer(serializers.ModelSerializer):
    kind = choice_field(InfectionKind)

    class Meta:
        model = InfectionCase
        fields = ["id", "department", "kind", "onset_date", "patient_identifier", "note"]

    def to_representation(self, case):
        data = super().to_representation(case)
        if not is_quality_office(self.context["request"].user):
            data.pop("patient_identifier", None)
        return data


class InfectionCaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = InfectionCaseSerializer
    filterset_fields = {"department": ["exact"], "kind": ["exact"], "onset_date": ["gte", "lte"]}

    def get_queryset(self):
        return InfectionCase.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = _data(InfectionCaseSerializer, request)
        case = services.record_infection_case(user=request.user, **data)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)


class SurveyResponseSerializer(serializers.ModelSerializer):
    scores = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5), write_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = SurveyResponse
        fields = ["id", "survey", "department", "responded_on", "scores", "answers"]

    def get_answers(self, response) -> dict[str, int]:
        return {str(a.question.number): a.score for a in response.answers.all()}


class SurveyImportSerializer(serializers.Serializer):
    survey = serializers.PrimaryKeyRelatedField(queryset=Survey.objects.all())
    file = serializers.FileField()


class SurveyResponseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Survey responses; `scores` maps question numbers to 1–5. POST import/ takes a CSV, all rows or none."""

    serializer_class = SurveyResponseSerializer
    filterset_fields = {"survey": ["exact"], "department": ["exact"], "responded_on": ["gte", "lte"]}

    def get_queryset(self):
        answers = SurveyAnswer.objects.select_related("question")
        return SurveyResponse.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("answers", queryset=answers)
        )

    def create(self, request, *args, **kwargs):
        data = _data(SurveyResponseSerializer, request)
        try:
            scores = {int(number): score for number, score in data.pop("scores").items()}
        except ValueError:
            raise DomainError(_("Scores are keyed by question number.")) from None
        response = services.record_survey_response(user=request.user, scores=scores, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=response.pk)).data, status=201)

    @extend_schema(request=SurveyImportSerializer, responses={200: None, 400: None})
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_csv(self, request):
        data = _data(SurveyImportSerializer, request)
        try:
            result = services.import_survey_csv(
                file=io.TextIOWrapper(data["file"].file, encoding="utf-8-sig"), user=request.user, survey=data["survey"]
            )
        except services.SurveyImportError as error:
            return Response(
                {"detail": error.message, "rows": [{"line": line, "error": msg} for line, msg in error.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except UnicodeDecodeError:
            raise DomainError(_("The file is not UTF-8 text.")) from None
        return Response({"responses": result.responses, "answers": result.answers})


router = DefaultRouter()
router.register("events", AdverseEventViewSet, basename="quality-event")
router.register("actions", CorrectiveActionViewSet, basename="quality-action")
router.register("device-days", DeviceDaysViewSet, basename="quality-device-days")
router.register("infection-cases", InfectionCaseViewSet, basename="quality-infection-case")
router.register("survey-responses", SurveyResponseViewSet, basename="quality-survey-response")

urlpatterns = router.urls
