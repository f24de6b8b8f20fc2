"""The inventory record (biên bản kiểm đếm) of one household as DOCX, in the layout of
Decree 30/2020/NĐ-CP (Appendix I): A4, Times New Roman, the issuing body and the
number/symbol on the left, the national motto on the right, place and date, title,
content, and the signatures — ready to print and sign."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gpmb.census.choices import CutoffStatus, ItemKind
from gpmb.census.forms import item_details
from gpmb.census.models import Census, InventoryItem
from gpmb.census.queries import land_lines
from gpmb.core.vnformat import format_area, format_date, format_number
from gpmb.parties.models import mask_national_id
from gpmb.plans.models import Case

FONT = "Times New Roman"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
ISSUER = "TỔ CHỨC LÀM NHIỆM VỤ\nBỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ"


def _font(run: Any, size: float = 13, bold: bool = False, italic: bool = False) -> Any:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Word picks the East Asian font slot for Vietnamese characters in some locales.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(
    container: Any,
    text: str = "",
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: Any = None,
    space_after: float = 3,
) -> Any:
    paragraph = container.add_paragraph()
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _place(case: Case) -> str:
    name = case.project.province.name
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _table(
    document: Any, headers: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(text), 11, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(text), 11)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Mm(width)
    return table


def build_record(case: Case, census: Census, *, reveal_ids: bool = False) -> Any:
    """The record of `case`'s household in `census` (a python-docx Document)."""
    household = case.household
    document = Document()
    section = document.sections[0]
    # Decree 30/2020 Appendix I: A4; margins top/bottom 20–25 mm, left 30–35, right 15–20.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(ISSUER), 12, bold=True)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("Số: ......../BB-KĐ"), 13)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(MOTTO_1), 12, bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto = _font(p.add_run(MOTTO_2), 13, bold=True)
    motto.font.underline = True
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(
        p.add_run(f"{_place(case)}, ngày ..... tháng ..... năm {census.cutoff_date.year}"),
        13,
        italic=True,
    )

    _para(document, "")
    _para(
        document,
        "BIÊN BẢN KIỂM ĐẾM",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=0,
    )
    _para(
        document,
        "Đất đai, tài sản gắn liền với đất khi Nhà nước thu hồi đất",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=0,
    )
    _para(document, f"Dự án: {case.project.name}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        "Căn cứ Luật Đất đai số 31/2024/QH15; Nghị định số 88/2024/NĐ-CP; "
        f"thông báo thu hồi đất ngày {format_date(case.batch.notice_date)} "
        f"({case.batch.name}); mốc khóa số liệu {format_date(census.cutoff_date)}.",
        italic=True,
    )
    _para(
        document,
        "Hôm nay, vào hồi ..... giờ ..... ngày ..... tháng ..... năm ......, "
        "tại ....................................................., chúng tôi gồm:",
    )
    for line in (
        "1. Đại diện tổ chức làm nhiệm vụ bồi thường: ...............................",
        "2. Đại diện Ủy ban nhân dân xã/phường: ..........................................",
        "3. Đại diện Mặt trận Tổ quốc xã/phường: .........................................",
    ):
        _para(document, line, space_after=0)
    head = household.head
    id_text = ""
    if head is not None and head.national_id:
        id_text = head.national_id if reveal_ids else mask_national_id(head.national_id)
    _para(
        document,
        f"4. Chủ hộ: {head.full_name if head else '........'}"
        f"{'; số định danh cá nhân: ' + id_text if id_text else ''}; mã hộ: {household.code}",
    )
    _para(document, f"Địa chỉ: {household.address or '........'}")
    _para(
        document,
        f"Đã tiến hành kiểm đếm ({census.get_kind_display().lower()} lần "
        f"{census.number}), kết quả như sau:",
    )

    _para(document, "I. ĐẤT BỊ THU HỒI (theo bản đồ địa chính)", bold=True)
    lands = land_lines(case.project, [household.pk])
    _table(
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
        _para(document, "")
        _para(document, f"{roman[number - 1]}. {str(kind.label).upper()}", bold=True)
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
        _table(
            document,
            ["TT", "Tên, mô tả", "ĐVT", "Khối lượng", "Đặc điểm", "Ngày phát sinh", "Ghi chú"],
            rows,
            widths=[10, 40, 14, 20, 48, 22, 20],
        )
    if any(i.cutoff_status != CutoffStatus.ELIGIBLE for i in items):
        _para(document, "")
        _para(
            document,
            "(*) Phát sinh sau mốc khóa số liệu: không được tính bồi thường, hỗ "
            "trợ (Điều 105 Luật Đất đai 2024) trừ khi được chấp nhận có chứng cứ. "
            "(**) Đã được chấp nhận.",
            size=11,
            italic=True,
        )
    _para(document, "")
    _para(
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
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(title), 11, bold=True)
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run("(Ký, ghi rõ họ tên)"), 11, italic=True)
    for cell in signatures.rows[1].cells:
        _font(cell.paragraphs[0].add_run("\n\n\n"), 13)
    return document
