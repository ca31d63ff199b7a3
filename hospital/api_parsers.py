"""The API's JSON parser: refuses what would otherwise crash the server."""

import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32  # no request of this API nests deeper than a handful of levels


def _depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings, counted without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class SafeJSONParser(JSONParser):
    """JSON bodies nested deeper than MAX_JSON_DEPTH (the parser would recurse until it
    crashes) or holding a NUL character (PostgreSQL cannot store it) are a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(_("The request body is not valid UTF-8 JSON.")) from None
        if _depth(text) > MAX_JSON_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ParseError(_("The request body is not valid JSON: %(error)s") % {"error": error}) from None
        if "\\u0000" in text or "\x00" in text:
            raise ParseError(_("The JSON body contains a NUL character."))
        return data
