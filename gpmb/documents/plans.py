"""The detailed plan of one household (phương án chi tiết) and the summary table of a
project or batch, generated from stored plan versions and their lines.

Contents follow Decree 88/2024/NĐ-CP Art. 3(2) (as amended by Decree 49/2026, point n):
identity (name, national ID, address, phone); the parcels, areas, land type and origin;
the assets; the prices; each support with its persons, months and rate; totals by item;
the resettlement plot and its fee; unpaid obligations; the net amount received and the
amount recorded as debt. The detailed plan is sent to the household itself and may hold
its personal data; the summary is posted publicly, so it masks national IDs and phones
(Decree 13/2023) and shows no address beyond the commune."""

from __future__ import annotations

import io
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gpmb.core.vnformat import format_area, format_money, format_number
from gpmb.core.xlsx import put
from gpmb.documents import official as o
from gpmb.documents.columns import LINE_HEADERS, PARCEL_HEADERS, SUMMARY_HEADERS
from gpmb.documents.rendering import heading, place_name, render_docx
from gpmb.parties.models import mask_national_id, mask_phone
from gpmb.plans.choices import LineGroup
from gpmb.plans.models import CalculationLine, PlanVersion

# The engine's land origins as the plan names them (Land Law 2024 Art. 95, 101; Decree 88).
ORIGIN_LABELS = {
    "certificate": "Có Giấy chứng nhận / giấy tờ về quyền sử dụng đất",
    "no_papers": "Sử dụng ổn định, không có giấy tờ, không vi phạm",
    "violation": "Sử dụng đất có vi phạm pháp luật đất đai",
    "unauthorised_allocation": "Được giao đất không đúng thẩm quyền",
    "state_free_allocation": "Nhà nước giao đất không thu tiền sử dụng đất",
    "annual_lease": "Thuê đất trả tiền hằng năm",
    "public_land": "Đất công ích",
    "contracted": "Đất nhận giao khoán",
    "not_eligible": "Không đủ điều kiện bồi thường về đất",
}
GROUP_ORDER = [
    (LineGroup.LAND, "A", "BỒI THƯỜNG VỀ ĐẤT"),
    (LineGroup.ASSETS, "B", "BỒI THƯỜNG TÀI SẢN, CÂY TRỒNG, VẬT NUÔI"),
    (LineGroup.SUPPORT, "C", "CÁC KHOẢN HỖ TRỢ"),
    (LineGroup.RESETTLEMENT, "D", "TÁI ĐỊNH CƯ (lô đất, tiền sử dụng đất)"),
    (LineGroup.DEDUCTIONS, "E", "KHẤU TRỪ NGHĨA VỤ TÀI CHÍNH CHƯA THỰC HIỆN"),
    (LineGroup.DEBT, "F", "GHI NỢ"),
    (LineGroup.INFO, "G", "GHI CHÚ VỀ ĐIỀU KIỆN, CHẾ ĐỘ ÁP DỤNG"),
]
# The fields of a calculation line in the plan sheet's table, in the order of LINE_HEADERS.
LINE_KEYS = [
    "no",
    "title",
    "quantity",
    "unit",
    "unit_price",
    "coefficient",
    "amount",
    "formula",
    "citations",
    "status",
]
STATUS_VI = {
    "ok": "Đủ căn cứ",
    "needs_confirmation": "Cần quyết định",
    "missing_basis": "Thiếu căn cứ",
}


def _num(value: Decimal | None, decimals: int | None = None) -> str:
    return "" if value is None else format_number(value.normalize(), decimals)


@dataclass
class Section:
    group: str
    letter: str
    title: str
    lines: list[CalculationLine]
    subtotal: int


@dataclass
class Sheet:
    version: PlanVersion
    head_name: str
    national_id: str
    phone: str
    address: str
    members: int
    parcels: list[dict[str, Any]]
    sections: list[Section] = field(default_factory=list)
    resettlement: dict[str, Any] = field(default_factory=dict)
    unpaid: int = 0

    @property
    def net(self) -> int:
        return self.version.net_amount

    @property
    def debt(self) -> int:
        return self.version.debt_amount


