"""The performance API, mounted at /api/v1/performance/. Thin: reads scoped by the
QuerySets' visible_to (finance and administrators: every department; heads: their own),
writes through the services, a closed month refused with 409 by the project's handler."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from hospital.errors import DomainError
from hospital.imports import uploaded_file
from hospital.models import Department
from hospital.periods import add_months
from performance import access, downloads, selectors, services
from performance.kpis import rounded
from performance.models import AllocationRun, Budget, CostEntry, DriverValue, RevenueEntry
from performance.serializers import (
    AllocationRunListSerializer,
    AllocationRunSerializer,
    BudgetSerializer,
    CostEntrySerializer,
    CostEntryUpdateSerializer,
    DriverValueSerializer,
    ImportUploadSerializer,
    MonthInputSerializer,
    RevenueEntrySerializer,
    RunInputSerializer,
)


class _Readers:
    """Only finance, administrators and department heads use the app's API at all."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access.may_read(request.user):
            raise PermissionDenied


class MayManage(BasePermission):
    """Checked before an upload is read: a user who may not import never makes the server parse a file."""

    message = gettext_lazy("Only finance and administrators may change costs, revenue, budgets and drivers.")

    def has_permission(self, request, view):
        return access.may_manage(request.user)


def import_action(service):
    """POST …/import/ with a CSV/XLSX `file`: the page's import (every bad row listed, 400; all or none)."""

    @extend_schema(request=ImportUploadSerializer, responses={200: None, 400: None, 403: None})
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        permission_classes=[MayManage],
        url_path="import",
        url_name="import",
    )
    def import_file(self, request):
        result = service(upload=uploaded_file(request.FILES), user=request.user)
        return Response({"created": result.created, "updated": result.updated})

    return import_file


def _filtered(queryset, params):
    """`month` (YYYY-MM), `department` (with its sub-departments), `category` filters."""
    if params.get("month"):
        queryset = queryset.filter(month=services.parse_month(params["month"]))
    if params.get("department"):
        try:
            department = int(params["department"])
        except ValueError:
            raise DomainError(_("Give the department as its id."), field="department") from None
        queryset = queryset.filter(department__path__startswith=_department_path(department))
    return queryset


def _department_path(pk: int) -> str:
    path = Department.objects.filter(pk=pk).values_list("path", flat=True).first()
    return path or "-"  # an unknown department matches nothing


