"""The core's API: departments, users, me, notifications, census. Thin: scoping
comes from hospital.access, writes from hospital.services."""

from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from hospital import services
from hospital.imports import uploaded_file
from hospital.models import DailyCensus, Department, Notification, User
from hospital.permissions import IsAdministratorOrReadOnly
from hospital.serializers import (
    CensusImportSerializer,
    CensusSerializer,
    DepartmentSerializer,
    NotificationSerializer,
    UserSerializer,
)


class DepartmentViewSet(viewsets.ModelViewSet):
    """Departments within the caller's scope; administrators may create and change them."""

    serializer_class = DepartmentSerializer
    permission_classes = [IsAdministratorOrReadOnly]
    filterset_fields = ["kind", "is_active", "parent"]
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "path"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # deactivate instead of delete

    def get_queryset(self):
        return Department.objects.visible_to(self.request.user).order_by("path")

    def perform_create(self, serializer):
        serializer.instance = services.create_department(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_department(
            user=self.request.user, department=serializer.instance, **serializer.validated_data
        )


class UserViewSet(viewsets.ModelViewSet):
    """Users of the departments within the caller's scope; administrators may manage them."""

    serializer_class = UserSerializer
    permission_classes = [IsAdministratorOrReadOnly]
    filterset_fields = ["department", "is_active"]
    search_fields = ["username", "display_name", "employee_number", "email"]
    ordering_fields = ["username", "display_name", "employee_number", "department"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            User.objects.visible_to(self.request.user)
            .select_related("department")
            .prefetch_related(Prefetch("groups"))
            .order_by("username")
        )

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        roles = values.pop("groups", [])
        serializer.instance = services.create_user(user=self.request.user, roles=roles, **values)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        roles = values.pop("groups", None)
        serializer.instance = services.update_user(
            user=self.request.user, account=serializer.instance, roles=roles, **values
        )


class MeView(RetrieveAPIView):
    """The signed-in user."""

    serializer_class = UserSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes to the caller
    filterset_fields = {"read_at": ["isnull"], "level": ["exact"]}

    def get_queryset(self):
        return Notification.objects.for_recipient(self.request.user)

    @extend_schema(request=None, responses={200: None})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        ids = request.data.get("ids") if isinstance(request.data, dict) else None
        count = services.mark_notifications_read(user=request.user, ids=ids)
        return Response({"marked": count})


class MayEnterCensus(BasePermission):
    """Checked before the upload is read: a user who may not import never makes the server parse a file."""

    message = gettext_lazy("Only administrators and department heads may import the census.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and services.may_enter_census(request.user)


class DailyCensusViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Daily census within the caller's scope. POST records (or replaces) one day;
    POST import/ takes a CSV or XLSX file, all rows or none."""

    serializer_class = CensusSerializer
    filterset_fields = {"department": ["exact"], "date": ["exact", "gte", "lte"]}
    ordering_fields = ["date", "department", "inpatients", "admissions", "discharges", "surgeries"]

    def get_queryset(self):
        return DailyCensus.objects.visible_to(self.request.user).select_related("department")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        census = services.record_census_day(
            user=request.user, department=data.pop("department"), date=data.pop("date"), **data
        )
        return Response(self.get_serializer(census).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CensusImportSerializer, responses={200: None, 400: None, 403: None})
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        permission_classes=[MayEnterCensus],
        url_path="import",
    )
    def import_csv(self, request):
        result = services.import_census(user=request.user, upload=uploaded_file(request.FILES))
        return Response({"created": result.created, "updated": result.updated})


router = DefaultRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("users", UserViewSet, basename="user")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("census", DailyCensusViewSet, basename="census")

urlpatterns = [path("me/", MeView.as_view(), name="api_me"), *router.urls]
