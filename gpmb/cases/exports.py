"""A batch's households × steps grid as an Excel workbook (core.xlsx: data, never
formulas)."""

from __future__ import annotations

from typing import IO, Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from gpmb.cases.choices import StepState
from gpmb.cases.queries import GridRow
from gpmb.core.xlsx import row


def grid_workbook(
    out: IO[bytes], batch: Any, columns: list[tuple[str, str]], rows: list[GridRow]
) -> None:
    """Per household: code, head, ward, status; per step: due date, done date, document
    number (or "Không áp dụng: reason"), and its state."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Các bước"
    head = ["Mã hộ", "Chủ hộ", "Xã/phường", "Trạng thái hồ sơ"]
    for _code, title in columns:
        head += [f"{title} — hạn", f"{title} — ngày", f"{title} — văn bản", f"{title} — tình trạng"]
    sheet.append(row(sheet, head))
    for r in rows:
        household = r.case.household
        values: list[Any] = [
            household.code,
            household.head.full_name if household.head else "",
            r.case.commune.name,
            r.case.get_status_display(),
        ]
        for step, state in zip(r.cells, r.states, strict=True):
            if step is None:
                values += [None, None, "", ""]
                continue
            document = (
                f"Không áp dụng: {step.reason}" if step.not_applicable else step.document_number
            )
            values += [step.due_date, step.done_date, document, _state_label(state)]
        sheet.append(row(sheet, values))
    for index in range(len(columns)):
        for offset in (0, 1):
            letter = get_column_letter(5 + index * 4 + offset)
            for cell in sheet[letter][1:]:
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "E2"
    sheet.column_dimensions["B"].width = 28
    wb.save(out)


def _state_label(state: str) -> str:
    return str(StepState(state).label) if state else ""
