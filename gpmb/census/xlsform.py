"""The census form for KoboToolbox / ODK Collect as an XLSForm: the household is chosen
from the project's list (choices), and each household holds its members and assets as
repeat groups. Field names are the model's, so the import maps them back directly."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook

from gpmb.cases.models import Case
from gpmb.census.choices import (
    CropType,
    GraveType,
    ItemKind,
    StructureCase,
    StructureClass,
    Unit,
)
from gpmb.census.models import InventoryItem
from gpmb.census.spec import BY_NAME, FieldSpec, FieldType
from gpmb.core.bounds import field_range, format_limit
from gpmb.core.xlsx import row as xlsx_row
from gpmb.parties.choices import Relation
from gpmb.projects.models import Project

SURVEY_HEADERS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "parameters",
]
HOUSEHOLD_FIELD = "hh"
KIND_FIELD = "kind"
MEMBER_PREFIX = "member_"
MEMBER_FIELDS = ["name", "birth_year", "relation", "origin_date"]
CHOICE_LISTS: dict[str, Any] = {
    "unit": Unit,
    "structure_class": StructureClass,
    "crop_type": CropType,
    "grave_type": GraveType,
    "special_case": StructureCase,
    "relation": Relation,
}
# Which kinds show each asset field (the XLSForm "relevant" column).
ASSET_FIELDS = [
    "name",
    "unit",
    "quantity",
    "price_code",
    "structure_class",
    "floor_area",
    "floors",
    "year_built",
    "remaining_quality",
    "special_case",
    "crop_type",
    "diameter_cm",
    "age_years",
    "density",
    "garden_area",
    "weight_kg",
    "grave_type",
    "annual_income",
    "origin_date",
    "note",
]


def _xls_type(spec: FieldSpec) -> str:
    if spec.ftype == FieldType.CHOICE:
        return f"select_one {spec.name}"
    if spec.ftype == FieldType.DATE:
        return "date"
    if spec.ftype in (FieldType.INTEGER, FieldType.YEAR):
        return "integer"
    if spec.ftype == FieldType.TEXT:
        return "text"
    # Money may exceed the 32-bit XForm integer: a decimal, checked whole on import.
    return "decimal"


def _constraint(spec: FieldSpec) -> tuple[str, str]:
    """The field's range (core.bounds) as an XForm constraint, so the phone refuses what
    the import would refuse."""
    if spec.ftype in (FieldType.TEXT, FieldType.CHOICE, FieldType.DATE):
        return "", ""
    low, high = field_range(InventoryItem._meta.get_field(spec.name))
    assert low is not None and high is not None, f"{spec.name} has no range"
    return f". >= {low} and . <= {high}", f"Từ {format_limit(low)} đến {format_limit(high)}"


def _relevant(spec: FieldSpec) -> str:
    if not spec.kinds:
        return ""
    return " or ".join(f"${{{KIND_FIELD}}} = '{k}'" for k in sorted(spec.kinds))


def _row(type_: str, name: str, label: str, **extra: str) -> list[str]:
    values = {"type": type_, "name": name, "label": label, **extra}
    return [values.get(h, "") for h in SURVEY_HEADERS]


def build_xlsform(project: Project, user: Any = None) -> Workbook:
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(SURVEY_HEADERS)
    rows: list[list[str]] = [
        _row("start", "start", ""),
        _row("end", "end", ""),
        _row("today", "today", ""),
        _row("text", "surveyor", "Cán bộ kiểm đếm", required="yes"),
        _row("begin_repeat", "households", "Hộ gia đình"),
        _row(
            f"select_one {HOUSEHOLD_FIELD}",
            HOUSEHOLD_FIELD,
            "Mã hộ",
            required="yes",
            appearance="autocomplete",
        ),
        _row("date", "census_date", "Ngày kiểm đếm"),
        _row("begin_repeat", "members", "Nhân khẩu thực tế đang ở"),
    ]
    for name in MEMBER_FIELDS:
        spec = BY_NAME[name]
        label = "Họ và tên" if name == "name" else spec.header
        constraint, message = _constraint(spec)
        rows.append(
            _row(
                _xls_type(spec),
                MEMBER_PREFIX + name,
                label,
                required="yes" if name == "name" else "",
                constraint=constraint,
                constraint_message=message,
            )
        )
    rows += [
        _row("end_repeat", "", ""),
        _row("begin_repeat", "assets", "Tài sản, vật kiến trúc, cây trồng"),
        _row(f"select_one {KIND_FIELD}", KIND_FIELD, "Loại tài sản", required="yes"),
    ]
    for name in ASSET_FIELDS:
        spec = BY_NAME[name]
        constraint, message = _constraint(spec)
        required = "yes" if spec.required else ""
        rows.append(
            _row(
                _xls_type(spec),
                name,
                spec.header,
                required=required,
                relevant=_relevant(spec),
                constraint=constraint,
                constraint_message=message,
            )
        )
    rows += [
        _row("image", "photo", "Ảnh chụp tài sản", parameters="max-pixels=1600"),
        _row("end_repeat", "", ""),
        _row("end_repeat", "", ""),
    ]
    for row in rows:
        survey.append(row)

    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for kind in ItemKind:
        if kind != ItemKind.PERSON:
            choices.append([KIND_FIELD, kind.value, str(kind.label)])
    for list_name, choice_class in CHOICE_LISTS.items():
        for value, label in choice_class.choices:
            choices.append([list_name, value, str(label)])
    cases = (
        (Case.objects.restrict(user, "census.export_inventoryitem") if user else Case.objects)
        .filter(project=project)
        .select_related("household__head")
        .order_by("household__code")
    )
    seen: set[str] = set()
    for case in cases:
        code = case.household.code
        if code in seen:
            continue
        seen.add(code)
        head = case.household.head.full_name if case.household.head else ""
        choices.append(
            xlsx_row(choices, [HOUSEHOLD_FIELD, code, f"{code} — {head}" if head else code])
        )

    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(
        xlsx_row(
            settings,
            [
                f"Kiểm đếm — {project.name}"[:200],
                f"gpmb_census_{project.code}".replace("-", "_"),
                timezone.now().strftime("%Y%m%d%H%M"),
                "Vietnamese (vi)",
            ],
        )
    )
    return wb


def export_xlsform(project: Project, out: str | Path | IO[bytes], *, user: Any = None) -> None:
    """The project's XLSForm; with `user`, its household list holds only the households
    the user may survey."""
    build_xlsform(project, user).save(out)
