"""Vietnamese number and date entry: what an officer types must be read as they meant
it, or refused with a reason — never silently misread."""

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.core.vnformat import (
    NumberFormatError,
    NumberKind,
    fold,
    format_area,
    format_date,
    format_money,
    format_money_short,
    format_number,
    parse_date,
    parse_number,
)

A, M, N, D = NumberKind.AREA, NumberKind.MONEY, NumberKind.INTEGER, NumberKind.DECIMAL


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("9.222,1", A, Decimal("9222.10")),
        ("9222,1", A, Decimal("9222.10")),
        ("9222.1", A, Decimal("9222.10")),  # one dot, not three digits: only a decimal fits
        ("1.234.567,89", A, Decimal("1234567.89")),
        ("0,5", A, Decimal("0.50")),
        ("20.000", M, Decimal("20000")),  # money: the Vietnamese reading, twenty thousand
        ("1.250.000", M, Decimal("1250000")),
        ("601 119 000 000", M, Decimal("601119000000")),
        ("1,234,567", M, Decimal("1234567")),  # English grouping, unambiguous
        ("12", N, Decimal("12")),
        ("20.000", N, Decimal("20000")),
        ("1,05", D, Decimal("1.05")),
        ("-3,5", D, Decimal("-3.5")),
        (" 45,25 ", A, Decimal("45.25")),
        (Decimal("12.5"), A, Decimal("12.50")),
        (80.2, A, Decimal("80.20")),  # an Excel number cell
        (1250000, M, Decimal("1250000")),
    ],
)
def test_reads_vietnamese_entry(text, kind, expected):
    assert parse_number(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind"), [("20,000", M), ("20,000", A), ("20.000", A), ("1.234", D)]
)
def test_refuses_ambiguous_entry_and_says_why(text, kind):
    with pytest.raises(NumberFormatError) as err:
        parse_number(text, kind)
    assert "không rõ" in err.value.reason
    assert text in str(err.value)


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("abc", A, "không phải là số"),
        ("12a", M, "không phải là số"),
        ("1.2.3", A, "dấu phân cách"),
        ("12,345.6,7", A, "dấu phân cách"),
        ("12,5", M, "số nguyên"),
        ("3,5", N, "số nguyên"),
        ("12,345", A, "không rõ"),
        ("10,123", D, "không rõ"),
        ("45,255", A, "không rõ"),
        ("4,2555", A, "tối đa 2"),
        (True, A, "không phải là số"),
    ],
)
def test_refuses_invalid_entry(text, kind, reason):
    with pytest.raises(NumberFormatError) as err:
        parse_number(text, kind)
    assert reason in err.value.reason


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_blank_is_none_not_a_crash(blank):
    assert parse_number(blank, A) is None


def test_formats_the_vietnamese_way():
    assert format_number(Decimal("9222.1")) == "9.222,1"
    assert format_area(Decimal("1234.5")) == "1.234,50"
    assert format_money(601119000000) == "601.119.000.000 đồng"
    assert format_money(-1500) == "-1.500 đồng"
    assert format_money_short(601_119_000_000) == "601,119 tỷ đồng"
    assert format_money_short(45_500_000) == "45,5 triệu đồng"
    assert format_money_short(2_000_000_000) == "2 tỷ đồng"


def test_format_then_parse_round_trips():
    for value in [Decimal("0.00"), Decimal("12.30"), Decimal("9222.10"), Decimal("1234567.89")]:
        assert parse_number(format_area(value), A) == value


def test_dates():
    assert format_date(dt.date(1993, 10, 15)) == "15/10/1993"
    assert parse_date("15/10/1993") == dt.date(1993, 10, 15)
    assert parse_date("1/7/2004") == dt.date(2004, 7, 1)
    assert parse_date("2014-07-01") == dt.date(2014, 7, 1)
    assert parse_date("") is None
    with pytest.raises(ValueError, match="không tồn tại"):
        parse_date("31/02/2026")
    with pytest.raises(ValueError, match="ngày/tháng/năm"):
        parse_date("10/15")


def test_fold_for_search():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐẶNG THỊ HUYỀN") == "dang thi huyen"
