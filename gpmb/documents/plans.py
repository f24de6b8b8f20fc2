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

import datetime as dt
import io
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gpmb.core.vnformat import format_area, format_date, format_money, format_number, money_in_words
from gpmb.core.xlsx import put
from gpmb.documents import official as o
from gpmb.documents.columns import (
    HOLDER_HEADERS,
    LINE_HEADERS,
    PARCEL_HEADERS,
    SUMMARY_HEADERS,
)
from gpmb.documents.rendering import heading, place_name, render_docx
from gpmb.parties.choices import Relation
from gpmb.parties.models import Party, Tenure, mask_national_id, mask_phone
from gpmb.plans.choices import LineGroup, LineStatus
from gpmb.plans.facts import parcel_ref_parts
from gpmb.plans.models import PlanVersion
from gpmb.plans.wording import version_wording
from gpmb.policy.packs import engine_pack

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
    lines: list[Any]  # CalculationLine, worded (gpmb.plans.wording.Worded)
    subtotal: int


# Decree 88/2024 with the decrees that amend it (Decree 49/2026 Art. 11 lists 151/2025
# and 226/2025; Decree 49/2026 itself amends it again).
NATIONAL_BASIS = (
    "Căn cứ Luật Đất đai số 31/2024/QH15; Nghị quyết số 254/2025/QH15 của Quốc hội; "
    "Nghị định số 88/2024/NĐ-CP của Chính phủ quy định về bồi thường, hỗ trợ, tái định cư "
    "khi Nhà nước thu hồi đất, được sửa đổi, bổ sung bởi Nghị định số 151/2025/NĐ-CP, "
    "Nghị định số 226/2025/NĐ-CP và Nghị định số 49/2026/NĐ-CP"
)
NOT_HELD = "chưa có trong dữ liệu GPMB"
DRAFT_HEADER = "DỰ THẢO — chưa đủ căn cứ, không dùng để phê duyệt, chi trả"


@dataclass
class Holder:
    """A person whose land is recovered (Decree 88 Art. 3(2)(a)): the head, the spouse and
    whoever is named on the household's land, with "nơi thường trú và nơi ở hiện nay"."""

    name: str
    relation: str
    national_id: str
    permanent_address: str
    current_address: str


@dataclass
class Sheet:
    version: PlanVersion
    head_name: str
    national_id: str
    phone: str
    address: str
    members: int
    parcels: list[dict[str, Any]]
    holders: list[Holder] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    resettlement: dict[str, Any] = field(default_factory=dict)
    plot_location: str = ""
    structures: list[tuple[str, str]] = field(default_factory=list)
    temporary_housing: list[Any] = field(default_factory=list)
    unpaid: int = 0
    fee_debt: int = 0  # Art. 3(2)(m): the resettlement land-use fee recorded as debt
    carried_debt: int = 0  # obligations not deducted, still owed (DEDUCTION_DEBT)
    draft: bool = False  # a line not `ok`: the plan may only be printed as a draft

    @property
    def net(self) -> int:
        return self.version.net_amount

    @property
    def debt(self) -> int:
        return self.version.debt_amount

    @property
    def rounding(self) -> int:
        return int((self.version.totals or {}).get("rounding", 0))

    @property
    def net_label(self) -> str:
        # Decree 88 Art. 25(2)(b): a fee above the compensation is paid by the household.
        return "Số tiền thực nhận" if self.net >= 0 else "Số tiền hộ phải nộp"

    @property
    def summed_sections(self) -> list[Section]:
        """The sections that make up the net amount (not the debts, not the notes)."""
        return [s for s in self.sections if s.group not in (LineGroup.DEBT, LineGroup.INFO)]


def _holders(version: PlanVersion, reveal: bool) -> list[Holder]:
    household = version.case.household
    people: list[tuple[Party, str]] = []
    if household.head:
        people.append((household.head, "Chủ hộ"))
    for m in household.members.select_related("party").filter(relation=Relation.SPOUSE):
        people.append((m.party, "Vợ/chồng"))
    for t in Tenure.objects.filter(household=household, party__isnull=False).select_related(
        "party"
    ):
        people.append((t.party, "Người đứng tên trên thửa đất"))
    seen: set[int] = set()
    holders = []
    for party, relation in people:
        if party.pk in seen:
            continue
        seen.add(party.pk)
        holders.append(
            Holder(
                name=party.full_name,
                relation=str(relation),
                national_id=party.national_id if reveal else mask_national_id(party.national_id),
                permanent_address=(party.address or NOT_HELD) if reveal else "",
                current_address=(household.address or NOT_HELD) if reveal else "",
            )
        )
    return holders


