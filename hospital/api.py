"""The core's API: departments, users, me, notifications, census. Thin: scoping
comes from hospital.access, writes from hospital.services."""

import io

from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from hospital import services
from hospital.access import department_scope
from hospital.errors import DomainError
from hospital.models import DailyCensus, Department, Notification, User
from hospital.permissions import IsAdministratorOrReadOnly
from hospital.roles import is_administrator
from hospital.selectors import CENSUS_FIELDS


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "kind", "parent", "head", "staffed_beds", "is_active", "depth"]
        read_only_fields = ["depth"]

    def validate_code(self, value):
        code = value.strip().upper()
        others = Department.objects.filter(code=code)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(_("A department with this code already exists."))
        return code


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
        department = Department(**serializer.validated_data)
        serializer.instance = services.save_department(department=department, user=self.request.user)

    def perform_update(self, serializer):
        department = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(department, name, value)
        serializer.instance = services.save_department(department=department, user=self.request.user)


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SlugRelatedField(
        source="groups", many=True, slug_field="name", queryset=Group.objects.all(), required=False
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "employee_number",
            "email",
            "phone",
            "department",
            "preferred_language",
            "is_active",
            "roles",
        ]


class UserViewSet(viewsets.ModelViewSet):
    """Users of the departments within the caller's scope; administrators may manage them."""

    serializer_class = UserSerializer
    permission_classes = [IsAdministratorOrReadOnly]
    filterset_fields = ["department", "is_active"]
    search_fields = ["username", "display_name", "employee_number", "email"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        qs = User.objects.select_related("department").prefetch_related(Prefetch("groups"))
        if not is_administrator(user):
            qs = qs.filter(department_scope(user, field="department"))
        return qs.order_by("username")

    def _save(self, serializer, account):
        roles = serializer.validated_data.pop("groups", None)
        for name, value in serializer.validated_data.items():
            setattr(account, name, value)
        serializer.instance = services.save_user(account=account, roles=roles, user=self.request.user)

    def perform_create(self, serializer):
        self._save(serializer, User())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class MeView(RetrieveAPIView):
    """The signed-in user."""

    serializer_class = UserSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "level", "title", "body", "link", "created_at", "read_at"]


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


class CensusSerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyCensus
        fields = ["id", "department", "date", *CENSUS_FIELDS]
        validators = []  # one row per department and day: the service replaces it


class CensusImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class DailyCensusViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Daily census within the caller's scope. POST records (or replaces) one day;
    POST import/ takes a CSV, all rows or none."""

    serializer_class = CensusSerializer
    filterset_fields = {"department": ["exact"], "date": ["exact", "gte", "lte"]}

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

    @extend_schema(request=CensusImportSerializer, responses={200: None, 400: None})
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_csv(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError(_("Attach the CSV file as “file”."))
        try:
            result = services.import_census_csv(
                file=io.TextIOWrapper(upload.file, encoding="utf-8-sig"), user=request.user
            )
        except services.CensusImportError as error:
            return Response(
                {"detail": error.message, "rows": [{"line": line, "error": msg} for line, msg in error.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except UnicodeDecodeError:
            raise DomainError(_("The file is not UTF-8 text.")) from None
        return Response({"created": result.created, "updated": result.updated})


router = DefaultRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("users", UserViewSet, basename="user")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("census", DailyCensusViewSet, basename="census")

urlpatterns = [path("me/", MeView.as_view(), name="api_me"), *router.urls]
