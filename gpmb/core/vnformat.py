"""Vietnamese numbers, money and dates — parsed strictly and formatted in one place.

Vietnamese writing uses "." to group thousands and "," for decimals: "9.222,1" is
nine thousand two hundred twenty-two point one. People also type "9222,1", and some
software exports the English way. An entry that reads as two different numbers under
the two conventions (e.g. "20,000": twenty, or twenty thousand?) is refused with an
explanation rather than guessed — "20.000" read as 20 was a real loss in older tools.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from django.utils.translation import gettext as _


class NumberKind(Enum):
    """What a number measures decides how many decimals it may carry and how an
    ambiguous separator is read."""

    MONEY = "money"  # integer đồng
    INTEGER = "integer"  # counts: trees, persons, graves
    AREA = "area"  # m², at most 2 decimals (law-2026.md §3.0)
    DECIMAL = "decimal"  # coefficients, lengths, diameters


MAX_DECIMALS = {NumberKind.MONEY: 0, NumberKind.INTEGER: 0, NumberKind.AREA: 2}

# No number GPMB keeps reaches a million billion (10^15 đồng is a hundred times the
# largest clearance budget); anything longer is a typing slip (a national ID in a count)
# or an attack, refused before it reaches arithmetic whose precision it would exceed.
# Each field's own, tighter range is on its model field (core.bounds).
MAX_WHOLE_DIGITS = 15


class NumberFormatError(ValueError):
    """The text is not a number GPMB can read without guessing; `str()` explains why."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"“{text}”: {reason}")
        self.text = text
        self.reason = reason


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_GROUPED = {
    ".": re.compile(r"^\d{1,3}(\.\d{3})+$"),
    ",": re.compile(r"^\d{1,3}(,\d{3})+$"),
}
_DIGITS = re.compile(r"^\d+$")


def _split_decimal(text: str, sep: str) -> tuple[str, str] | None:
    whole, _, frac = text.rpartition(sep)
    return (whole, frac) if _DIGITS.match(frac) else None


def parse_number(text: str | int | float | Decimal | None, kind: NumberKind) -> Decimal | None:
    """Read a number typed or exported by a person. None and blank give None.

    Raises NumberFormatError for anything that is not a number, or that is ambiguous,
    negative-unfriendly checks are the caller's (a quantity may not be negative; a
    difference may)."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberFormatError(str(text), _("không phải là số"))
    if isinstance(text, int | Decimal):
        return _check_precision(str(text), Decimal(text), kind)
    if isinstance(text, float):
        # A spreadsheet cell: the binary float is read back through its shortest repr.
        return _check_precision(repr(text), Decimal(repr(text)), kind)
    raw = str(text)
    s = _SPACES.sub("", raw)
    if s == "":
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = s[0].replace("+", ""), s[1:]
    if not s or not re.fullmatch(r"[\d.,]+", s):
        raise NumberFormatError(raw, _("không phải là số"))
    value = _read_unsigned(raw, s, kind)
    try:
        number = Decimal(sign + value)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the patterns above
        raise NumberFormatError(raw, _("không phải là số")) from exc
    return _check_precision(raw, number, kind)


def _read_unsigned(raw: str, s: str, kind: NumberKind) -> str:
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        # Both present: the last one is the decimal mark, the other groups thousands.
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if dec == "," else ","
        parts = _split_decimal(s, dec)
        if parts is None or not _GROUPED[group].match(parts[0]):
            raise NumberFormatError(raw, _("dấu phân cách không hợp lệ"))
        return parts[0].replace(group, "") + "." + parts[1]
    if not has_dot and not has_comma:
        return s
    sep = "." if has_dot else ","
    if s.count(sep) > 1:
        if _GROUPED[sep].match(s):
            return s.replace(sep, "")
        raise NumberFormatError(raw, _("dấu phân cách không hợp lệ"))
    parts = _split_decimal(s, sep)
    if parts is None or parts[0] == "":
        raise NumberFormatError(raw, _("không phải là số"))
    whole, frac = parts
    if len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        # "20.000" / "20,000": thousands under one convention, a decimal under the other.
        if sep == "." and MAX_DECIMALS.get(kind) == 0:
            return whole + frac  # money and counts: the Vietnamese reading, 20.000 = 20000
        raise NumberFormatError(
            raw,
            _(
                "không rõ là {thousands} (hàng nghìn) hay {whole},{frac} (thập phân); "
                "hãy nhập {thousands} hoặc {whole},{short}"
            ).format(thousands=whole + frac, whole=whole, frac=frac, short=frac.rstrip("0") or "0"),
        )
    return whole + "." + frac


def _check_precision(raw: str, number: Decimal, kind: NumberKind) -> Decimal:
    if not number.is_finite():
        raise NumberFormatError(raw, _("không phải là số"))
    if number.adjusted() >= MAX_WHOLE_DIGITS:
        raise NumberFormatError(
            raw, _("quá lớn: tối đa {n} chữ số phần nguyên").format(n=MAX_WHOLE_DIGITS)
        )
    limit = MAX_DECIMALS.get(kind)
    if limit is None:
        return number
    normalized = number.normalize() if number == number.to_integral_value() else number
    exponent = normalized.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > limit:
        if limit == 0:
            raise NumberFormatError(raw, _("phải là số nguyên"))
        raise NumberFormatError(raw, _("tối đa {n} chữ số thập phân").format(n=limit))
    return number.quantize(Decimal(1).scaleb(-limit)) if limit else number.to_integral_value()


def format_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """9222.1 → "9.222,1". `decimals` fixes the number of decimals; None keeps them."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():  # only a database written by hand holds one: show it as is
        return str(number)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