class CostEntryViewSet(_Readers, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Cost entries; filters `month`, `department`, `category`, `source`. POST, PATCH and
    DELETE (finance, open months, manual and imported entries only) call the services."""

    serializer_class = CostEntrySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_fields = ["month", "amount", "created_at"]

    def get_queryset(self):
        qs = _filtered(CostEntry.objects.visible_to(self.request.user), self.request.query_params)
        params = self.request.query_params
        if params.get("category"):
            qs = qs.filter(category__code=params["category"])
        if params.get("source"):
            qs = qs.filter(source=params["source"])
        return qs.select_related("department", "category").order_by("-month", "department__code", "id")

    def create(self, request, *args, **kwargs):
        serializer = CostEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.record_cost_entry(user=request.user, **serializer.validated_data)
        return Response(CostEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        serializer = CostEntryUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entry = services.update_cost_entry(entry=entry, user=request.user, **serializer.validated_data)
        return Response(CostEntrySerializer(entry).data)

    def destroy(self, request, *args, **kwargs):
        services.delete_cost_entry(entry=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    import_file = import_action(services.import_cost_entries)


class RevenueEntryViewSet(_Readers, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Revenue entries; filters `month`, `department`."""

    serializer_class = RevenueEntrySerializer
    ordering_fields = ["month", "amount"]

    def get_queryset(self):
        qs = _filtered(RevenueEntry.objects.visible_to(self.request.user), self.request.query_params)
        return qs.order_by("-month", "department__code", "id")

    def create(self, request, *args, **kwargs):
        serializer = RevenueEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.record_revenue_entry(user=request.user, **serializer.validated_data)
        return Response(RevenueEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    import_file = import_action(services.import_revenue_entries)


class BudgetViewSet(_Readers, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Budgets; filters `month`, `department`. POST sets one (replacing the one there was)."""

    serializer_class = BudgetSerializer
    ordering_fields = ["month", "amount"]

    def get_queryset(self):
        qs = _filtered(Budget.objects.visible_to(self.request.user), self.request.query_params)
        return qs.order_by("-month", "department__code", "category__order")

    def create(self, request, *args, **kwargs):
        serializer = BudgetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = services.set_budget(user=request.user, **serializer.validated_data)
        return Response(BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)

    import_file = import_action(services.import_budgets)


class DriverValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Driver values (finance and administrators: drivers show every department); filters
    `month`, `department`, `kind`. `import` sets them from a CSV/XLSX file."""

    serializer_class = DriverValueSerializer
    ordering_fields = ["month", "value"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access.may_see_allocation(request.user):
            raise PermissionDenied

    def get_queryset(self):
        qs = _filtered(DriverValue.objects.all(), self.request.query_params)
        if self.request.query_params.get("kind"):
            qs = qs.filter(kind=self.request.query_params["kind"])
        return qs.select_related("department").order_by("-month", "kind", "department__code")

    import_file = import_action(services.import_driver_values)


class AllocationRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Allocation runs (finance and administrators): the list without, a run with, its matrix.
    `run` allocates a month (its representation has the totals before and after);
    `close` closes the run's month."""

    ordering_fields = ["month", "run_at"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access.may_see_allocation(request.user):
            raise PermissionDenied

    def get_queryset(self):
        qs = AllocationRun.objects.order_by("-month", "-run_at", "-id")
        return qs.defer("matrix") if self.action == "list" else qs

    def get_serializer_class(self):
        return AllocationRunListSerializer if self.action == "list" else AllocationRunSerializer

    @extend_schema(request=RunInputSerializer, responses=AllocationRunSerializer)
    @action(detail=False, methods=["post"])
    def run(self, request):
        serializer = RunInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.run_allocation(user=request.user, **serializer.validated_data)
        return Response(AllocationRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MonthInputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        run = get_object_or_404(AllocationRun.objects.defer("matrix"), pk=pk)
        closed = services.close_month(month=run.month, user=request.user)
        return Response({"month": f"{closed.month:%Y-%m}"}, status=status.HTTP_201_CREATED)


class KpiViewSet(_Readers, viewsets.ViewSet):
    """KPIs per department the user may see over `first`..`last` (YYYY-MM; default: last month)."""

    @extend_schema(responses=None)
    def list(self, request):
        params = request.query_params
        last = services.parse_month(params["last"]) if params.get("last") else None
        first = services.parse_month(params["first"]) if params.get("first") else None
        last = last or add_months(timezone.localdate().replace(day=1), -1)
        first = first or last
        if first > last:
            raise DomainError(_("The first month comes after the last."), field="first")
        rows = selectors.kpi_table(request.user, first=first, last=last)
        data = [
            {
                "department": dept.pk,
                "department_code": dept.code,
                "first": f"{first:%Y-%m}",
                "last": f"{last:%Y-%m}",
                "direct_cost": str(f.direct_cost),
                "full_cost": str(f.full_cost),
                "revenue": str(f.revenue),
                "budget": str(f.budget),
                "patient_days": f.workload.patient_days,
                **{key: None if v is None else str(rounded(v, 4)) for key, v in f.kpis.items()},
            }
            for dept, f in rows
        ]
        return Response(data)


class ScorecardViewSet(_Readers, viewsets.ViewSet):
    """The scorecard of `month` (YYYY-MM; default: last complete month), as the page ranks
    it: the dimensions with their weights, and per ward the user may see its rank, total
    and each dimension's score (0–100) and metric value."""

    @extend_schema(responses=None)
    def list(self, request):
        month = downloads.scorecard_month(request.query_params)
        dimensions, rows = selectors.scorecard(request.user, month=month)

        def text(value):
            return None if value is None else str(value)

        return Response(
            {
                "month": f"{month:%Y-%m}",
                "dimensions": [
                    {"code": d.code, "name": d.name, "metric": d.metric_key, "weight": str(d.weight)}
                    for d in dimensions
                ],
                "results": [
                    {
                        "department": row.department.pk,
                        "department_code": row.department.code,
                        "rank": row.score.rank,
                        "score": text(row.score.total),
                        "dimensions": {
                            d.code: {"score": text(row.score.parts.get(d.code)), "value": text(row.values.get(d.code))}
                            for d in dimensions
                        },
                    }
                    for row in rows
                ],
            }
        )


class ReportViewSet(_Readers, viewsets.ViewSet):
    """The pages' downloads: `costs`, `budget` and `scorecard`, each with `?file=xlsx` (the
    default) or `csv` and the page's filters (`first`, `last`, `department`; the
    scorecard's `month`). Heads get their own departments, as on the page."""

    def _download(self, request, report):
        file_format = request.query_params.get("file", "xlsx")
        if file_format not in downloads.FORMATS:
            raise DomainError(_("Choose the file: xlsx or csv."), field="file")
        return downloads.report_response(report, file_format, request.user, request.query_params)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=False, methods=["get"])
    def costs(self, request):
        return self._download(request, "costs")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=False, methods=["get"])
    def budget(self, request):
        return self._download(request, "budget")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=False, methods=["get"])
    def scorecard(self, request):
        return self._download(request, "scorecard")


router = DefaultRouter()
router.register("cost-entries", CostEntryViewSet, basename="performance-cost-entry")
router.register("revenue-entries", RevenueEntryViewSet, basename="performance-revenue-entry")
router.register("budgets", BudgetViewSet, basename="performance-budget")
router.register("allocation-runs", AllocationRunViewSet, basename="performance-allocation-run")
router.register("kpis", KpiViewSet, basename="performance-kpi")
router.register("driver-values", DriverValueViewSet, basename="performance-driver-value")
router.register("scorecards", ScorecardViewSet, basename="performance-scorecard")
router.register("reports", ReportViewSet, basename="performance-report")

urlpatterns = router.urls
