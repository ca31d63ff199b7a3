"""The equipment API, mounted at /api/v1/equipment/. Thin: scoping from the QuerySets'
visible_to, one service call per write, costs hidden by equipment.serializers."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from equipment import selectors, services
from equipment.models import AcceptanceTest, Equipment, MaintenancePlan, StatusChange, WorkOrder
from equipment.serializers import (
    AcceptanceTestInputSerializer,
    AcceptanceTestSerializer,
    AssignSerializer,
    CancelReasonSerializer,
    CompleteSerializer,
    EquipmentSerializer,
    EquipmentUpdateSerializer,
    FaultReportSerializer,
    MaintenancePlanSerializer,
    PartsNoteSerializer,
    PlanCreateSerializer,
    StatusChangeSerializer,
    TransitionSerializer,
    WorkOrderCreateSerializer,
    WorkOrderSerializer,
)


def _data(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _visible(queryset, pk, user):
    """A record the user may see, looked up from an input's foreign key (404 otherwise)."""
    return get_object_or_404(queryset.visible_to(user), pk=pk)


class EquipmentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The register. Filters as on the page: `q`, `department` (with its sub-departments),
    `category`, `status`, `risk`, `due` (soon | overdue). Writes through the services:
    POST registers a device as ordered; `transition` takes a lifecycle step."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = [
        "asset_tag",
        "name",
        "category",
        "department__name",
        "risk_class",
        "status",
        "next_due",
        "purchase_date",
        "commissioned_on",
    ]

    def get_queryset(self):
        if self.action == "list":
            return selectors.register(
                self.request.user, selectors.RegisterFilters.from_params(self.request.query_params)
            )
        return (
            Equipment.objects.visible_to(self.request.user)
            .select_related("department")
            .annotate(next_due=selectors.next_due_subquery())
        )

    def get_serializer_class(self):
        return EquipmentUpdateSerializer if self.action == "partial_update" else EquipmentSerializer

    def _respond(self, device, code=status.HTTP_200_OK):
        device = self.get_queryset().get(pk=device.pk)
        return Response(EquipmentSerializer(device, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = _data(EquipmentSerializer, request)
        device = services.register_equipment(user=request.user, **data)
        return self._respond(device, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        device = self.get_object()
        serializer = EquipmentUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_equipment(user=request.user, equipment=device, **serializer.validated_data)
        return self._respond(device)

    @extend_schema(request=TransitionSerializer, responses=EquipmentSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        data = _data(TransitionSerializer, request)
        return self._respond(services.move_equipment(equipment=self.get_object(), user=request.user, **data))

    @extend_schema(request=AcceptanceTestInputSerializer, responses=AcceptanceTestSerializer)
    @action(detail=True, methods=["post"], url_path="acceptance-tests")
    def acceptance_tests(self, request, pk=None):
        data = _data(AcceptanceTestInputSerializer, request)
        data["checklist_results"] = [dict(row) for row in data["checklist_results"]]
        test = services.record_acceptance_test(equipment=self.get_object(), user=request.user, **data)
        return Response(AcceptanceTestSerializer(test).data, status=status.HTTP_201_CREATED)


class StatusChangeViewSet(viewsets.ReadOnlyModelViewSet):
    """Every device's status history (downtime is measured from it); `?equipment=` filters."""

    serializer_class = StatusChangeSerializer
    filterset_fields = ["equipment", "to_status"]
    ordering_fields = ["at", "equipment", "to_status"]

    def get_queryset(self):
        devices = Equipment.objects.visible_to(self.request.user)
        return StatusChange.objects.filter(equipment__in=devices).order_by("equipment_id", "at", "id")


class AcceptanceTestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AcceptanceTestSerializer
    filterset_fields = ["equipment", "passed"]
    ordering_fields = ["tested_at", "equipment", "passed"]

    def get_queryset(self):
        devices = Equipment.objects.visible_to(self.request.user)
        return AcceptanceTest.objects.filter(equipment__in=devices).order_by("-tested_at", "-id")


class MaintenancePlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Maintenance plans; `raise-order` opens the work order of the plan's next check."""

    filterset_fields = {"equipment": ["exact"], "kind": ["exact"], "is_active": ["exact"], "next_due": ["gte", "lte"]}
    ordering_fields = ["next_due", "last_done", "kind", "equipment__asset_tag"]

    def get_queryset(self):
        return MaintenancePlan.objects.visible_to(self.request.user).order_by("next_due", "id")

    def get_serializer_class(self):
        return PlanCreateSerializer if self.action == "create" else MaintenancePlanSerializer

    @extend_schema(request=PlanCreateSerializer, responses=MaintenancePlanSerializer)
    def create(self, request, *args, **kwargs):
        data = _data(PlanCreateSerializer, request)
        data["equipment"] = _visible(Equipment.objects, data["equipment"].pk, request.user)
        plan = services.create_plan(user=request.user, **data)
        return Response(MaintenancePlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="raise-order")
    def raise_order(self, request, pk=None):
        order = services.raise_planned_order(user=request.user, plan=self.get_object())
        return Response(
            WorkOrderSerializer(order, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class WorkOrderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Work orders of visible devices, with their steps as actions (400/403/409 with a message)."""

    filterset_fields = {
        "equipment": ["exact"],
        "kind": ["exact"],
        "status": ["exact"],
        "priority": ["exact"],
        "engineer": ["exact"],
        "reported_at": ["gte", "lte"],
    }
    ordering_fields = ["reported_at", "due_date", "completed_at", "priority", "status", "kind", "equipment__asset_tag"]

    def get_queryset(self):
        return (
            WorkOrder.objects.visible_to(self.request.user).select_related("equipment").order_by("-reported_at", "-id")
        )

    def get_serializer_class(self):
        return WorkOrderCreateSerializer if self.action == "create" else WorkOrderSerializer

    def _respond(self, order, code=status.HTTP_200_OK):
        order = self.get_queryset().get(pk=order.pk)
        return Response(WorkOrderSerializer(order, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=WorkOrderCreateSerializer, responses=WorkOrderSerializer)
    def create(self, request, *args, **kwargs):
        data = _data(WorkOrderCreateSerializer, request)
        data["equipment"] = _visible(Equipment.objects, data["equipment"].pk, request.user)
        return self._respond(services.create_work_order(user=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = _data(AssignSerializer, request)
        return self._respond(services.assign_work_order(order=self.get_object(), user=request.user, **data))

    @extend_schema(request=None, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._respond(services.respond_to_work_order(order=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._respond(services.start_work_order(order=self.get_object(), user=request.user))

    @extend_schema(request=PartsNoteSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="wait-for-parts")
    def wait_for_parts(self, request, pk=None):
        data = _data(PartsNoteSerializer, request)
        return self._respond(services.wait_for_parts(order=self.get_object(), user=request.user, **data))

    @extend_schema(request=CompleteSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        data = _data(CompleteSerializer, request)
        data["checklist_results"] = [dict(row) for row in data["checklist_results"]]
        return self._respond(services.complete_work_order(order=self.get_object(), user=request.user, **data))

    @extend_schema(request=CancelReasonSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = _data(CancelReasonSerializer, request)
        return self._respond(services.cancel_work_order(order=self.get_object(), user=request.user, **data))


class FaultReportViewSet(viewsets.GenericViewSet):
    """POST {"asset_tag", "description"}: any staff member reports a fault on a device of their
    own department (403 otherwise, as on the page); the engineers are notified."""

    serializer_class = FaultReportSerializer

    def get_queryset(self):
        return WorkOrder.objects.none()

    @extend_schema(request=FaultReportSerializer, responses={201: WorkOrderSerializer})
    def create(self, request):
        data = _data(FaultReportSerializer, request)
        device = (
            Equipment.objects.select_related("department").filter(asset_tag=data["asset_tag"].strip().upper()).first()
        )
        if device is None:
            raise NotFound(_("No device has this asset tag."))
        order = services.report_fault(user=request.user, equipment=device, description=data["description"])
        return Response({"id": order.pk, "reference": order.reference}, status=status.HTTP_201_CREATED)


router = DefaultRouter()
router.register("devices", EquipmentViewSet, basename="equipment-device")
router.register("status-changes", StatusChangeViewSet, basename="equipment-status-change")
router.register("acceptance-tests", AcceptanceTestViewSet, basename="equipment-acceptance-test")
router.register("plans", MaintenancePlanViewSet, basename="equipment-plan")
router.register("work-orders", WorkOrderViewSet, basename="equipment-work-order")
router.register("fault-reports", FaultReportViewSet, basename="equipment-fault-report")

urlpatterns = router.urls
