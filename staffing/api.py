"""The staffing API, mounted at /api/v1/staffing/. Thin: scoping from the QuerySets'
visible_to, one service call per write; refusals are the services' domain errors
(400/403/409 with {"detail"}; a roster that cannot be published also lists its violations)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from hospital.models import User
from staffing import services
from staffing.models import (
    Assignment,
    CoverageRule,
    LeaveRequest,
    Roster,
    ShiftRequest,
    ShiftSwap,
    ShiftType,
    Skill,
    WorkRules,
)
from staffing.serializers import (
    AssignmentInputSerializer,
    AssignmentSerializer,
    CoverageRuleSerializer,
    DecisionSerializer,
    GenerateSerializer,
    LeaveInputSerializer,
    LeaveRequestSerializer,
    RosterInputSerializer,
    RosterSerializer,
    ShiftRequestSerializer,
    ShiftTypeSerializer,
    SkillSerializer,
    SwapInputSerializer,
    SwapSerializer,
    ViolationSerializer,
    WorkRulesSerializer,
)


def _data(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SkillSerializer
    queryset = Skill.objects.order_by("name", "id")
    ordering_fields = ["code", "name"]


class ShiftTypeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Shift types (hospital-wide reference data); HR schedulers and administrators change them."""

    serializer_class = ShiftTypeSerializer
    queryset = ShiftType.objects.order_by("sort_order", "code")
    ordering_fields = ["code", "sort_order", "start"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = _data(ShiftTypeSerializer, request)
        shift_type = services.save_shift_type(user=request.user, **data)
        return Response(ShiftTypeSerializer(shift_type).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        shift_type = self.get_object()
        data = _data(ShiftTypeSerializer, request, partial=True)
        return Response(
            ShiftTypeSerializer(services.save_shift_type(user=request.user, shift_type=shift_type, **data)).data
        )


class CoverageRuleViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Coverage rules of the departments the user sees; `?department=` filters."""

    serializer_class = CoverageRuleSerializer
    filterset_fields = ["department", "scope", "shift_type", "skill"]
    ordering_fields = ["department", "weekday", "date", "shift_type"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            CoverageRule.objects.visible_to(self.request.user)
            .select_related("shift_type")
            .order_by("department_id", "scope", "weekday", "date", "id")
        )

    def create(self, request, *args, **kwargs):
        rule = services.save_coverage_rule(user=request.user, **_data(CoverageRuleSerializer, request))
        return Response(CoverageRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        rule = self.get_object()
        data = _data(CoverageRuleSerializer, request, partial=True)
        return Response(CoverageRuleSerializer(services.save_coverage_rule(user=request.user, rule=rule, **data)).data)

    def destroy(self, request, *args, **kwargs):
        services.delete_coverage_rule(user=request.user, rule=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkRulesViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The hospital default (department null) and the departments' own work rules."""

    serializer_class = WorkRulesSerializer
    filterset_fields = ["department"]
    ordering_fields = ["department"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return WorkRules.objects.visible_to(self.request.user).order_by("department_id", "id")

    def partial_update(self, request, *args, **kwargs):
        rules = self.get_object()
        data = _data(WorkRulesSerializer, request, partial=True)
        saved = services.save_work_rules(user=request.user, department=rules.department, **data)
        return Response(WorkRulesSerializer(saved).data)


class LeaveRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """One's own leave, and that of the people one schedules; approve, reject and cancel."""

    serializer_class = LeaveRequestSerializer
    filterset_fields = {"person": ["exact"], "status": ["exact"], "kind": ["exact"], "start": ["gte", "lte"]}
    ordering_fields = ["start", "requested_at", "status"]

    def get_queryset(self):
        return LeaveRequest.objects.visible_to(self.request.user).select_related("person").order_by("-start", "-id")

    @extend_schema(request=LeaveInputSerializer, responses={201: LeaveRequestSerializer})
    def create(self, request, *args, **kwargs):
        leave = services.request_leave(user=request.user, **_data(LeaveInputSerializer, request))
        return Response(LeaveRequestSerializer(leave).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=LeaveRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        leave = services.approve_leave(user=request.user, leave=self.get_object(), **_data(DecisionSerializer, request))
        return Response(LeaveRequestSerializer(leave).data)

    @extend_schema(request=DecisionSerializer, responses=LeaveRequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        leave = services.reject_leave(user=request.user, leave=self.get_object(), **_data(DecisionSerializer, request))
        return Response(LeaveRequestSerializer(leave).data)

    @extend_schema(request=None, responses=LeaveRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return Response(LeaveRequestSerializer(services.cancel_leave(user=request.user, leave=self.get_object())).data)


class ShiftRequestViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ShiftRequestSerializer
    filterset_fields = {"person": ["exact"], "date": ["gte", "lte"]}
    ordering_fields = ["date", "created_at"]

    def get_queryset(self):
        return ShiftRequest.objects.visible_to(self.request.user).order_by("date", "id")

    def create(self, request, *args, **kwargs):
        made = services.request_shift(user=request.user, **_data(ShiftRequestSerializer, request))
        return Response(ShiftRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.withdraw_shift_request(user=request.user, shift_request=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SwapViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Swaps one asked for or was asked to take, and those of the rosters one schedules."""

    serializer_class = SwapSerializer
    filterset_fields = ["status", "requester", "partner"]
    ordering_fields = ["requested_at", "status"]

    def get_queryset(self):
        return ShiftSwap.objects.visible_to(self.request.user).order_by("-requested_at", "-id")

    @extend_schema(request=SwapInputSerializer, responses={201: SwapSerializer})
    def create(self, request, *args, **kwargs):
        data = _data(SwapInputSerializer, request)
        shifts = Assignment.objects.visible_to(request.user)
        given = get_object_or_404(shifts, pk=data["requester_assignment"])
        partner = get_object_or_404(User.objects.filter(is_active=True), pk=data["partner"])
        taken = None
        if data.get("partner_assignment"):
            taken = get_object_or_404(shifts, pk=data["partner_assignment"])
        swap = services.request_swap(
            user=request.user,
            requester_assignment=given,
            partner=partner,
            partner_assignment=taken,
            note=data.get("note", ""),
        )
        return Response(SwapSerializer(swap).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        swap = services.approve_swap(user=request.user, swap=self.get_object(), **_data(DecisionSerializer, request))
        return Response(SwapSerializer(swap).data)

    @extend_schema(request=DecisionSerializer, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        swap = services.reject_swap(user=request.user, swap=self.get_object(), **_data(DecisionSerializer, request))
        return Response(SwapSerializer(swap).data)


class RosterViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Rosters the user may see (schedulers: every status of their departments; staff: their
    department's published ones), their assignments, generation, checks and publishing."""

    serializer_class = RosterSerializer
    filterset_fields = {"department": ["exact"], "status": ["exact"], "first_day": ["gte", "lte"]}
    ordering_fields = ["first_day", "department", "status"]

    def get_queryset(self):
        return (
            Roster.objects.visible_to(self.request.user)
            .select_related("department")
            .order_by("-first_day", "department_id", "id")
        )

    @extend_schema(request=RosterInputSerializer, responses={201: RosterSerializer})
    def create(self, request, *args, **kwargs):
        roster = services.create_roster(user=request.user, **_data(RosterInputSerializer, request))
        return Response(RosterSerializer(roster).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=GenerateSerializer,
        responses={202: inline_serializer("GenerationStarted", {"task_id": serializers.CharField()})},
    )
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        data = _data(GenerateSerializer, request)
        task_id = services.start_generation(user=request.user, roster=self.get_object(), **data)
        return Response({"task_id": task_id}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses=inline_serializer(
            "GenerationStatus",
            {
                "state": serializers.CharField(),
                "task_id": serializers.CharField(),
                "elapsed_seconds": serializers.FloatField(allow_null=True),
                "best_penalty": serializers.IntegerField(allow_null=True),
                "penalty_by_rule": serializers.DictField(),
                "penalty_by_person": serializers.DictField(),
                "shortfalls": serializers.ListField(child=serializers.CharField()),
                "error": serializers.CharField(),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def status(self, request, pk=None):
        return Response(services.generation_status(self.get_object()))

    @extend_schema(responses=ViolationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def check(self, request, pk=None):
        check = services.check_roster(self.get_object())
        return Response([v.as_dict() for v in check.violations])

    @extend_schema(request=None, responses=RosterSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return Response(RosterSerializer(services.publish_roster(user=request.user, roster=self.get_object())).data)

    @extend_schema(request=AssignmentInputSerializer, responses=AssignmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def assignments(self, request, pk=None):
        """GET: the roster's assignments (paginated); POST {person, date, shift_type|null}: a
        manual edit, answered with the roster's violations after it."""
        roster = self.get_object()
        if request.method == "POST":
            data = _data(AssignmentInputSerializer, request)
            check = services.set_assignment(user=request.user, roster=roster, **data)
            return Response([v.as_dict() for v in check.violations])
        rows = Assignment.objects.filter(roster=roster).select_related("shift_type").order_by("date", "person_id", "id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AssignmentSerializer(page, many=True).data)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Shifts the user may see: of visible rosters, and their own in published ones.
    `?mine=1` keeps only one's own."""

    serializer_class = AssignmentSerializer
    filterset_fields = {"roster": ["exact"], "person": ["exact"], "date": ["gte", "lte"]}
    ordering_fields = ["date", "person"]

    def get_queryset(self):
        rows = Assignment.objects.visible_to(self.request.user).select_related("shift_type")
        if self.request.query_params.get("mine"):
            rows = rows.filter(person=self.request.user, roster__status="published")
        return rows.order_by("date", "person_id", "id")


router = DefaultRouter()
router.register("skills", SkillViewSet, basename="staffing-skill")
router.register("shift-types", ShiftTypeViewSet, basename="staffing-shift-type")
router.register("coverage-rules", CoverageRuleViewSet, basename="staffing-coverage-rule")
router.register("work-rules", WorkRulesViewSet, basename="staffing-work-rules")
router.register("leave-requests", LeaveRequestViewSet, basename="staffing-leave-request")
router.register("shift-requests", ShiftRequestViewSet, basename="staffing-shift-request")
router.register("swaps", SwapViewSet, basename="staffing-swap")
router.register("rosters", RosterViewSet, basename="staffing-roster")
router.register("assignments", AssignmentViewSet, basename="staffing-assignment")

urlpatterns = router.urls
