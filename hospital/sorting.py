"""Sorting lists by a column: pages (`Sorting`) and the API (`StrictOrderingFilter`).

A page declares the columns it may be sorted by, each mapped to the ORDER BY that
sorts it, and a default:

    EVENT_SORTING = Sorting(
        {"reference": ("reference",), "department": ("department__name",)},
        default="-reported",
    )
    sort = EVENT_SORTING.from_request(request)   # ?sort=department or ?sort=-department
    events = sort.apply(events)                  # ORDER BY …, then the primary key
    {% sort_header sort "department" _("Department") %}   (hospital_tags)

Only the declared keys reach the database: an unknown ?sort= is refused with a
message and the list shows its default order. Every order ends with the primary
key, so rows that tie keep one order and no row appears on two pages.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

SORT_PARAM = "sort"


def _may_be_empty(model, term) -> bool:
    """Whether the column a term names can be NULL (through a nullable join, too);
    True for expressions and for anything not found (the safe answer)."""
    if model is None or not isinstance(term, str):
        return True
    try:
        for name in term.lstrip("-").split("__"):
            field = model._meta.get_field(name)
            if field.null or not field.concrete:
                return True
            model = field.related_model
    except (FieldDoesNotExist, AttributeError):
        return True
    return False


def _order_term(term, descending: bool, model=None) -> OrderBy:
    """One ORDER BY term, flipped when the column is sorted descending. Empty values
    go last whichever way the column is sorted: "no due date" is never the first row.
    A column that cannot be empty gets no NULLS clause, so that PostgreSQL can walk
    its index (`reported_at DESC NULLS LAST` does not match an index on
    `reported_at DESC`, whose NULLs come first, and would sort the whole table)."""
    expression = term if hasattr(term, "resolve_expression") else F(term.lstrip("-"))
    if isinstance(expression, OrderBy):
        expression = expression.expression
    flipped = isinstance(term, str) and term.startswith("-")
    nulls = {"nulls_last": True} if _may_be_empty(model, term) else {}
    if flipped != descending:
        return expression.desc(**nulls)
    return expression.asc(**nulls)


@dataclass(frozen=True)
class SortChoice:
    """The order a request asked for: a declared key and its direction."""

    sorting: "Sorting"
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def apply(self, queryset: QuerySet) -> QuerySet:
        model = getattr(queryset, "model", None)
        terms = [_order_term(term, self.descending, model) for term in self.sorting.keys[self.key]]
        tiebreak = F("pk").desc() if self.descending else F("pk").asc()
        return queryset.order_by(*terms, tiebreak)


class Sorting:
    """The columns a list may be sorted by: `keys` maps each ?sort= key to its ORDER BY
    terms (field names, "-field" for a column whose natural order is descending, or
    expressions); `default` is the key, with "-" for descending, when none is asked for."""

    def __init__(self, keys: dict[str, Sequence], *, default: str):
        if default.lstrip("-") not in keys:
            raise ValueError(f"The default sort {default!r} is not one of the keys.")
        self.keys = dict(keys)
        self.default = default

    def choice(self, param: str | None) -> SortChoice | None:
        """The choice `param` names, or None when it names no declared key."""
        param = (param or self.default).strip()
        key = param.removeprefix("-")
        if key not in self.keys:
            return None
        return SortChoice(self, key, param.startswith("-"))

    def from_request(self, request) -> SortChoice:
        """The order ?sort= asks for; an unknown key is refused with a message on the
        page, and the default order is used."""
        choice = self.choice(request.GET.get(SORT_PARAM))
        if choice is None:
            messages.warning(request, _("This list cannot be sorted that way; it is shown in its usual order."))
            choice = self.choice(self.default)
        return choice


class StrictOrderingFilter(OrderingFilter):
    """DRF ordering over the view's explicit `ordering_fields` only: an unknown field
    is a 400 naming the allowed ones (DRF's own filter ignores it silently), a view
    without `ordering_fields` cannot be reordered, and the primary key breaks ties."""

    def get_valid_fields(self, queryset, view, context=None):
        if getattr(view, "ordering_fields", None) is None:
            return []
        return super().get_valid_fields(queryset, view, context or {})

    def get_ordering(self, request, queryset, view):
        param = request.query_params.get(self.ordering_param)
        if not param:
            return self.get_default_ordering(view)
        fields = [term.strip() for term in param.split(",") if term.strip()]
        allowed = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        unknown = [term for term in fields if term.removeprefix("-") not in allowed]
        if unknown or not fields:
            raise ValidationError(
                {
                    self.ordering_param: _("Cannot sort by %(fields)s. Sort by one of: %(allowed)s.")
                    % {"fields": ", ".join(unknown) or param, "allowed": ", ".join(allowed) or "—"}
                }
            )
        return [*fields, "-pk" if fields[-1].startswith("-") else "pk"]
