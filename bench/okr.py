"""OKR pages and API lists for the load harness (see bench/pages.py)."""

PAGES = [
    ("OKR cascade (admin)", "/okr/", "admin"),
    ("OKR my department (head)", "/okr/my-department/", "head_cardiology"),
    ("OKR objective page (admin)", "/okr/objectives/{objective}/", "admin"),
    ("OKR monthly review (admin)", "/okr/reviews/monthly/", "admin"),
    ("OKR cycle review (admin)", "/okr/reviews/cycles/{cycle}/", "admin"),
    ("API OKR cycles (admin)", "/api/v1/okr/cycles/", "admin"),
    ("API OKR objectives (admin)", "/api/v1/okr/objectives/", "admin"),
    ("API OKR key results (admin)", "/api/v1/okr/key-results/", "admin"),
    ("API OKR check-ins (admin)", "/api/v1/okr/check-ins/", "admin"),
    ("API OKR cascade (admin)", "/api/v1/okr/cascade/", "admin"),
]


def params() -> dict:
    from okr.models import Cycle, Objective

    objective = Objective.objects.filter(parent__isnull=True).order_by("pk").first()
    return {
        "objective": objective.pk if objective else 0,
        "cycle": Cycle.objects.filter(year__isnull=False).order_by("start").values_list("pk", flat=True).first(),
    }
