"""The kinds of document rendered from template files, each with a sample of its context.

The sample is the contract between Python and a template: it holds every field the real
context holds (a test compares their shapes), with illustrative values. A replacement
template must render with it before it is put in force, and `gpmb document_template
fields NAME` prints it so whoever edits a template knows what it may use. A new document
(the recovery notice, the approval decision, …) is one entry here, one context builder
and one template built by gpmb/documents/tools/build_templates.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentKind:
    name: str  # the template's file name without ".docx"
    title: str | Promise
    sample: dict[str, Any]


def _heading(authority: str, number: str) -> dict[str, str]:
    return {
        "authority": authority,
        "issuer": "Tổ chức làm nhiệm vụ bồi thường,\ngiải phóng mặt bằng",
        "number": number,
        "place": "Hải Phòng",
        "year": "2026",
    }


_LINE = {
    "no": "1",
    "title": "Bồi thường đất ở (thửa 85)",
    "quantity": "60",
    "unit": "m²",
    "unit_price": "72.000.000",
    "coefficient": "1",
    "amount": "4.320.000.000",
    "formula": "60 m² × 72.000.000 đồng/m² × 1",
    "citations": "Luật Đất đai 2024 Điều 95, 98",
    "status": "Đủ căn cứ",
}

PLAN_SHEET = DocumentKind(
    name="plan_sheet",
    title=_("Phương án chi tiết bồi thường, hỗ trợ, tái định cư của một hộ"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường Lê Chân", "........../PA-BTHTTĐC"),
        "draft": False,
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1"},
        "commune": {"name": "phường Lê Chân"},
        "illustrative": True,
        "legal_basis": "Căn cứ Luật Đất đai số 31/2024/QH15; Nghị định số 88/2024/NĐ-CP …; "
        "Quyết định 171/2025/QĐ-UBND ngày 24/09/2025; Thông báo thu hồi đất ngày 16/03/2026.",
        "plan": {"number": "1", "pack_code": "hai-phong-demo-2026", "pack_digest": "0123456789ab"},
        "household": {
            "code": "LC-00001",
            "head_name": "Nguyễn Văn Mẫu",
            "national_id": "*********456",
            "address": "Số 1 phố Minh Họa, phường Lê Chân",
            "phone": "*******678",
            "members": "4",
        },
        "holders": [
            {
                "name": "Nguyễn Văn Mẫu",
                "relation": "Chủ hộ",
                "national_id": "*********456",
                "permanent_address": "Số 1 phố Minh Họa, phường Lê Chân",
                "current_address": "Số 1 phố Minh Họa, phường Lê Chân",
            }
        ],
        "parcels": [
            {
                "sheet": "12",
                "number": "85",
                "land_use": "ODT",
                "position": "VT1",
                "certificate_area": "100,00",
                "measured_area": "100,00",
                "recovered_area": "60,00",
                "origin": "Có Giấy chứng nhận / giấy tờ về quyền sử dụng đất",
                "since": "1990-01-01",
            }
        ],
        "sections": [
            {
                "letter": "A",
                "title": "BỒI THƯỜNG VỀ ĐẤT",
                "subtotal": "4.320.000.000",
                "lines": [_LINE],
            }
        ],
        "summed_sections": [
            {"letter": "A", "title": "BỒI THƯỜNG VỀ ĐẤT", "subtotal": "4.320.000.000"}
        ],
        # Each house or structure: {"name": …, "quality": "60 % (1 − 8/20 năm)"}.
        "structures": [],
        "temporary_housing": ["Tạm cư: GPMB chưa có thông tin bố trí tạm cư của hộ."],
        "resettlement_plot_area": "",
        "resettlement_plot_location": "",
        "totals": {
            "unpaid": "0",
            "rounding": "0",
            "net_label": "Số tiền thực nhận",
            "net": "4.320.000.000",
            "net_words": "Bốn tỷ ba trăm hai mươi triệu đồng",
            "debt": "0",
            "debt_words": "Không đồng",
            "fee_debt": "0",
            "carried_debt": "0",
        },
    },
)

_SUMMARY_ROW = {
    "no": "1",
    "code": "LC-00001",
    "name": "Nguyễn Văn Mẫu",
    "national_id": "*********456",
    "phone": "*******678",
    "commune": "phường Lê Chân",
    "area": "60,00",
    "land": "4.320.000.000",
    "assets": "0",
    "support": "0",
    "resettlement": "0",
    "deductions": "0",
    "net": "4.320.000.000",
    "debt": "0",
    "status": "Đủ căn cứ",
}

PLAN_SUMMARY = DocumentKind(
    name="plan_summary",
    title=_("Bảng tổng hợp phương án bồi thường, hỗ trợ, tái định cư (niêm yết)"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường Lê Chân", "........../BTH-BTHTTĐC"),
        "draft": False,
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "title": "Đường Hồ Sen – Cầu Rào 2 (minh họa) — Đợt 1",
        "public": True,
        "rows": [_SUMMARY_ROW],
        # The total row: the area and the money columns of a row, nothing else.
        "total": {
            k: _SUMMARY_ROW[k]
            for k in ("area", "land", "assets", "support", "resettlement", "deductions")
        }
        | {"net": _SUMMARY_ROW["net"], "debt": _SUMMARY_ROW["debt"]},
    },
)

INVENTORY_RECORD = DocumentKind(
    name="inventory_record",
    title=_("Biên bản kiểm đếm đất đai, tài sản của một hộ"),
    sample={
        "heading": _heading("UBND phường Lê Chân", "......../BB-KĐ")
        | {"issuer": "Tổ chức làm nhiệm vụ\nbồi thường, hỗ trợ, tái định cư"},
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1", "notice_date": "16/03/2026"},
        "commune": {"name": "phường Lê Chân"},
        "census": {"kind": "kiểm đếm", "number": "1", "cutoff_date": "16/03/2026"},
        "household": {
            "code": "LC-00001",
            "head_name": "Nguyễn Văn Mẫu",
            "national_id": "*********456",
            "address": "Số 1 phố Minh Họa, phường Lê Chân",
        },
        "lands": [
            {
                "no": "1",
                "sheet": "12",
                "number": "85",
                "land_use": "ODT",
                "recovered_area": "60,00",
            }
        ],
        "groups": [
            {
                "roman": "II",
                "title": "NHÀ Ở",
                "rows": [
                    {
                        "no": "1",
                        "name": "Nhà chính",
                        "unit": "m² sàn",
                        "quantity": "72,5",
                        "details": "Cấp IV",
                        "origin_date": "",
                        "note": "",
                    }
                ],
            }
        ],
        "flagged": False,
    },
)


def _committee_heading(number: str) -> dict[str, str]:
    """A People's Committee's own document: no governing body above its name."""
    return _heading("", number) | {"issuer": "Ủy ban nhân dân phường An Biên"}


_ANNEX_AMOUNTS = {
    "compensation": "4.320.000.000",
    "support": "120.000.000",
    "resettlement": "0",
    "deductions": "0",
    "net": "4.440.000.000",
}
_ANNEX_ROW = {
    "no": "1",
    "code": "AB-00001",
    "name": "Nguyễn Văn Mẫu",
    "parcels": "12/85",
    "area": "60,00",
    **_ANNEX_AMOUNTS,
}
_CHAIN = {
    "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
    "batch": {"code": "D1", "name": "Đợt 1"},
    "commune": {"name": "phường An Biên"},
}

APPROVAL_DECISION = DocumentKind(
    name="approval_decision",
    title=_("Quyết định phê duyệt phương án bồi thường, hỗ trợ, tái định cư"),
    sample={
        "heading": _committee_heading("12/QĐ-UBND"),
        "draft": False,
        "illustrative": True,
        "committee": "Ủy ban nhân dân phường An Biên",
        **_CHAIN,
        "legal_basis": ["Căn cứ Luật Đất đai số 31/2024/QH15;"],
        "proposer": "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư",
        "submission": "Tờ trình số 45/TTr-TTPTQĐ ngày 01/04/2026",
        "date": "ngày 20 tháng 04 năm 2026",
        "signer": {"title": "CHỦ TỊCH", "name": "Trần Văn Ký"},
        "households": "1",
        "area": "60,00",
        "net_words": "Bốn tỷ bốn trăm bốn mươi triệu đồng",
        "rows": [_ANNEX_ROW],
        "total": {"area": "60,00", **_ANNEX_AMOUNTS},
    },
)

POSTING_LIST = DocumentKind(
    name="posting_list",
    title=_("Danh sách công khai phương án bồi thường, hỗ trợ, tái định cư (niêm yết)"),
    sample={
        "heading": _committee_heading("12/TB-UBND"),
        **_CHAIN,
        "notice": "Thông báo số 12/TB-UBND ngày 16/03/2026",
        "period": "từ ngày 16/03/2026 đến hết ngày 26/03/2026",
        "rows": [_ANNEX_ROW | {"national_id": "*********456", "phone": "*******678"}],
        "total": {"area": "60,00", **_ANNEX_AMOUNTS},
    },
)

HOUSEHOLD_NOTICE = DocumentKind(
    name="household_notice",
    title=_("Thông báo cho hộ số tiền bồi thường, hỗ trợ, tái định cư được phê duyệt"),
    sample={
        "heading": _committee_heading("15/TB-UBND"),
        "draft": False,
        **_CHAIN,
        "decision": "Quyết định số 12/QĐ-UBND ngày 20/04/2026",
        "household": {
            "code": "AB-00001",
            "head_name": "Nguyễn Văn Mẫu",
            "national_id": "*********456",
            "address": "Số 1 phố Minh Họa, phường An Biên",
        },
        "parcels": "12/85",
        "area": "60,00",
        "amounts": _ANNEX_AMOUNTS,
        "net_label": "Tổng số tiền được nhận",
        "net_words": "Bốn tỷ bốn trăm bốn mươi triệu đồng",
        "debt": "0",
        "signer": {"title": "CHỦ TỊCH"},
    },
)


def _act_sample(heading: dict[str, str]) -> dict[str, Any]:
    """The context of an act's document (posting, consultation, submission, appraisal)."""
    return {
        "heading": heading,
        **_CHAIN,
        "authority": "Ủy ban nhân dân phường An Biên",
        "proposer": "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư",
        "households": "1",
        "area": "60,00",
        "total": "4.440.000.000",
        "total_words": "Bốn tỷ bốn trăm bốn mươi triệu đồng",
        "period": {"start": "16/03/2026", "end": "26/03/2026"},
        "basis": {
            "posting": "Thông báo số 12/TB-UBND ngày 16/03/2026",
            "consultation": "Biên bản lấy ý kiến số 3/BB-UBND ngày 27/03/2026",
            "submission": "Tờ trình số 45/TTr-BT ngày 01/04/2026",
        },
        "act": {
            "date": "27/03/2026",
            "signer": "Trần Văn Ký",
            "agree": "1",
            "disagree": "0",
            "other": "0",
            "dialogue_ref": "",
            "note": "",
        },
    }


