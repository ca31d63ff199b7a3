"""A department head records this week's check-ins on one page and sees the progress bars move."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hospital.models import DepartmentKind
from hospital.roles import Role
from okr.models import CheckIn, KeyResultKind, ObjectiveLevel
from tests.e2e.conftest import log_in
from tests.hospital.factories import DepartmentFactory, make_user
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory


@pytest.mark.django_db(transaction=True)
def test_head_records_the_weeks_check_ins_on_one_page_and_sees_progress_change(page, live_server):
    today = timezone.localdate()
    cardiology = DepartmentFactory(code="CARD", name="Cardiology", kind=DepartmentKind.CLINICAL)
    head = make_user(Role.DEPARTMENT_HEAD, cardiology, heads=True, username="head_cardiology")
    cycle = CycleFactory(name="This year", start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))
    objective = ObjectiveFactory(
        cycle=cycle, level=ObjectiveLevel.DEPARTMENT, department=cardiology, title="Fewer cardiovascular deaths"
    )
    mortality = KeyResultFactory(
        objective=objective, title="Cardiovascular mortality 5% → 3%", kind=KeyResultKind.DECREASE, baseline=5, target=3
    )
    door = KeyResultFactory(objective=objective, title="Door-to-balloon on time 60% → 90%", baseline=60, target=90)

    log_in(page, live_server, head.username)
    page.goto(f"{live_server.url}/okr/my-department/")
    row = page.locator(f"tr[data-key-result='{mortality.pk}']")
    expect(row.locator(".kr-progress")).to_have_text("0%")

    page.fill(f"input[name='value-{mortality.pk}']", "4")
    page.fill(f"input[name='value-{door.pk}']", "81")
    page.select_option(f"select[name='confidence-{door.pk}']", "at_risk")
    page.fill(f"input[name='comment-{door.pk}']", "Night cath-lab rota started")
    url_before = page.url
    page.click("#save-check-ins")

    page.wait_for_selector("#check-in-saved")
    expect(page.locator("#check-in-saved")).to_contain_text("2 check-ins saved.")
    assert page.url == url_before  # swapped in place by htmx, no full reload
    expect(page.locator(f"tr[data-key-result='{mortality.pk}'] .kr-progress")).to_have_text("50%")
    expect(page.locator(f"tr[data-key-result='{door.pk}'] .kr-progress")).to_have_text("70%")
    bar = page.locator(f"tr[data-key-result='{door.pk}'] .progress-fill")
    expect(bar).to_have_class(re.compile(r"\btext-warning\b"))
    expect(bar.locator("rect")).to_have_attribute("width", re.compile(r"^70(\.0+)?$"))
    assert CheckIn.objects.filter(author=head, date=today).count() == 2
    assert CheckIn.objects.get(key_result=door).value == Decimal("81")

    page.goto(f"{live_server.url}/okr/")  # the cascade: (50% + 70%) / 2
    expect(page.locator(f"[data-objective='{objective.pk}'] .objective-progress")).to_have_text("60%")
