"""The inventory row editor: the fields of one item kind as the table shows them, with
the typed text kept on error so a clerk never loses input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst

from gpmb.census.choices import DEFAULT_UNIT, ItemKind
from gpmb.census.models import InventoryItem
from gpmb.census.spec import FieldSpec, FieldType, fields_for
from gpmb.core.vnformat import format_date, format_number


def field_label(name: str) -> str:
    """The translated label of an item field (the Excel headers stay Vietnamese: they
    are the file's layout)."""
    field = InventoryItem._meta.get_field(name)
    return capfirst(str(getattr(field, "verbose_name", name)))


# Shown in their own columns; every other field of the kind goes in the details cell.
MAIN_FIELDS = ("name", "unit", "quantity", "origin_date")


@dataclass
class BoundField:
    spec: FieldSpec
    value: str
    error: str = ""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return field_label(self.spec.name)

    @property
    def help(self) -> str:
        """The model field's help text: for a rare case, the article it turns on."""
        return str(getattr(InventoryItem._meta.get_field(self.spec.name), "help_text", ""))

    @property
    def choices(self) -> list[tuple[str, str]]:
        if self.spec.choices is None:
            return []
        return [(str(v), str(label)) for v, label in self.spec.choices.choices]

    @property
    def is_choice(self) -> bool:
        return self.spec.ftype == FieldType.CHOICE

    @property
    def inputmode(self) -> str:
        if self.spec.ftype in (FieldType.INTEGER, FieldType.YEAR, FieldType.MONEY):
            return "numeric"
        if self.spec.ftype in (FieldType.TEXT, FieldType.CHOICE, FieldType.DATE):
            return "text"
        return "decimal"

    @property
    def placeholder(self) -> str:
        return "dd/mm/yyyy" if self.spec.ftype == FieldType.DATE else ""


def as_text(value: Any) -> str:
    """A model value as the clerk typed it (Vietnamese decimal comma, no grouping)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


@dataclass
class ItemRow:
    """The editable row: values as text (from the item or from the submitted form)."""

    kind: str
    fields: dict[str, BoundField]
    item: InventoryItem | None = None
    form_error: str = ""
    form_id: str = ""
    seen: str = ""  # the item's version when the row was opened (check_version)

    @classmethod
    def build(
        cls,
        kind: str,
        *,
        item: InventoryItem | None = None,
        data: Any = None,
        errors: dict[str, str] | None = None,
    ) -> ItemRow:
        errors = errors or {}
        fields = {}
        for spec in fields_for(kind):
            if data is not None:
                value = str(data.get(spec.name, "")).strip()
            elif item is not None:
                value = as_text(getattr(item, spec.name))
            elif spec.name == "unit":
                value = str(DEFAULT_UNIT[ItemKind(kind)])
            else:
                value = ""
            fields[spec.name] = BoundField(spec, value, errors.get(spec.name, ""))
        if data is not None:
            seen = str(data.get("seen", ""))
        else:
            seen = item.edit_stamp if item is not None else ""
        return cls(kind=kind, fields=fields, item=item, seen=seen)

    @property
    def main(self) -> dict[str, BoundField]:
        return {n: self.fields[n] for n in MAIN_FIELDS if n in self.fields}

    @property
    def details(self) -> list[BoundField]:
        return [f for n, f in self.fields.items() if n not in MAIN_FIELDS]

    def raw(self) -> dict[str, str]:
        return {n: f.value for n, f in self.fields.items()}


def item_details(item: InventoryItem) -> str:
    """The kind-specific attributes in one line: "Cấp IV; sàn 145 m²; 2 tầng; 2004"."""
    parts = []
    for spec in fields_for(item.kind):
        if spec.name in MAIN_FIELDS:
            continue
        value = getattr(item, spec.name)
        if value in (None, ""):
            continue
        if spec.ftype == FieldType.CHOICE and spec.choices is not None:
            parts.append(str(spec.choices(value).label))  # the label says what it is
            continue
        elif isinstance(value, Decimal):
            text = format_number(value.normalize() if value == value.to_integral() else value)
        elif spec.ftype == FieldType.MONEY:
            text = format_number(value) + " đ"
        else:
            text = str(value)
        parts.append(f"{field_label(spec.name)}: {text}")
    return "; ".join(parts)
