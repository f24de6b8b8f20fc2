"""The inventory record (biên bản kiểm đếm) of one household as DOCX, in the layout of
Decree 30/2020/NĐ-CP (Appendix I): A4, Times New Roman, the issuing body and the
number/symbol on the left, the national motto on the right, place and date, title,
content, and the signatures — ready to print and sign."""

from __future__ import annotations

from gpmb.cases.models import Case
from gpmb.census.choices import CutoffStatus, ItemKind
from gpmb.census.forms import item_details
from gpmb.census.models import Census, InventoryItem
from gpmb.census.queries import land_lines
from gpmb.core.vnformat import format_area, format_date, format_number
from gpmb.documents.official import (
    CENTER,
    font,
    heading_block,
    new_document,
    para,
    place_name,
    table,
    to_bytes,
)
from gpmb.parties.models import mask_national_id

ISSUER = "TỔ CHỨC LÀM NHIỆM VỤ\nBỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ"


def inventory_record_docx(case: Case, census: Census, *, reveal_ids: bool = False) -> bytes:
    """The record of `case`'s household in `census`, as DOCX."""
    household = case.household
    document = new_document()
    heading_block(
        document,
        authority=f"UBND {case.commune.name}",
        issuer=ISSUER,
        number="......../BB-KĐ",
        place=place_name(case.project.province.name),
        year=census.cutoff_date.year,
    )

    para(document, "")
    para(
        document,
        "BIÊN BẢN KIỂM ĐẾM",
        size=14,
        bold=True,
        align=CENTER,
        space_after=0,
    )
    para(
        document,
        "Đất đai, tài sản gắn liền với đất khi Nhà nước thu hồi đất",
        bold=True,
        align=CENTER,
        space_after=0,
    )
    para(document, f"Dự án: {case.project.name}", bold=True, align=CENTER)
    para(
        document,
        "Căn cứ Luật Đất đai số 31/2024/QH15; Nghị định số 88/2024/NĐ-CP; "
        f"thông báo thu hồi đất ngày {format_date(case.batch.notice_date)} "
        f"({case.batch.name}); mốc khóa số liệu {format_date(census.cutoff_date)}.",
        italic=True,
    )
    para(
        document,
        "Hôm nay, vào hồi ..... giờ ..... ngày ..... tháng ..... năm ......, "
        "tại ....................................................., chúng tôi gồm:",
    )
    for line in (
        "1. Đại diện tổ chức làm nhiệm vụ bồi thường: ...............................",
        "2. Đại diện Ủy ban nhân dân xã/phường: ..........................................",
        "3. Đại diện Mặt trận Tổ quốc xã/phường: .........................................",
    ):
        para(document, line, space_after=0)
    head = household.head
    id_text = ""
    if head is not None and head.national_id:
        id_text = head.national_id if reveal_ids else mask_national_id(head.national_id)
    para(
        document,
        f"4. Chủ hộ: {head.full_name if head else '........'}"
        f"{'; số định danh cá nhân: ' + id_text if id_text else ''}; mã hộ: {household.code}",
    )
    para(document, f"Địa chỉ: {household.address or '........'}")
    para(
        document,
        f"Đã tiến hành kiểm đếm ({census.get_kind_display().lower()} lần "
        f"{census.number}), kết quả như sau:",
    )

    para(document, "I. ĐẤT BỊ THU HỒI (theo bản đồ địa chính)", bold=True)
    lands = land_lines(case.project, [household.pk])
    table(
        document,
        ["STT", "Tờ bản đồ số", "Thửa đất số", "Loại đất", "Diện tích thu hồi (m²)"],
        [
            [
                str(i),
                ln.map_sheet,
                ln.parcel_number,
                ln.land_use_code,
                format_area(ln.recovered_area),
            ]
            for i, ln in enumerate(lands, start=1)
        ],
    )

    items = list(
        InventoryItem.objects.filter(census=census, household=household).order_by("kind", "line_no")
    )
    by_kind: dict[str, list[InventoryItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    number = 1
    roman = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
    for kind in ItemKind:
        if kind not in by_kind:
            continue
        para(document, "")
        para(document, f"{roman[number - 1]}. {str(kind.label).upper()}", bold=True)
        number += 1
        rows = []
        for item in by_kind[kind]:
            flag = (
                ""
                if item.cutoff_status == CutoffStatus.ELIGIBLE
                else (" (*)" if item.cutoff_status == CutoffStatus.POST_CUTOFF else " (**)")
            )
            rows.append(
                [
                    str(item.line_no),
                    item.name + flag,
                    item.get_unit_display(),
                    format_number(
                        item.quantity.normalize()
                        if item.quantity == item.quantity.to_integral()
                        else item.quantity
                    ),
                    item_details(item),
                    format_date(item.origin_date),
                    item.note,
                ]
            )
        table(
            document,
            ["TT", "Tên, mô tả", "ĐVT", "Khối lượng", "Đặc điểm", "Ngày phát sinh", "Ghi chú"],
            rows,
            widths=[10, 40, 14, 20, 48, 22, 20],
        )
    if any(i.cutoff_status != CutoffStatus.ELIGIBLE for i in items):
        para(document, "")
        para(
            document,
            "(*) Phát sinh sau mốc khóa số liệu: không được tính bồi thường, hỗ "
            "trợ (Điều 105 Luật Đất đai 2024) trừ khi được chấp nhận có chứng cứ. "
            "(**) Đã được chấp nhận.",
            size=11,
            italic=True,
        )
    para(document, "")
    para(
        document,
        "Biên bản được lập thành ..... bản có giá trị như nhau; các bên đã đọc "
        "lại, thống nhất và cùng ký tên.",
    )
    signatures = document.add_table(rows=2, cols=4)
    titles = [
        "CHỦ HỘ",
        "ĐẠI DIỆN UBND XÃ/PHƯỜNG",
        "ĐẠI DIỆN MẶT TRẬN TỔ QUỐC",
        "ĐẠI DIỆN TỔ CHỨC BỒI THƯỜNG",
    ]
    for cell, title in zip(signatures.rows[0].cells, titles, strict=True):
        cell.paragraphs[0].alignment = CENTER
        font(cell.paragraphs[0].add_run(title), 11, bold=True)
        p = cell.add_paragraph()
        p.alignment = CENTER
        font(p.add_run("(Ký, ghi rõ họ tên)"), 11, italic=True)
    for cell in signatures.rows[1].cells:
        font(cell.paragraphs[0].add_run("\n\n\n"), 13)
    return to_bytes(document)
