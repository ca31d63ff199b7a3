"""Every write of the performance app with a rule, by behaviour: entries and budgets,
monthly collection, allocation runs, closing a month. Views, the API, tasks, imports
and the demo call these."""

from performance.services.allocating import fill_drivers, run_allocation
from performance.services.collection import collect_month
from performance.services.entries import (
    delete_cost_entry,
    parse_amount,
    parse_driver_value,
    record_cost_entry,
    record_revenue_entry,
    set_budget,
    set_driver_value,
    update_cost_entry,
)
from performance.services.imports import (
    import_budgets,
    import_cost_entries,
    import_driver_values,
    import_revenue_entries,
)
from performance.services.months import close_month, is_closed, lock_open_month, parse_month

__all__ = [
    "close_month",
    "collect_month",
    "delete_cost_entry",
    "fill_drivers",
    "import_budgets",
    "import_cost_entries",
    "import_driver_values",
    "import_revenue_entries",
    "is_closed",
    "lock_open_month",
    "parse_amount",
    "parse_driver_value",
    "parse_month",
    "record_cost_entry",
    "record_revenue_entry",
    "run_allocation",
    "set_budget",
    "set_driver_value",
    "update_cost_entry",
]
