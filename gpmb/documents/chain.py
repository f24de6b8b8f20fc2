"""Documents of the legal chain of a batch's plan (issue 12, point 6): the approval
decision with its annex table, the public posting list of a ward, the notice to each
household of its approved amounts, and the document of each act before the approval (the
posting notice, the minutes of the posting's end and the consultation, the submission
for appraisal, the appraisal report).

Each is issued by the People's Committee that holds the power at its step, named as it
is printed ("ỦY BAN NHÂN DÂN PHƯỜNG AN BIÊN", "… THÀNH PHỐ HẢI PHÒNG"): the plans are
approved by the committee of the level that recovers the land (Land Law 2024
Art. 87(3)(c); Decree 49/2026 Art. 14: the city, or the ward's chairman by delegation)
and posted at the ward's office (Art. 87(3)(a)). Numbers come from that body's register
(gpmb.documents.services.numbers_issue), except a number already given on the act the
document records (the approval decision's, the posting notice's), which is printed as
recorded."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gpmb.core.models import Actor
from gpmb.core.vnformat import format_area, format_date, format_money, money_in_words
from gpmb.core.xlsx import put
from gpmb.documents import official as o
from gpmb.documents.models import IssuedNumber
from gpmb.documents.plans import NATIONAL_BASIS, _as_date
from gpmb.documents.rendering import heading, render_docx
from gpmb.documents.services import numbers_issue
from gpmb.parties.models import mask_national_id, mask_phone
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanAct, PlanVersion
from gpmb.projects.choices import ApprovingAuthority
from gpmb.projects.models import AdminUnit

# What a body's name begins with, written in lower case inside a sentence.
_DIVISIONS = ("Phường ", "Xã ", "Đặc khu ", "Thành phố ", "Tỉnh ")
NOT_RECORDED = "chưa ghi trong GPMB"
PROPOSER = "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư"


def in_sentence(name: str) -> str:
    """ "Phường An Biên" → "phường An Biên": a unit's name inside a sentence."""
    for prefix in _DIVISIONS:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix) :]
    return name


def committee(unit: AdminUnit) -> str:
    """The People's Committee of `unit` as named in a text: "Ủy ban nhân dân phường An
    Biên"; the template writes it in capitals in the heading."""
    return f"Ủy ban nhân dân {in_sentence(unit.name)}"


def approving_unit(batch_plan: BatchPlan) -> AdminUnit:
    """The unit whose committee approves the batch's plans (Land Law 2024 Art. 87(3)(c);
    Decree 49/2026 Art. 14(1)): the province, or the ward when its chairman approves by
    delegation — the project says which (configuration, never code)."""
    project = batch_plan.project
    if project.approving_authority == ApprovingAuthority.PROVINCE:
        return project.province
    return batch_plan.commune


def _signer_title(batch_plan: BatchPlan) -> str:
    # Decree 30/2020 Appendix I, II.8: a committee's decision is signed "TM." by its
    # chairman; a chairman deciding by delegation signs as "CHỦ TỊCH".
    if batch_plan.project.approving_authority == ApprovingAuthority.PROVINCE:
        return "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    return "CHỦ TỊCH"


def latest_act(batch_plan: BatchPlan, kind: str) -> PlanAct | None:
    """The latest act of `kind` on the batch plan."""
    return batch_plan.acts.filter(kind=kind).order_by("-created_at", "-pk").first()


def _act_ref(act: PlanAct | None, what: str) -> str:
    """ "Tờ trình số 45/TTr-TTPTQĐ ngày 01/04/2026", or the blank a signer fills."""
    number = (act.document_number or _registered(act)) if act is not None else ""
    if act is None or not number:
        return f"{what} số ........ ngày ........"
    date = f" ngày {format_date(act.document_date)}" if act.document_date else ""
    return f"{what} số {number}{date}"


def _registered(act: PlanAct) -> str:
    """The register number the act's document was given, if it was (not recorded on the
    act itself)."""
    if PlanActKind(act.kind) not in ACT_DOCUMENTS:
        return ""
    issued = IssuedNumber.objects.filter(key=act_key(act)).first()
    return issued.text if issued else ""


def _money(value: int) -> str:
    return format_money(value, unit=False)