def plan_sheet_data(version: PlanVersion, *, reveal: bool = True) -> Sheet:
    """What the detailed plan says, from the version's frozen facts and its lines."""
    household = version.case.household
    head = household.head
    facts = version.facts or {}
    nid = head.national_id if head else ""
    phone = head.phone if head else ""
    sheet = Sheet(
        version=version,
        head_name=head.full_name if head else household.code,
        national_id=nid if reveal else mask_national_id(nid),
        phone=phone if reveal else mask_phone(phone),
        address=household.address if reveal else "",
        members=sum(1 for m in facts.get("members", []) if m.get("counts_for_support", True)),
        parcels=[],
    )
    for p in facts.get("parcels", []):
        _commune, _, rest = p["ref"].partition("/")
        sheet_no, _, number = rest.partition("/")
        sheet.parcels.append(
            {
                "sheet": sheet_no or p["ref"],
                "number": number,
                "code": p["land_use_code"],
                # Position in the price table (and the depth when the table prices by it).
                "position": p.get("position", "")
                + (f", sâu {format_area(Decimal(p['depth']))} m" if p.get("depth") else ""),
                "certificate_area": Decimal(p["certificate_area"])
                if p.get("certificate_area")
                else None,
                "measured_area": Decimal(p["measured_area"]) if p.get("measured_area") else None,
                "recovered_area": Decimal(p["recovered_area"]),
                "origin": ORIGIN_LABELS.get(p.get("origin", "certificate"), p.get("origin")),
                "since": p.get("stable_use_from", ""),
            }
        )
    lines = list(version.lines.all())
    for group, letter, title in GROUP_ORDER:
        in_group = [ln for ln in lines if ln.group == group]
        if in_group:
            sheet.sections.append(
                Section(group, letter, title, in_group, sum(ln.amount for ln in in_group))
            )
    sheet.resettlement = facts.get("resettlement", {}) or {}
    sheet.unpaid = int(facts.get("unpaid_obligations", 0) or 0)
    return sheet


def _line_row(index: int, ln: CalculationLine) -> list[str]:
    return [
        str(index),
        ln.title_vi + (f" ({ln.ref})" if ln.ref else ""),
        _num(ln.quantity),
        ln.unit,
        _num(ln.unit_price, 0) if ln.unit_price is not None else "",
        _num(ln.coefficient),
        format_money(ln.amount, unit=False),
        ln.formula + (f" — {ln.note}" if ln.note else ""),
        "; ".join(ln.citations),
        STATUS_VI.get(ln.status, ln.status),
    ]


# -- DOCX (from the template files plan_sheet.docx and plan_summary.docx) ---------------


def _parcel_row(p: dict[str, Any]) -> dict[str, str]:
    return {
        "sheet": p["sheet"],
        "number": p["number"],
        "land_use": p["code"],
        "position": p["position"],
        "certificate_area": format_area(p["certificate_area"])
        if p["certificate_area"] is not None
        else "",
        "measured_area": format_area(p["measured_area"]) if p["measured_area"] is not None else "",
        "recovered_area": format_area(p["recovered_area"]),
        "origin": p["origin"] or "",
        "since": p["since"],
    }


