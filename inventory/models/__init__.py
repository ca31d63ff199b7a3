"""The inventory app's tables, split by behaviour; import from `inventory.models`."""

from inventory.models.catalogue import (
    AbcClass,
    Category,
    Item,
    Storage,
    Store,
    StoreKind,
    Supplier,
    VedClass,
    validate_gtin,
)
from inventory.models.purchasing import (
    OPEN_ORDER_STATUSES,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
)
from inventory.models.requests import (
    Requisition,
    RequisitionLine,
    RequisitionStatus,
    Stocktake,
    StocktakeLine,
    StocktakeStatus,
)
from inventory.models.stock import (
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
    WriteOffReason,
    usable_lots_q,
)
from inventory.models.summaries import (
    ConsumptionMonth,
    DepartmentConsumptionMonth,
    ExpiryRisk,
    ExpiryRiskRun,
    StockOnHand,
)

__all__ = [
    "OPEN_ORDER_STATUSES",
    "AbcClass",
    "Category",
    "ConsumptionMonth",
    "DepartmentConsumptionMonth",
    "ExpiryRisk",
    "ExpiryRiskRun",
    "Item",
    "Lot",
    "MovementKind",
    "OrderStatus",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Receipt",
    "ReceiptLine",
    "Requisition",
    "RequisitionLine",
    "RequisitionStatus",
    "StockBalance",
    "StockMovement",
    "StockOnHand",
    "Stocktake",
    "StocktakeLine",
    "StocktakeStatus",
    "Storage",
    "Store",
    "StoreKind",
    "Supplier",
    "VedClass",
    "WriteOffReason",
    "usable_lots_q",
    "validate_gtin",
]