_ORGANISATION = _heading("Ủy ban nhân dân phường An Biên", "45/TTr-BT") | {
    "issuer": "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư"
}
POSTING_NOTICE = DocumentKind(
    name="posting_notice",
    title=_("Thông báo niêm yết công khai phương án bồi thường, hỗ trợ, tái định cư"),
    sample=_act_sample(_committee_heading("12/TB-UBND")),
)
CONSULTATION_MINUTES = DocumentKind(
    name="consultation_minutes",
    title=_("Biên bản kết thúc niêm yết và lấy ý kiến về phương án"),
    sample=_act_sample(_committee_heading("3/BB-UBND")),
)
SUBMISSION = DocumentKind(
    name="submission",
    title=_("Tờ trình đề nghị thẩm định phương án bồi thường, hỗ trợ, tái định cư"),
    sample=_act_sample(_ORGANISATION),
)
APPRAISAL_REPORT = DocumentKind(
    name="appraisal_report",
    title=_("Báo cáo kết quả thẩm định phương án bồi thường, hỗ trợ, tái định cư"),
    sample=_act_sample(
        _ORGANISATION | {"issuer": "Cơ quan có chức năng quản lý đất đai", "number": "7/BC-TĐ"}
    ),
)

DRAW_MINUTES = DocumentKind(
    name="draw_minutes",
    title=_("Biên bản bốc thăm lô đất tái định cư"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường Lê Chân", "........../BB-BTTĐC"),
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1"},
        "site": {"name": "Khu tái định cư Vĩnh Niệm", "commune": "phường Lê Chân"},
        "draw": {
            "date": "17/11/2026",
            "published_on": "02/11/2026",
            "households": "2",
            "plots": "3",
            "inputs_hash": "9f2c…",
            "commitment": "5be1…",
            "seed": "0c8d3a…",
            "public_value": "27",
        },
        "rows": [
            {
                "no": "1",
                "household": "LC-00009",
                "head": "Nguyễn Văn An",
                "plot": "TĐC-01",
                "area": "60,0",
            },
        ],
    },
)

