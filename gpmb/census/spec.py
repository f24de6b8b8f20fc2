"""The fields of an inventory item, declared once and used by the web form, the Excel
round trip, the XLSForm and the Kobo/ODK import: header, type, which kinds use it, and
how a cell is read (strictly, with the Vietnamese number parser)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from gpmb.census.choices import (
    DEFAULT_UNIT,
    CropType,
    GraveType,
    ItemKind,
    StructureCase,
    StructureClass,
    Unit,
    quantity_kind,
)
from gpmb.census.models import InventoryItem
from gpmb.core.bounds import range_error
from gpmb.core.text import TextRefused, clean_text
from gpmb.core.vnformat import NumberFormatError, NumberKind, parse_date, parse_number
from gpmb.parties.choices import Relation

CENT = Decimal("0.01")


class FieldType(Enum):
    TEXT = "text"
    CHOICE = "choice"
    QUANTITY = "quantity"  # parsed by the item's unit: a count is an integer
    AREA = "area"
    DECIMAL = "decimal"
    INTEGER = "integer"
    YEAR = "year"
    PERCENT = "percent"
    MONEY = "money"
    DATE = "date"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    header: str
    ftype: FieldType
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind
    required: bool = False
    choices: type[models.TextChoices] | None = None
    max_length: int = 200

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


BUILDINGS = frozenset({ItemKind.HOUSE, ItemKind.STRUCTURE})
PRICED = frozenset(
    {ItemKind.HOUSE, ItemKind.STRUCTURE, ItemKind.TREE, ItemKind.CROP, ItemKind.LIVESTOCK}
)
PLANTS = frozenset({ItemKind.TREE, ItemKind.CROP})

ONE_PER_LINE = frozenset({ItemKind.PERSON, ItemKind.BUSINESS})

# The order here is the column order of every sheet and form.
FIELDS: list[FieldSpec] = [
    FieldSpec("name", "Tên, mô tả", FieldType.TEXT, required=True),
    FieldSpec("unit", "Đơn vị tính", FieldType.CHOICE, choices=Unit),
    FieldSpec("quantity", "Khối lượng", FieldType.QUANTITY, required=True),
    # The row of the policy pack's unit-price table the item is priced on (nha-cap-4,
    # nhan/A, lua): the link from the census to the calculation.
    FieldSpec("price_code", "Mã đơn giá", FieldType.TEXT, PRICED, max_length=60),
    FieldSpec(
        "structure_class",
        "Cấp, loại công trình",
        FieldType.CHOICE,
        BUILDINGS,
        choices=StructureClass,
    ),
    FieldSpec("floor_area", "Diện tích sàn (m²)", FieldType.AREA, frozenset({ItemKind.HOUSE})),
    FieldSpec("floors", "Số tầng", FieldType.INTEGER, frozenset({ItemKind.HOUSE})),
    FieldSpec("year_built", "Năm xây dựng", FieldType.YEAR, BUILDINGS),
    FieldSpec("remaining_quality", "Chất lượng còn lại (%)", FieldType.PERCENT, BUILDINGS),
    FieldSpec(
        "special_case", "Trường hợp riêng", FieldType.CHOICE, BUILDINGS, choices=StructureCase
    ),
    FieldSpec("crop_type", "Nhóm cây trồng", FieldType.CHOICE, PLANTS, choices=CropType),
    FieldSpec("diameter_cm", "Đường kính gốc (cm)", FieldType.DECIMAL, frozenset({ItemKind.TREE})),
    FieldSpec("age_years", "Tuổi cây (năm)", FieldType.INTEGER, frozenset({ItemKind.TREE})),
    FieldSpec("density", "Mật độ (cây/m²)", FieldType.DECIMAL, frozenset({ItemKind.TREE})),
    FieldSpec("garden_area", "Diện tích vườn (m²)", FieldType.AREA, frozenset({ItemKind.TREE})),
    FieldSpec(
        "weight_kg",
        "Trọng lượng bình quân (kg/con)",
        FieldType.DECIMAL,
        frozenset({ItemKind.LIVESTOCK}),
    ),
    FieldSpec(
        "grave_type", "Loại mộ", FieldType.CHOICE, frozenset({ItemKind.GRAVE}), choices=GraveType
    ),
    FieldSpec(
        "annual_income",
        "Thu nhập sau thuế bình quân (đồng/năm)",
        FieldType.MONEY,
        frozenset({ItemKind.BUSINESS}),
    ),
    FieldSpec("birth_year", "Năm sinh", FieldType.YEAR, frozenset({ItemKind.PERSON})),
    FieldSpec(
        "relation",
        "Quan hệ với chủ hộ",
        FieldType.CHOICE,
        frozenset({ItemKind.PERSON}),
        choices=Relation,
    ),
    FieldSpec("origin_date", "Ngày phát sinh (xây, trồng, chuyển đến)", FieldType.DATE),
    FieldSpec("note", "Ghi chú", FieldType.TEXT, max_length=500),
]
BY_NAME = {f.name: f for f in FIELDS}
VALUE_FIELDS = [f.name for f in FIELDS]


@lru_cache(maxsize=32)
def _fields_for(kind: str) -> tuple[FieldSpec, ...]:
    return tuple(f for f in FIELDS if f.applies_to(kind))


def fields_for(kind: str) -> list[FieldSpec]:
    return list(_fields_for(str(kind)))


def empty_value(spec: FieldSpec) -> Any:
    return "" if spec.ftype in (FieldType.TEXT, FieldType.CHOICE) else None


class CellError(ValueError):
    """A value that cannot be read; `str()` is the explanation shown to the user."""


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


@lru_cache(maxsize=256)
def choice_lookup(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    """Value and label (in the active language and in Vietnamese) → value, case-folded.
    Cached: rendering a lazy label is slow and an import reads it on every row."""
    lookup: dict[str, str] = {}
    with translation.override("vi"):
        vietnamese = {str(v): str(label) for v, label in choices.choices}
    for value, label in choices.choices:
        for key in (str(value), str(label), vietnamese[str(value)]):
            lookup.setdefault(key.casefold(), str(value))
    return lookup


@lru_cache(maxsize=256)
def choice_labels(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    return {str(v): str(label) for v, label in choices.choices}


def read_choice(spec: FieldSpec, raw: Any) -> str:
    assert spec.choices is not None
    text = str(raw).strip().casefold()
    found = choice_lookup(spec.choices, translation.get_language() or "vi").get(text)
    if found is not None:
        return found
    allowed = "; ".join(str(label) for _v, label in spec.choices.choices)
    raise CellError(_("không có trong danh mục ({allowed})").format(allowed=allowed))


def _number(raw: Any, kind: NumberKind) -> Decimal:
    try:
        value = parse_number(raw, kind)
    except NumberFormatError as exc:
        raise CellError(exc.reason) from exc
    assert value is not None
    if value < 0:
        raise CellError(_("không được âm"))
    return value


def read_cell(spec: FieldSpec, raw: Any, unit: str = "") -> Any:
    """One cell → a model value. Blank gives the empty value; bad input, or a value
    outside the field's range (core.bounds), raises CellError."""
    if _is_blank(raw):
        return empty_value(spec)
    t = spec.ftype
    if t == FieldType.TEXT:
        try:
            text = clean_text(str(raw)).strip()
        except TextRefused as exc:
            raise CellError(str(exc)) from exc
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        if len(text) > spec.max_length:
            raise CellError(_("dài quá {n} ký tự").format(n=spec.max_length))
        return text
    if t == FieldType.CHOICE:
        return read_choice(spec, raw)
    value = _read_value(t, raw, unit)
    problem = range_error(InventoryItem._meta.get_field(spec.name), value)
    if problem:
        raise CellError(problem)
    return value


