"""The quality API, mounted at /api/v1/quality/. Thin: scoping from the QuerySets'
visible_to, writes through quality.services, identities removed by quality.serializers."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from hospital.errors import DomainError
from hospital.models import Department
from quality import access, services
from quality.models import (
    AdverseEvent,
    CorrectiveAction,
    DeviceDays,
    EventStep,
    InfectionCase,
    InfectionThreshold,
    SurveyAnswer,
    SurveyResponse,
)
from quality.serializers import (
    ActionCreateSerializer,
    ActionProgressSerializer,
    CorrectiveActionSerializer,
    DeviceDaysSerializer,
    EventDetailSerializer,
    EventListSerializer,
    EventReportSerializer,
    FindingsSerializer,
    InfectionCaseSerializer,
    InfectionThresholdSerializer,
    ReasonSerializer,
    RootCauseSerializer,
    SummarySerializer,
    SurveyImportSerializer,
    SurveyResponseSerializer,
    TriageSerializer,
)


def _data(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class AdverseEventFilter(filters.FilterSet):
    # A department with its sub-departments, as on the events page (Internal Medicine
    # takes in Cardiology).
    department = filters.ModelChoiceFilter(queryset=Department.objects.all(), method="filter_department")

    class Meta:
        model = AdverseEvent
        fields = ["status", "category", "harm", "event_type"]

    def filter_department(self, queryset, name, value):
        return queryset.in_department(value)


class AdverseEventViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Safety events. POST files a report (any signed-in user; `anonymous: true` stores no
    reporter). Reads are scoped: the quality office and administrators see all, department
    heads their departments', everyone their own named reports. A client that may retry
    sends a random `submission_key` (UUID): the same key again returns the first report."""

    filterset_class = AdverseEventFilter
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
    ordering_fields = ["due_date", "status", "owner", "event"]

    def get_queryset(self):
        return CorrectiveAction.objects.visible_to(self.request.user).select_related("event").order_by("due_date", "id")

    @extend_schema(request=ActionProgressSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        data = _data(ActionProgressSerializer, request)
        updated = services.update_action(action=self.get_object(), user=request.user, **data)
        return Response(CorrectiveActionSerializer(updated).data)


class DeviceDaysViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Device-days per ward and month; the quality office records them (POST replaces)."""

    serializer_class = DeviceDaysSerializer
    filterset_fields = {"department": ["exact"], "month": ["exact", "gte", "lte"]}
    ordering_fields = ["month", "department"]

    def get_queryset(self):
        return DeviceDays.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = _data(DeviceDaysSerializer, request)
        row = services.record_device_days(
            user=request.user, department=data.pop("department"), month=data.pop("month"), **data
        )
        return Response(DeviceDaysSerializer(row).data, status=status.HTTP_201_CREATED)


class InfectionCaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = InfectionCaseSerializer
    filterset_fields = {"department": ["exact"], "kind": ["exact"], "onset_date": ["gte", "lte"]}
    ordering_fields = ["onset_date", "department", "kind"]

    def get_queryset(self):
        return InfectionCase.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = _data(InfectionCaseSerializer, request)
        case = services.record_infection_case(user=request.user, **data)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)


class InfectionThresholdViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Each ward's alert threshold per infection (its own baseline); the quality office sets them (POST replaces)."""

    serializer_class = InfectionThresholdSerializer
    filterset_fields = ["department", "kind"]

    def get_queryset(self):
        return InfectionThreshold.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = _data(InfectionThresholdSerializer, request)
        threshold = services.set_infection_threshold(user=request.user, **data)
        return Response(self.get_serializer(threshold).data, status=status.HTTP_201_CREATED)


class MayEnterSurveillanceData(BasePermission):
    """Checked before an upload is read: only the quality office makes the server parse a file."""

    message = gettext_lazy("Only the quality office may enter surveillance data.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and access.may_enter_surveillance_data(request.user)


class SurveyResponseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Survey responses; `scores` maps question numbers to 1–5. POST import/ takes a CSV or XLSX file,
    all rows or none."""

    serializer_class = SurveyResponseSerializer
    filterset_fields = {"survey": ["exact"], "department": ["exact"], "responded_on": ["gte", "lte"]}
    ordering_fields = ["responded_on", "department"]

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

    @extend_schema(request=SurveyImportSerializer, responses={200: None, 400: None, 403: None})
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        permission_classes=[MayEnterSurveillanceData],
        url_path="import",
    )
    def import_csv(self, request):
        data = _data(SurveyImportSerializer, request)
        result = services.import_survey(user=request.user, survey=data["survey"], upload=data["file"])
        return Response({"responses": result.responses, "answers": result.answers})


router = DefaultRouter()
router.register("events", AdverseEventViewSet, basename="quality-event")
router.register("actions", CorrectiveActionViewSet, basename="quality-action")
router.register("device-days", DeviceDaysViewSet, basename="quality-device-days")
router.register("infection-cases", InfectionCaseViewSet, basename="quality-infection-case")
router.register("infection-thresholds", InfectionThresholdViewSet, basename="quality-infection-threshold")
router.register("survey-responses", SurveyResponseViewSet, basename="quality-survey-response")

urlpatterns = router.urls