@dataclass
class AnnexRow:
    """One household's line of the approval decision's annex (amounts in đồng, as the
    approved version's totals hold them)."""

    code: str
    name: str
    parcels: str
    area: Decimal
    compensation: int  # land + assets (Land Law 2024 Art. 95–105)
    support: int
    resettlement: int
    deductions: int  # Land Law 2024 Art. 94(6): negative, from land lines only
    net: int

    @classmethod
    def of(cls, version: PlanVersion) -> AnnexRow:
        totals = version.totals or {}
        head = version.case.household.head
        parcels = (version.facts or {}).get("parcels", [])
        return cls(
            code=version.case.household.code,
            name=head.full_name if head else "",
            parcels="; ".join(p["ref"] for p in parcels),
            area=sum((Decimal(p["recovered_area"]) for p in parcels), Decimal(0)),
            compensation=int(totals.get("land", 0)) + int(totals.get("assets", 0)),
            support=int(totals.get("support", 0)),
            resettlement=int(totals.get("resettlement", 0)),
            deductions=int(totals.get("deductions", 0)) + int(totals.get("rounding", 0)),
            net=version.net_amount,
        )


ANNEX_MONEY = ["compensation", "support", "resettlement", "deductions", "net"]


def _by_household(versions: Any) -> list[PlanVersion]:
    return list(versions.select_related("case__household__head").order_by("case__household__code"))


def decision_versions(batch_plan: BatchPlan) -> list[PlanVersion]:
    """The versions the decision approved — those its act recorded, even if an adjustment
    replaced one since — or, before approval, those it would approve: the batch plan's
    members in its current state (not the ones a recomputation withdrew)."""
    if batch_plan.status == PlanStatus.APPROVED:
        approval = latest_act(batch_plan, PlanActKind.APPROVAL)
        if approval is not None:
            return _by_household(approval.versions.all())
    members = PlanVersion.objects.filter(batch_plan=batch_plan, status=batch_plan.status)
    return _by_household(members)


def approval_decision_context(batch_plan: BatchPlan) -> dict[str, Any]:
    """The approval decision in the form of Decree 88/2024's Appendix (restored by
    Decree 49/2026 Art. 16), with its annex: one row per household and the totals."""
    project = batch_plan.project
    unit = approving_unit(batch_plan)
    approved = batch_plan.status == PlanStatus.APPROVED
    approval = latest_act(batch_plan, PlanActKind.APPROVAL) if approved else None
    rows = [AnnexRow.of(v) for v in decision_versions(batch_plan)]
    versions_pack = PlanVersion.objects.filter(batch_plan=batch_plan).select_related("pack")
    first = versions_pack.first()
    pack = first.pack if first else None
    basis = [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        NATIONAL_BASIS,
    ]
    for instrument in ((pack.instruments or {}) if pack else {}).values():
        date = instrument.get("date")
        basis.append(
            "Căn cứ " + instrument.get("ref", "") + (f" ngày {_as_date(date)}" if date else "")
        )
    notice = batch_plan.batch.notice_date
    basis.append(
        f"Căn cứ Thông báo thu hồi đất ngày {format_date(notice)}"
        if notice
        else f"Căn cứ Thông báo thu hồi đất ({NOT_RECORDED})"
    )
    appraisal = latest_act(batch_plan, PlanActKind.APPRAISAL)
    if appraisal is not None:
        basis.append("Căn cứ " + _act_ref(appraisal, "kết quả thẩm định"))
    number = approval.document_number if approval else "........../QĐ-UBND"
    year = (
        approval.document_date.year
        if approval and approval.document_date
        else batch_plan.created_at.year
    )
    return {
        "heading": heading(
            authority="",
            issuer=committee(unit),
            number=number,
            province=project.province.name,
            year=year,
        ),
        "draft": not approved,
        "illustrative": bool(pack and pack.illustrative),
        "committee": committee(unit),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": batch_plan.batch.code, "name": batch_plan.batch.name},
        "commune": {"name": in_sentence(batch_plan.commune.name)},
        "legal_basis": [b + ";" for b in basis],
        "proposer": PROPOSER,
        "submission": _act_ref(latest_act(batch_plan, PlanActKind.SUBMISSION), "Tờ trình"),
        "date": (
            f"ngày {approval.document_date:%d} tháng {approval.document_date:%m} năm "
            f"{approval.document_date:%Y}"
            if approval and approval.document_date
            else "ngày ..... tháng ..... năm ......"
        ),
        "signer": {
            "title": _signer_title(batch_plan),
            "name": approval.signer if approval else "",
        },
        "households": str(len(rows)),
        "area": format_area(sum((r.area for r in rows), Decimal(0))),
        "net_words": money_in_words(abs(sum(r.net for r in rows))),
        "rows": [
            {
                "no": str(i),
                "code": r.code,
                "name": r.name,
                "parcels": r.parcels,
                "area": format_area(r.area),
                **{k: _money(getattr(r, k)) for k in ANNEX_MONEY},
            }
            for i, r in enumerate(rows, start=1)
        ],
        "total": {
            "area": format_area(sum((r.area for r in rows), Decimal(0))),
            **{k: _money(sum(getattr(r, k) for r in rows)) for k in ANNEX_MONEY},
        },
    }