def plan_sheet_context(version: PlanVersion, *, reveal: bool = True) -> dict[str, Any]:
    """What the plan sheet template is given: every value already written as printed."""
    s = plan_sheet_data(version, reveal=reveal)
    case = version.case
    plot_area = s.resettlement.get("plot_area")
    return {
        "heading": heading(
            authority=f"Ủy ban nhân dân {case.commune.name}",
            issuer="Tổ chức làm nhiệm vụ bồi thường,\ngiải phóng mặt bằng",
            number="........../PA-BTHTTĐC",
            province=case.project.province.name,
            year=version.created_at.year,
        ),
        "project": {"code": case.project.code, "name": case.project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "commune": {"name": case.commune.name},
        "illustrative": version.pack.illustrative,
        "plan": {
            "number": str(version.number),
            "pack_code": version.pack.code,
            "pack_digest": version.pack_digest[:12],
        },
        "household": {
            "code": case.household.code,
            "head_name": s.head_name,
            "national_id": s.national_id,
            "address": s.address,
            "phone": s.phone,
            "members": str(s.members),
        },
        "parcels": [_parcel_row(p) for p in s.parcels],
        "sections": [
            {
                "letter": section.letter,
                "title": section.title,
                "subtotal": format_money(section.subtotal, unit=False),
                "lines": [
                    dict(zip(LINE_KEYS, _line_row(i, ln), strict=True))
                    for i, ln in enumerate(section.lines, start=1)
                ],
            }
            for section in s.sections
        ],
        "resettlement_plot_area": format_area(Decimal(plot_area)) if plot_area else "",
        "totals": {
            "unpaid": format_money(s.unpaid, unit=False),
            "net": format_money(s.net, unit=False),
            "debt": format_money(s.debt, unit=False),
        },
    }


def plan_sheet_docx(version: PlanVersion, *, reveal: bool = True) -> bytes:
    return render_docx("plan_sheet", plan_sheet_context(version, reveal=reveal))


# -- XLSX -------------------------------------------------------------------------------

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = "#,##0"
AREA = "#,##0.00"
NUMBER = "#,##0.######"


def _header(ws: Any, row: int, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = put(ws.cell(row=row, column=col), text)
        cell.font = Font(name=o.FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX


def _set(
    ws: Any, row: int, col: int, value: Any, fmt: str | None = None, bold: bool = False
) -> None:
    cell = put(ws.cell(row=row, column=col), value)
    cell.font = Font(name=o.FONT, bold=bold)
    cell.border = BOX
    cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
    if fmt:
        cell.number_format = fmt


def _title(ws: Any, row: int, text: str, bold: bool = True, size: int = 13) -> None:
    cell = put(ws.cell(row=row, column=1), text)
    cell.font = Font(name=o.FONT, bold=bold, size=size)


def plan_sheet_xlsx(version: PlanVersion, *, reveal: bool = True) -> bytes:
    s = plan_sheet_data(version, reveal=reveal)
    case = version.case
    wb = Workbook()
    ws = wb.active
    ws.title = "Phương án chi tiết"
    r = 1
    _title(ws, r, "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ", size=14)
    r += 1
    _title(ws, r, f"Dự án: {case.project.name}; {case.batch.name}", bold=False)
    r += 1
    if version.pack.illustrative:
        _title(ws, r, "(Gói chính sách MINH HỌA — không có giá trị pháp lý)", bold=False)
        r += 1
    r += 1
    _title(ws, r, "I. NGƯỜI CÓ ĐẤT THU HỒI")
    r += 1
    for label, value in (
        ("Họ và tên chủ hộ", s.head_name),
        ("Mã hộ", case.household.code),
        ("Số định danh cá nhân", s.national_id),
        ("Địa chỉ", s.address),
        ("Số điện thoại", s.phone),
        ("Số nhân khẩu tính hỗ trợ", s.members),
    ):
        put(ws.cell(row=r, column=1), label).font = Font(name=o.FONT)
        put(ws.cell(row=r, column=2), value).font = Font(name=o.FONT, bold=True)
        r += 1
    r += 1
    _title(ws, r, "II. ĐẤT THU HỒI")
    r += 1
    _header(ws, r, PARCEL_HEADERS)
    r += 1
    for p in s.parcels:
        for col, (value, fmt) in enumerate(
            [
                (p["sheet"], None),
                (p["number"], None),
                (p["code"], None),
                (p["position"], None),
                (p["certificate_area"], AREA),
                (p["measured_area"], AREA),
                (p["recovered_area"], AREA),
                (p["origin"], None),
                (p["since"], None),
            ],
            start=1,
        ):
            _set(ws, r, col, value, fmt)
        r += 1
    r += 1
    _title(ws, r, "III. CÁC KHOẢN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ")
    r += 1
    _header(ws, r, LINE_HEADERS)
    r += 1
    for section in s.sections:
        _set(ws, r, 1, section.letter, bold=True)
        _set(ws, r, 2, section.title, bold=True)
        r += 1
        for i, ln in enumerate(section.lines, start=1):
            values: list[tuple[Any, str | None]] = [
                (i, None),
                (ln.title_vi + (f" ({ln.ref})" if ln.ref else ""), None),
                (ln.quantity, NUMBER),
                (ln.unit, None),
                (ln.unit_price, MONEY),
                (ln.coefficient, NUMBER),
                (ln.amount, MONEY),
                (ln.formula + (f" — {ln.note}" if ln.note else ""), None),
                ("; ".join(ln.citations), None),
                (STATUS_VI.get(ln.status, ln.status), None),
            ]
            for col, (value, fmt) in enumerate(values, start=1):
                _set(ws, r, col, value, fmt)
            r += 1
        _set(ws, r, 2, f"Cộng {section.letter}", bold=True)
        _set(ws, r, 7, section.subtotal, MONEY, bold=True)
        r += 1
    r += 1
    _title(ws, r, "IV. TỔNG HỢP")
    r += 1
    for section in s.sections:
        put(ws.cell(row=r, column=2), f"{section.letter}. {section.title}")
        _set(ws, r, 7, section.subtotal, MONEY)
        r += 1
    put(ws.cell(row=r, column=2), "Nghĩa vụ tài chính chưa thực hiện")
    _set(ws, r, 7, s.unpaid, MONEY)
    r += 1
    put(ws.cell(row=r, column=2), "SỐ TIỀN THỰC NHẬN").font = Font(name=o.FONT, bold=True)
    _set(ws, r, 7, s.net, MONEY, bold=True)
    r += 1
    put(ws.cell(row=r, column=2), "SỐ TIỀN GHI NỢ").font = Font(name=o.FONT, bold=True)
    _set(ws, r, 7, s.debt, MONEY, bold=True)
    r += 1
    # The amounts as words a reader sees whatever the spreadsheet's locale.
    put(ws.cell(row=r, column=2), f"Số tiền thực nhận: {format_money(s.net)}")
    r += 1
    put(ws.cell(row=r, column=2), f"Số tiền ghi nợ: {format_money(s.debt)}")
    for col, width in enumerate([8, 44, 12, 8, 16, 8, 18, 48, 48, 14], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- summary ----------------------------------------------------------------------------


def summary_rows(versions: list[PlanVersion], *, revealed: Container[int]) -> list[dict[str, Any]]:
    """One row per version; national ID and phone in full only for the cases in
    `revealed` (for posting, none)."""
    rows = []
    for v in versions:
        public = v.case_id not in revealed
        head = v.case.household.head
        nid = head.national_id if head else ""
        phone = head.phone if head else ""
        totals = v.totals or {}
        rows.append(
            {
                "code": v.case.household.code,
                "name": head.full_name if head else "",
                "national_id": mask_national_id(nid) if public else nid,
                "phone": mask_phone(phone) if public else phone,
                "commune": v.commune.name,
                "area": sum(
                    (Decimal(p["recovered_area"]) for p in (v.facts or {}).get("parcels", [])),
                    Decimal(0),
                ),
                "land": totals.get("land", 0),
                "assets": totals.get("assets", 0),
                "support": totals.get("support", 0),
                "resettlement": totals.get("resettlement", 0),
                "deductions": totals.get("deductions", 0),
                "net": v.net_amount,
                "debt": v.debt_amount,
                "status": STATUS_VI.get(v.result_status, v.result_status),
            }
        )
    return rows


MONEY_KEYS = ["land", "assets", "support", "resettlement", "deductions", "net", "debt"]


def summary_xlsx(
    title: str, versions: list[PlanVersion], *, revealed: Container[int] = frozenset()
) -> bytes:
    rows = summary_rows(versions, revealed=revealed)
    public = any(v.case_id not in revealed for v in versions)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    _title(ws, 1, "BẢNG TỔNG HỢP PHƯƠNG ÁN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ", size=14)
    _title(ws, 2, title, bold=False)
    if public:
        _title(ws, 3, "Bản niêm yết công khai: số định danh và điện thoại đã được che.", False)
    _header(ws, 5, SUMMARY_HEADERS)
    r = 6
    for i, row in enumerate(rows, start=1):
        values: list[tuple[Any, str | None]] = [
            (i, None),
            (row["code"], None),
            (row["name"], None),
            (row["national_id"], None),
            (row["phone"], None),
            (row["commune"], None),
            (row["area"], AREA),
            *[(row[k], MONEY) for k in MONEY_KEYS[:-1]],
            (row["debt"], MONEY),
            (row["status"], None),
        ]
        for col, (value, fmt) in enumerate(values, start=1):
            _set(ws, r, col, value, fmt)
        r += 1
    _set(ws, r, 3, "TỔNG CỘNG", bold=True)
    _set(ws, r, 7, sum((x["area"] for x in rows), Decimal(0)), AREA, bold=True)
    for col, key in enumerate(MONEY_KEYS, start=8):
        _set(ws, r, col, sum(x[key] for x in rows), MONEY, bold=True)
    for col, width in enumerate([6, 12, 26, 16, 14, 18, 12] + [16] * 7 + [14], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "D6"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_context(
    title: str,
    versions: list[PlanVersion],
    *,
    project: Any,
    revealed: Container[int] = frozenset(),
) -> dict[str, Any]:
    """What the summary template is given: one row per household, the totals, and whether
    it is the public copy (personal data masked)."""
    rows = summary_rows(versions, revealed=revealed)
    province = project.province.name
    return {
        "heading": heading(
            authority=f"Ủy ban nhân dân {place_name(province)}",
            issuer="Tổ chức làm nhiệm vụ bồi thường,\ngiải phóng mặt bằng",
            number="........../BTH-BTHTTĐC",
            province=province,
            year=max((v.created_at.year for v in versions), default=2026),
        ),
        "project": {"code": project.code, "name": project.name},
        "title": title,
        "public": any(v.case_id not in revealed for v in versions),
        "rows": [
            {
                "no": str(i),
                "code": x["code"],
                "name": x["name"],
                "national_id": x["national_id"],
                "phone": x["phone"],
                "commune": x["commune"],
                "area": format_area(x["area"]),
                **{k: format_money(x[k], unit=False) for k in MONEY_KEYS},
                "status": x["status"],
            }
            for i, x in enumerate(rows, start=1)
        ],
        "total": {
            "area": format_area(sum((x["area"] for x in rows), Decimal(0))),
            **{k: format_money(sum(x[k] for x in rows), unit=False) for k in MONEY_KEYS},
        },
    }


def summary_docx(
    title: str,
    versions: list[PlanVersion],
    *,
    project: Any,
    revealed: Container[int] = frozenset(),
) -> bytes:
    return render_docx(
        "plan_summary", summary_context(title, versions, project=project, revealed=revealed)
    )
