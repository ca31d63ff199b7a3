"""Pagination for every list: pages (`paginate`) and the API (`StandardPagination`).

A list never loads a whole table; both read one page with LIMIT/OFFSET and one COUNT.
"""

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 25  # rows per page on HTML lists


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """The page of `queryset` that `?page=` asks for (the last page when past the end)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class StandardPagination(PageNumberPagination):
    """API lists: 50 rows by default, `?page_size=` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