def approval_decision_docx(batch_plan: BatchPlan) -> bytes:
    return render_docx("approval_decision", approval_decision_context(batch_plan))


# -- the public posting list of a ward ---------------------------------------------------


def posting_versions(batch_plan: BatchPlan) -> list[PlanVersion]:
    """What was posted: the versions the posting act froze — each with every line `ok`
    (plan_post refuses or leaves out the others), never a draft."""
    posting = latest_act(batch_plan, PlanActKind.POSTING)
    return _by_household(posting.versions.all()) if posting else []


def posting_rows(versions: Iterable[PlanVersion]) -> list[dict[str, Any]]:
    """One row per household, for posting in public: national ID and phone masked
    (Decree 13/2023; DESIGN.md "Quality bars"), no address beyond the ward."""
    rows = []
    for i, v in enumerate(versions, start=1):
        r = AnnexRow.of(v)
        head = v.case.household.head
        rows.append(
            {
                "no": str(i),
                "code": r.code,
                "name": r.name,
                "national_id": mask_national_id(head.national_id if head else ""),
                "phone": mask_phone(head.phone if head else ""),
                "parcels": r.parcels,
                "area": format_area(r.area),
                **{k: _money(getattr(r, k)) for k in ANNEX_MONEY},
                "_values": r,
            }
        )
    return rows