def format_area(value: Decimal | int | float | None) -> str:
    """Areas are shown with 2 decimals: "1.234,50"."""
    return format_number(value, 2)


def format_money(value: Decimal | int | None, unit: bool = True) -> str:
    """Integer đồng: 601119000000 → "601.119.000.000 đồng"."""
    if value is None:
        return ""
    text = format_number(Decimal(value), 0)
    return f"{text} đồng" if unit else text


def format_money_short(value: Decimal | int | None) -> str:
    """For reports: 601119000000 → "601,119 tỷ đồng"; 45500000 → "45,5 triệu đồng"."""
    if value is None:
        return ""
    amount = Decimal(value)
    for size, name in ((Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu")):
        if abs(amount) >= size:
            scaled = (amount / size).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
            return f"{format_number(_strip_zeros(scaled))} {name} đồng"
    return format_money(amount)


_DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
# Groups of three digits from the right; after "tỷ" the names repeat ("nghìn tỷ", …).
_SCALES = ["", "nghìn", "triệu"]


def _three_digits(n: int, leading: bool) -> str:
    """One group of three digits as read aloud; a group after the first reads its zero
    hundreds ("một triệu không trăm lẻ năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or not leading:
        words += [_DIGIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGIT_WORDS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGIT_WORDS[units])
    return " ".join(words)


def _number_words(n: int) -> str:
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        # below the billions, a group's zero hundreds are read: "một tỷ không trăm …"
        return " ".join(w for w in (_number_words(high), "tỷ", _groups_words(low, False)) if w)
    return _groups_words(n, leading=True)


def _groups_words(n: int, leading: bool) -> str:
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i]:
            first = leading and i == len(groups) - 1
            words += [_three_digits(groups[i], first), _SCALES[i]]
    return " ".join(w for w in words if w)


def money_in_words(value: int) -> str:
    """An amount of đồng in words, as a payment document writes it after "Bằng chữ:":
    4320000000 → "Bốn tỷ ba trăm hai mươi triệu đồng"; a negative amount begins "Âm"."""
    n = abs(int(value))
    text = _number_words(n) if n else "không"
    text = ("âm " if value < 0 else "") + text + " đồng"
    return text[0].upper() + text[1:]


def _strip_zeros(number: Decimal) -> Decimal:
    return (
        number.to_integral_value() if number == number.to_integral_value() else number.normalize()
    )


DATE_FORMAT = "%d/%m/%Y"


def format_date(value: dt.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def parse_date(text: str | dt.date | dt.datetime | None) -> dt.date | None:
    """Accepts dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) and ISO yyyy-mm-dd."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    s = str(text).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError as exc:
        raise ValueError(_("“{s}”: ngày không tồn tại").format(s=s)) from exc
    raise ValueError(_("“{s}”: ngày phải có dạng ngày/tháng/năm, ví dụ 15/10/1993").format(s=s))


def fold(text: str) -> str:
    """Lower case without diacritics, for search: "Nguyễn Văn Đức" → "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


# A map sheet and a parcel number as officers type them: "12/85", "12-85", "12.85",
# "12 85", "tờ 12 thửa 85", "to 12 thua 85", "t12 th85", "Tờ 12, thửa 85a". Both start
# with a digit, so a name ("Nguyễn Văn") never reads as one.
_SHEET_PARCEL = re.compile(
    r"^(?:tờ|to|t)?\s*(\d\w*)\s*(?:[/\\,;.:\-]\s*|\s+)(?:thửa|thua|th)?\s*(\d\w*)$",
    re.IGNORECASE,
)


def parse_sheet_parcel(text: str) -> tuple[str, str] | None:
    """(map sheet, parcel number) of a search like "tờ 12 thửa 85", or None. The one
    reader of this notation: the household search, the map search and the price-position
    page all use it, so they accept the same inputs."""
    match = _SHEET_PARCEL.match(unicodedata.normalize("NFC", text.strip()))
    return (match[1], match[2]) if match else None
