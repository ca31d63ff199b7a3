"""Change history as a person reads it: who, when, and each changed field from old to new.

`history_entries(record)` reads the latest changes of an audited record
(django-simple-history) in one query, diffs each version against the one before
it in Python (`diff_against`, no query per row), and names the records that
foreign keys point to with one query per related model.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import localize
from django.utils.translation import gettext as _

HISTORY_ROWS = 20


@dataclass(frozen=True)
class FieldChange:
    label: str  # the field's verbose name
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object  # the historical record: history_date, history_user, get_history_type_display
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def changed_nothing_shown(self) -> bool:
        """A save that changed no field a person edits (e.g. only the tree path)."""
        return self.record.history_type == "~" and not self.changes


def _display(model_field, value, names: dict) -> str:
    """A stored value as the page shows it: a choice's label, a related record's name."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.name, value), f"#{value}")
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(localize(value))


def _related_names(model, records) -> dict:
    """{(field name, pk): str(related record)} for every foreign key value in `records`,
    one query per related model."""
    names = {}
    for model_field in model._meta.concrete_fields:
        if not isinstance(model_field, models.ForeignKey):
            continue
        ids = {getattr(r, model_field.attname, None) for r in records} - {None}
        if ids:
            related = model_field.related_model._base_manager.in_bulk(ids)
            names.update({(model_field.name, pk): str(obj) for pk, obj in related.items()})
    return names


def history_entries(instance, *, limit: int = HISTORY_ROWS) -> list[HistoryEntry]:
    """The latest `limit` changes of `instance`, newest first, each with its changed
    fields (old → new). A fixed number of queries whatever the number of rows."""
    model = instance._meta.concrete_model
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    names = _related_names(model, records)
    entries = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=str(model_field.verbose_name),
                        old=_display(model_field, change.old, names),
                        new=_display(model_field, change.new, names),
                    )
                )
        entries.append(HistoryEntry(newer, changes))
    return entries
