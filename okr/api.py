"""The OKR API: cycles, objectives (with their key results), key results, check-ins,
and the cascade of a cycle. Thin: scoping from the QuerySets, one service call per write."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from hospital.models import Department
from okr import access, selectors, services
from okr.models import CheckIn, Cycle, KeyResult, Objective
from okr.serializers import (
    CascadeObjectiveSerializer,
    CascadeQuerySerializer,
    CheckInSerializer,
    CycleSerializer,
    KeyResultSerializer,
    ObjectiveSerializer,
    TargetChangeSerializer,
)


class CyclesReadOnlyUnlessManager(BasePermission):
    """Writes only for those okr.access lets manage cycles (the services check again)."""

    def has_permission(self, request, view):
        return access.may_read_cycles(request.user) and (
            request.method in SAFE_METHODS or access.may_manage_cycles(request.user)
        )


class CycleViewSet(viewsets.ModelViewSet):
    """Every signed-in user reads cycles; administrators create and change them."""

    serializer_class = CycleSerializer
    permission_classes = [CyclesReadOnlyUnlessManager]
    filterset_fields = ["status", "year"]
    ordering_fields = ["start", "end", "name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Cycle.objects.visible_to(self.request.user).order_by("-start", "end")

    def perform_create(self, serializer):
        serializer.instance = services.create_cycle(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_cycle(
            user=self.request.user, cycle=serializer.instance, **serializer.validated_data
        )


class ObjectiveFilter(filters.FilterSet):
    department = filters.ModelChoiceFilter(queryset=Department.objects.all(), method="filter_department")

    class Meta:
        model = Objective
        fields = ["cycle", "level", "status", "kind", "parent"]

    def filter_department(self, queryset, name, value):
        return queryset.filter(department__path__startswith=value.path)


class ObjectiveViewSet(viewsets.ModelViewSet):
    """Objectives the caller may read, each with its key results; writes follow okr.access."""

    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    search_fields = ["title"]
    ordering_fields = ["title", "level", "department", "cycle"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.with_key_results(Objective.objects.visible_to(self.request.user)).prefetch_related(
            "contributing_departments"
        )

    def perform_create(self, serializer):
        serializer.instance = services.create_objective(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_objective(
            user=self.request.user, objective=serializer.instance, **serializer.validated_data
        )


class KeyResultViewSet(viewsets.ModelViewSet):
    """Key results of visible objectives. Targets of an existing key result change through
    POST …/change-target/ with a reason."""

    serializer_class = KeyResultSerializer
    filterset_fields = ["objective", "objective__cycle", "kind", "confidence"]
    ordering_fields = ["title", "objective", "confidence"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return KeyResult.objects.visible_to(self.request.user).select_related("objective__cycle").order_by("id")

    def perform_create(self, serializer):
        # a hidden objective is "not found", as on the pages
        data = serializer.validated_data
        objective = get_object_or_404(Objective.objects.visible_to(self.request.user), pk=data["objective"].pk)
        serializer.instance = services.create_key_result(user=self.request.user, **{**data, "objective": objective})

    def perform_update(self, serializer):
        serializer.instance = services.update_key_result(
            user=self.request.user, key_result=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=TargetChangeSerializer, responses={200: KeyResultSerializer})
    @action(detail=True, methods=["post"], url_path="change-target")
    def change_target(self, request, pk=None):
        key_result = self.get_object()
        serializer = TargetChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_target(key_result=key_result, user=request.user, **serializer.validated_data)
        key_result.refresh_from_db()
        return Response(KeyResultSerializer(key_result).data)


class CheckInViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Check-ins of visible key results. POST records one (same rules as the pages)."""

    serializer_class = CheckInSerializer
    filterset_fields = {"key_result": ["exact"], "date": ["exact", "gte", "lte"], "source": ["exact"]}
    ordering_fields = ["date", "key_result"]

    def get_queryset(self):
        return CheckIn.objects.visible_to(self.request.user).order_by("-date", "-id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key_result = get_object_or_404(KeyResult.objects.visible_to(request.user), pk=data["key_result"].pk)
        check_in = services.record_check_in(
            user=request.user,
            key_result=key_result,
            value=data["value"],
            date=data.get("date"),
            confidence=data.get("confidence") or None,
            confidence_score=data.get("confidence_score"),
            comment=data.get("comment", ""),
        )
        return Response(self.get_serializer(check_in).data, status=status.HTTP_201_CREATED)


class CascadeView(APIView):
    """The tree of a cycle's objectives (default: the current cycle), filtered like the page."""

    @extend_schema(parameters=[CascadeQuerySerializer], responses={200: None})
    def get(self, request):
        query = CascadeQuerySerializer(data=request.query_params, user=request.user)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        cycle = params.get("cycle") or selectors.default_cycle(request.user)
        if cycle is None:
            return Response({"cycle": None, "objectives": [], "unaligned": []})
        tree = selectors.build_cascade(
            selectors.objectives_for(
                request.user,
                cycle=cycle,
                department=params.get("department"),
                kind=params.get("kind", ""),
                level=params.get("level", ""),
            )
        )
        return Response(
            {
                "cycle": CycleSerializer(cycle).data,
                "objectives": CascadeObjectiveSerializer(tree.roots, many=True).data,
                "unaligned": CascadeObjectiveSerializer(tree.unaligned, many=True).data,
            }
        )


router = DefaultRouter()
router.register("cycles", CycleViewSet, basename="okr-cycle")
router.register("objectives", ObjectiveViewSet, basename="okr-objective")
router.register("key-results", KeyResultViewSet, basename="okr-key-result")
router.register("check-ins", CheckInViewSet, basename="okr-check-in")

urlpatterns = [path("cascade/", CascadeView.as_view(), name="okr-cascade"), *router.urls]