def _read_value(t: FieldType, raw: Any, unit: str) -> Any:
    if t == FieldType.DATE:
        if isinstance(raw, dt.datetime | dt.date):
            return parse_date(raw)
        try:
            return parse_date(str(raw))
        except ValueError as exc:
            raise CellError(str(exc)) from exc
    if t == FieldType.QUANTITY:
        return _number(raw, quantity_kind(unit)).quantize(CENT)
    if t in (FieldType.AREA, FieldType.PERCENT):
        return _number(raw, NumberKind.AREA).quantize(CENT)
    if t == FieldType.DECIMAL:
        value = _number(raw, NumberKind.DECIMAL)
        if value != value.quantize(CENT):
            raise CellError(_("tối đa {n} chữ số thập phân").format(n=2))
        return value.quantize(CENT)
    if t == FieldType.MONEY:
        return int(_number(raw, NumberKind.MONEY))
    return int(_number(raw, NumberKind.INTEGER))


def clean_values(kind: str, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Read the raw values of one item of `kind` (keys are field names). Returns the
    model values (every field of the kind present) and the errors by field name."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    unit_spec = BY_NAME["unit"]
    try:
        unit = read_cell(unit_spec, raw.get("unit")) or str(DEFAULT_UNIT[ItemKind(kind)])
    except CellError as exc:
        errors["unit"] = str(exc)
        unit = str(DEFAULT_UNIT[ItemKind(kind)])
    values["unit"] = unit
    for spec in fields_for(kind):
        if spec.name == "unit":
            continue
        cell = raw.get(spec.name)
        if spec.name == "quantity" and kind in ONE_PER_LINE and _is_blank(cell):
            cell = 1  # one line per person, one per business
        try:
            value = read_cell(spec, cell, unit)
        except CellError as exc:
            errors[spec.name] = str(exc)
            continue
        if spec.required and value in ("", None):
            errors[spec.name] = _("bắt buộc, không được để trống")
            continue
        values[spec.name] = value
    return values, errors


def display_value(spec: FieldSpec, value: Any) -> Any:
    """A model value → what a person reads (choice label; numbers stay numbers)."""
    if spec.ftype == FieldType.CHOICE and value:
        assert spec.choices is not None
        labels = choice_labels(spec.choices, translation.get_language() or "vi")
        return labels.get(value, value)
    return value