# The site-clearance section of a half-year or annual review (gpmb.reports.review): the
# sentences, the indicator table, the summary figures, a table per project and per ward,
# the lagging ones with their blockers.
REVIEW_REPORT = DocumentKind(
    name="review_report",
    title=_("Báo cáo kết quả công tác bồi thường, giải phóng mặt bằng (sơ kết, tổng kết)"),
    sample={
        "heading": _heading("Ủy ban nhân dân thành phố Hải Phòng", "........../BC-GPMB"),
        "scope": {"label": "Toàn thành phố", "kind": "city"},
        "period": {"code": "2026-H1", "label": "6 tháng đầu năm 2026"},
        "as_of": "30/06/2026",
        "illustrative": True,
        "sentences": [
            "Tổng số hộ bị ảnh hưởng 60 hộ; đã bàn giao mặt bằng 6 hộ, đạt 10% tổng số hộ."
        ],
        "figures": [{"label": "Tổng số hộ bị ảnh hưởng", "value": "60"}],
        "indicators": [
            {
                "title": "Thu ngân sách nhà nước",
                "unit": "đồng",
                "planned": "966.600.000.000",
                "actual": "601.119.000.000",
                "same": "362.120.000.000",
                "words": "đạt 62,19% kế hoạch, bằng 166% so với cùng kỳ",
            }
        ],
        "projects": [
            {
                "no": "1",
                "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)",
                "total": "36",
                "handed": "6",
                "share": "16,7",
                "area": "120,00 / 1.800,00",
                "approved": "12.000.000.000",
                "paid": "2.000.000.000",
                "clear": "30/09/2026",
                "lagging": "",
            }
        ],
        "wards": [
            {
                "no": "1",
                "name": "Phường Lê Chân",
                "total": "24",
                "approved": "24",
                "covered": "10",
                "handed": "6",
                "share": "25",
                "lagging": "",
            }
        ],
        "laggards": [
            {
                "name": "Phường An Biên",
                "reasons": "tỷ lệ bàn giao 0% chưa bằng một nửa mức chung 10%",
                "blockers": "Bước thủ tục quá hạn: 12 hộ",
            }
        ],
    },
)

KINDS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        PLAN_SHEET,
        PLAN_SUMMARY,
        INVENTORY_RECORD,
        APPROVAL_DECISION,
        POSTING_LIST,
        HOUSEHOLD_NOTICE,
        POSTING_NOTICE,
        CONSULTATION_MINUTES,
        SUBMISSION,
        APPRAISAL_REPORT,
        DRAW_MINUTES,
        REVIEW_REPORT,
    )
}