def _structures(version: PlanVersion, pack: Any, wording: Any) -> list[tuple[str, str]]:
    """Decree 88 Art. 3(2)(c): the remaining quality of each house or structure, 1 − T1/T
    (Art. 14(1)(b)) from the years it was used and the pack's depreciation period; said
    missing when either is not held."""
    prices = pack.value("structures.unit_prices") or {}
    out = []
    for item in (version.facts or {}).get("items", []):
        if item.get("kind") != "structure":
            continue
        row = prices.get(item.get("species")) or {}
        # The pack row's title and the inventory item's name, never the ref.
        title = str(row.get("title") or "")
        named = wording.item(item.get("id", ""))
        name = f"{title} ({named})" if title and named else title or named or "—"
        life = row.get("depreciation_years")
        used = item.get("years_used")
        if life and used is not None:
            ratio = max(Decimal(0), 1 - Decimal(used) / Decimal(life)) * 100
            out.append((name, f"{format_number(ratio, 0)} % (1 − {used}/{life} năm)"))
        else:
            out.append((name, "chưa có số năm đã sử dụng hoặc thời gian khấu hao"))
    return out


def _plot_location(resettlement: dict[str, Any], pack: Any) -> str:
    """Decree 88 Art. 3(2)(g): where the resettlement plot lies, by the price table's
    segment and position the plot was priced at; GPMB holds no lot number yet."""
    if not resettlement.get("plot_area"):
        return ""
    parts = []
    segment = (pack.value("land.segments") or {}).get(resettlement.get("segment"))
    if segment:
        ends = (segment.get("from"), segment.get("to"))
        span = f", đoạn từ {ends[0]} đến {ends[1]}" if all(ends) else ""
        parts.append(f"{segment.get('road') or resettlement['segment']}{span}")
    elif resettlement.get("segment"):
        parts.append(f"đoạn {resettlement['segment']}")
    if resettlement.get("position"):
        parts.append(f"vị trí {resettlement['position']}")
    parts.append(f"số lô, ô: {NOT_HELD}")
    return "; ".join(parts)


def legal_basis(version: PlanVersion) -> str:
    """The preamble: the laws, Decree 88 with its amendments, the province's instruments
    the pack was built from (by number and date), and the recovery notice of the batch."""
    parts = [NATIONAL_BASIS]
    for instrument in (version.pack.instruments or {}).values():
        date = instrument.get("date")
        parts.append(instrument.get("ref", "") + (f" ngày {_as_date(date)}" if date else ""))
    notice = version.case.batch.notice_date
    parts.append(
        f"Thông báo thu hồi đất ngày {format_date(notice)}"
        if notice
        else f"Thông báo thu hồi đất: {NOT_HELD}"
    )
    return "; ".join(p for p in parts if p) + "."


