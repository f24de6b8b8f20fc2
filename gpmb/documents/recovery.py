"""Documents of the steps before the plan (issue 12, point 6): the recovery notice with
its list of the owners whose land is recovered, the minutes of persuading a household
that refuses the inventory, and the compulsory-inventory decision that follows.

The notice is issued by the committee of the level that recovers the land (Land Law 2024
Art. 87(2)(a); Decree 49/2026 Art. 14: the city, or the ward's chairman by delegation —
the project says which) and posted by the ward with the list of owners for the whole
process (Art. 87(2)(b)). The persuasion is the ward's, with the Fatherland Front and the
compensation organisation (Art. 87(2)(đ)); the compulsory-inventory decision is the
recovering level's. Each document prints what the case's recorded step holds (number,
date, signer); what is not recorded is left as the blank a clerk fills."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gpmb.cases.models import BatchProcedure, Case, Step
from gpmb.core.vnformat import format_area, format_date
from gpmb.documents.chain import NOT_RECORDED, PROPOSER, committee, in_sentence
from gpmb.documents.rendering import heading, render_docx
from gpmb.engine.pack import AGRICULTURAL_CODES
from gpmb.engine.procedure import ProcedureTemplate
from gpmb.parties.models import Tenure
from gpmb.payments.models import RecoveryDecision
from gpmb.projects.choices import ApprovingAuthority
from gpmb.projects.models import AdminUnit, Batch, Project
from gpmb.resettlement.models import Site

# Land Law 2024 Art. 85(5): a recovery notice is valid for 12 months from its issue.
NOTICE_VALID_MONTHS = 12


def recovering_unit(project: Project, commune: AdminUnit) -> AdminUnit:
    """The unit whose committee recovers the land, issues the notice and the
    compulsory-inventory decision (Land Law 2024 Art. 87(2)(a), (đ); Decree 49/2026
    Art. 14(1)): the province, or the ward whose chairman holds the power by delegation."""
    if project.approving_authority == ApprovingAuthority.PROVINCE:
        return project.province
    return commune


def _signer_title(project: Project) -> str:
    # Decree 30/2020 Appendix I, II.8: "TM." for the committee, the chairman by delegation.
    if project.approving_authority == ApprovingAuthority.PROVINCE:
        return "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    return "CHỦ TỊCH"


def _record(steps: list[Step]) -> tuple[str, dt.date | None, str]:
    """(number, date, signer) the notice was recorded with: the one most of the
    households' notice steps hold (one notice is served on every owner of the batch)."""
    recorded = [s for s in steps if s.done_date and not s.not_applicable]
    if not recorded:
        return "", None, ""
    (number, date, signer), _n = Counter(
        (s.document_number, s.document_date or s.done_date, s.document_signer) for s in recorded
    ).most_common(1)[0]
    return number, date, signer


@dataclass
class OwnerRow:
    """One parcel of the list of owners: who holds it, where it is, what is recovered."""

    code: str
    holders: str
    sheet: str
    parcel: str
    land_use: str
    parcel_area: Decimal | None
    recovered: Decimal


def owner_rows(cases: list[Case], project: Project) -> list[OwnerRow]:
    """One row per parcel a household of `cases` holds that the project recovers, the
    holders named (the household's head, and whoever else stands on the tenure); no
    national ID, phone or home address: the list is posted in public (Decree 13/2023)."""
    households = {c.household_id: c for c in cases}
    tenures = (
        Tenure.objects.filter(household_id__in=households, parcel__impacts__project=project)
        .select_related("parcel", "party", "household__head")
        .values(
            "household_id",
            "household__code",
            "household__head__full_name",
            "party__full_name",
            "parcel_id",
            "parcel__map_sheet",
            "parcel__parcel_number",
            "parcel__land_use_code",
            "parcel__measured_area",
            "parcel__certificate_area",
            "parcel__impacts__recovered_area",
        )
        .order_by("household__code", "parcel__map_sheet", "parcel__parcel_number")
    )
    rows: dict[tuple[int, int], OwnerRow] = {}
    for t in tenures:
        key = (t["household_id"], t["parcel_id"])
        names = [n for n in (t["household__head__full_name"], t["party__full_name"]) if n]
        row = rows.get(key)
        if row is None:
            rows[key] = OwnerRow(
                code=t["household__code"],
                holders=", ".join(dict.fromkeys(names)),
                sheet=t["parcel__map_sheet"],
                parcel=t["parcel__parcel_number"],
                land_use=t["parcel__land_use_code"],
                parcel_area=t["parcel__measured_area"] or t["parcel__certificate_area"],
                recovered=t["parcel__impacts__recovered_area"] or Decimal(0),
            )
        else:
            known = row.holders.split(", ") if row.holders else []
            row.holders = ", ".join(dict.fromkeys([*known, *names]))
    return list(rows.values())


