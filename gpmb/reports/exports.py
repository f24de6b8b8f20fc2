"""The household list as a workbook: each case the user sees of the listed households,
with its status, the amount of its latest plan and its handover deadline."""

from __future__ import annotations

from typing import IO, Any

from openpyxl import Workbook

from gpmb.cases.models import Case
from gpmb.cases.queries import household_list
from gpmb.core.xlsx import row
from gpmb.plans.models import PlanVersion
from gpmb.plans.queries import latest_versions

# The file's layout: headers in the first row (so GDAL and other tools read it as a table).
HEADERS = [
    "Mã hộ",
    "Chủ hộ",
    "Xã/phường",
    "Dự án",
    "Đợt",
    "Trạng thái hồ sơ",
    "Phương án (phiên bản)",
    "Tình trạng phương án",
    "Số tiền thực nhận (đồng)",
    "Hạn bàn giao mặt bằng",
]
WIDTHS = [12, 28, 18, 30, 12, 22, 12, 20, 20, 14]


def household_workbook(user: Any, out: IO[bytes], **filters: str) -> None:
    """Write the households the list shows for `filters`. An amount is given only where
    the user may see the plan."""
    households = household_list(user, **filters)
    cases = Case.objects.filter(household__in=households.values("pk"))
    plans = {
        v.case_id: v
        for v in latest_versions(cases, lines=False).filter(
            pk__in=PlanVersion.objects.restrict(user).values("pk")
        )
    }
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Danh sách hộ"
    sheet.append(HEADERS)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for household in households:
        head = household.head.full_name if household.head else ""
        commune = household.commune.name if household.commune else ""
        for case in household.cases.all():
            plan = plans.get(case.pk)
            deadline = case.batch.target_handover_date or case.project.target_handover_date
            sheet.append(
                row(
                    sheet,
                    [
                        household.code,
                        head,
                        commune,
                        case.project.name,
                        case.batch.name,
                        case.get_status_display(),
                        plan.number if plan else None,
                        plan.get_result_status_display() if plan else "",
                        plan.net_amount if plan else None,
                        deadline,
                    ],
                )
            )
            sheet.cell(sheet.max_row, 9).number_format = "#,##0"
            sheet.cell(sheet.max_row, 10).number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    wb.save(out)