def posting_list_context(batch_plan: BatchPlan) -> dict[str, Any]:
    """The list posted at the ward's office and residential area (Land Law 2024
    Art. 87(3)(a)) with the posting notice it is attached to."""
    project = batch_plan.project
    posting = latest_act(batch_plan, PlanActKind.POSTING)
    rows = posting_rows(posting_versions(batch_plan))
    values = [r.pop("_values") for r in rows]
    return {
        "heading": heading(
            authority="",
            issuer=committee(batch_plan.commune),
            # The list is part of the posting notice: the notice's number, as recorded.
            number=(posting.document_number if posting else "") or "........../TB-UBND",
            province=project.province.name,
            year=batch_plan.posting_start_date.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": batch_plan.batch.code, "name": batch_plan.batch.name},
        "commune": {"name": in_sentence(batch_plan.commune.name)},
        "notice": _act_ref(posting, "Thông báo"),
        "period": (
            f"từ ngày {format_date(batch_plan.posting_start_date)} đến hết ngày "
            f"{format_date(batch_plan.posting_end_date)}"
        ),
        "rows": rows,
        "total": {
            "area": format_area(sum((r.area for r in values), Decimal(0))),
            **{k: _money(sum(getattr(r, k) for r in values)) for k in ANNEX_MONEY},
        },
    }


def posting_list_docx(batch_plan: BatchPlan) -> bytes:
    return render_docx("posting_list", posting_list_context(batch_plan))


POSTING_HEADERS = [
    "STT",
    "Mã hộ",
    "Họ và tên",
    "Số định danh cá nhân",
    "Số điện thoại",
    "Thửa đất (tờ/thửa)",
    "Diện tích thu hồi (m²)",
    "Bồi thường (đồng)",
    "Hỗ trợ (đồng)",
    "Tái định cư (đồng)",
    "Khấu trừ (đồng)",
    "Tổng số tiền (đồng)",
]


def posting_list_xlsx(batch_plan: BatchPlan) -> bytes:
    context = posting_list_context(batch_plan)
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách niêm yết"
    bold = Font(name=o.FONT, bold=True)
    put(ws.cell(row=1, column=1), "DANH SÁCH CÔNG KHAI PHƯƠNG ÁN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ")
    ws.cell(row=1, column=1).font = Font(name=o.FONT, bold=True, size=14)
    put(
        ws.cell(row=2, column=1),
        f"Dự án {context['project']['name']} — {context['batch']['name']}, "
        f"{context['commune']['name']}; kèm theo {context['notice']}; niêm yết "
        f"{context['period']}.",
    )
    put(ws.cell(row=3, column=1), "Số định danh cá nhân và số điện thoại đã được che.")
    for col, text in enumerate(POSTING_HEADERS, start=1):
        put(ws.cell(row=5, column=col), text).font = bold
    keys = ["no", "code", "name", "national_id", "phone", "parcels", "area", *ANNEX_MONEY]
    r = 6
    for row in context["rows"]:
        for col, key in enumerate(keys, start=1):
            put(ws.cell(row=r, column=col), row[key])
        r += 1
    put(ws.cell(row=r, column=3), "TỔNG CỘNG").font = bold
    for col, key in enumerate(["area", *ANNEX_MONEY], start=7):
        put(ws.cell(row=r, column=col), context["total"][key]).font = bold
    for col, width in enumerate([6, 12, 26, 16, 14, 24, 14, 18, 18, 18, 18, 18], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- the notice to each household of its approved amounts ---------------------------------

NOTICE_SYMBOL = "TB-UBND"


def notice_key(version: PlanVersion) -> str:
    return f"household_notice:planversion:{version.pk}"


def notice_numbers(
    batch_plan: BatchPlan, versions: list[PlanVersion], actor: Actor
) -> dict[int, str]:
    """The register numbers of the notices of these approved versions, one each, kept
    for the next download: {version id: "15/TB-UBND"}."""
    if batch_plan.status != PlanStatus.APPROVED:
        return {}
    approval = latest_act(batch_plan, PlanActKind.APPROVAL)
    year = approval.document_date.year if approval and approval.document_date else None
    issued = numbers_issue(
        project=batch_plan.project,
        body=committee(approving_unit(batch_plan)),
        symbol=NOTICE_SYMBOL,
        kind="household_notice",
        keys=[notice_key(v) for v in versions],
        actor=actor,
        year=year,
    )
    return {v.pk: issued[notice_key(v)].text for v in versions}


def household_notice_context(
    version: PlanVersion, batch_plan: BatchPlan, *, number: str, approval: PlanAct | None
) -> dict[str, Any]:
    """What the household is told of its approved plan (Land Law 2024 Art. 87(4)(b)): the
    amounts by group, the total in words, the debt, and the decision that approved them.
    Its national ID is masked: the notice does not need it to reach the household."""
    project = batch_plan.project
    unit = approving_unit(batch_plan)
    r = AnnexRow.of(version)
    household = version.case.household
    head = household.head
    approved = approval is not None and version.status in (
        PlanStatus.APPROVED,
        PlanStatus.SUPERSEDED,
    )
    return {
        "heading": heading(
            authority="",
            issuer=committee(unit),
            number=number or f"........../{NOTICE_SYMBOL}",
            province=project.province.name,
            year=(
                approval.document_date.year
                if approval and approval.document_date
                else version.created_at.year
            ),
        ),
        "draft": not approved,
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": batch_plan.batch.code, "name": batch_plan.batch.name},
        "commune": {"name": in_sentence(batch_plan.commune.name)},
        "decision": _act_ref(approval, "Quyết định"),
        "household": {
            "code": household.code,
            "head_name": head.full_name if head else household.code,
            "national_id": mask_national_id(head.national_id if head else ""),
            "address": household.address or "",
        },
        "parcels": r.parcels,
        "area": format_area(r.area),
        "amounts": {k: _money(getattr(r, k)) for k in ANNEX_MONEY},
        "net_label": "Tổng số tiền được nhận" if r.net >= 0 else "Số tiền hộ phải nộp",
        "net_words": money_in_words(abs(r.net)),
        "debt": _money(version.debt_amount),
        "signer": {"title": _signer_title(batch_plan)},
    }


def household_notice_docx(version: PlanVersion, *, actor: Actor) -> bytes:
    batch_plan = version.batch_plan
    assert batch_plan is not None
    approval = latest_act(batch_plan, PlanActKind.APPROVAL)
    number = notice_numbers(batch_plan, [version], actor).get(version.pk, "")
    return render_docx(
        "household_notice",
        household_notice_context(version, batch_plan, number=number, approval=approval),
    )


# -- the documents of the acts: posting notice, minutes, submission, appraisal report -----

APPRAISER = "Cơ quan có chức năng quản lý đất đai"


@dataclass(frozen=True)
class ActDocument:
    """The document an act on a batch plan records: its template, its symbol, who issues
    it, and the role whose act it is (who numbers it from the register)."""

    name: str
    symbol: str
    perm: str


ACT_DOCUMENTS = {
    # Land Law 2024 Art. 87(3)(a): posted at the ward's office by its committee with the
    # compensation organisation; the consultation held right after the posting ends.
    PlanActKind.POSTING: ActDocument("posting_notice", "TB-UBND", "plans.post_planversion"),
    PlanActKind.CONSULTATION: ActDocument(
        "consultation_minutes", "BB-UBND", "plans.consult_planversion"
    ),
    # Decree 88/2024 Art. 3(3)(a), (b): the organisation sends the file for appraisal; the
    # land office of the approving level appraises it.
    PlanActKind.SUBMISSION: ActDocument("submission", "TTr-BT", "plans.submit_planversion"),
    PlanActKind.APPRAISAL: ActDocument("appraisal_report", "BC-TĐ", "plans.appraise_planversion"),
}


def _act_heading(act: PlanAct) -> tuple[str, str]:
    """(governing body, issuing body) of the act's document: the ward's committee for the
    posting and the consultation; the organisation under the ward's committee for the
    submission; the land office under the approving committee for the appraisal."""
    batch_plan = act.batch_plan
    if act.kind == PlanActKind.SUBMISSION:
        return committee(batch_plan.commune), PROPOSER
    if act.kind == PlanActKind.APPRAISAL:
        return committee(approving_unit(batch_plan)), APPRAISER
    return "", committee(batch_plan.commune)


def act_key(act: PlanAct) -> str:
    """The register's key of an act's document."""
    return f"{ACT_DOCUMENTS[PlanActKind(act.kind)].name}:planact:{act.pk}"


def act_number(act: PlanAct, *, actor: Actor, may_number: bool) -> str:
    """The number the act recorded; else the issuing body's next register number, given
    once (to the role whose act it is), or the blank a clerk fills."""
    spec = ACT_DOCUMENTS[PlanActKind(act.kind)]
    if act.document_number:
        return act.document_number
    authority, issuer = _act_heading(act)
    body = issuer if not authority else f"{issuer} ({authority})"
    key = act_key(act)
    if not may_number:
        known = IssuedNumber.objects.filter(key=key).first()
        return known.text if known else f"........../{spec.symbol}"
    year = (act.document_date or act.created_at.date()).year
    issued = numbers_issue(
        project=act.batch_plan.project,
        body=body,
        symbol=spec.symbol,
        kind=spec.name,
        keys=[key],
        actor=actor,
        year=year,
    )
    return issued[key].text


def act_document_context(act: PlanAct, *, number: str) -> dict[str, Any]:
    """What the document of a posting, consultation, submission or appraisal says: the
    act's own record (dates, counts, signer) and the batch plan it was done on."""
    batch_plan = act.batch_plan
    project = batch_plan.project
    authority, issuer = _act_heading(act)
    rows = [AnnexRow.of(v) for v in _by_household(act.versions.all())]
    total = sum(r.net for r in rows)
    day = act.document_date or act.created_at.date()
    return {
        "heading": heading(
            authority=authority,
            issuer=issuer,
            number=number,
            province=project.province.name,
            year=day.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": batch_plan.batch.code, "name": batch_plan.batch.name},
        "commune": {"name": in_sentence(batch_plan.commune.name)},
        "authority": committee(approving_unit(batch_plan)),
        "proposer": PROPOSER,
        "households": str(len(rows)),
        "area": format_area(sum((r.area for r in rows), Decimal(0))),
        "total": _money(total),
        "total_words": money_in_words(abs(total)),
        "period": {
            "start": format_date(batch_plan.posting_start_date),
            "end": format_date(batch_plan.posting_end_date),
        },
        "basis": {
            "posting": _act_ref(latest_act(batch_plan, PlanActKind.POSTING), "Thông báo"),
            "consultation": _act_ref(
                latest_act(batch_plan, PlanActKind.CONSULTATION), "Biên bản lấy ý kiến"
            ),
            "submission": _act_ref(latest_act(batch_plan, PlanActKind.SUBMISSION), "Tờ trình"),
        },
        "act": {
            "date": format_date(day),
            "signer": act.signer,
            "agree": str(act.agree_count or 0),
            "disagree": str(act.disagree_count or 0),
            "other": str(act.other_count or 0),
            "dialogue_ref": act.dialogue_ref,
            "note": act.note,
        },
    }


def act_document_docx(act: PlanAct, *, actor: Actor, may_number: bool) -> bytes:
    spec = ACT_DOCUMENTS[PlanActKind(act.kind)]
    number = act_number(act, actor=actor, may_number=may_number)
    return render_docx(spec.name, act_document_context(act, number=number))