def _notice_period(batch: Batch, notice_day: dt.date | None, rows: list[OwnerRow]) -> str:
    """How long before the recovery decision the notice must be served, by the regime in
    force on its date (Land Law 2024 Art. 85(1): 90/180 days; Resolution 254/2025 Art.
    3(9)(a): 60/120 days from 1 January 2026), and the earliest decision date it allows."""
    procedure = BatchProcedure.objects.filter(batch=batch).first()
    if procedure is None or notice_day is None:
        return (
            "Thời hạn gửi thông báo trước khi có quyết định thu hồi đất theo khoản 1 Điều "
            "85 Luật Đất đai 2024 và điểm a khoản 9 Điều 3 Nghị quyết số 254/2025/QH15 "
            f"({NOT_RECORDED} ngày thông báo)."
        )
    regime = ProcedureTemplate.from_value(procedure.template).regime_on(notice_day)
    agri = regime.periods.get("notice_agricultural")
    non_agri = regime.periods.get("notice_non_agricultural")
    if agri is None or non_agri is None:
        return f"Thời hạn thông báo: gói chính sách chưa có ({NOT_RECORDED})."
    longest = non_agri if any(r.land_use not in AGRICULTURAL_CODES for r in rows) else agri
    earliest = notice_day + dt.timedelta(days=longest)
    return (
        f"Thông báo được gửi chậm nhất {agri} ngày đối với đất nông nghiệp và {non_agri} "
        f"ngày đối với đất phi nông nghiệp trước khi có quyết định thu hồi đất ({regime.source});"
        f" quyết định thu hồi đất trong khu vực này ban hành không sớm hơn ngày "
        f"{format_date(earliest)}, trừ khi người có đất thu hồi đồng ý cho thu hồi trước "
        "thời hạn (khoản 2 Điều 85 Luật Đất đai 2024)."
    )


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _dates(steps: list[Step]) -> str:
    days = sorted({s.due_date for s in steps if s.due_date})
    if not days:
        return ""
    if days[0] == days[-1]:
        return f"trước ngày {format_date(days[0])}"
    return f"từ nay đến ngày {format_date(days[-1])}"


def recovery_notice_context(batch: Batch, commune: AdminUnit) -> dict[str, Any]:
    """The recovery notice of a batch in one ward, with its list of owners (Land Law 2024
    Art. 85(1): reason, area and location, schedule, survey and inventory plan, relocation
    plan, compensation plan; Art. 85(5): valid 12 months)."""
    project = batch.project
    cases = list(
        Case.objects.filter(batch=batch, commune=commune)
        .select_related("household__head")
        .order_by("household__code")
    )
    steps = list(Step.objects.filter(case__in=cases, code__in=("notice", "inventory")))
    number, day, signer = _record([s for s in steps if s.code == "notice"])
    day = day or batch.notice_date
    rows = owner_rows(cases, project)
    area = sum((r.recovered for r in rows), Decimal(0))
    unit = recovering_unit(project, commune)
    sites = list(Site.objects.filter(projects=project).select_related("commune").order_by("name"))
    inventory = _dates([s for s in steps if s.code == "inventory"])
    return {
        "heading": heading(
            authority="",
            issuer=committee(unit),
            number=number or "........../TB-UBND",
            province=project.province.name,
            year=(day or batch.created_at.date()).year,
        ),
        "date": (
            f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"
            if day
            else "ngày ..... tháng ..... năm ......"
        ),
        "committee": committee(unit),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": batch.code, "name": batch.name},
        "commune": {"name": in_sentence(commune.name)},
        "reason": (
            f"Thu hồi đất để thực hiện dự án {project.name}"
            + (f" ({project.legal_basis.strip()})" if project.legal_basis.strip() else "")
            + " vì mục đích phát triển kinh tế - xã hội vì lợi ích quốc gia, công cộng "
            "(Điều 79 Luật Đất đai 2024)."
        ),
        "households": str(len(cases)),
        "parcels": str(len(rows)),
        "area": format_area(area),
        "schedule": _notice_period(batch, day, rows)
        + (
            f" Hạn bàn giao mặt bằng dự kiến: {format_date(batch.target_handover_date)}."
            if batch.target_handover_date
            else ""
        ),
        "inventory": (
            "Điều tra, khảo sát, đo đạc, kiểm đếm "
            + (inventory or "theo lịch của tổ chức làm nhiệm vụ bồi thường")
            + "; người có đất thu hồi kê khai và phối hợp (khoản 3 Điều 85, điểm c, d khoản 2"
            " Điều 87 Luật Đất đai 2024)."
        ),
        "relocation": (
            "Bố trí tái định cư tại "
            + "; ".join(f"{s.name} ({in_sentence(s.commune.name)})" for s in sites)
            + " cho các hộ đủ điều kiện (Điều 110, 111 Luật Đất đai 2024)."
            if sites
            else "Dự án chưa có khu tái định cư ghi trong GPMB; kế hoạch di dời nêu trong "
            "phương án bồi thường, hỗ trợ, tái định cư."
        ),
        "compensation": (
            f"{PROPOSER} lập phương án bồi thường, hỗ trợ, tái định cư, niêm yết công khai và "
            "lấy ý kiến tại Ủy ban nhân dân "
            f"{in_sentence(commune.name)} (khoản 3 Điều 87 Luật Đất đai 2024)."
        ),
        "valid_until": format_date(_months_after(day, NOTICE_VALID_MONTHS)) if day else "",
        "signer": {"title": _signer_title(project), "name": signer},
        "rows": [
            {
                "no": str(i),
                "code": r.code,
                "holders": r.holders,
                "sheet": r.sheet,
                "parcel": r.parcel,
                "land_use": r.land_use,
                "parcel_area": format_area(r.parcel_area) if r.parcel_area is not None else "",
                "recovered": format_area(r.recovered),
            }
            for i, r in enumerate(rows, start=1)
        ],
        "total": {"recovered": format_area(area)},
    }


