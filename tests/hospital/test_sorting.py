"""Lists sort by a whitelisted column (hospital.sorting): pages and API, unknown keys refused,
query counts unchanged, the page-number jump keeps filters and order."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hospital.models import Department
from hospital.sorting import Sorting
from hospital.views.census import CensusListView
from hospital.views.departments import DepartmentListView
from hospital.views.users import UserListView
from tests.hospital.factories import DailyCensusFactory, DepartmentFactory, UserFactory
from tests.hospital.sorting_checks import assert_sorted_by_each_key

pytestmark = pytest.mark.django_db

PAGES = [
    ("department_list", DepartmentListView.sorting),
    ("user_list", UserListView.sorting),
    ("census_list", CensusListView.sorting),
]


def test_an_order_always_ends_with_the_primary_key():
    sorting = Sorting({"name": ("name",)}, default="name")
    sql = str(sorting.choice("-name").apply(Department.objects.all()).query)
    assert sql.endswith('ORDER BY "hospital_department"."name" DESC, "hospital_department"."id" DESC')


def test_only_a_column_that_can_be_empty_sorts_its_empty_values_last():
    # NULLS LAST on a column that is never NULL would only stop PostgreSQL from walking
    # an index on it (its DESC order puts NULLs first), and change no row's place.
    sorting = Sorting({"head": ("head__username",), "parent": ("parent__name",), "code": ("code",)}, default="code")
    departments = Department.objects.all()
    assert str(sorting.choice("-head").apply(departments).query).endswith(
        '"hospital_user"."username" DESC NULLS LAST, "hospital_department"."id" DESC'
    )  # through a nullable foreign key
    assert '."name" DESC NULLS LAST' in str(sorting.choice("-parent").apply(departments).query)
    by_code = str(sorting.choice("-code").apply(departments).query)
    assert by_code.endswith('."code" DESC, "hospital_department"."id" DESC')


def test_a_default_that_is_not_a_key_is_a_programming_error():
    with pytest.raises(ValueError):
        Sorting({"name": ("name",)}, default="code")


def test_unknown_keys_name_no_choice():
    sorting = Sorting({"name": ("name",)}, default="name")
    assert sorting.choice("password") is None
    assert sorting.choice("name; drop table") is None
    assert sorting.choice("-name").descending


@pytest.fixture
def grown(hospital):
    for i in range(6):
        DepartmentFactory(parent=hospital.medicine, staffed_beds=(i * 7) % 5)
        UserFactory(department=hospital.cardiology)
    for day in range(1, 8):
        DailyCensusFactory(department=hospital.cardiology, date=f"2026-03-{day:02d}", inpatients=day * 3 % 7)
        DailyCensusFactory(department=hospital.icu, date=f"2026-03-{day:02d}", inpatients=day % 4)
    return hospital


@pytest.mark.parametrize(("url_name", "sorting"), PAGES)
def test_each_allowed_key_sorts_the_list_both_ways(grown, client_for, url_name, sorting):
    assert_sorted_by_each_key(client_for(grown.admin), reverse(url_name), sorting)


@pytest.mark.parametrize(("url_name", "sorting"), PAGES)
def test_an_unknown_sort_key_is_refused_and_the_usual_order_shown(grown, client_for, url_name, sorting):
    client = client_for(grown.admin)
    usual = [row.pk for row in client.get(reverse(url_name)).context["page_obj"]]
    response = client.get(reverse(url_name), {"sort": "password"})
    assert response.status_code == 200
    assert [row.pk for row in response.context["page_obj"]] == usual
    assert response.context["sort"].param == sorting.default
    assert "cannot be sorted that way" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_department_names_sorted_descending_on_the_page(grown, client_for):
    page = client_for(grown.admin).get(reverse("department_list"), {"sort": "-name", "inactive": "1"})
    names = [d.name for d in page.context["page_obj"]]
    assert names == sorted(names, reverse=True)
    html = page.content.decode()
    assert 'aria-sort="descending"' in html
    # the header link flips the order and keeps the filter, starting at page 1
    assert 'href="?sort=name&amp;inactive=1" data-sort="name"' in html


@pytest.mark.parametrize(("url_name", "sorting"), PAGES)
def test_sorting_does_not_change_the_query_count(hospital, client_for, url_name, sorting):
    client = client_for(hospital.admin)

    def count(key):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name), {"sort": key}).status_code == 200
        return len(queries)

    def grow(rows, day):
        for i in range(rows):
            DepartmentFactory(parent=hospital.medicine)
            UserFactory(department=hospital.cardiology)
            DailyCensusFactory(department=hospital.cardiology, date=f"2025-{1 + i % 12:02d}-{day + i // 12:02d}")

    grow(2, 1)
    few = {key: count(key) for key in sorting.keys}
    grow(60, 10)
    many = {key: count(key) for key in sorting.keys}
    assert many == few
    assert max(few.values()) == count(sorting.default)


def test_page_jump_keeps_the_filters_and_the_order(hospital, client_for):
    for _i in range(60):
        UserFactory(department=hospital.cardiology)
    html = client_for(hospital.admin).get(reverse("user_list"), {"q": "user", "sort": "-name", "page": "2"})
    html = html.content.decode()
    jump = html.split('class="d-flex align-items-center gap-1 page-jump"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="q" value="user">' in jump
    assert '<input type="hidden" name="sort" value="-name">' in jump
    assert 'name="page"' in jump and 'value="2"' in jump and 'max="3"' in jump
    assert 'name="page" value' not in jump.split('type="number"')[0]  # the page itself is not carried twice
    assert "?q=user&amp;sort=-name&amp;page=3" in html  # a page number link keeps them too


def test_api_sorts_by_an_allowed_field(hospital, api_for):
    response = api_for(hospital.admin).get("/api/v1/departments/", {"ordering": "-name"})
    names = [row["name"] for row in response.json()["results"]]
    assert response.status_code == 200 and names == sorted(names, reverse=True)


@pytest.mark.parametrize(
    "url", ["/api/v1/departments/", "/api/v1/users/", "/api/v1/census/", "/api/v1/okr/objectives/"]
)
def test_api_refuses_an_unknown_ordering_field(hospital, api_for, url):
    response = api_for(hospital.admin).get(url, {"ordering": "password"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_api_view_without_ordering_fields_cannot_be_reordered(hospital, api_for):
    response = api_for(hospital.admin).get("/api/v1/quality/infection-thresholds/", {"ordering": "department"})
    assert response.status_code == 400
