"""What the pages of every app share: a form view that saves through a service,
the change history shown on edit pages, and list views sorted by a column."""

from django.contrib import messages
from django.http import HttpResponseRedirect

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.history import history_entries
from hospital.sorting import Sorting


class ServiceFormMixin:
    """Create/update views whose save goes through a service.

    The view defines `save_through_service(form)`; a DomainError it raises is
    shown on the form (on its field when the form has it) and nothing is saved.
    `success_message` may use %(name)s for the saved record.
    """

    success_message = ""

    def form_valid(self, form):
        try:
            self.object = self.save_through_service(form)
        except DomainError as error:
            add_domain_error(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())


class HistoryMixin:
    """Edit pages of audited records: the latest changes, newest first, each with its
    changed fields from old to new (hospital.history), as `history`."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.object), **kwargs)


class SortableListMixin:
    """ListViews sorted by a column (hospital.sorting): `get_queryset` ends with
    `return self.sorted(queryset)`; the template gets `sort` for `{% sort_header %}`."""

    sorting: Sorting

    def sorted(self, queryset):
        self.sort = self.sorting.from_request(self.request)
        return self.sort.apply(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(sort=self.sort, **kwargs)
