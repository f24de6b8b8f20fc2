"""The kinds of document rendered from template files, each with a sample of its context.

The sample is the contract between Python and a template: it holds every field the real
context holds (a test compares their shapes), with illustrative values. A replacement
template must render with it before it is put in force, and `gpmb document_template
fields NAME` prints it so whoever edits a template knows what it may use. A new document
(the recovery notice, the approval decision, …) is one entry here, one context builder
and one template built by gpmb/documents/tools/build_templates.py."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gpmb.documents.rendering import DocxImage


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


# A picture for the samples of documents with charts (one pixel, PNG).
SAMPLE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

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

RECOVERY_NOTICE = DocumentKind(
    name="recovery_notice",
    title=_("Thông báo thu hồi đất, kèm danh sách người có đất thu hồi"),
    sample={
        "heading": _committee_heading("5/TB-UBND"),
        "date": "ngày 16 tháng 03 năm 2026",
        "committee": "Ủy ban nhân dân phường An Biên",
        **_CHAIN,
        "reason": "Thu hồi đất để thực hiện dự án Đường Hồ Sen – Cầu Rào 2 (minh họa) vì mục "
        "đích phát triển kinh tế - xã hội vì lợi ích quốc gia, công cộng (Điều 79 Luật Đất "
        "đai 2024).",
        "households": "1",
        "parcels": "1",
        "area": "60,00",
        "schedule": "Quyết định thu hồi đất ban hành không sớm hơn ngày 14/07/2026.",
        "inventory": "Điều tra, khảo sát, đo đạc, kiểm đếm trước ngày 15/04/2026.",
        "relocation": "Bố trí tái định cư tại Khu tái định cư Vĩnh Niệm (phường Lê Chân).",
        "compensation": "Lập, niêm yết và lấy ý kiến về phương án tại Ủy ban nhân dân "
        "phường An Biên.",
        "valid_until": "16/03/2027",
        "signer": {"title": "CHỦ TỊCH", "name": "Trần Văn Ký"},
        "rows": [
            {
                "no": "1",
                "code": "AB-00001",
                "holders": "Nguyễn Văn Mẫu",
                "sheet": "12",
                "parcel": "85",
                "land_use": "ODT",
                "parcel_area": "80,00",
                "recovered": "60,00",
            }
        ],
        "total": {"recovered": "60,00"},
    },
)

_CASE = {
    **_CHAIN,
    "household": {"code": "AB-00001", "head_name": "Nguyễn Văn Mẫu"},
    "parcels": "tờ 12 thửa 85 (ODT)",
    "area": "60,00",
    "notice": "Thông báo thu hồi đất số 5/TB-UBND ngày 16/03/2026",
}
PERSUASION_MINUTES = DocumentKind(
    name="persuasion_minutes",
    title=_("Biên bản vận động, thuyết phục phối hợp kiểm đếm"),
    sample={
        "heading": _committee_heading("2/BB-UBND"),
        **_CASE,
        "period": "từ ngày 01/04/2026 đến ngày 16/04/2026",
        "decision_from": "26/04/2026",
        "note": "Hộ chưa đồng ý cho đo đạc.",
        "signer": "Trần Văn Ký",
    },
)
COMPULSORY_INVENTORY = DocumentKind(
    name="compulsory_inventory",
    title=_("Quyết định kiểm đếm bắt buộc"),
    sample={
        "heading": _committee_heading("30/QĐ-UBND"),
        "draft": False,
        "committee": "Ủy ban nhân dân phường An Biên",
        **_CASE,
        "persuasion": "Biên bản vận động, thuyết phục số 2/BB-UBND ngày 16/04/2026",
        "proposer": "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư",
        "signer": {"title": "CHỦ TỊCH", "name": "Trần Văn Ký"},
    },
)

PLAN_OVERVIEW = DocumentKind(
    name="plan_overview",
    title=_("Phương án bồi thường, hỗ trợ, tái định cư của đợt (khoản 1 Điều 3 NĐ 88/2024)"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường An Biên", "........../PA-BT"),
        "draft": True,
        **_CHAIN,
        "area": "60,00",
        "land_uses": [{"code": "ODT", "name": "ODT — Đất ở tại đô thị", "area": "60,00"}],
        "households": "1",
        "job_training": "Không có hộ thuộc diện hỗ trợ đào tạo, chuyển đổi nghề.",
        "resettlement": "1 hộ đủ điều kiện bố trí tái định cư.",
        "graves": "Không có mồ mả phải di chuyển trong phạm vi thu hồi.",
        "infrastructure": "GPMB chưa ghi nhận công trình hạ tầng phải di chuyển.",
        "budget": {
            **_ANNEX_AMOUNTS,
            "costs": [
                {
                    "label": "Tổ chức chi trả (khoản 4 điểm d)",
                    "amount": "20.000.000",
                    "basis": "theo thực tế",
                }
            ],
            "cost_total": "20.000.000",
            "cost_note": "",
            "norms": "Chưa có mức chi của thành phố (Điều 27 khoản 8).",
            "grand_total": "4.460.000.000",
            "grand_words": "Bốn tỷ bốn trăm sáu mươi triệu đồng",
        },
        "schedule": ["Phê duyệt phương án: hạn 15/07/2026."],
        "rows": [_ANNEX_ROW],
        "total": {"area": "60,00", **_ANNEX_AMOUNTS},
    },
)

_PAYER = "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư"
_HOUSEHOLD = {"code": "LC-00009", "head": "Nguyễn Văn An", "national_id": "031*******45"}
PAYMENT_RECEIPT = DocumentKind(
    name="payment_receipt",
    title=_("Biên bản chi trả tiền bồi thường, hỗ trợ, tái định cư"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường Lê Chân", "PC-0001") | {"issuer": _PAYER},
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1"},
        "commune": "phường Lê Chân",
        "household": _HOUSEHOLD,
        "basis": ["Căn cứ Điều 94 Luật Đất đai số 31/2024/QH15"],
        "payment": {
            "date": "20/11/2026",
            "method": "Chuyển khoản",
            "receipt": "PC-0001",
            "batch": "01/ĐCT",
            "due": "1.200.000.000",
            "amount": "1.200.000.000",
            "late": "3.600.000",
            "late_formula": "1.200.000.000 × 0,03% × 10 ngày",
            "late_basis": "Luật Đất đai 2024, Điều 94 khoản 3 điểm b",
            "total": "1.203.600.000",
            "total_words": "Một tỷ hai trăm linh ba triệu sáu trăm nghìn đồng",
            "paid": "1.200.000.000",
            "deposited": "0",
            "remaining": "0",
        },
        "has_late": True,
    },
)
HANDOVER_MINUTES = DocumentKind(
    name="handover_minutes",
    title=_("Biên bản bàn giao mặt bằng"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường Lê Chân", "BG-0001") | {"issuer": _PAYER},
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1"},
        "commune": "phường Lê Chân",
        "household": _HOUSEHOLD,
        "basis": ["Căn cứ Điều 87, Điều 94 Luật Đất đai số 31/2024/QH15"],
        "handover": {
            "date": "25/11/2026",
            "signer": "Tổ công tác",
            "area": "85,50",
            "decision": "45/QĐ-UBND ngày 21/11/2026",
            "due": "1.200.000.000",
            "paid": "1.200.000.000",
            "deposited": "0",
            "payments": "PC-0001 ngày 20/11/2026: 1.200.000.000 đồng",
            "deposits": "—",
        },
        "parcels": [{"no": "1", "sheet": "21", "number": "4", "land_use": "ODT", "area": "85,50"}],
    },
)

ALLOCATION_DECISION = DocumentKind(
    name="allocation_decision",
    title=_("Quyết định giao đất ở tái định cư"),
    sample={
        "heading": {
            **_heading("", "........../QĐ-UBND"),
            "issuer": "Ủy ban nhân dân phường Lê Chân",
        },
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1"},
        "site": {"name": "Khu tái định cư Vĩnh Niệm", "commune": "phường Lê Chân"},
        "draw": {"date": "17/11/2026"},
        "proposer": "Tổ chức làm nhiệm vụ bồi thường, giải phóng mặt bằng",
        "count": "1",
        "area": "60,0",
        "signer_title": "TM. ỦY BAN NHÂN DÂN",
        "rows": [
            {
                "no": "1",
                "household": "LC-00009",
                "head": "Nguyễn Văn An",
                "plot": "TĐC-01",
                "area": "60,0",
                "fee": "1.800.000.000",
            },
        ],
    },
)

PLOT_HANDOVER_MINUTES = DocumentKind(
    name="plot_handover_minutes",
    title=_("Biên bản bàn giao lô đất tái định cư"),
    sample={
        "heading": _heading("Ủy ban nhân dân phường Lê Chân", "........../BB-BGTĐC"),
        "project": {"code": "hs-cr2", "name": "Đường Hồ Sen – Cầu Rào 2 (minh họa)"},
        "batch": {"code": "D1", "name": "Đợt 1"},
        "site": {"name": "Khu tái định cư Vĩnh Niệm", "commune": "phường Lê Chân"},
        "household": {"code": "LC-00009", "head": "Nguyễn Văn An"},
        "plot": {"number": "TĐC-01", "area": "60,0", "land_use": "ODT"},
        "allocation": {"date": "17/11/2026", "method": "Bốc thăm công khai"},
    },
)

RECOVERY_DECISION = DocumentKind(
    name="recovery_decision",
    title=_("Quyết định thu hồi đất"),
    sample={
        "heading": _committee_heading("88/QĐ-UBND"),
        "date": "ngày 25 tháng 11 năm 2026",
        "committee": "Ủy ban nhân dân phường An Biên",
        **_CHAIN,
        "notice": "Thông báo thu hồi đất số 5/TB-UBND ngày 16/03/2026",
        "approval": "Quyết định phê duyệt phương án bồi thường, hỗ trợ, tái định cư số "
        "12/QĐ-UBND ngày 20/04/2026",
        "trigger": "a) Phương án đã duyệt, không phải bố trí tái định cư (ngày 20/04/2026)",
        "due": "30/04/2026",
        "single": True,
        "household": {
            "no": "1",
            "code": "AB-00001",
            "holders": "Nguyễn Văn Mẫu",
            "parcels": "tờ 12 thửa 85 (ODT)",
            "area": "60,00",
        },
        "households": "1",
        "area": "60,00",
        "proposer": "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư",
        "rows": [
            {
                "no": "1",
                "code": "AB-00001",
                "holders": "Nguyễn Văn Mẫu",
                "parcels": "tờ 12 thửa 85 (ODT)",
                "area": "60,00",
            }
        ],
        "signer": {"title": "CHỦ TỊCH", "name": "Trần Văn Ký"},
    },
)

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
                "clean": "0,85 / 3,2",
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
        "charts": [
            {"title": "Số hộ đã bàn giao mặt bằng theo tuần", "image": DocxImage(SAMPLE_PNG)}
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
        RECOVERY_NOTICE,
        PERSUASION_MINUTES,
        COMPULSORY_INVENTORY,
        PLAN_OVERVIEW,
        RECOVERY_DECISION,
        REVIEW_REPORT,
        PAYMENT_RECEIPT,
        HANDOVER_MINUTES,
        ALLOCATION_DECISION,
        PLOT_HANDOVER_MINUTES,
    )
}
