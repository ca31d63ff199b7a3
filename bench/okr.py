"""OKR pages and API on the demo hospital (see bench/run.py)."""

CASES = [
    ("OKR cascade (admin)", "admin", "/okr/"),
    ("OKR my department (head)", "head_cardiology", "/okr/my-department/"),
    ("OKR monthly review (admin)", "admin", "/okr/reviews/monthly/"),
    ("API OKR objectives (admin)", "admin", "/api/v1/okr/objectives/"),
    ("API OKR cascade (admin)", "admin", "/api/v1/okr/cascade/"),
]