def recovery_notice_docx(batch: Batch, commune: AdminUnit) -> bytes:
    return render_docx("recovery_notice", recovery_notice_context(batch, commune))


# -- a household that refuses the inventory -------------------------------------------------


def _step(case: Case, code: str) -> Step | None:
    return Step.objects.filter(case=case, code=code).first()


def _case_common(case: Case) -> dict[str, Any]:
    project = case.project
    head = case.household.head
    rows = owner_rows([case], project)
    return {
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "commune": {"name": in_sentence(case.commune.name)},
        "household": {
            "code": case.household.code,
            "head_name": head.full_name if head else case.household.code,
        },
        "parcels": "; ".join(f"tờ {r.sheet} thửa {r.parcel} ({r.land_use})" for r in rows)
        or NOT_RECORDED,
        "area": format_area(sum((r.recovered for r in rows), Decimal(0))),
    }


def _notice_ref(case: Case) -> str:
    notice = _step(case, "notice")
    if notice is None or not notice.done_date:
        return f"Thông báo thu hồi đất ({NOT_RECORDED})"
    number = f" số {notice.document_number}" if notice.document_number else ""
    day = format_date(notice.document_date or notice.done_date)
    return f"Thông báo thu hồi đất{number} ngày {day}"


def persuasion_minutes_context(case: Case) -> dict[str, Any]:
    """The written record of persuading a household that does not cooperate with the
    inventory (Land Law 2024 Art. 87(2)(đ): 15 days, in writing, by the ward's committee
    with the Fatherland Front and the compensation organisation)."""
    step = _step(case, "persuasion")
    end = step.done_date if step else None
    start = end - dt.timedelta(days=15) if end else None
    # The decision's earliest day, as the procedure computed it from the persuasion's end.
    decision = _step(case, "compulsory_inventory")
    decision_from = decision.due_date if decision and end else None
    return {
        "heading": heading(
            authority="",
            issuer=committee(case.commune),
            number=(step.document_number if step else "") or "........../BB-UBND",
            province=case.project.province.name,
            year=(end or case.created_at.date()).year,
        ),
        **_case_common(case),
        "notice": _notice_ref(case),
        "period": (
            f"từ ngày {format_date(start)} đến ngày {format_date(end)}"
            if start and end
            else "trong 15 ngày"
        ),
        # Art. 87(2)(đ): the decision may follow once 10 days have passed since the end.
        "decision_from": format_date(decision_from) if decision_from else "",
        "note": step.reason if step else "",
        "signer": step.document_signer if step else "",
    }


def persuasion_minutes_docx(case: Case) -> bytes:
    return render_docx("persuasion_minutes", persuasion_minutes_context(case))


