"""Equipment pages and API on the demo hospital (see bench/run.py)."""

CASES = [
    ("equipment register (engineer)", "engineer", "/equipment/"),
    ("equipment register filtered to overdue (engineer)", "engineer", "/equipment/?due=overdue"),
    ("equipment register, page 100 (engineer)", "engineer", "/equipment/?page=100"),
    ("equipment register (nurse, ICU)", "nurse_icu", "/equipment/"),
    ("work-order board (engineer)", "engineer", "/equipment/work-orders/"),
    ("device page, long history (engineer)", "engineer", "/equipment/devices/EQ-00001/"),
    ("maintenance calendar and overdue list (engineer)", "engineer", "/equipment/maintenance/"),
    ("failure-risk list (engineer)", "engineer", "/equipment/risk/"),
    ("equipment KPIs, whole hospital (admin)", "admin", "/equipment/kpis/"),
    ("equipment KPIs, ICU (head)", "head_icu", "/equipment/kpis/"),
    ("API devices overdue (engineer)", "engineer", "/api/v1/equipment/devices/?due=overdue"),
    ("API work orders, page 50 (engineer)", "engineer", "/api/v1/equipment/work-orders/?page=50"),
]
