"""Cost centres for the test hospital: the Quality Office is an administrative support
department, the wards are clinical. The cost categories come from the app's migration."""

import datetime as dt

import pytest

from performance.models import AllocationClass, CostCategory, CostCentre

MONTH = dt.date(2026, 3, 1)  # a past month of the tests' calendar


@pytest.fixture
def categories(db) -> dict[str, CostCategory]:
    return {c.code: c for c in CostCategory.objects.all()}


@pytest.fixture
def cost_centres(hospital):
    centres = {}
    for department, cls in [
        (hospital.quality_office, AllocationClass.ADMINISTRATIVE),
        (hospital.cardiology, AllocationClass.CLINICAL),
        (hospital.respiratory, AllocationClass.CLINICAL),
        (hospital.general_surgery, AllocationClass.CLINICAL),
        (hospital.icu, AllocationClass.CLINICAL),
    ]:
        centres[department.code] = CostCentre.objects.create(
            department=department, code=f"CC-{department.code}", allocation_class=cls
        )
    return centres