def compulsory_inventory_context(case: Case) -> dict[str, Any]:
    """The compulsory-inventory decision for one household (Land Law 2024 Art. 87(2)(đ),
    Art. 88; Decree 102/2024 Art. 28(2), form 01a): issued by the recovering level's
    chairman once 10 days have passed since the persuasion ended without cooperation."""
    project = case.project
    step = _step(case, "compulsory_inventory")
    persuasion = _step(case, "persuasion")
    unit = recovering_unit(project, case.commune)
    day = (step.document_date or step.done_date) if step else None
    persuasion_ref = (
        "Biên bản vận động, thuyết phục"
        + (f" số {persuasion.document_number}" if persuasion.document_number else "")
        + f" ngày {format_date(persuasion.done_date)}"
        if persuasion and persuasion.done_date
        else f"Biên bản vận động, thuyết phục ({NOT_RECORDED})"
    )
    return {
        "heading": heading(
            authority="",
            issuer=committee(unit),
            number=(step.document_number if step else "") or "........../QĐ-UBND",
            province=project.province.name,
            year=(day or case.created_at.date()).year,
        ),
        "draft": not (step and step.done_date),
        "committee": committee(unit),
        **_case_common(case),
        "notice": _notice_ref(case),
        "persuasion": persuasion_ref,
        "proposer": PROPOSER,
        "signer": {"title": _signer_title(project), "name": step.document_signer if step else ""},
    }


def compulsory_inventory_docx(case: Case) -> bytes:
    return render_docx("compulsory_inventory", compulsory_inventory_context(case))


# The documents of a household that refuses the inventory, by the step each records:
# code → (file name, builder). The household page links them (cases.queries.STEP_DOCUMENTS).
CASE_STEP_DOCUMENTS = {
    "persuasion": ("bien-ban-van-dong", persuasion_minutes_docx),
    "compulsory_inventory": ("quyet-dinh-kiem-dem-bat-buoc", compulsory_inventory_docx),
}


# -- the recovery decision ---------------------------------------------------------------


def recovery_decisions(decision: RecoveryDecision) -> list[RecoveryDecision]:
    """The households one decision recovers land from: those whose recorded decision has
    the same number in the same project (one decision with its list), else this one."""
    same = RecoveryDecision.objects.filter(
        project_id=decision.project_id, decision_number=decision.decision_number
    ).select_related("case__household__head", "case__commune")
    return sorted(same, key=lambda d: d.case.household.code) or [decision]


def recovery_decision_context(decision: RecoveryDecision) -> dict[str, Any]:
    """The recovery decision as recorded (Land Law 2024 Art. 87(5); Decree 102/2024
    Art. 28(2), form 01c): issued by the recovering level within 10 days of the first
    trigger of Art. 87(5), which it names with its date; one household, or several with
    the list as its annex."""
    case = decision.case
    project = case.project
    members = recovery_decisions(decision)
    unit = recovering_unit(project, case.commune)
    rows: list[dict[str, str]] = []
    total = Decimal(0)
    for i, d in enumerate(members, start=1):
        parcels = owner_rows([d.case], project)
        area = sum((r.recovered for r in parcels), Decimal(0))
        total += area
        head = d.case.household.head
        rows.append(
            {
                "no": str(i),
                "code": d.case.household.code,
                "holders": ", ".join(dict.fromkeys(r.holders for r in parcels))
                or (head.full_name if head else ""),
                "parcels": "; ".join(
                    f"tờ {r.sheet} thửa {r.parcel} ({r.land_use})" for r in parcels
                ),
                "area": format_area(area),
            }
        )
    approval = Step.objects.filter(case=case, code="approval").exclude(done_date=None).first()
    approval_ref = (
        "Quyết định phê duyệt phương án bồi thường, hỗ trợ, tái định cư"
        + (f" số {approval.document_number}" if approval and approval.document_number else "")
        + (
            f" ngày {format_date(approval.document_date or approval.done_date)}"
            if approval
            else f" ({NOT_RECORDED})"
        )
    )
    day = decision.decision_date
    return {
        "heading": heading(
            authority="",
            issuer=committee(unit),
            number=decision.decision_number,
            province=project.province.name,
            year=day.year,
        ),
        "date": f"ngày {day:%d} tháng {day:%m} năm {day:%Y}",
        "committee": committee(unit),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "commune": {"name": in_sentence(case.commune.name)},
        "notice": _notice_ref(case),
        "approval": approval_ref,
        "trigger": f"{decision.get_trigger_display()} (ngày {format_date(decision.trigger_date)})",
        "due": format_date(decision.due_date),
        "single": len(rows) == 1,
        "household": rows[0] if rows else {},
        "households": str(len(rows)),
        "area": format_area(total),
        "proposer": PROPOSER,
        "rows": rows,
        "signer": {"title": _signer_title(project), "name": decision.signer},
    }


def recovery_decision_docx(decision: RecoveryDecision) -> bytes:
    return render_docx("recovery_decision", recovery_decision_context(decision))
