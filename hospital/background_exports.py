"""Exports too large to write inside a request: the kinds an app offers, and their storage.

A year of safety events is tens of thousands of rows and several seconds of openpyxl;
three years pass any sensible web timeout. So an app declares each export once as an
`ExportKind` — how to read its rows for a user and a query string, and how to write
them (with the core's formula-safe writer, hospital.exports) — and registers it from
its `AppConfig.ready`:

    EVENTS_EXPORT = ExportKind(
        key="quality.events", filename="safety-events", title=gettext_lazy("Safety events"),
        rows=exported_events, write=events_workbook, page="quality:event_list",
    )
    register_export(EVENTS_EXPORT)

Its view answers with `hospital.views.exports.export_response(request, EVENTS_EXPORT)`:
up to settings.EXPORT_BACKGROUND_ROWS rows the file is the response, as before; past
that, `hospital.services.start_export` records an `ExportJob` and a Celery task
(`hospital.tasks.build_export`) writes the same file from the same query string, with
the owner's visibility and language, keeps it in the "exports" storage for
settings.EXPORT_KEEP_HOURS, and notifies the owner with a link that only they can open
(anyone else gets a 404). An hourly task deletes expired files.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import Storage, storages
from django.db.models import QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise

IGNORED_PARAMS = ("page", "after", "before")  # where the page starts: an export holds every page


@dataclass(frozen=True)
class ExportKind:
    """One export of an app. `rows(user, params)` is the page's queryset (visible to the
    user, filtered and ordered by the query string `params`); `write(rows)` the file's
    bytes; `page` the URL name of the list the export is made from."""

    key: str
    filename: str
    title: str | Promise
    rows: Callable[..., QuerySet]
    write: Callable[[QuerySet], bytes]
    page: str
    extension: str = "xlsx"


_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> ExportKind:
    """Make `kind` known to the task that builds background exports (idempotent)."""
    _KINDS[kind.key] = kind
    return kind


def export_kind(key: str) -> ExportKind | None:
    return _KINDS.get(key)


def stored_params(query: MultiValueDict) -> dict[str, list[str]]:
    """A query string as JSON, without the page number, in a stable order."""
    return {name: query.getlist(name) for name in sorted(query) if name not in IGNORED_PARAMS}


def export_storage() -> Storage:
    return storages["exports"]
