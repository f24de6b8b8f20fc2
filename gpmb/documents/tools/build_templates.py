"""Write the shipped document templates (gpmb/documents/templates/documents/*.docx).

The templates are Word files with Jinja tags (docxtpl). They are generated here with
python-docx, in the Decree 30/2020 layout of gpmb.documents.official, so that their
layout is code a reviewer can read and every template changes together when the layout
does. The generated files are committed; a test fails when they are out of date.

    python -m gpmb.documents.tools.build_templates          # rewrite the files
    python -m gpmb.documents.tools.build_templates --check  # exit 1 if one differs

The output is byte for byte reproducible: fixed document properties and zip timestamps.
An administrator's own template (see docs/documents.md) is not touched."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm

from gpmb.documents import official as o
from gpmb.documents.columns import (
    HOLDER_HEADERS,
    LINE_HEADERS,
    PARCEL_HEADERS,
    SUMMARY_HEADERS,
)

OUT_DIR = Path(__file__).resolve().parent.parent / "templates" / "documents"
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# The heading of every document, filled from the context's `heading`.
HEADING = {
    "authority": "{{ heading.authority|upper }}",
    "issuer": "{{ heading.issuer|upper }}",
    "number": "{{ heading.number }}",
    "place_date": "{{ heading.place }}, ngày ..... tháng ..... năm {{ heading.year }}",
}


def _rows(loop: str, cells: list[str]) -> list[list[str]]:
    """A table row repeated for each item of `loop` ("r in rows"): docxtpl's `{%tr %}`
    tags stand alone in the rows before and after it."""
    blank = [""] * (len(cells) - 1)
    return [[f"{{%tr for {loop} %}}", *blank], cells, ["{%tr endfor %}", *blank]]


# Word's own text watermark: a VML word-art shape (type 136) anchored in the page header,
# centred on the page, turned 315°, pale grey and behind the text; LibreOffice draws it in
# the PDF as well.
WATERMARK = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    "<w:pict>"
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/>'
    "</v:shapetype>"
    '<v:shape id="gpmb-draft-watermark" o:spid="_x0000_s2049" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:468pt;height:117pt;'
    "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
    "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
    'mso-position-vertical-relative:margin" fillcolor="#d9d9d9" stroked="f">'
    '<v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt"'
    ' string="DỰ THẢO"/>'
    "</v:shape>"
    "</w:pict>"
    "</w:r>"
)


def _opening(doc: Any, kind: Any, *, draft: bool = False) -> None:
    """The heading block of Decree 30/2020 and the document's kind in capitals; a draft
    (`draft`) carries "DỰ THẢO" on every page and before its kind until it is final."""
    if draft:
        _draft_header(doc)
    o.heading_block(doc, **HEADING)
    o.para(doc, "")
    prefix = "{% if draft %}DỰ THẢO {% endif %}" if draft else ""
    o.para(doc, prefix + kind, size=14, bold=True, align=o.CENTER, space_after=0)


def _articles(doc: Any, texts: list[str]) -> None:
    """A decision's articles, one paragraph each: "Điều N. Title." in bold, not its text
    (Decree 30/2020 Appendix I); a paragraph not starting "Điều" is plain."""
    for text in texts:
        label, _sep, rest = text.partition(". ") if text.startswith("Điều") else ("", "", text)
        p = o.para(doc, "", space_after=2)
        if label:
            o.font(p.add_run(f"{label}. "), 13, bold=True)
        o.font(p.add_run(rest), 13)


def _draft_header(doc: Any) -> None:
    """A plan with a line not `ok` prints only as a draft: on every page (the page header,
    with "DỰ THẢO" across the page as a watermark) and in its title."""
    from docx.oxml import parse_xml

    header = doc.sections[0].header
    o.para(header, "{%p if draft %}")
    line = o.para(
        header,
        "DỰ THẢO — chưa đủ căn cứ, không dùng để phê duyệt, chi trả",
        bold=True,
        align=o.CENTER,
    )
    line._p.append(parse_xml(WATERMARK))
    o.para(header, "{%p endif %}")


def plan_sheet() -> Any:
    """The detailed plan of one household (Decree 88/2024 Art. 3(2))."""
    doc = o.new_document(landscape=True)
    _opening(doc, "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ", draft=True)
    o.para(
        doc,
        "Hộ {{ household.head_name }} — mã hộ {{ household.code }}",
        bold=True,
        align=o.CENTER,
    )
    o.para(doc, "Dự án: {{ project.name }}; {{ batch.name }}", align=o.CENTER)
    o.para(doc, "{%p if illustrative %}")
    o.para(
        doc,
        "(Tính bằng gói chính sách MINH HỌA — không có giá trị pháp lý)",
        italic=True,
        align=o.CENTER,
    )
    o.para(doc, "{%p endif %}")
    o.para(doc, "{{ legal_basis }}", italic=True)
    o.para(doc, "I. NGƯỜI CÓ ĐẤT THU HỒI", bold=True)
    holder_fields = ["name", "relation", "national_id", "permanent_address", "current_address"]
    o.table(
        doc,
        HOLDER_HEADERS,
        _rows("h in holders", [f"{{{{ h.{f} }}}}" for f in holder_fields]),
        widths=[50, 30, 40, 70, 70],
    )
    for label, field in (
        ("Số điện thoại", 'household.phone or "—"'),
        ("Số nhân khẩu tính hỗ trợ", "household.members"),
    ):
        o.para(doc, f"{label}: {{{{ {field} }}}}", space_after=0)
    o.para(doc, "II. ĐẤT THU HỒI", bold=True)
    parcel_fields = [
        "sheet",
        "number",
        "land_use",
        "position",
        "certificate_area",
        "measured_area",
        "recovered_area",
        "origin",
        "since",
    ]
    o.table(
        doc,
        PARCEL_HEADERS,
        _rows("p in parcels", [f"{{{{ p.{f} }}}}" for f in parcel_fields]),
        numeric={4, 5, 6},
        widths=[16, 12, 16, 30, 22, 22, 22, 72, 40],
    )
    o.para(doc, "III. CÁC KHOẢN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ", bold=True)
    line_fields = [
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
    blank = [""] * 8
    rows = [
        ["{%tr for s in sections %}", "", *blank],
        ["{{ s.letter }}", "{{ s.title }}", *blank],
        *_rows("ln in s.lines", [f"{{{{ ln.{f} }}}}" for f in line_fields]),
        ["", "Cộng {{ s.letter }}", "", "", "", "", "{{ s.subtotal }}", "", "", ""],
        ["{%tr endfor %}", "", *blank],
    ]
    o.table(
        doc,
        LINE_HEADERS,
        rows,
        size=10,
        numeric={2, 4, 5, 6},
        bold_rows={1, 5},
        widths=[10, 45, 16, 14, 24, 12, 26, 50, 40, 15],
    )
    o.para(
        doc,
        "Chất lượng còn lại của nhà, công trình (Nghị định 88/2024/NĐ-CP Điều 3 khoản 2 điểm c):",
        space_after=0,
    )
    o.para(doc, "{%p for st in structures %}")
    o.para(doc, "- {{ st.name }}: {{ st.quality }}", space_after=0)
    o.para(doc, "{%p endfor %}")
    o.para(doc, "{%p if not structures %}")
    o.para(doc, "- Không có nhà, công trình trong biên bản kiểm đếm.", space_after=0)
    o.para(doc, "{%p endif %}")
    o.para(doc, "{%p if resettlement_plot_area %}")
    o.para(
        doc,
        "Lô tái định cư: diện tích {{ resettlement_plot_area }} m²; "
        "{{ resettlement_plot_location }}; tiền sử dụng đất theo mục D.",
        space_after=0,
    )
    o.para(doc, "{%p endif %}")
    o.para(doc, "{%p for t in temporary_housing %}")
    o.para(doc, "{{ t }}", space_after=0)
    o.para(doc, "{%p endfor %}")
    o.para(doc, "IV. TỔNG HỢP", bold=True)
    o.para(doc, "{%p for s in summed_sections %}")
    o.para(doc, "{{ s.letter }}. {{ s.title }}: {{ s.subtotal }} đồng", space_after=0)
    o.para(doc, "{%p endfor %}")
    o.para(doc, "Làm tròn: {{ totals.rounding }} đồng", space_after=0)
    o.para(doc, "{{ totals.net_label }}: {{ totals.net }} đồng", bold=True, space_after=0)
    o.para(doc, "Bằng chữ: {{ totals.net_words }}", italic=True)
    o.para(doc, "Nghĩa vụ tài chính chưa thực hiện: {{ totals.unpaid }} đồng", space_after=0)
    o.para(doc, "Số tiền ghi nợ: {{ totals.debt }} đồng", bold=True, space_after=0)
    o.para(
        doc,
        "- Tiền sử dụng đất tái định cư được ghi nợ: {{ totals.fee_debt }} đồng",
        space_after=0,
    )
    o.para(doc, "- Nghĩa vụ tài chính còn ghi nợ: {{ totals.carried_debt }} đồng", space_after=0)
    o.para(doc, "Bằng chữ: {{ totals.debt_words }}", italic=True)
    o.para(
        doc,
        "(Phiên bản tính số {{ plan.number }}, gói chính sách {{ plan.pack_code }}, "
        "mã {{ plan.pack_digest }}.)",
        size=11,
        italic=True,
    )
    o.signatures(
        doc,
        ("NGƯỜI CÓ ĐẤT THU HỒI", "(Ký, ghi rõ họ tên)"),
        ("TỔ CHỨC LÀM NHIỆM VỤ BỒI THƯỜNG", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    o.recipients(doc, ["Hộ {{ household.head_name }}", "UBND {{ commune.name }}"])
    return doc


def plan_summary() -> Any:
    """The summary of a project or batch for public posting: personal data masked."""
    doc = o.new_document(landscape=True)
    _opening(doc, "BẢNG TỔNG HỢP PHƯƠNG ÁN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ", draft=True)
    o.para(doc, "{{ title }}", align=o.CENTER)
    o.para(doc, "{%p if public %}")
    o.para(
        doc,
        "(Bản niêm yết công khai: số định danh và số điện thoại đã được che)",
        italic=True,
        align=o.CENTER,
    )
    o.para(doc, "{%p endif %}")
    money = ["land", "assets", "support", "resettlement", "deductions", "net", "debt"]
    row = ["no", "code", "name", "national_id", "phone", "commune", "area", *money, "status"]
    total = ["", "", "TỔNG CỘNG", "", "", "", "{{ total.area }}"]
    total += [f"{{{{ total.{k} }}}}" for k in money] + [""]
    o.table(
        doc,
        SUMMARY_HEADERS,
        [*_rows("r in rows", [f"{{{{ r.{f} }}}}" for f in row]), total],
        size=8,
        numeric=set(range(6, 14)),
        bold_rows={3},
        widths=[8, 15, 20, 20, 17, 14, 13, 19, 19, 19, 19, 19, 19, 19, 12],
    )
    o.signatures(
        doc,
        ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        ("TỔ CHỨC LÀM NHIỆM VỤ BỒI THƯỜNG", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


def inventory_record() -> Any:
    """The record of the inventory of one household's land and assets (Land Law 2024
    Art. 87(2)(c)), signed by the household and the inventory team."""
    doc = o.new_document()
    _opening(doc, "BIÊN BẢN KIỂM ĐẾM")
    o.para(
        doc,
        "Đất đai, tài sản gắn liền với đất khi Nhà nước thu hồi đất",
        bold=True,
        align=o.CENTER,
        space_after=0,
    )
    o.para(doc, "Dự án: {{ project.name }}", bold=True, align=o.CENTER)
    o.para(
        doc,
        "Căn cứ Luật Đất đai số 31/2024/QH15; Nghị định số 88/2024/NĐ-CP; "
        "thông báo thu hồi đất ngày {{ batch.notice_date }} ({{ batch.name }}); "
        "mốc khóa số liệu {{ census.cutoff_date }}.",
        italic=True,
    )
    o.para(
        doc,
        "Hôm nay, vào hồi ..... giờ ..... ngày ..... tháng ..... năm ......, "
        "tại ....................................................., chúng tôi gồm:",
    )
    for line in (
        "1. Đại diện tổ chức làm nhiệm vụ bồi thường: ...............................",
        "2. Đại diện Ủy ban nhân dân xã/phường: ..........................................",
        "3. Đại diện Mặt trận Tổ quốc xã/phường: .........................................",
    ):
        o.para(doc, line, space_after=0)
    o.para(
        doc,
        '4. Chủ hộ: {{ household.head_name or "........" }}'
        "{% if household.national_id %}; số định danh cá nhân: "
        "{{ household.national_id }}{% endif %}; mã hộ: {{ household.code }}",
    )
    o.para(doc, 'Địa chỉ: {{ household.address or "........" }}')
    o.para(
        doc,
        "Đã tiến hành kiểm đếm ({{ census.kind }} lần {{ census.number }}), kết quả như sau:",
    )
    o.para(doc, "I. ĐẤT BỊ THU HỒI (theo bản đồ địa chính)", bold=True)
    o.table(
        doc,
        ["STT", "Tờ bản đồ số", "Thửa đất số", "Loại đất", "Diện tích thu hồi (m²)"],
        _rows(
            "ln in lands",
            [f"{{{{ ln.{f} }}}}" for f in ("no", "sheet", "number", "land_use", "recovered_area")],
        ),
        numeric={4},
        widths=[15, 30, 30, 40, 50],
    )
    o.para(doc, "{%p for g in groups %}")
    o.para(doc, "")
    o.para(doc, "{{ g.roman }}. {{ g.title }}", bold=True)
    item_fields = ["no", "name", "unit", "quantity", "details", "origin_date", "note"]
    o.table(
        doc,
        ["TT", "Tên, mô tả", "ĐVT", "Khối lượng", "Đặc điểm", "Ngày phát sinh", "Ghi chú"],
        _rows("it in g.rows", [f"{{{{ it.{f} }}}}" for f in item_fields]),
        widths=[10, 38, 14, 18, 43, 22, 20],
        numeric={3},
    )
    o.para(doc, "{%p endfor %}")
    o.para(doc, "{%p if flagged %}")
    o.para(doc, "")
    o.para(
        doc,
        "(*) Phát sinh sau mốc khóa số liệu: không được tính bồi thường, hỗ "
        "trợ (Điều 105 Luật Đất đai 2024) trừ khi được chấp nhận có chứng cứ. "
        "(**) Đã được chấp nhận.",
        size=11,
        italic=True,
    )
    o.para(doc, "{%p endif %}")
    o.para(doc, "")
    o.para(
        doc,
        "Biên bản được lập thành ..... bản có giá trị như nhau; các bên đã đọc "
        "lại, thống nhất và cùng ký tên.",
    )
    signatures = doc.add_table(rows=2, cols=4)
    titles = [
        "CHỦ HỘ",
        "ĐẠI DIỆN UBND XÃ/PHƯỜNG",
        "ĐẠI DIỆN MẶT TRẬN TỔ QUỐC",
        "ĐẠI DIỆN TỔ CHỨC BỒI THƯỜNG",
    ]
    for cell, title in zip(signatures.rows[0].cells, titles, strict=True):
        cell.paragraphs[0].alignment = o.CENTER
        o.font(cell.paragraphs[0].add_run(title), 11, bold=True)
        p = cell.add_paragraph()
        p.alignment = o.CENTER
        o.font(p.add_run("(Ký, ghi rõ họ tên)"), 11, italic=True)
    for cell in signatures.rows[1].cells:
        o.font(cell.paragraphs[0].add_run("\n\n\n"), 13)
    return doc


def _decision_signature(doc: Any, recipients: list[str], title: str, name: str = "") -> None:
    """Decree 30/2020 Appendix I: "Nơi nhận" on the left, the signer's title (and name,
    when known) on the right, on the same line."""
    o.para(doc, "")
    t = doc.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    p = left.paragraphs[0]
    o.font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in recipients:
        o.font(left.add_paragraph().add_run(f"- {line}"), 11)
    p = right.paragraphs[0]
    p.alignment = o.CENTER
    o.font(p.add_run(title), 13, bold=True)
    p = right.add_paragraph()
    p.alignment = o.CENTER
    o.font(p.add_run("(Ký, ghi rõ họ tên, đóng dấu)"), 13, italic=True)
    if name:
        p = right.add_paragraph()
        p.alignment = o.CENTER
        o.font(p.add_run("\n\n\n" + name), 13, bold=True)


ANNEX_HEADERS = [
    "STT",
    "Mã hộ",
    "Họ và tên người có đất thu hồi",
    "Thửa đất (tờ/thửa)",
    "Diện tích thu hồi (m²)",
    "Bồi thường về đất, tài sản (đồng)",
    "Hỗ trợ (đồng)",
    "Tái định cư (đồng)",
    "Khấu trừ, làm tròn (đồng)",
    "Tổng số tiền (đồng)",
]
ANNEX_MONEY = ["compensation", "support", "resettlement", "deductions", "net"]


def _households_annex(doc: Any, caption: str = "") -> None:
    """The annex of each household's amounts (Decree 88/2024 Art. 3(1)(i), (2)) on
    landscape pages — a household's amounts run to 14 digits — with its total row."""
    annex = doc.add_section(WD_SECTION.NEW_PAGE)
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    o.para(doc, "PHỤ LỤC", size=14, bold=True, align=o.CENTER, space_after=0)
    o.para(
        doc,
        "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ ĐỐI VỚI TỪNG NGƯỜI CÓ ĐẤT THU HỒI",
        bold=True,
        align=o.CENTER,
        space_after=0 if caption else 6,
    )
    if caption:
        o.para(doc, caption, italic=True, align=o.CENTER)
    row = ["no", "code", "name", "parcels", "area", *ANNEX_MONEY]
    total = ["", "", "TỔNG CỘNG", "", "{{ total.area }}"]
    total += [f"{{{{ total.{k} }}}}" for k in ANNEX_MONEY]
    o.table(
        doc,
        ANNEX_HEADERS,
        [*_rows("r in rows", [f"{{{{ r.{f} }}}}" for f in row]), total],
        size=8,
        numeric=set(range(4, 10)),
        bold_rows={3},
        widths=[10, 18, 44, 26, 20, 28, 26, 26, 26, 28],
    )


