"""Targets and entered indicators from Excel (chỉ tiêu): one sheet, one target a row
(period, scope, unit code, indicator, planned, actual, source), read and checked whole
before anything is written (gpmb.reports.services.targets_import). Each bad cell is named
by file, sheet, row, column and value; the blank template has the header."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from gpmb.census.excel import RowError, read_sheets, unreadable
from gpmb.reports.choices import IndicatorKind, ScopeLevel
from gpmb.reports.services import TargetError, may_set_target, target_values

TARGETS_UPLOAD = "targets"  # the Upload kind (its size limit: GPMB_UPLOAD_LIMITS_MB default)

# (field, header): the template's header, and what a file's header row must hold.
COLUMNS = (
    ("period", "Kỳ"),
    ("scope", "Phạm vi"),
    ("unit_code", "Mã xã/phường hoặc dự án"),
    ("kind", "Chỉ tiêu"),
    ("planned", "Kế hoạch"),
    ("actual", "Thực hiện"),
    ("source", "Căn cứ, nguồn số liệu"),
)
HEADER = {field: header for field, header in COLUMNS}
REQUIRED = ("period", "scope", "kind", "source")


@dataclass
class TargetRow:
    """One row of the file, checked: the values target_set takes, and where it was."""

    row: int
    values: dict[str, Any]


def _key(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def _choice(value: Any, choices: Any) -> str:
    """A code or a label of `choices` (case and spaces ignored) → its code; "" if none."""
    wanted = _key(value)
    for code, label in choices:
        if wanted in (_key(code), _key(label)):
            return str(code)
    return ""


def read_targets(
    source: str | Path | IO[bytes], file_label: str, user: Any = None
) -> tuple[list[TargetRow], list[RowError]]:
    """Every row of the first sheet, checked as target_set would check it (with `user`,
    also that the row is among the user's targets); nothing is written here. A row
    repeating an earlier row's period, scope, unit and indicator is refused (which of the
    two would win is not for the reader to guess)."""
    try:
        sheets = read_sheets(source, file_label)
    except Exception as exc:  # the reader raises several kinds for a non-XLSX file
        return [], [unreadable(file_label, exc)]
    if not sheets or not sheets[0].rows:
        return [], [RowError(file_label, "", 0, "", "", _("tệp không có dòng nào"))]
    sheet = sheets[0]
    header = [_key(cell) for cell in sheet.rows[0]]
    where: dict[str, int] = {}
    errors: list[RowError] = []
    for field, title in COLUMNS:
        if _key(title) in header:
            where[field] = header.index(_key(title))
        elif field in REQUIRED:
            errors.append(
                RowError(file_label, sheet.title, sheet.first_row, title, "", _("thiếu cột này"))
            )
    if errors:
        return [], errors
    rows: list[TargetRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for offset, cells in enumerate(sheet.rows[1:], start=1):
        number = sheet.first_row + offset

        def cell(field: str, cells: list[Any] = cells) -> Any:
            index = where.get(field)
            if index is None or index >= len(cells):
                return ""
            value = cells[index]
            return value.strip() if isinstance(value, str) else value

        if all(cell(f) in ("", None) for f, _t in COLUMNS):
            continue
        raw = {field: cell(field) for field, _t in COLUMNS}
        scope = _choice(raw["scope"], ScopeLevel.choices)
        kind = _choice(raw["kind"], IndicatorKind.choices)
        if not scope:
            scope = str(raw["scope"])  # target_values names it as refused
        if not kind:
            kind = str(raw["kind"])
        try:
            values = target_values(
                period=_text(raw["period"]),
                kind=kind,
                scope=scope,
                unit_code=_text(raw["unit_code"]),
                planned=raw["planned"],
                actual=raw["actual"],
                source=_text(raw["source"]),
            )
        except TargetError as exc:
            field = exc.field or "period"
            errors.append(
                RowError(
                    file_label, sheet.title, number, HEADER[field], _text(raw[field]), str(exc)
                )
            )
            continue
        if user is not None and not may_set_target(user, values["scope"], values["unit_code"]):
            errors.append(
                RowError(
                    file_label, sheet.title, number, HEADER["unit_code"],
                    values["unit_code"] or str(ScopeLevel(values["scope"]).label),
                    _("bạn không được giao chỉ tiêu của phạm vi này"),
                )
            )  # fmt: skip
            continue
        key = (values["period"], values["scope"], values["unit_code"], values["kind"])
        if key in seen:
            repeated = _("trùng kỳ, phạm vi, đơn vị và chỉ tiêu với dòng %(row)s")
            errors.append(
                RowError(
                    file_label, sheet.title, number, HEADER["kind"], _text(raw["kind"]),
                    repeated % {"row": seen[key]},
                )
            )  # fmt: skip
            continue
        seen[key] = number
        rows.append(TargetRow(number, values))
    if not rows and not errors:
        errors.append(RowError(file_label, sheet.title, 0, "", "", _("không có dòng chỉ tiêu nào")))
    return rows, errors


def _text(value: Any) -> str:
    """A cell as text: a whole number typed in a text column (a year, a code) without
    its ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def targets_template() -> bytes:
    """The blank workbook: the header, and a sheet of the allowed scopes and indicators."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ tiêu"
    sheet.append([title for _f, title in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (10, 12, 24, 40, 20, 20, 40), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("Hướng dẫn")
    notes.append(["Cột", "Cách ghi"])
    notes.append(["Kỳ", "2026 (cả năm), 2026-H1 (6 tháng đầu năm), 2026-H2 (6 tháng cuối năm)"])
    notes.append(["Phạm vi", ", ".join(f"{c} ({label})" for c, label in ScopeLevel.choices)])
    notes.append(["Mã xã/phường hoặc dự án", "để trống khi phạm vi là thành phố"])
    for code, label in IndicatorKind.choices:
        notes.append(["Chỉ tiêu", f"{code} ({label})"])
    notes.append(["Kế hoạch, Thực hiện", "số, ví dụ 966.600.000.000 hoặc 966600000000"])
    notes.append(["Thực hiện", "chỉ ghi cho chỉ tiêu nhập tay; chỉ tiêu GPMB được tính từ hồ sơ"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
