"""One way for services to change a record from values: `update_department(*, user,
department, **changes)` and its kind call `model_update`, never a `setattr` loop."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from hospital.errors import DomainError


def model_update(*, instance: models.Model, fields: Iterable[str], data: Mapping[str, Any]) -> list[str]:
    """Apply `data` to `instance` for the `fields` a service allows, and save what changed.

    Returns the names of the fields that changed (empty: nothing was written).
    A key of `data` that is not in `fields` is refused with a DomainError, so
    a caller can never change a field the service did not mean to open. Many-
    to-many fields are set after the row is saved. The caller holds the
    transaction and checks its rules before calling.
    """
    allowed = set(fields)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)})
    changed, many_to_many = [], {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            many_to_many[name] = value
            continue
        new = value.pk if field.is_relation and value is not None else value
        if getattr(instance, field.attname) != new:
            setattr(instance, name, value)
            changed.append(name)
    if changed:
        # fields stamped on every save ("updated at") are written too: update_fields alone skips them
        stamped = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        instance.save(update_fields=[*changed, *stamped])
    for name, values in many_to_many.items():
        manager = getattr(instance, name)
        if set(manager.values_list("pk", flat=True)) != {v.pk for v in values}:
            manager.set(values)
            changed.append(name)
    return changed