def approval_decision() -> Any:
    """The decision approving a batch's plans, in the form of Decree 88/2024's Appendix
    (restored by Decree 49/2026 Art. 16), with the annex of each household's amounts."""
    doc = o.new_document()
    _opening(doc, "QUYẾT ĐỊNH", draft=True)
    o.para(
        doc,
        "Về việc phê duyệt phương án bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất "
        "để thực hiện dự án {{ project.name }} ({{ batch.name }}, {{ commune.name }})",
        bold=True,
        align=o.CENTER,
    )
    o.para(doc, "{%p if illustrative %}")
    o.para(
        doc,
        "(Tính bằng gói chính sách MINH HỌA — không có giá trị pháp lý)",
        italic=True,
        align=o.CENTER,
    )
    o.para(doc, "{%p endif %}")
    o.para(doc, "{{ committee|upper }}", bold=True, align=o.CENTER)
    o.para(doc, "{%p for b in legal_basis %}")
    o.para(doc, "{{ b }}", italic=True, space_after=0)
    o.para(doc, "{%p endfor %}")
    o.para(doc, "Theo đề nghị của {{ proposer }} tại {{ submission }},", italic=True)
    o.para(doc, "QUYẾT ĐỊNH:", bold=True, align=o.CENTER)
    _articles(
        doc,
        [
            "Điều 1. Phê duyệt phương án bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi "
            "đất để thực hiện dự án {{ project.name }} ({{ batch.name }}) trên địa bàn "
            "{{ commune.name }}, bao gồm:",
            "1. Phương án bồi thường, hỗ trợ, tái định cư đối với dự án theo quy định tại khoản 1 "
            "Điều 3 của Nghị định số 88/2024/NĐ-CP ngày 15 tháng 7 năm 2024 của Chính phủ: tổng "
            "diện tích đất thu hồi {{ area }} m²; tổng số người có đất thu hồi {{ households }} "
            "hộ; tổng số tiền bồi thường, hỗ trợ, tái định cư {{ total.net }} đồng (bằng chữ: "
            "{{ net_words }}).",
            "2. Phương án chi tiết bồi thường, hỗ trợ, tái định cư đối với từng người có đất thu "
            "hồi, chủ sở hữu tài sản theo quy định tại khoản 2 Điều 3 của Nghị định số "
            "88/2024/NĐ-CP: chi tiết tại Phụ lục kèm theo Quyết định này.",
            "Điều 2. Nhiệm vụ, trách nhiệm của các bên có liên quan:",
            "1. Ủy ban nhân dân {{ commune.name }} phối hợp phổ biến, niêm yết công khai Quyết "
            "định này tại trụ sở Ủy ban nhân dân và địa điểm sinh hoạt chung của khu dân cư nơi "
            "có đất thu hồi (điểm a khoản 4 Điều 87 Luật Đất đai 2024).",
            "2. {{ proposer }} gửi phương án đã được phê duyệt đến từng người có đất thu hồi, chủ "
            "sở hữu tài sản; chi trả tiền bồi thường, hỗ trợ, bố trí tái định cư theo phương án "
            "đã được phê duyệt (điểm b, c khoản 4 Điều 87 Luật Đất đai 2024).",
            "3. Người có đất thu hồi, chủ sở hữu tài sản nhận tiền bồi thường, hỗ trợ, tái định "
            "cư và bàn giao đất theo quy định.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 4. {{ proposer }}, Ủy ban nhân dân {{ commune.name }}, các hộ gia đình, cá nhân "
            "có tên tại Phụ lục kèm theo và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi "
            "hành Quyết định này./.",
        ],
    )
    _decision_signature(
        doc,
        ["Như Điều 4;", "Lưu: VT."],
        "{{ signer.title }}",
        "{{ signer.name }}",
    )
    _households_annex(
        doc, "(Kèm theo Quyết định số {{ heading.number }} {{ date }} của {{ committee }})"
    )
    return doc


