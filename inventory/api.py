"""The inventory API, mounted at /api/v1/inventory/. Thin: scoping from the QuerySets'
visible_to, every write one service call, refusals as 400/403/409 with a message."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from hospital.imports import uploaded_file
from hospital.sorting import StrictOrderingFilter
from inventory import selectors, serializers, services
from inventory.models import (
    Item,
    Lot,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    Requisition,
    RequisitionLine,
    Stocktake,
    Store,
    Supplier,
)


def _data(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue (every signed-in user). `?search=` name, code or GTIN."""

    serializer_class = serializers.ItemSerializer
    queryset = Item.objects.order_by("name", "id")
    filterset_fields = ["category", "is_controlled", "is_high_value", "is_active"]
    search_fields = ["name", "generic_name", "code", "gtin"]
    ordering_fields = ["name", "code", "category"]


class StoreViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.StoreSerializer
    filterset_fields = ["kind", "department"]

    def get_queryset(self):
        return Store.objects.visible_to(self.request.user).order_by("name", "id")


class SupplierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SupplierSerializer
    queryset = Supplier.objects.order_by("name", "id")


class LotViewSet(viewsets.ReadOnlyModelViewSet):
    """Lots; `quarantine` holds one back from every issue (or releases it), with a reason."""

    serializer_class = serializers.LotSerializer
    queryset = Lot.objects.order_by("expiry", "id")
    filterset_fields = ["item", "quarantined"]
    search_fields = ["number"]
    ordering_fields = ["expiry", "number", "created_at"]

    @extend_schema(request=serializers.QuarantineSerializer, responses=serializers.LotSerializer)
    @action(detail=True, methods=["post"])
    def quarantine(self, request, pk=None):
        data = _data(serializers.QuarantineSerializer, request)
        lot = services.set_quarantine(user=request.user, lot=self.get_object(), **data)
        return Response(self.get_serializer(lot).data)


class BalanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Balances by store and lot (`?store=`, `?item=`, `?lot=`), as the balance report;
    `?ordering=` one of `ordering_fields`."""

    serializer_class = serializers.BalanceSerializer
    filter_backends = [StrictOrderingFilter]
    ordering_fields = ["item__name", "store__name", "lot__expiry", "quantity"]

    def get_queryset(self):
        query = self.request.query_params
        return selectors.balances(
            self.request.user, store=query.get("store", ""), item=query.get("item", ""), lot=query.get("lot", "")
        )


class MovementViewSet(viewsets.ReadOnlyModelViewSet):
    """The ledger, read-only (`?store=`, `?item=`, `?lot=`, `?kind=`); `reverse` undoes
    what one service call wrote with movements of the opposite sign."""

    serializer_class = serializers.MovementSerializer
    filter_backends = [StrictOrderingFilter]
    ordering_fields = ["created_at", "kind", "quantity"]

    def get_queryset(self):
        query = self.request.query_params
        return selectors.movements(
            self.request.user,
            store=query.get("store", ""),
            item=query.get("item", ""),
            lot=query.get("lot", ""),
            kind=query.get("kind", ""),
        )

    @extend_schema(request=serializers.ReverseSerializer, responses=serializers.MovementSerializer(many=True))
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        data = _data(serializers.ReverseSerializer, request)
        movements = services.reverse(user=request.user, movement=self.get_object(), **data)
        return _movements(request, movements)


def _movements(request, movements):
    data = serializers.MovementSerializer(movements, many=True, context={"request": request}).data
    return Response(data, status=status.HTTP_201_CREATED)


def _visible_store(request, store):
    return get_object_or_404(Store.objects.visible_to(request.user), pk=store.pk)


class PurchaseOrderViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PurchaseOrderSerializer
    filterset_fields = ["status", "supplier", "store"]
    ordering_fields = ["ordered_on", "number", "status"]

    def get_queryset(self):
        return PurchaseOrder.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("lines", queryset=PurchaseOrderLine.objects.order_by("id"))
        )


class RequisitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Requisitions of the wards and stores the user sees. POST raises one; actions
    `fulfil` (the supplying store's keepers) and `confirm` (the ward)."""

    serializer_class = serializers.RequisitionSerializer
    filterset_fields = ["status", "ward", "supplier"]

    def get_queryset(self):
        return Requisition.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("lines", queryset=RequisitionLine.objects.order_by("id"))
        )

    def _respond(self, requisition, code=status.HTTP_200_OK):
        requisition = self.get_queryset().get(pk=requisition.pk)
        return Response(self.get_serializer(requisition).data, status=code)

    @extend_schema(request=serializers.RaiseRequisitionSerializer, responses=serializers.RequisitionSerializer)
    def create(self, request):
        data = _data(serializers.RaiseRequisitionSerializer, request)
        lines = [(line["item"], line["quantity"]) for line in data["lines"]]
        requisition = services.raise_requisition(user=request.user, ward=data["ward"], lines=lines, note=data["note"])
        return self._respond(requisition, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.FulfilSerializer, responses=serializers.RequisitionSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        data = _data(serializers.FulfilSerializer, request)
        quantities = data.get("quantities")
        if quantities is not None:
            quantities = {int(key): value for key, value in quantities.items() if str(key).isdigit()}
        serials = {int(key): value for key, value in data.get("serials", {}).items() if str(key).isdigit()}
        requisition = services.fulfil_requisition(
            user=request.user, requisition=self.get_object(), quantities=quantities, serials=serials
        )
        return self._respond(requisition)

    @extend_schema(request=None, responses=serializers.RequisitionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._respond(services.confirm_requisition(user=request.user, requisition=self.get_object()))


class ReceiptViewSet(viewsets.ReadOnlyModelViewSet):
    """Deliveries received. POST receives one (lines inspected: lot, expiry, accepted,
    rejected with a reason); refused as a whole with the line and field at fault."""

    serializer_class = serializers.ReceiptSerializer
    filterset_fields = ["store", "order", "supplier"]

    def get_queryset(self):
        return Receipt.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("lines", queryset=ReceiptLine.objects.select_related("lot").order_by("id"))
        )

    @extend_schema(request=serializers.ReceiveSerializer, responses=serializers.ReceiptSerializer)
    def create(self, request):
        data = _data(serializers.ReceiveSerializer, request)
        store = get_object_or_404(Store.objects.visible_to(request.user), pk=data.pop("store").pk)
        lines = [services.ReceiptLineInput(**line) for line in data.pop("lines")]
        receipt = services.receive(user=request.user, store=store, lines=lines, **data)
        receipt = self.get_queryset().get(pk=receipt.pk)
        return Response(self.get_serializer(receipt).data, status=status.HTTP_201_CREATED)


class StocktakeViewSet(viewsets.ReadOnlyModelViewSet):
    """Count sheets. POST {"store"} starts one listing every lot the store holds;
    `counts` records counted quantities; `post` turns differences into adjustments."""

    serializer_class = serializers.StocktakeSerializer
    filterset_fields = ["status", "store"]

    def get_queryset(self):
        return Stocktake.objects.visible_to(self.request.user)

    @extend_schema(request=serializers.StartStocktakeSerializer, responses=serializers.StocktakeSerializer)
    def create(self, request):
        data = _data(serializers.StartStocktakeSerializer, request)
        store = get_object_or_404(Store.objects.visible_to(request.user), pk=data["store"].pk)
        stocktake = services.start_stocktake(user=request.user, store=store)
        return Response(self.get_serializer(stocktake).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.CountsSerializer, responses={200: None})
    @action(detail=True, methods=["post"])
    def counts(self, request, pk=None):
        data = _data(serializers.CountsSerializer, request)
        counts = {row["lot"]: row["counted"] for row in data["counts"]}
        written = services.record_counts(user=request.user, stocktake=self.get_object(), counts=counts)
        return Response({"lines": written})

    @extend_schema(request=serializers.CountImportSerializer, responses={200: None, 400: None})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_counts(self, request, pk=None):
        """A count sheet (CSV or XLSX: item, lot, counted); 400 listing every wrong line."""
        written = services.import_counts(
            user=request.user, stocktake=self.get_object(), upload=uploaded_file(request.FILES)
        )
        return Response({"lines": written})

    @extend_schema(request=serializers.PostStocktakeSerializer, responses={200: None})
    @action(detail=True, methods=["post"], url_path="post")
    def post_stocktake(self, request, pk=None):
        data = _data(serializers.PostStocktakeSerializer, request)
        written = services.post_stocktake(user=request.user, stocktake=self.get_object(), reason=data["reason"])
        return Response({"adjustments": written})


class IssueView(APIView):
    """Issue to a department, earliest expiry first: 201 with the movements written;
    409 with `available` when the store holds less than asked."""

    @extend_schema(request=serializers.IssueSerializer, responses={201: serializers.MovementSerializer(many=True)})
    def post(self, request):
        data = _data(serializers.IssueSerializer, request)
        store = get_object_or_404(Store.objects.visible_to(request.user), pk=data.pop("store").pk)
        return _movements(request, services.issue(user=request.user, store=store, **data))


class TransferView(APIView):
    """Move stock to another store, earliest expiry first: 201 with both legs; 409 with
    `available` when short."""

    @extend_schema(request=serializers.TransferSerializer, responses={201: serializers.MovementSerializer(many=True)})
    def post(self, request):
        data = _data(serializers.TransferSerializer, request)
        data["source"] = _visible_store(request, data["source"])
        return _movements(request, services.transfer(user=request.user, **data))


class AdjustmentView(APIView):
    """Correct a lot's balance in a store by a signed quantity, with a reason."""

    @extend_schema(request=serializers.AdjustSerializer, responses={201: serializers.MovementSerializer(many=True)})
    def post(self, request):
        data = _data(serializers.AdjustSerializer, request)
        data["store"] = _visible_store(request, data["store"])
        return _movements(request, [services.adjust(user=request.user, **data)])


class WriteOffView(APIView):
    """Write off stock of a lot (expired, damaged, recalled, lost)."""

    @extend_schema(request=serializers.WriteOffSerializer, responses={201: serializers.MovementSerializer(many=True)})
    def post(self, request):
        data = _data(serializers.WriteOffSerializer, request)
        data["store"] = _visible_store(request, data["store"])
        return _movements(request, [services.write_off(user=request.user, **data)])


class SerialNumberViewSet(viewsets.ReadOnlyModelViewSet):
    """Serial numbers of high-value items, where each is: filter by item, lot, store, status."""

    serializer_class = serializers.SerialNumberSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.serials(
            self.request.user,
            item=params.get("item", ""),
            lot=params.get("lot", ""),
            store=params.get("store", ""),
            status=params.get("status", ""),
        )


class BarcodeView(APIView):
    """Read a GS1 barcode (scanned, with or without symbology identifier, or typed with
    the AIs in brackets) into our fields; 400 with `detail` when it cannot be read."""

    @extend_schema(request=serializers.BarcodeSerializer, responses=serializers.BarcodeAnswerSerializer)
    def post(self, request):
        data = _data(serializers.BarcodeSerializer, request)
        return Response(selectors.read_scan(data["code"]))


router = DefaultRouter()
router.register("items", ItemViewSet, basename="inventory-item")
router.register("stores", StoreViewSet, basename="inventory-store")
router.register("suppliers", SupplierViewSet, basename="inventory-supplier")
router.register("lots", LotViewSet, basename="inventory-lot")
router.register("balances", BalanceViewSet, basename="inventory-balance")
router.register("movements", MovementViewSet, basename="inventory-movement")
router.register("purchase-orders", PurchaseOrderViewSet, basename="inventory-purchase-order")
router.register("receipts", ReceiptViewSet, basename="inventory-receipt")
router.register("requisitions", RequisitionViewSet, basename="inventory-requisition")
router.register("stocktakes", StocktakeViewSet, basename="inventory-stocktake")
router.register("serials", SerialNumberViewSet, basename="inventory-serial")

urlpatterns = [
    *router.urls,
    path("issues/", IssueView.as_view(), name="inventory-issue"),
    path("transfers/", TransferView.as_view(), name="inventory-transfer"),
    path("adjustments/", AdjustmentView.as_view(), name="inventory-adjustment"),
    path("write-offs/", WriteOffView.as_view(), name="inventory-write-off"),
    path("barcode/", BarcodeView.as_view(), name="inventory-barcode"),
]
