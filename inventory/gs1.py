"""GS1 barcodes read into our fields: a thin layer over `biip`, independent of Django.

`read_barcode(code)` accepts what a scanner or a person sends (docs/standards.md and
DOMAIN.md section 4):

- a GS1-128 / GS1 DataMatrix / GS1 QR element string, with or without the AIM
  symbology identifier (`]C1`, `]d2`, `]Q3`), FNC1 sent as GS (ASCII 29);
- the human-readable form with the AIs in parentheses, `(01)…(17)…(10)…`;
- a plain GTIN-8, -12, -13 or -14 (a box's EAN-13, say).

and answers a `Scan` with the GTIN (14 digits), lot (AI 10), expiry (AI 17, day 00 is
the month's last day), serial (AI 21) and count (AI 30 or 37) where present. Parsing,
check digits and the date rules are biip's; this module only maps its result to our
fields and its errors to our messages. A refusal is a `BarcodeError` whose `message`
is an English msgid marked for translation here and translated by the caller
(`inventory.barcodes`), with `params` to fill in.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_messages import GS1Message


def gettext_noop(message: str) -> str:
    """Marks a msgid for the catalogue without importing Django; the caller translates."""
    return message


SYMBOLOGY_IDENTIFIERS = ("]C1", "]d2", "]Q3")
GROUP_SEPARATOR = "\x1d"
GTIN_LENGTHS = (8, 12, 13, 14)
MAX_LENGTH = 200  # longer than any GS1 symbol carries

EMPTY = gettext_noop("Scan or type a barcode.")
TOO_LONG = gettext_noop("This is too long to be a GS1 barcode.")
UNKNOWN_SYMBOLOGY = gettext_noop("This scanner sent a barcode type that is not GS1 (%(prefix)s).")
NO_AI = gettext_noop("This is not a GS1 barcode: no application identifier could be read at “%(text)s”.")
MALFORMED_AI = gettext_noop("The barcode's field (%(ai)s) is malformed.")
BAD_DATE = gettext_noop("The barcode's date (%(ai)s) %(value)s is not a real date.")
BAD_CHECK_DIGIT = gettext_noop("The GTIN %(gtin)s has a wrong check digit: it should be %(digit)s.")
NO_GTIN = gettext_noop("The barcode holds no GTIN (AI 01).")
BAD_GTIN = gettext_noop("A GTIN has 8, 12, 13 or 14 digits.")

_AI_IN_MESSAGE = re.compile(r"AI \((\d{2,4})\)")
_DATE_VALUE = re.compile(r"from '(\d+)'")
_REST = re.compile(r"from '(.*)'", re.DOTALL)


@dataclass(frozen=True)
class Scan:
    """What a barcode says, in our fields; None where the barcode does not say."""

    gtin: str | None = None
    lot: str | None = None
    expiry: dt.date | None = None
    serial: str | None = None
    quantity: int | None = None


@dataclass
class BarcodeError(ValueError):
    """A barcode we cannot read: `message % params` says why (translate `message` first)."""

    message: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message % self.params if self.params else self.message


def check_digit(payload: str) -> int:
    """The GS1 check digit of `payload` (the digits before it): weights 3,1,3,1,… from the right."""
    return gs1_standard_check_digit(payload)


def normalise_gtin(code: str) -> str:
    """A GTIN-8/12/13/14 as 14 digits, its check digit verified; BarcodeError otherwise."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in GTIN_LENGTHS:
        raise BarcodeError(BAD_GTIN)
    expected = check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise BarcodeError(BAD_CHECK_DIGIT, {"gtin": code, "digit": expected})
    return code.zfill(14)


def _strip_symbology(code: str) -> str:
    if code.startswith(SYMBOLOGY_IDENTIFIERS):
        return code[3:]
    if code.startswith("]"):
        raise BarcodeError(UNKNOWN_SYMBOLOGY, {"prefix": code[:3]})
    return code


def _message(code: str) -> GS1Message:
    try:
        if code.startswith("("):
            return GS1Message.parse_hri(code)
        return GS1Message.parse(code)
    except ParseError as error:
        raise _translated(error, code) from error


def _translated(error: ParseError, code: str) -> BarcodeError:
    text = str(error)
    ai = _AI_IN_MESSAGE.search(text)
    if "date" in text and ai:
        value = _DATE_VALUE.search(text)
        return BarcodeError(BAD_DATE, {"ai": ai.group(1), "value": value.group(1) if value else ""})
    if ai:
        return BarcodeError(MALFORMED_AI, {"ai": ai.group(1)})
    rest = _REST.search(text)
    shown = rest.group(1) if rest else code
    return BarcodeError(NO_AI, {"text": shown[:24].replace(GROUP_SEPARATOR, " ")})


def read_barcode(code: str) -> Scan:
    """The fields of a scanned or typed GS1 barcode, or BarcodeError with the reason."""
    code = (code or "").strip()
    if not code:
        raise BarcodeError(EMPTY)
    if len(code) > MAX_LENGTH:
        raise BarcodeError(TOO_LONG)
    code = _strip_symbology(code)
    if code.isdigit() and len(code) in GTIN_LENGTHS:
        return Scan(gtin=normalise_gtin(code))
    # A leading FNC1 (some scanners send it) carries no data.
    message = _message(code.lstrip(GROUP_SEPARATOR))
    fields: dict = {}
    for element in message.element_strings:
        ai = element.ai.ai
        if ai == "01":
            if element.gtin_error:
                raise BarcodeError(BAD_CHECK_DIGIT, {"gtin": element.value, "digit": check_digit(element.value[:-1])})
            fields["gtin"] = element.value
        elif ai == "10":
            fields["lot"] = element.value
        elif ai == "17":
            fields["expiry"] = element.date
        elif ai == "21":
            fields["serial"] = element.value
        elif ai in ("30", "37"):
            fields["quantity"] = int(element.value)
    if "gtin" not in fields:
        raise BarcodeError(NO_GTIN)
    return Scan(**fields)