POSTING_HEADERS = [
    "STT",
    "Mã hộ",
    "Họ và tên",
    "Số định danh cá nhân",
    "Số điện thoại",
    "Thửa đất (tờ/thửa)",
    "Diện tích thu hồi (m²)",
    "Bồi thường về đất, tài sản (đồng)",
    "Hỗ trợ (đồng)",
    "Tái định cư (đồng)",
    "Khấu trừ, làm tròn (đồng)",
    "Tổng số tiền (đồng)",
]


def posting_list() -> Any:
    """The public list of a ward's posted plans (Land Law 2024 Art. 87(3)(a)): personal
    data masked."""
    doc = o.new_document(landscape=True)
    _opening(doc, "DANH SÁCH CÔNG KHAI")
    o.para(
        doc,
        "Phương án bồi thường, hỗ trợ, tái định cư dự án {{ project.name }} — "
        "{{ batch.name }}, {{ commune.name }}",
        bold=True,
        align=o.CENTER,
        space_after=0,
    )
    o.para(
        doc,
        "(Kèm theo {{ notice }}; niêm yết {{ period }} tại trụ sở Ủy ban nhân dân "
        "{{ commune.name }} và địa điểm sinh hoạt chung của khu dân cư nơi có đất thu hồi)",
        italic=True,
        align=o.CENTER,
        space_after=0,
    )
    o.para(
        doc,
        "(Bản niêm yết công khai: số định danh cá nhân và số điện thoại đã được che)",
        italic=True,
        align=o.CENTER,
    )
    row = ["no", "code", "name", "national_id", "phone", "parcels", "area", *ANNEX_MONEY]
    total = ["", "", "TỔNG CỘNG", "", "", "", "{{ total.area }}"]
    total += [f"{{{{ total.{k} }}}}" for k in ANNEX_MONEY]
    o.table(
        doc,
        POSTING_HEADERS,
        [*_rows("r in rows", [f"{{{{ r.{f} }}}}" for f in row]), total],
        size=8,
        numeric=set(range(6, 12)),
        bold_rows={3},
        widths=[8, 16, 34, 24, 20, 24, 16, 22, 22, 22, 20, 24],
    )
    o.signatures(
        doc,
        ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        ("TM. ỦY BAN NHÂN DÂN", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


def household_notice() -> Any:
    """The notice to one household of its approved amounts (Land Law 2024 Art. 87(4)(b))."""
    doc = o.new_document()
    _opening(doc, "THÔNG BÁO", draft=True)
    o.para(
        doc,
        "Về số tiền bồi thường, hỗ trợ, tái định cư theo phương án đã được phê duyệt",
        bold=True,
        align=o.CENTER,
    )
    o.para(
        doc,
        "Căn cứ khoản 4 Điều 87 Luật Đất đai số 31/2024/QH15; căn cứ {{ decision }} của "
        "{{ heading.issuer }} phê duyệt phương án bồi thường, hỗ trợ, tái định cư dự án "
        "{{ project.name }} ({{ batch.name }}, {{ commune.name }}),",
        italic=True,
    )
    o.para(doc, "{{ heading.issuer }} thông báo tới hộ gia đình, cá nhân:")
    o.para(
        doc,
        "Ông/Bà: {{ household.head_name }} — mã hộ {{ household.code }}; số định danh cá "
        'nhân: {{ household.national_id or "—" }}',
        bold=True,
        space_after=0,
    )
    o.para(doc, 'Địa chỉ: {{ household.address or "—" }}', space_after=0)
    o.para(doc, "Thửa đất thu hồi (tờ/thửa): {{ parcels }}; diện tích thu hồi {{ area }} m².")
    o.para(doc, "Số tiền bồi thường, hỗ trợ, tái định cư của hộ đã được phê duyệt như sau:")
    o.table(
        doc,
        ["Khoản", "Số tiền (đồng)"],
        [
            ["Bồi thường về đất, tài sản", "{{ amounts.compensation }}"],
            ["Hỗ trợ", "{{ amounts.support }}"],
            ["Tái định cư", "{{ amounts.resettlement }}"],
            ["Khấu trừ nghĩa vụ tài chính, làm tròn", "{{ amounts.deductions }}"],
            ["{{ net_label }}", "{{ amounts.net }}"],
        ],
        numeric={1},
        bold_rows={4},
        widths=[110, 55],
    )
    o.para(doc, "Bằng chữ: {{ net_words }}.", italic=True)
    o.para(doc, "Số tiền ghi nợ: {{ debt }} đồng.", space_after=2)
    o.para(
        doc,
        "Thời gian, địa điểm chi trả: theo thông báo chi trả của tổ chức làm nhiệm vụ bồi "
        "thường, hỗ trợ, tái định cư; khi nhận tiền, mang theo Thông báo này và giấy tờ tùy "
        "thân. Hộ không đồng ý có quyền khiếu nại theo Điều 237 Luật Đất đai 2024.",
    )
    o.signatures(
        doc,
        ("NGƯỜI NHẬN THÔNG BÁO", "(Ký, ghi rõ họ tên, ngày nhận)"),
        ("{{ signer.title }}", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    o.recipients(doc, ["Hộ {{ household.head_name }}", "UBND {{ commune.name }}"])
    return doc


def _act_document(title: str, about: str, paragraphs: list[str], signer: str) -> Any:
    """The document of an act on a batch plan: heading, title, what it is about, its
    paragraphs (a "{%p … %}" tag stands alone as docxtpl needs), the signature."""
    doc = o.new_document()
    _opening(doc, title)
    o.para(doc, about, bold=True, align=o.CENTER)
    for text in paragraphs:
        o.para(doc, text, space_after=0 if text.startswith("{%p") else 4)
    _decision_signature(doc, ["Như trên;", "Lưu: VT."], signer, "{{ act.signer }}")
    return doc


_ABOUT = (
    "phương án bồi thường, hỗ trợ, tái định cư dự án {{ project.name }} "
    "({{ batch.name }}, {{ commune.name }})"
)
_SCOPE = (
    "{{ households }} hộ gia đình, cá nhân có đất thu hồi trên địa bàn {{ commune.name }}; "
    "tổng diện tích đất thu hồi {{ area }} m²; tổng số tiền bồi thường, hỗ trợ, tái định "
    "cư {{ total }} đồng (bằng chữ: {{ total_words }})"
)


def posting_notice() -> Any:
    """The notice that the plans are posted (Land Law 2024 Art. 87(3)(a))."""
    return _act_document(
        "THÔNG BÁO",
        "Về việc niêm yết công khai " + _ABOUT,
        [
            "Căn cứ điểm a khoản 3 Điều 87 Luật Đất đai số 31/2024/QH15; điểm b khoản 9 "
            "Điều 3 Nghị quyết số 254/2025/QH15,",
            "{{ heading.issuer }} thông báo niêm yết công khai phương án bồi thường, hỗ trợ, "
            "tái định cư của " + _SCOPE + ".",
            "Thời gian niêm yết: từ ngày {{ period.start }} đến hết ngày {{ period.end }}.",
            "Địa điểm niêm yết: trụ sở Ủy ban nhân dân {{ commune.name }} và địa điểm sinh "
            "hoạt chung của khu dân cư nơi có đất thu hồi. Danh sách công khai kèm theo "
            "Thông báo này.",
            "Trong thời gian niêm yết, người có đất thu hồi, chủ sở hữu tài sản và người có "
            "quyền lợi, nghĩa vụ liên quan gửi ý kiến về Ủy ban nhân dân {{ commune.name }} "
            "hoặc {{ proposer|lower }}. Ngay sau khi hết thời hạn niêm yết, phương án được "
            "lấy ý kiến theo hình thức họp trực tiếp (điểm a khoản 3 Điều 87 Luật Đất đai "
            "2024)./.",
        ],
        "TM. ỦY BAN NHÂN DÂN",
    )


def consultation_minutes() -> Any:
    """The minutes of the end of the posting and of the consultation meeting (Land Law
    2024 Art. 87(3)(a): the committee, the Fatherland Front and the people's
    representatives take part)."""
    return _act_document(
        "BIÊN BẢN",
        "Kết thúc niêm yết công khai và lấy ý kiến về " + _ABOUT,
        [
            "Hôm nay, ngày {{ act.date }}, tại {{ commune.name }}, chúng tôi gồm: đại diện "
            "Ủy ban nhân dân {{ commune.name }}: ......................; đại diện Ủy ban Mặt "
            "trận Tổ quốc Việt Nam {{ commune.name }}: ......................; đại diện "
            "{{ proposer|lower }}: ......................; đại diện người có đất thu hồi: "
            "......................",
            "1. Kết thúc niêm yết: phương án bồi thường, hỗ trợ, tái định cư của "
            + _SCOPE
            + " đã được niêm yết công khai theo {{ basis.posting }} từ ngày {{ period.start }}"
            " đến hết ngày {{ period.end }} tại trụ sở Ủy ban nhân dân {{ commune.name }} và "
            "địa điểm sinh hoạt chung của khu dân cư nơi có đất thu hồi.",
            "2. Kết quả lấy ý kiến (họp trực tiếp, điểm a khoản 3 Điều 87 Luật Đất đai "
            "2024): số ý kiến đồng ý {{ act.agree }}; số ý kiến không đồng ý "
            "{{ act.disagree }}; số ý kiến khác {{ act.other }}.",
            "{%p if act.dialogue_ref %}",
            "3. Đối thoại với người chưa đồng ý: {{ act.dialogue_ref }}.",
            "{%p endif %}",
            "{%p if act.note %}",
            "Ghi chú: {{ act.note }}",
            "{%p endif %}",
            "Biên bản lập xong hồi ..... giờ cùng ngày; các bên đã đọc lại, thống nhất và "
            "cùng ký tên./.",
        ],
        "ĐẠI DIỆN ỦY BAN NHÂN DÂN",
    )


def submission() -> Any:
    """The submission of the plans for appraisal (Decree 88/2024 Art. 3(3)(a), (b))."""
    return _act_document(
        "TỜ TRÌNH",
        "Đề nghị thẩm định " + _ABOUT,
        [
            "Kính gửi: Cơ quan có chức năng quản lý đất đai — {{ authority }}.",
            "Căn cứ khoản 3 Điều 87 Luật Đất đai số 31/2024/QH15; khoản 3 Điều 3 Nghị định "
            "số 88/2024/NĐ-CP; {{ basis.posting }}; {{ basis.consultation }},",
            "{{ proposer }} đã lập phương án bồi thường, hỗ trợ, tái định cư của "
            + _SCOPE
            + ", niêm yết công khai từ ngày {{ period.start }} đến hết ngày {{ period.end }} "
            "và lấy ý kiến theo quy định.",
            "Hồ sơ gửi kèm (điểm b khoản 3 Điều 3 Nghị định số 88/2024/NĐ-CP): dự thảo "
            "phương án; thông báo thu hồi đất; văn bản kiểm đếm, thống kê, phân loại diện "
            "tích đất thu hồi và tài sản; trích lục hoặc trích đo bản đồ địa chính thửa đất "
            "thu hồi; văn bản xác định nguồn gốc đất và tài sản; biên bản lấy ý kiến.",
            "Kính đề nghị thẩm định, trình {{ authority }} phê duyệt./.",
        ],
        "TỔ CHỨC LÀM NHIỆM VỤ BỒI THƯỜNG",
    )


def appraisal_report() -> Any:
    """The report of the appraisal (Decree 88/2024 Art. 3(3)(c))."""
    return _act_document(
        "BÁO CÁO",
        "Kết quả thẩm định " + _ABOUT,
        [
            "Căn cứ khoản 3 Điều 3 Nghị định số 88/2024/NĐ-CP; {{ basis.submission }} của "
            "{{ proposer }},",
            "{{ heading.issuer }} đã thẩm định phương án bồi thường, hỗ trợ, tái định cư "
            "của " + _SCOPE + ".",
            "Nội dung thẩm định (điểm c khoản 3 Điều 3 Nghị định số 88/2024/NĐ-CP): việc "
            "tuân thủ quy định pháp luật về bồi thường, hỗ trợ, tái định cư; trình tự, thủ "
            "tục ({{ basis.posting }}, niêm yết từ ngày {{ period.start }} đến hết ngày "
            "{{ period.end }}; {{ basis.consultation }}) và các nội dung khác có liên quan.",
            "{%p if act.note %}",
            "Ý kiến: {{ act.note }}",
            "{%p endif %}",
            "Kết luận: phương án đủ điều kiện trình {{ authority }} phê duyệt./.",
        ],
        "THỦ TRƯỞNG CƠ QUAN THẨM ĐỊNH",
    )


def recovery_notice() -> Any:
    """The recovery notice of a batch in one ward, with the list of its owners (Land Law
    2024 Art. 85(1), (5); Art. 87(2)(a), (b))."""
    doc = o.new_document()
    _opening(doc, "THÔNG BÁO")
    o.para(
        doc,
        "Thu hồi đất để thực hiện dự án {{ project.name }} ({{ batch.name }}, {{ commune.name }})",
        bold=True,
        align=o.CENTER,
    )
    for text in [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15; Điều 79, 85, 87 Luật "
        "Đất đai số 31/2024/QH15; Nghị quyết số 254/2025/QH15; Nghị định số 102/2024/NĐ-CP "
        "(được sửa đổi, bổ sung bởi Nghị định số 49/2026/NĐ-CP),",
        "{{ committee }} thông báo thu hồi đất như sau:",
        "1. Lý do thu hồi đất: {{ reason }}",
        "2. Diện tích, vị trí khu đất thu hồi: {{ area }} m² gồm {{ parcels }} thửa đất của "
        "{{ households }} hộ gia đình, cá nhân tại {{ commune.name }}, có danh sách kèm theo.",
        "3. Tiến độ thu hồi đất: {{ schedule }}",
        "4. Kế hoạch điều tra, khảo sát, đo đạc, kiểm đếm: {{ inventory }}",
        "5. Kế hoạch di dời người dân khỏi khu vực thu hồi đất: {{ relocation }}",
        "6. Kế hoạch bồi thường, hỗ trợ, tái định cư: {{ compensation }}",
        "7. Thông báo có hiệu lực 12 tháng kể từ ngày ban hành{% if valid_until %} (đến "
        "hết ngày {{ valid_until }}){% endif %} (khoản 5 Điều 85 Luật Đất đai 2024).",
        "Ủy ban nhân dân {{ commune.name }} gửi Thông báo này đến từng người có đất thu "
        "hồi, chủ sở hữu tài sản gắn liền với đất và người có quyền lợi, nghĩa vụ liên "
        "quan; niêm yết Thông báo và danh sách kèm theo tại trụ sở Ủy ban nhân dân và địa "
        "điểm sinh hoạt chung của khu dân cư nơi có đất thu hồi trong suốt thời gian bồi "
        "thường, hỗ trợ, tái định cư (điểm b khoản 2 Điều 87 Luật Đất đai 2024). Người có "
        "đất thu hồi có trách nhiệm phối hợp trong quá trình điều tra, khảo sát, đo đạc, "
        "kiểm đếm (khoản 3 Điều 85 Luật Đất đai 2024)./.",
    ]:
        o.para(doc, text, space_after=4)
    _decision_signature(
        doc,
        [
            "Ủy ban nhân dân {{ commune.name }};",
            "Các hộ có tên trong danh sách;",
            "Tổ chức làm nhiệm vụ bồi thường;",
            "Lưu: VT.",
        ],
        "{{ signer.title }}",
        "{{ signer.name }}",
    )
    annex = doc.add_section(WD_SECTION.NEW_PAGE)
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    o.para(doc, "DANH SÁCH NGƯỜI CÓ ĐẤT THU HỒI", size=14, bold=True, align=o.CENTER,
           space_after=0)  # fmt: skip
    o.para(
        doc,
        "(Kèm theo Thông báo số {{ heading.number }} {{ date }} của {{ committee }})",
        italic=True,
        align=o.CENTER,
    )
    cells = ["no", "code", "holders", "sheet", "parcel", "land_use", "parcel_area", "recovered"]
    o.table(
        doc,
        [
            "STT",
            "Mã hộ",
            "Người có đất thu hồi",
            "Tờ bản đồ số",
            "Thửa đất số",
            "Loại đất",
            "Diện tích thửa đất (m²)",
            "Diện tích thu hồi (m²)",
        ],
        [
            *_rows("r in rows", [f"{{{{ r.{c} }}}}" for c in cells]),
            ["", "", "TỔNG CỘNG", "", "", "", "", "{{ total.recovered }}"],
        ],
        size=9,
        numeric={0, 6, 7},
        bold_rows={3},
        widths=[12, 24, 70, 22, 22, 20, 30, 30],
    )
    return doc


def persuasion_minutes() -> Any:
    """The written record of persuading a household to allow the inventory (Land Law 2024
    Art. 87(2)(đ))."""
    doc = o.new_document()
    _opening(doc, "BIÊN BẢN")
    o.para(
        doc,
        "Vận động, thuyết phục hộ {{ household.head_name }} phối hợp điều tra, khảo sát, đo "
        "đạc, kiểm đếm — dự án {{ project.name }}",
        bold=True,
        align=o.CENTER,
    )
    for text in [
        "Căn cứ điểm đ khoản 2 Điều 87 Luật Đất đai số 31/2024/QH15; {{ notice }},",
        "Thời gian vận động, thuyết phục: {{ period }}, tại {{ commune.name }}. Thành phần: "
        "đại diện Ủy ban nhân dân {{ commune.name }}: ......................; đại diện Ủy "
        "ban Mặt trận Tổ quốc Việt Nam {{ commune.name }}: ......................; đại diện "
        "tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư: ......................; hộ "
        "gia đình, cá nhân: ông/bà {{ household.head_name }} (mã hộ {{ household.code }}).",
        "Thửa đất thu hồi: {{ parcels }}; diện tích thu hồi {{ area }} m².",
        "Nội dung: các bên đã phổ biến mục đích của dự án, quy định về bồi thường, hỗ trợ, "
        "tái định cư và trách nhiệm phối hợp của người có đất thu hồi (khoản 3 Điều 85 Luật "
        "Đất đai 2024); vận động hộ phối hợp điều tra, khảo sát, đo đạc, kiểm đếm.",
        "{%p if note %}",
        "Ý kiến của hộ, kết quả vận động: {{ note }}",
        "{%p endif %}",
        "Quá thời hạn 10 ngày kể từ ngày kết thúc vận động, thuyết phục{% if decision_from %}"
        " (từ ngày {{ decision_from }}){% endif %} mà hộ vẫn không phối hợp thì Chủ tịch Ủy "
        "ban nhân dân có thẩm quyền ban hành quyết định kiểm đếm bắt buộc (điểm đ khoản 2 "
        "Điều 87 Luật Đất đai 2024).",
        "Biên bản lập xong hồi ..... giờ cùng ngày; các bên đã đọc lại và cùng ký tên./.",
    ]:
        o.para(doc, text, space_after=0 if text.startswith("{%p") else 4)
    o.signatures(
        doc,
        ("HỘ GIA ĐÌNH, CÁ NHÂN", "(Ký, ghi rõ họ tên)"),
        ("ĐẠI DIỆN ỦY BAN NHÂN DÂN", "(Ký, ghi rõ họ tên)"),
    )
    return doc


def compulsory_inventory() -> Any:
    """The compulsory-inventory decision for one household (Land Law 2024 Art. 87(2)(đ),
    Art. 88; Decree 102/2024 Art. 28(2), form 01a)."""
    doc = o.new_document()
    _opening(doc, "QUYẾT ĐỊNH", draft=True)
    o.para(doc, "Về việc kiểm đếm bắt buộc", bold=True, align=o.CENTER)
    o.para(doc, "{{ committee|upper }}", bold=True, align=o.CENTER)
    for text in [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
        "Căn cứ điểm đ khoản 2 Điều 87 và Điều 88 Luật Đất đai số 31/2024/QH15;",
        "Căn cứ Nghị định số 102/2024/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số "
        "49/2026/NĐ-CP);",
        "Căn cứ {{ notice }};",
        "Căn cứ {{ persuasion }};",
        "Theo đề nghị của {{ proposer }},",
    ]:
        o.para(doc, text, italic=True, space_after=0)
    o.para(doc, "QUYẾT ĐỊNH:", bold=True, align=o.CENTER)
    _articles(
        doc,
        [
            "Điều 1. Kiểm đếm bắt buộc đối với hộ ông/bà {{ household.head_name }} (mã hộ "
            "{{ household.code }}), có đất thu hồi tại {{ commune.name }}: {{ parcels }}; diện "
            "tích thu hồi {{ area }} m², để thực hiện dự án {{ project.name }}.",
            "Thời gian thực hiện kiểm đếm bắt buộc: ...................... Nội dung: điều tra, "
            "khảo sát, ghi nhận hiện trạng, đo đạc, kiểm đếm đất và tài sản gắn liền với đất "
            "thu hồi (điểm c khoản 2 Điều 87 Luật Đất đai 2024).",
            "Điều 2. Hộ ông/bà {{ household.head_name }} có trách nhiệm thực hiện Quyết định "
            "này; nếu không chấp hành thì bị cưỡng chế thực hiện quyết định kiểm đếm bắt buộc "
            "theo Điều 88 Luật Đất đai 2024.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký; được giao cho hộ và niêm yết "
            "tại trụ sở Ủy ban nhân dân {{ commune.name }} và địa điểm sinh hoạt chung của khu "
            "dân cư nơi có đất thu hồi.",
            "Điều 4. {{ proposer }}, Ủy ban nhân dân {{ commune.name }}, hộ ông/bà "
            "{{ household.head_name }} và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi "
            "hành Quyết định này./.",
        ],
    )
    _decision_signature(doc, ["Như Điều 4;", "Lưu: VT."], "{{ signer.title }}", "{{ signer.name }}")
    return doc


def plan_overview() -> Any:
    """The compensation plan of a batch as a whole (Decree 88/2024 Art. 3(1)), with the
    detailed plan of each owner as its annex (Art. 3(1)(i))."""
    doc = o.new_document()
    _opening(doc, "PHƯƠNG ÁN", draft=True)
    o.para(
        doc,
        "Bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất để thực hiện dự án "
        "{{ project.name }} ({{ batch.name }}, {{ commune.name }})",
        bold=True,
        align=o.CENTER,
        space_after=0,
    )
    o.para(
        doc,
        "(Nội dung theo khoản 1 Điều 3 Nghị định số 88/2024/NĐ-CP)",
        italic=True,
        align=o.CENTER,
    )
    o.para(
        doc,
        "1. Tổng diện tích đất thu hồi: {{ area }} m²; diện tích từng loại đất thu hồi:",
        space_after=2,
    )
    o.table(
        doc,
        ["Loại đất", "Diện tích thu hồi (m²)"],
        _rows("u in land_uses", ["{{ u.name }}", "{{ u.area }}"]),
        numeric={1},
        widths=[120, 45],
    )
    for text in [
        "2. Tổng số người có đất thu hồi: {{ households }} hộ gia đình, cá nhân.",
        "3. Phương án đào tạo, chuyển đổi nghề và tìm kiếm việc làm: {{ job_training }}",
        "4. Phương án bố trí tái định cư: {{ resettlement }}",
        "5. Phương án di dời mồ mả: {{ graves }}",
        "6. Phương án di chuyển công trình hạ tầng: {{ infrastructure }}",
        "7. Kinh phí bồi thường, hỗ trợ, tái định cư:",
    ]:
        o.para(doc, text, space_after=2)
    o.table(
        doc,
        ["Khoản", "Số tiền (đồng)"],
        [
            ["Bồi thường về đất, tài sản", "{{ budget.compensation }}"],
            ["Hỗ trợ", "{{ budget.support }}"],
            ["Tái định cư", "{{ budget.resettlement }}"],
            ["Khấu trừ nghĩa vụ tài chính, làm tròn", "{{ budget.deductions }}"],
            ["Tiền bồi thường, hỗ trợ, tái định cư", "{{ budget.net }}"],
            [
                "Chi phí bảo đảm cho việc tổ chức thực hiện (Điều 27 Nghị định 88/2024/NĐ-CP)",
                "{{ budget.cost_total }}",
            ],
            ["Tổng kinh phí", "{{ budget.grand_total }}"],
        ],
        numeric={1},
        bold_rows={6},
        widths=[120, 45],
    )
    o.para(doc, "Bằng chữ: {{ budget.grand_words }}.", italic=True, space_after=2)
    o.para(doc, "Dự toán chi phí bảo đảm cho việc tổ chức thực hiện:", space_after=2)
    o.para(doc, "{%p if budget.costs %}")
    o.table(
        doc,
        ["Nội dung chi", "Dự toán (đồng)", "Căn cứ"],
        _rows("c in budget.costs", ["{{ c.label }}", "{{ c.amount }}", "{{ c.basis }}"]),
        size=10,
        numeric={1},
        widths=[75, 35, 55],
    )
    o.para(doc, "{%p else %}")
    o.para(doc, "{{ budget.cost_note }}", italic=True)
    o.para(doc, "{%p endif %}")
    o.para(doc, "{{ budget.norms }}", italic=True)
    o.para(doc, "8. Tiến độ thực hiện phương án:", space_after=2)
    o.para(doc, "{%p for s in schedule %}")
    o.para(doc, "- {{ s }}", space_after=0)
    o.para(doc, "{%p endfor %}")
    for text in [
        "9. Phương án chi tiết về bồi thường, hỗ trợ, tái định cư đối với từng người có đất "
        "thu hồi, chủ sở hữu tài sản: chi tiết tại Phụ lục kèm theo.",
        "10. Các nội dung khác liên quan: không.",
    ]:
        o.para(doc, text, space_after=2)
    _decision_signature(doc, ["Cơ quan thẩm định;", "Lưu: VT."], "{{ heading.issuer|upper }}")
    _households_annex(doc)
    return doc


# name → (the document's title in its properties, the builder)
def draw_minutes() -> Any:
    """The minutes of a public draw of resettlement plots: what was published before it,
    the values revealed and drawn at it, the rule, and the result, so anyone can
    recompute it (gpmb.resettlement.draw)."""
    doc = o.new_document()
    _opening(doc, "BIÊN BẢN")
    o.para(
        doc,
        "Bốc thăm lô đất tái định cư tại {{ site.name }} cho các hộ gia đình, cá nhân "
        "{{ batch.name }}, dự án {{ project.name }}",
        bold=True,
        align=o.CENTER,
    )
    for text in [
        "Căn cứ Điều 110, Điều 111 Luật Đất đai số 31/2024/QH15; Điều 24 Nghị định số "
        "88/2024/NĐ-CP (được sửa đổi, bổ sung),",
        "Hôm nay, ngày {{ draw.date }}, chúng tôi gồm: đại diện {{ heading.issuer }}: "
        "......................; đại diện Ủy ban nhân dân {{ site.commune }}: "
        "......................; đại diện Ủy ban Mặt trận Tổ quốc Việt Nam "
        "{{ site.commune }}: ......................; đại diện các hộ được bố trí tái định "
        "cư: ......................",
        "1. Danh sách công bố ngày {{ draw.published_on }}: {{ draw.households }} hộ đăng ký "
        "nhận đất ở tái định cư đang chờ bố trí và {{ draw.plots }} lô còn trống. Mã băm "
        "SHA-256 của danh sách: {{ draw.inputs_hash }}. Mã băm SHA-256 của hạt giống, công "
        "bố cùng danh sách: {{ draw.commitment }}.",
        "2. Tại buổi bốc thăm, hạt giống được công bố là {{ draw.seed }}; đại diện các hộ "
        "bốc được giá trị {{ draw.public_value }}.",
        "3. Quy tắc: khóa của mỗi hộ là mã băm SHA-256 của chuỗi “hạt giống|giá trị bốc|mã "
        "hộ”; các hộ được xếp theo khóa tăng dần, các lô giữ thứ tự đã công bố; hộ thứ "
        "nhất nhận lô thứ nhất, và cứ thế. Bất kỳ ai cũng kiểm tra lại được kết quả từ "
        "danh sách đã công bố, hạt giống và giá trị bốc.",
        "4. Kết quả bốc thăm:",
    ]:
        o.para(doc, text, space_after=4)
    o.table(
        doc,
        ["STT", "Mã hộ", "Họ và tên chủ hộ", "Lô", "Diện tích (m²)"],
        _rows("r in rows", ["{{ r.no }}", "{{ r.household }}", "{{ r.head }}", "{{ r.plot }}",
                            "{{ r.area }}"]),
        numeric={0, 4},
    )  # fmt: skip
    o.para(
        doc,
        "Biên bản lập xong hồi ..... giờ cùng ngày; các bên đã đọc lại, thống nhất và cùng "
        "ký tên./.",
    )
    o.signatures(
        doc,
        ("ĐẠI DIỆN CÁC HỘ", "(Ký, ghi rõ họ tên)"),
        ("ĐẠI DIỆN {{ heading.issuer|upper }}", "(Ký, ghi rõ họ tên)"),
    )
    return doc


def payment_receipt() -> Any:
    """The minutes of one payment to a household and its receipt (gpmb.documents.
    payments): the amount of the approved plan, this payment, the late-payment amount
    paid with it as its own line (Land Law 2024 Art. 94(3)(b)), what remains."""
    doc = o.new_document()
    _opening(doc, "BIÊN BẢN")
    o.para(
        doc,
        "Chi trả tiền bồi thường, hỗ trợ, tái định cư và giấy nhận tiền",
        bold=True,
        align=o.CENTER,
    )
    o.para(doc, "{%p for b in basis %}")
    o.para(doc, "{{ b }};", italic=True)
    o.para(doc, "{%p endfor %}")
    for text in [
        "Hôm nay, ngày {{ payment.date }}, {{ heading.issuer }} chi trả cho hộ "
        "{{ household.code }}, ông/bà {{ household.head }} (số định danh cá nhân "
        "{{ household.national_id }}), có đất bị thu hồi tại {{ commune }} thuộc dự án "
        "{{ project.name }}, {{ batch.name }}, đợt chi trả {{ payment.batch }}, hình thức: "
        "{{ payment.method }}, chứng từ số {{ payment.receipt }}.",
        "1. Số tiền được bồi thường, hỗ trợ, tái định cư theo phương án đã duyệt: "
        "{{ payment.due }} đồng.",
        "2. Số tiền chi trả lần này: {{ payment.amount }} đồng.",
    ]:
        o.para(doc, text, space_after=4)
    o.para(doc, "{%p if has_late %}")
    o.para(
        doc,
        "3. Tiền chậm chi trả (Điều 94 khoản 3 điểm b Luật Đất đai): {{ payment.late }} "
        "đồng; cách tính: {{ payment.late_formula }}; căn cứ: {{ payment.late_basis }}.",
        space_after=4,
    )
    o.para(doc, "{%p endif %}")
    for text in [
        "Tổng số tiền nhận lần này: {{ payment.total }} đồng (bằng chữ: "
        "{{ payment.total_words }}).",
        "Sau lần chi này: đã chi {{ payment.paid }} đồng; đã gửi {{ payment.deposited }} "
        "đồng; còn phải chi {{ payment.remaining }} đồng.",
        "Người nhận tiền đã nhận đủ số tiền trên và ký tên dưới đây./.",
    ]:
        o.para(doc, text, space_after=4)
    o.signatures(
        doc,
        ("NGƯỜI NHẬN TIỀN", "(Ký, ghi rõ họ tên)"),
        ("ĐẠI DIỆN {{ heading.issuer|upper }}", "(Ký, ghi rõ họ tên)"),
    )
    return doc


def handover_minutes() -> Any:
    """The minutes of the handover of the land (biên bản bàn giao mặt bằng): the household
    hands over its recovered parcels, after the approved money was paid or deposited
    (Land Law 2024 Art. 87, 94)."""
    doc = o.new_document()
    _opening(doc, "BIÊN BẢN")
    o.para(doc, "Bàn giao mặt bằng", bold=True, align=o.CENTER)
    o.para(doc, "{%p for b in basis %}")
    o.para(doc, "{{ b }};", italic=True)
    o.para(doc, "{%p endfor %}")
    for text in [
        "Căn cứ Quyết định thu hồi đất số {{ handover.decision }},",
        "Hôm nay, ngày {{ handover.date }}, tại {{ commune }}, chúng tôi gồm: đại diện "
        "{{ heading.issuer }}: {{ handover.signer }}; đại diện Ủy ban nhân dân {{ commune }}: "
        "......................; bên giao: hộ {{ household.code }}, ông/bà "
        "{{ household.head }} (số định danh cá nhân {{ household.national_id }}).",
        "1. Tiền bồi thường, hỗ trợ, tái định cư theo phương án đã duyệt: {{ handover.due }} "
        "đồng; đã chi trả {{ handover.paid }} đồng ({{ handover.payments }}); đã gửi "
        "{{ handover.deposited }} đồng ({{ handover.deposits }}).",
        "2. Hộ bàn giao toàn bộ diện tích đất bị thu hồi thuộc dự án {{ project.name }}, "
        "{{ batch.name }}, tổng diện tích {{ handover.area }} m², gồm các thửa:",
    ]:
        o.para(doc, text, space_after=4)
    o.table(
        doc,
        ["STT", "Tờ bản đồ", "Thửa đất", "Loại đất", "Diện tích thu hồi (m²)"],
        _rows("p in parcels", ["{{ p.no }}", "{{ p.sheet }}", "{{ p.number }}",
                               "{{ p.land_use }}", "{{ p.area }}"]),
        numeric={0, 4},
    )  # fmt: skip
    o.para(
        doc,
        "Kể từ ngày ký biên bản này, {{ heading.issuer }} quản lý diện tích đất trên. "
        "Biên bản lập thành 03 bản có giá trị như nhau; các bên đã đọc lại, thống nhất và "
        "cùng ký tên./.",
    )
    o.signatures(
        doc,
        ("BÊN GIAO ĐẤT", "(Ký, ghi rõ họ tên)"),
        ("ĐẠI DIỆN {{ heading.issuer|upper }}", "(Ký, ghi rõ họ tên)"),
    )
    return doc


def allocation_decision() -> Any:
    """The decision giving resettlement land to the households of a batch at a site
    (quyết định giao đất tái định cư; Land Law 2024 Art. 111, Art. 119(4); Decree
    88/2024 Art. 24-25), each household's plot and land-use fee as its plan states."""
    doc = o.new_document()
    _opening(doc, "QUYẾT ĐỊNH")
    o.para(
        doc,
        "Về việc giao đất ở tái định cư tại {{ site.name }} cho các hộ gia đình, cá nhân "
        "có đất thu hồi thực hiện dự án {{ project.name }} ({{ batch.name }})",
        bold=True,
        align=o.CENTER,
    )
    o.para(doc, "{{ heading.issuer|upper }}", bold=True, align=o.CENTER)
    for text in (
        "Căn cứ Luật Đất đai số 31/2024/QH15: Điều 111, khoản 4 Điều 119;",
        "Căn cứ Nghị định số 88/2024/NĐ-CP ngày 15 tháng 7 năm 2024 của Chính phủ quy định "
        "về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất (được sửa đổi, bổ "
        "sung): Điều 24, Điều 25;",
        "Căn cứ phương án bồi thường, hỗ trợ, tái định cư đã được phê duyệt và kết quả bố "
        "trí tái định cư{% if draw %} (bốc thăm ngày {{ draw.date }}){% endif %};",
    ):
        o.para(doc, text, italic=True, space_after=0)
    o.para(doc, "Theo đề nghị của {{ proposer }},", italic=True)
    o.para(doc, "QUYẾT ĐỊNH:", bold=True, align=o.CENTER)
    _articles(
        doc,
        [
            "Điều 1. Giao {{ count }} lô đất ở tại {{ site.name }} ({{ site.commune }}), tổng "
            "diện tích {{ area }} m², cho {{ count }} hộ gia đình, cá nhân có tên tại danh sách "
            "kèm theo Quyết định này; hình thức giao đất: giao đất có thu tiền sử dụng đất.",
            "Điều 2. Tiền sử dụng đất của từng lô là diện tích × giá đất trong bảng giá × hệ số "
            "điều chỉnh giá đất tại thời điểm phê duyệt phương án (khoản 3 Điều 111 Luật Đất "
            "đai; khoản 6 Điều 3 Nghị quyết số 254/2025/QH15), như phương án của từng hộ; phần "
            "chênh lệch với tiền bồi thường được thanh toán theo khoản 2 Điều 25 Nghị định số "
            "88/2024/NĐ-CP.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {{ proposer }}, Ủy ban nhân "
            "dân {{ site.commune }}, các hộ gia đình, cá nhân có tên tại danh sách kèm theo và "
            "các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        ],
    )
    o.para(doc, "DANH SÁCH GIAO ĐẤT Ở TÁI ĐỊNH CƯ", bold=True, align=o.CENTER)
    o.table(
        doc,
        ["STT", "Mã hộ", "Họ và tên chủ hộ", "Lô", "Diện tích (m²)", "Tiền sử dụng đất (đồng)"],
        _rows("r in rows", ["{{ r.no }}", "{{ r.household }}", "{{ r.head }}", "{{ r.plot }}",
                            "{{ r.area }}", "{{ r.fee }}"]),
        numeric={0, 4, 5},
    )  # fmt: skip
    _decision_signature(doc, ["Như Điều 3;", "Lưu: VT."], "{{ signer_title }}")
    return doc


def plot_handover_minutes() -> Any:
    """The minutes handing a resettlement plot to the family on the ground (Land Law 2024
    Art. 111; Decree 88/2024 Art. 24), after the allocation decision."""
    doc = o.new_document()
    _opening(doc, "BIÊN BẢN")
    o.para(
        doc,
        "Bàn giao lô đất ở tái định cư {{ plot.number }} tại {{ site.name }}",
        bold=True,
        align=o.CENTER,
    )
    for text in (
        "Căn cứ Điều 111 Luật Đất đai số 31/2024/QH15; Điều 24 Nghị định số 88/2024/NĐ-CP "
        "(được sửa đổi, bổ sung); kết quả bố trí tái định cư ngày {{ allocation.date }} "
        "({{ allocation.method }}),",
        "Hôm nay, ngày ..... tháng ..... năm {{ heading.year }}, tại {{ site.name }}, "
        "chúng tôi gồm:",
        "Bên giao: {{ heading.issuer }} — đại diện: ......................",
        "Đại diện Ủy ban nhân dân {{ site.commune }}: ......................",
        "Bên nhận: hộ {{ household.head }} (mã hộ {{ household.code }}), dự án "
        "{{ project.name }}, {{ batch.name }}.",
        "Hai bên thống nhất bàn giao tại thực địa lô đất số {{ plot.number }}, diện tích "
        "{{ plot.area }} m², loại đất {{ plot.land_use }}, có mốc giới theo sơ đồ lô "
        "đất kèm theo.",
        "Bên nhận đã nhận đủ lô đất đúng vị trí, diện tích, mốc giới nêu trên và có trách "
        "nhiệm quản lý, sử dụng đất đúng mục đích; thực hiện nghĩa vụ tài chính về đất theo "
        "phương án đã được phê duyệt.",
        "Biên bản lập thành 03 bản có giá trị như nhau, mỗi bên giữ 01 bản, 01 bản lưu hồ sơ./.",
    ):
        o.para(doc, text, space_after=4)
    o.signatures(
        doc,
        ("BÊN NHẬN", "(Ký, ghi rõ họ tên)"),
        ("BÊN GIAO", "(Ký, ghi rõ họ tên)"),
    )
    return doc


def recovery_decision() -> Any:
    """The recovery decision (Land Law 2024 Art. 87(5); Decree 102/2024 Art. 28(2), form
    01c): one household, or several with their list as the annex."""
    doc = o.new_document()
    _opening(doc, "QUYẾT ĐỊNH")
    o.para(doc, "Về việc thu hồi đất", bold=True, align=o.CENTER)
    o.para(doc, "{{ committee|upper }}", bold=True, align=o.CENTER)
    for text in [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
        "Căn cứ Điều 79, khoản 5 Điều 87 Luật Đất đai số 31/2024/QH15; Nghị quyết số "
        "254/2025/QH15;",
        "Căn cứ Nghị định số 102/2024/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số "
        "49/2026/NĐ-CP);",
        "Căn cứ {{ notice }};",
        "Căn cứ {{ approval }};",
        "Căn cứ phát sinh theo khoản 5 Điều 87 Luật Đất đai 2024: {{ trigger }}; hạn ban "
        "hành quyết định thu hồi đất: {{ due }};",
        "Theo đề nghị của {{ proposer }},",
    ]:
        o.para(doc, text, italic=True, space_after=0)
    o.para(doc, "QUYẾT ĐỊNH:", bold=True, align=o.CENTER)
    _articles(
        doc,
        [
            "Điều 1. Thu hồi {{ area }} m² đất {% if single %}của hộ {{ household.holders }} "
            "(mã hộ {{ household.code }}): {{ household.parcels }}{% else %}của {{ households }} "
            "hộ gia đình, cá nhân có tên trong danh sách kèm theo{% endif %}, tại "
            "{{ commune.name }}, để thực hiện dự án {{ project.name }} ({{ batch.name }}).",
            "Điều 2. Ủy ban nhân dân {{ commune.name }} giao Quyết định này cho người có đất "
            "thu hồi và niêm yết tại trụ sở Ủy ban nhân dân, địa điểm sinh hoạt chung của khu "
            "dân cư nơi có đất thu hồi; {{ proposer }} quản lý diện tích đất đã thu hồi.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 4. {{ proposer }}, Ủy ban nhân dân {{ commune.name }}, người có đất thu hồi "
            "và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        ],
    )
    _decision_signature(doc, ["Như Điều 4;", "Lưu: VT."], "{{ signer.title }}", "{{ signer.name }}")
    o.para(doc, "{%p if not single %}")
    o.para(doc, "DANH SÁCH NGƯỜI CÓ ĐẤT THU HỒI", bold=True, align=o.CENTER, space_after=0)
    o.para(
        doc,
        "(Kèm theo Quyết định số {{ heading.number }} {{ date }} của {{ committee }})",
        italic=True,
        align=o.CENTER,
    )
    o.table(
        doc,
        ["STT", "Mã hộ", "Người có đất thu hồi", "Thửa đất thu hồi", "Diện tích (m²)"],
        _rows("r in rows", ["{{ r.no }}", "{{ r.code }}", "{{ r.holders }}", "{{ r.parcels }}",
                            "{{ r.area }}"]),
        numeric={0, 4},
    )  # fmt: skip
    o.para(doc, "{%p endif %}")
    return doc


def review_report() -> Any:
    """The site-clearance section of a half-year or annual review: sentences written from
    the figures, the indicators against their targets, the summary figures, a table per
    project and per ward, and the lagging ones with what holds them back."""
    doc = o.new_document(landscape=True)
    _opening(doc, "BÁO CÁO")
    o.para(
        doc,
        "Kết quả công tác bồi thường, hỗ trợ, tái định cư, giải phóng mặt bằng "
        "{{ period.label }} — {{ scope.label }}",
        bold=True,
        align=o.CENTER,
    )
    o.para(doc, "{%p if illustrative %}")
    o.para(doc, "Dữ liệu minh họa — không phải số liệu thật.", italic=True, align=o.CENTER)
    o.para(doc, "{%p endif %}")
    o.para(doc, "Số liệu tính đến ngày {{ as_of }}, tổng hợp từ hồ sơ trên hệ thống GPMB.",
           italic=True)  # fmt: skip
    o.para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    o.para(doc, "{%p for s in sentences %}")
    o.para(doc, "{{ s }}", space_after=4)
    o.para(doc, "{%p endfor %}")
    o.para(doc, "II. THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    o.table(
        doc,
        ["Chỉ tiêu", "Đơn vị", "Kế hoạch", "Thực hiện", "Cùng kỳ", "Đánh giá"],
        _rows("r in indicators", ["{{ r.title }}", "{{ r.unit }}", "{{ r.planned }}",
                                  "{{ r.actual }}", "{{ r.same }}", "{{ r.words }}"]),
        numeric={2, 3, 4},
    )  # fmt: skip
    o.para(doc, "III. SỐ LIỆU TỔNG HỢP", bold=True)
    o.table(doc, ["Nội dung", "Số liệu"], _rows("f in figures", ["{{ f.label }}", "{{ f.value }}"]),
            numeric={1})  # fmt: skip
    o.para(doc, "IV. THEO DỰ ÁN", bold=True)
    o.table(
        doc,
        ["STT", "Dự án", "Số hộ", "Đã bàn giao", "Tỷ lệ (%)",
         "Đã bàn giao / thu hồi (m²)", "Mặt bằng sạch (km)",
         "Đã phê duyệt (đồng)", "Đã chi trả (đồng)", "Dự kiến xong", "Chậm tiến độ"],
        _rows("r in projects", ["{{ r.no }}", "{{ r.name }}", "{{ r.total }}", "{{ r.handed }}",
                                "{{ r.share }}", "{{ r.area }}", "{{ r.clean }}",
                                "{{ r.approved }}", "{{ r.paid }}", "{{ r.clear }}",
                                "{{ r.lagging }}"]),
        size=10,
        numeric={0, 2, 3, 4, 5, 6, 7, 8},
    )  # fmt: skip
    o.para(doc, "V. THEO XÃ/PHƯỜNG", bold=True)
    o.table(
        doc,
        ["STT", "Xã/phường", "Số hộ", "Đã phê duyệt", "Đã chi trả/gửi tiền", "Đã bàn giao",
         "Tỷ lệ (%)", "Chậm tiến độ"],
        _rows("r in wards", ["{{ r.no }}", "{{ r.name }}", "{{ r.total }}", "{{ r.approved }}",
                             "{{ r.covered }}", "{{ r.handed }}", "{{ r.share }}",
                             "{{ r.lagging }}"]),
        size=10,
        numeric={0, 2, 3, 4, 5, 6},
    )  # fmt: skip
    o.para(doc, "VI. CÁC DỰ ÁN, XÃ/PHƯỜNG CHẬM TIẾN ĐỘ VÀ VƯỚNG MẮC", bold=True)
    o.para(doc, "{%p for r in laggards %}")
    o.para(doc, "- {{ r.name }}: {{ r.reasons }}. Vướng mắc: {{ r.blockers }}.", space_after=4)
    o.para(doc, "{%p endfor %}")
    o.para(doc, "{%p if charts %}")
    o.para(doc, "VII. BIỂU ĐỒ TIẾN ĐỘ", bold=True)
    o.para(doc, "{%p endif %}")
    o.para(doc, "{%p for c in charts %}")
    o.para(doc, "{{ c.image }}", align=o.CENTER, space_after=0)
    o.para(doc, "{{ c.title }}", italic=True, align=o.CENTER, space_after=6)
    o.para(doc, "{%p endfor %}")
    o.signatures(
        doc,
        ("", ""),
        ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    return doc


BUILDERS: dict[str, tuple[str, Callable[[], Any]]] = {
    "plan_sheet": ("Phương án chi tiết bồi thường, hỗ trợ, tái định cư", plan_sheet),
    "plan_summary": ("Bảng tổng hợp phương án bồi thường, hỗ trợ, tái định cư", plan_summary),
    "inventory_record": ("Biên bản kiểm đếm", inventory_record),
    "approval_decision": (
        "Quyết định phê duyệt phương án bồi thường, hỗ trợ, tái định cư",
        approval_decision,
    ),
    "posting_list": ("Danh sách công khai phương án bồi thường, hỗ trợ, tái định cư", posting_list),
    "household_notice": (
        "Thông báo số tiền bồi thường, hỗ trợ, tái định cư đã được phê duyệt",
        household_notice,
    ),
    "posting_notice": ("Thông báo niêm yết công khai phương án", posting_notice),
    "consultation_minutes": ("Biên bản kết thúc niêm yết và lấy ý kiến", consultation_minutes),
    "submission": ("Tờ trình đề nghị thẩm định phương án", submission),
    "appraisal_report": ("Báo cáo kết quả thẩm định phương án", appraisal_report),
    "draw_minutes": ("Biên bản bốc thăm lô đất tái định cư", draw_minutes),
    "recovery_notice": ("Thông báo thu hồi đất", recovery_notice),
    "persuasion_minutes": ("Biên bản vận động, thuyết phục phối hợp kiểm đếm", persuasion_minutes),
    "compulsory_inventory": ("Quyết định kiểm đếm bắt buộc", compulsory_inventory),
    "plan_overview": ("Phương án bồi thường, hỗ trợ, tái định cư", plan_overview),
    "recovery_decision": ("Quyết định thu hồi đất", recovery_decision),
    "review_report": ("Báo cáo kết quả công tác bồi thường, giải phóng mặt bằng", review_report),
    "payment_receipt": ("Biên bản chi trả tiền bồi thường, hỗ trợ, tái định cư", payment_receipt),
    "handover_minutes": ("Biên bản bàn giao mặt bằng", handover_minutes),
    "allocation_decision": ("Quyết định giao đất ở tái định cư", allocation_decision),
    "plot_handover_minutes": ("Biên bản bàn giao lô đất tái định cư", plot_handover_minutes),
}


def _slim(doc: Any) -> None:
    """Drop what python-docx's blank document carries and the template does not use: the
    160 style definitions no paragraph names (350 kB of XML every document would parse
    and write again), the Word 2010 copy of the styles, the sample thumbnail and custom
    XML. Styles in use keep the styles they are based on."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted = set(re.findall(r'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', doc.element.xml))
    wanted |= {i for i, s in by_id.items() if s.get(qn("w:default")) == "1"}
    keep: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for link in ("w:basedOn", "w:next", "w:link"):
            ref = by_id[style_id].find(qn(link))
            if ref is not None:
                wanted.add(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
    for part in (doc.part, doc.part.package):
        for r_id, rel in list(part.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "thumbnail"):
                del part.rels[r_id]


def build(name: str) -> bytes:
    """The template `name` as the bytes of a .docx file, the same on every run."""
    title, builder = BUILDERS[name]
    doc = builder()
    _slim(doc)
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = "GPMB"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    # python-docx stamps each zip entry with the current time: rewrite them fixed.
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files out of date")
    args = parser.parse_args(argv)
    stale = []
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in BUILDERS:
        path = OUT_DIR / f"{name}.docx"
        data = build(name)
        if path.is_file() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.write_bytes(data)
    for path in stale:
        print(f"{'out of date' if args.check else 'written'}: {path}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