def _as_date(value: Any) -> str:
    """A pack's date (ISO, as YAML reads or JSON stores it) as printed: 15/08/2025."""
    try:
        return format_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def plan_sheet_data(version: PlanVersion, *, reveal: bool = True) -> Sheet:
    """What the detailed plan says, from the version's frozen facts and its lines."""
    household = version.case.household
    head = household.head
    facts = version.facts or {}
    pack = engine_pack(version.pack)
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
        holders=_holders(version, reveal),
    )
    for p in facts.get("parcels", []):
        sheet_no, number = parcel_ref_parts(p["ref"]) or ("chưa có", "chưa có")
        sheet.parcels.append(
            {
                "sheet": sheet_no,
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
    # Lines named by their item and what is missing said in words (never a ref or a
    # pack key), in Vietnamese: the plan is an official document.
    wording = version_wording(version)
    with translation.override("vi"):
        lines = wording.lines(version.lines.all())
    for group, letter, title in GROUP_ORDER:
        in_group = [ln for ln in lines if ln.group == group]
        if in_group:
            sheet.sections.append(
                Section(group, letter, title, in_group, sum(ln.amount for ln in in_group))
            )
    sheet.resettlement = facts.get("resettlement", {}) or {}
    sheet.plot_location = _plot_location(sheet.resettlement, pack)
    sheet.structures = _structures(version, pack, wording)
    sheet.temporary_housing = [ln for ln in lines if ln.code == "RENTAL"]
    sheet.unpaid = int(facts.get("unpaid_obligations", 0) or 0)
    sheet.fee_debt = sum(ln.amount for ln in lines if ln.code == "RESETTLEMENT_DEBT")
    sheet.carried_debt = sum(ln.amount for ln in lines if ln.code == "DEDUCTION_DEBT")
    sheet.draft = any(ln.status != LineStatus.OK for ln in lines)
    return sheet


TEMPORARY_HOUSING_NONE = (
    "Tạm cư: GPMB chưa có thông tin bố trí tạm cư (nơi tạm cư, thời gian, kinh phí) "
    "của hộ; không có khoản hỗ trợ tiền thuê nhà."
)


def temporary_housing_text(s: Sheet) -> list[str]:
    """Decree 88 Art. 3(2)(n) (added by Decree 49/2026 Art. 11(1)): "việc bố trí tạm cư,
    thời gian và kinh phí tạm cư" — the rent support GPMB computes; where the household
    stays is not held."""
    if not s.temporary_housing:
        return [TEMPORARY_HOUSING_NONE]
    return [
        f"Tạm cư: hỗ trợ tiền thuê nhà trong thời gian chờ bố trí tái định cư; thời gian "
        f"{_num(ln.quantity)} {ln.unit}; kinh phí {format_money(ln.amount)} (đã tính ở mục C); "
        f"nơi tạm cư: {NOT_HELD}."
        for ln in s.temporary_housing
    ]


def line_label(ln: Any) -> str:
    """The line's title and what it is about ("Nhà cấp IV (Nhà chính)")."""
    item = getattr(ln, "item", "")
    return ln.title_vi + (f" ({item})" if item else "")


def line_formula(ln: Any) -> str:
    """How the line is computed, or what it lacks, in words (plans.wording)."""
    explain = "; ".join(getattr(ln, "explain", []))
    if getattr(ln, "missing", False):
        return "thiếu căn cứ: " + explain
    return ln.formula + (f" — {explain}" if explain else "")


def _line_row(index: int, ln: Any) -> list[str]:
    return [
        str(index),
        line_label(ln),
        _num(ln.quantity),
        ln.unit,
        _num(ln.unit_price, 0) if ln.unit_price is not None else "",
        _num(ln.coefficient),
        format_money(ln.amount, unit=False),
        line_formula(ln),
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
        "draft": s.draft,
        "project": {"code": case.project.code, "name": case.project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "commune": {"name": case.commune.name},
        "illustrative": version.pack.illustrative,
        "legal_basis": legal_basis(version),
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
        "holders": [
            {
                "name": h.name,
                "relation": h.relation,
                "national_id": h.national_id,
                "permanent_address": h.permanent_address,
                "current_address": h.current_address,
            }
            for h in s.holders
        ],
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
        "summed_sections": [
            {
                "letter": section.letter,
                "title": section.title,
                "subtotal": format_money(section.subtotal, unit=False),
            }
            for section in s.summed_sections
        ],
        "structures": [{"name": n, "quality": q} for n, q in s.structures],
        "temporary_housing": temporary_housing_text(s),
        "resettlement_plot_area": format_area(Decimal(plot_area)) if plot_area else "",
        "resettlement_plot_location": s.plot_location,
        "totals": {
            "unpaid": format_money(s.unpaid, unit=False),
            "rounding": format_money(s.rounding, unit=False),
            "net_label": s.net_label,
            "net": format_money(abs(s.net), unit=False),
            "net_words": money_in_words(abs(s.net)),
            "debt": format_money(s.debt, unit=False),
            "debt_words": money_in_words(s.debt),
            "fee_debt": format_money(s.fee_debt, unit=False),
            "carried_debt": format_money(s.carried_debt, unit=False),
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
    title = "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ"
    if s.draft:
        # A line not `ok`: a draft in its title and on every printed page.
        title = f"DỰ THẢO {title}"
        ws.oddHeader.center.text = DRAFT_HEADER
    r = 1
    _title(ws, r, title, size=14)
    r += 1
    _title(ws, r, f"Dự án: {case.project.name}; {case.batch.name}", bold=False)
    r += 1
    if version.pack.illustrative:
        _title(ws, r, "(Gói chính sách MINH HỌA — không có giá trị pháp lý)", bold=False)
        r += 1
    _title(ws, r, legal_basis(version), bold=False, size=11)
    r += 2
    _title(ws, r, "I. NGƯỜI CÓ ĐẤT THU HỒI")
    r += 1
    _header(ws, r, HOLDER_HEADERS)
    r += 1
    for h in s.holders:
        for col, text in enumerate(
            [h.name, h.relation, h.national_id, h.permanent_address, h.current_address], start=1
        ):
            _set(ws, r, col, text)
        r += 1
    for label, value in (
        ("Mã hộ", case.household.code),
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
                (line_label(ln), None),
                (ln.quantity, NUMBER),
                (ln.unit, None),
                (ln.unit_price, MONEY),
                (ln.coefficient, NUMBER),
                (ln.amount, MONEY),
                (line_formula(ln), None),
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
    _title(
        ws,
        r,
        "Chất lượng còn lại của nhà, công trình (Nghị định 88/2024/NĐ-CP Điều 3 khoản 2 điểm c)",
    )
    r += 1
    for name, quality in s.structures or [("Không có nhà, công trình trong biên bản kiểm đếm", "")]:
        put(ws.cell(row=r, column=2), name)
        put(ws.cell(row=r, column=3), quality)
        r += 1
    plot_area = s.resettlement.get("plot_area")
    if plot_area:
        put(
            ws.cell(row=r, column=2),
            f"Lô tái định cư: diện tích {format_area(Decimal(plot_area))} m²; "
            f"{s.plot_location}; tiền sử dụng đất theo mục D.",
        )
        r += 1
    for text in temporary_housing_text(s):
        put(ws.cell(row=r, column=2), text)
        r += 1
    r += 1
    _title(ws, r, "IV. TỔNG HỢP")
    r += 1
    for section in s.summed_sections:
        put(ws.cell(row=r, column=2), f"{section.letter}. {section.title}")
        _set(ws, r, 7, section.subtotal, MONEY)
        r += 1
    put(ws.cell(row=r, column=2), "Làm tròn")
    _set(ws, r, 7, s.rounding, MONEY)
    r += 1
    put(ws.cell(row=r, column=2), s.net_label.upper()).font = Font(name=o.FONT, bold=True)
    _set(ws, r, 7, abs(s.net), MONEY, bold=True)
    r += 1
    # The amounts also as text and in words, whatever the spreadsheet's locale.
    put(ws.cell(row=r, column=2), f"{s.net_label}: {format_money(abs(s.net))}")
    r += 1
    put(ws.cell(row=r, column=2), f"Bằng chữ: {money_in_words(abs(s.net))}")
    r += 2
    put(ws.cell(row=r, column=2), "Nghĩa vụ tài chính chưa thực hiện")
    _set(ws, r, 7, s.unpaid, MONEY)
    r += 1
    put(ws.cell(row=r, column=2), "SỐ TIỀN GHI NỢ").font = Font(name=o.FONT, bold=True)
    _set(ws, r, 7, s.debt, MONEY, bold=True)
    r += 1
    put(ws.cell(row=r, column=2), "Tiền sử dụng đất tái định cư được ghi nợ")
    _set(ws, r, 7, s.fee_debt, MONEY)
    r += 1
    put(ws.cell(row=r, column=2), "Nghĩa vụ tài chính còn ghi nợ")
    _set(ws, r, 7, s.carried_debt, MONEY)
    r += 1
    put(ws.cell(row=r, column=2), f"Số tiền ghi nợ: {format_money(s.debt)}")
    r += 1
    put(ws.cell(row=r, column=2), f"Bằng chữ: {money_in_words(s.debt)}")
    for col, width in enumerate([8, 44, 12, 8, 16, 8, 18, 48, 48, 14], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- summary ----------------------------------------------------------------------------


def is_draft(versions: list[PlanVersion]) -> bool:
    """A summary holding a plan with a line not `ok` is a draft (review §5(5))."""
    return any(v.result_status != LineStatus.OK for v in versions)


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
    heading_text = "BẢNG TỔNG HỢP PHƯƠNG ÁN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ"
    if is_draft(versions):
        heading_text = f"DỰ THẢO {heading_text}"
        ws.oddHeader.center.text = DRAFT_HEADER
    _title(ws, 1, heading_text, size=14)
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
    # The authority that approves the plans: the commune's People's Committee (its
    # chairman by delegation, e.g. Lào Cai QĐ 40/2026); the province only when the table
    # spans several communes.
    communes = {v.commune.name for v in versions}
    authority = communes.pop() if len(communes) == 1 else place_name(province)
    return {
        "heading": heading(
            authority=f"Ủy ban nhân dân {authority}",
            issuer="Tổ chức làm nhiệm vụ bồi thường,\ngiải phóng mặt bằng",
            number="........../BTH-BTHTTĐC",
            province=province,
            year=max((v.created_at.year for v in versions), default=2026),
        ),
        "draft": is_draft(versions),
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
