"""Messages stored untranslated and shown in the reader's language.

A notification (or any stored sentence) is written while the writer's language
is active, but read by someone who may have chosen another. So the sentence is
stored as its English source text (the message id of the catalogues) with its
parameters as JSON, and translated when it is shown: `store_message` at write
time, `render_message` at read time in the active language (the page's, or the
recipient's inside `translation.override` for an e-mail).

Parameters keep their kind: a lazy string (a choice label) is stored by its
message id and translated on reading; a date or a date-time is stored in ISO
form and written in the reader's date format (hospital/formats/).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

MSGID, DATE, DATETIME = "msgid", "date", "datetime"


def message_id(text: Any) -> str:
    """The English source text of a lazy translation; other values as text."""
    if isinstance(text, Promise):
        with translation.override(None):  # no catalogue: the message id itself
            return str(text)
    return "" if text is None else str(text)


def store_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """Parameters as JSON values that keep what must be localised at read time."""
    stored: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if isinstance(value, Promise):
            stored[name] = {MSGID: message_id(value)}
        elif isinstance(value, dt.datetime):
            stored[name] = {DATETIME: value.isoformat()}
        elif isinstance(value, dt.date):
            stored[name] = {DATE: value.isoformat()}
        elif isinstance(value, Decimal):
            stored[name] = str(value)
        elif value is None or isinstance(value, (str, int, float, bool)):
            stored[name] = value
        else:
            stored[name] = str(value)
    return stored


def _shown(value: Any) -> Any:
    if isinstance(value, dict):
        if MSGID in value:
            return gettext(value[MSGID]) if value[MSGID] else ""
        if DATE in value:
            return formats.date_format(dt.date.fromisoformat(value[DATE]), "DATE_FORMAT")
        if DATETIME in value:
            moment = timezone.localtime(dt.datetime.fromisoformat(value[DATETIME]))
            return formats.date_format(moment, "DATETIME_FORMAT")
    return value


def render_message(msgid: str, params: dict[str, Any] | None = None) -> str:
    """The stored message in the active language, its parameters filled in.

    Never raises on a stored row: a translation that names a parameter the row
    lacks falls back to the English text, then to the bare message id.
    """
    if not msgid:
        return ""
    text = gettext(msgid)
    if not params:
        return text
    values = {name: _shown(value) for name, value in params.items()}
    for template in (text, msgid):
        try:
            return template % values
        except (KeyError, ValueError, TypeError):
            continue
    return msgid
