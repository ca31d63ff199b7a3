"""Equipment pages and API lists for the load harness (see bench/pages.py)."""

PAGES = [
    ("equipment register (engineer)", "/equipment/", "engineer"),
    ("equipment register filtered to overdue (engineer)", "/equipment/?due=overdue", "engineer"),
    ("equipment register, page 100 (engineer)", "/equipment/?page=100", "engineer"),
    ("equipment register (nurse, ICU)", "/equipment/", "nurse_icu"),
    ("work-order board (engineer)", "/equipment/work-orders/", "engineer"),
    ("work-order board, one column, page 3 (engineer)", "/equipment/work-orders/column/open/?page=3", "engineer"),
    ("device page, long history (engineer)", "/equipment/devices/EQ-00001/", "engineer"),
    ("maintenance calendar and overdue list (engineer)", "/equipment/maintenance/", "engineer"),
    ("maintenance calendar, one week (engineer)", "/equipment/maintenance/week/0/", "engineer"),
    ("failure-risk list (engineer)", "/equipment/risk/", "engineer"),
    ("equipment KPIs, whole hospital (admin)", "/equipment/kpis/", "admin"),
    ("equipment KPIs, ICU (head)", "/equipment/kpis/", "head_icu"),
    ("API devices overdue (engineer)", "/api/v1/equipment/devices/?due=overdue", "engineer"),
    ("API work orders, page 50 (engineer)", "/api/v1/equipment/work-orders/?page=50", "engineer"),
]
