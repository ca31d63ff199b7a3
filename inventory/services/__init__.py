"""Every write of the inventory app with a business rule, split by behaviour. The
ledger (`ledger.py`) is the only writer of movements and balances."""

from inventory.services.adjustments import adjust, reverse, set_quarantine, write_off
from inventory.services.alerts import quarantine_expired_lots, send_low_stock_alerts, send_near_expiry_alerts
from inventory.services.issuing import issue, return_stock, transfer
from inventory.services.ledger import ShortStock
from inventory.services.purchasing import create_draft_orders
from inventory.services.receiving import ReceiptLineInput, receive
from inventory.services.requisitions import (
    cancel_requisition,
    confirm_requisition,
    fulfil_requisition,
    raise_requisition,
)
from inventory.services.risks import fresh_expiry_risks, refresh_expiry_risks
from inventory.services.stocktakes import import_counts, post_stocktake, record_counts, start_stocktake

__all__ = [
    "ReceiptLineInput",
    "ShortStock",
    "adjust",
    "cancel_requisition",
    "confirm_requisition",
    "create_draft_orders",
    "fresh_expiry_risks",
    "fulfil_requisition",
    "import_counts",
    "issue",
    "post_stocktake",
    "quarantine_expired_lots",
    "raise_requisition",
    "receive",
    "record_counts",
    "refresh_expiry_risks",
    "return_stock",
    "reverse",
    "send_low_stock_alerts",
    "send_near_expiry_alerts",
    "set_quarantine",
    "start_stocktake",
    "transfer",
    "write_off",
]
