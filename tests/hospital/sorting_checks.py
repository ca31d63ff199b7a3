"""Checks every sortable list page shares: each declared key sorts the rows, both ways."""

from hospital.sorting import Sorting


def _value(row, path: str):
    for part in path.split("__"):
        row = getattr(row, part, None)
        if row is None:
            return None
    return row


def assert_sorted_by_each_key(client, url: str, sorting: Sorting, *, rows_name: str = "page_obj") -> None:
    """For each ?sort= key, ascending and descending: the page answers 200, marks the
    sorted header, and its rows are in the order of the key's first ORDER BY term
    (empty values last)."""
    for key, terms in sorting.keys.items():
        first = terms[0]
        path = first.lstrip("-")
        for descending in (False, True):
            response = client.get(url, {"sort": f"-{key}" if descending else key})
            assert response.status_code == 200, (url, key)
            rows = list(response.context[rows_name])
            values = [_value(row, path) for row in rows]
            present = [v for v in values if v is not None]
            assert values == present + [None] * (len(values) - len(present)), (key, values)
            reverse = descending != first.startswith("-")
            assert present == sorted(present, reverse=reverse), (url, key, descending, present)
            assert response.context["sort"].key == key
