"""GS1 barcodes read into our fields (DOMAIN.md section 4 worked examples and more)."""

import datetime as dt

import pytest

from inventory import gs1
from inventory.gs1 import BarcodeError, Scan, read_barcode

GS = "\x1d"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # DOMAIN.md: human-readable form
        (
            "(01)09506000134352(17)271231(10)A1B2C3",
            Scan(gtin="09506000134352", expiry=dt.date(2027, 12, 31), lot="A1B2C3"),
        ),
        # DOMAIN.md: DataMatrix with symbology identifier, day 00, GS after the variable lot
        (
            "]d20109506000134352172805001" + f"0LOT42{GS}2112345",
            Scan(gtin="09506000134352", expiry=dt.date(2028, 5, 31), lot="LOT42", serial="12345"),
        ),
        # DOMAIN.md: leap day
        ("(01)06977000123456(17)280229(10)X9", Scan(gtin="06977000123456", expiry=dt.date(2028, 2, 29), lot="X9")),
        # GS1-128 symbology identifier, variable count last without separator
        (f"]C10109506000134352{GS}3012", Scan(gtin="09506000134352", quantity=12)),
        ("]C1010950600013435230120", Scan(gtin="09506000134352", quantity=120)),
        # GS1 QR, lot then count (AI 37) separated by GS, serial last
        (
            "]Q30109506000134352" + f"10B7{GS}3740{GS}21SN-1",
            Scan(gtin="09506000134352", lot="B7", quantity=40, serial="SN-1"),
        ),
        # without any symbology identifier; fixed-length AIs need no separator
        ("010950600013435217261130" + "10ABC", Scan(gtin="09506000134352", expiry=dt.date(2026, 11, 30), lot="ABC")),
        # a leading FNC1 carries no data
        (f"{GS}0109506000134352", Scan(gtin="09506000134352")),
        # a box's plain EAN-13, stored as 14 digits
        ("9506000134352", Scan(gtin="09506000134352")),
        ("  (01)09506000134352  ", Scan(gtin="09506000134352")),
    ],
)
def test_valid_barcodes(code, expected):
    assert read_barcode(code) == expected


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("(01)09506000134353(17)271231", gs1.BAD_CHECK_DIGIT),
        ("9506000134353", gs1.BAD_CHECK_DIGIT),
        ("(01)06977000123456(17)260229(10)X9", gs1.BAD_DATE),
        ("(01)06977000123456(17)271301", gs1.MALFORMED_AI),
        ("0109506000134352171231", gs1.MALFORMED_AI),
        ("(01)0950600013435", gs1.MALFORMED_AI),
        ("hello world", gs1.NO_AI),
        ("]C1(01)x", gs1.MALFORMED_AI),
        ("]E0123", gs1.UNKNOWN_SYMBOLOGY),
        ("(17)271231(10)A1", gs1.NO_GTIN),
        ("", gs1.EMPTY),
        ("   ", gs1.EMPTY),
        ("1" * 300, gs1.TOO_LONG),
    ],
)
def test_bad_barcodes_are_refused_with_a_reason(code, message):
    with pytest.raises(BarcodeError) as refused:
        read_barcode(code)
    assert refused.value.message == message


def test_the_check_digit_message_names_the_right_digit():
    with pytest.raises(BarcodeError) as refused:
        read_barcode("(01)09506000134353")
    assert str(refused.value) == "The GTIN 09506000134353 has a wrong check digit: it should be 2."


def test_check_digit_arithmetic():
    # weights 3,1,3,1… from the right of the payload
    assert gs1.check_digit("0950600013435") == 2
    assert gs1.normalise_gtin("96385074") == "00000096385074"
